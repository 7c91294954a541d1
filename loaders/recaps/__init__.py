"""The recap loader: event recap pages (German or English, text or HTML) -> graph records.

Public entry points:

- ``extract(path)``: the typed ``Extraction`` of one file, what ``citygraph extract``
  prints (``to_json()`` gives the shape of shared/EXTRACTION.md);
- ``read_recap(path)``: the records ``citygraph load`` writes for one file, every fact
  linked to the file's ``Source`` node;
- ``merge_same_events(records)``: after all files are read, one Person per person and
  one Event for the same event reported by several pages (a German and an English recap).
  Until then a person's id holds the city they represent, so that namesakes stay apart.

The rules read page *structures* (date forms, speaker lines, country lists, credit
lines), never particular pages; see docs/recaps.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from loaders.recaps.extraction import Extraction
from loaders.recaps.pipeline import extract_page
from loaders.recaps.text import SUFFIXES, read_page

if TYPE_CHECKING:  # the graph model (pydantic) is imported by a load, not by ``extract``
    from graph.ingest.build import RecordSet

__all__ = ["SUFFIXES", "Extraction", "extract", "merge_same_events", "read_recap"]


def extract(path: Path) -> Extraction:
    """What the recap at ``path`` states (``.to_json()``: the extraction contract's shape).

    ``source`` is ``str(path)`` as given.

    Raises:
        LoadError: the file cannot be read or decoded.
    """
    return extract_page(read_page(path), source=str(path))


def read_recap(path: Path) -> RecordSet:
    """The graph records of one recap file, bound to its ``Source`` node.

    A page that describes no event (a newsletter, an about page) gives no records, only a
    warning naming the file.

    Raises:
        LoadError: the file cannot be read or decoded.
    """
    from loaders.recaps.assembly import records_from

    page = read_page(path)
    return records_from(extract_page(page, source=str(path)), path=path, content=page.content)


def merge_same_events(records: RecordSet) -> RecordSet:
    """One Person per person and one Event per event over all pages read
    (``loaders.recaps.merge``)."""
    from loaders.recaps.merge import merge_same_events as merged

    return merged(records)
