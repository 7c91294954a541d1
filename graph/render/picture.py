"""A drawing as a PNG (Pillow): the view's positions, sizes, colours, captions and legend
(``html.Drawing``, what the page draws), with a title, at 2x.

The Network view's page can save its canvas too; this one is made in Python, so the CLI and
the dashboard's download give the same picture without a browser. The title and the
captions drawn are also written into the file's text (PNG ``Title`` and ``Description``),
so the picture can be found by what it shows.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Collection, Hashable, Mapping
from functools import lru_cache, partial
from typing import TYPE_CHECKING

import networkx as nx
from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from graph.core.model import display_name
from graph.render import html

if TYPE_CHECKING:
    from graph.render.html import Drawing

WIDTH, HEIGHT = 1200, 800  # CSS pixels; the image is ``scale`` times larger
TITLE_HEIGHT, LEGEND_ROW, MARGIN = 48, 28, 40
LABEL_PX = 12  # the smallest label text, as on screen
MAX_LABELS = 60
HUBS = 10  # the best-connected nodes labelled before the rest (or 2 %), as on screen
MIN_RADIUS = 2.5  # CSS pixels
LABELS_LINE = "Labels drawn:"  # the first line of the PNG's Description, the labels after it
EDGE_COLOUR = (184, 184, 184)
TEXT_COLOUR = (34, 34, 34)
FONT = "DejaVuSans.ttf"  # Pillow finds it in the system's font folders (fonts-dejavu-core)

_SIDES = {"dot": 0, "square": 4, "diamond": 4, "triangle": 3, "triangleDown": 3, "hexagon": 6}


@lru_cache(maxsize=16)
def _font(px: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans where the system has it (every accent and most scripts), else Pillow's
    own font (Latin without accents)."""
    size = max(1, round(px))
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size=size)


def _shape(draw: ImageDraw.ImageDraw, shape: str, x: float, y: float, r: float, fill: str) -> None:
    sides = _SIDES.get(shape, 0)
    outline = (255, 255, 255)
    if shape == "star":
        points = [
            (
                x + (r if i % 2 == 0 else r * 0.45) * math.sin(math.pi * i / 5),
                y - (r if i % 2 == 0 else r * 0.45) * math.cos(math.pi * i / 5),
            )
            for i in range(10)
        ]
        draw.polygon(points, fill=fill, outline=outline)
    elif sides:
        turn = {"square": math.pi / 4, "triangleDown": math.pi}.get(shape, 0.0)
        points = [
            (
                x + r * math.sin(turn + 2 * math.pi * i / sides),
                y - r * math.cos(turn + 2 * math.pi * i / sides),
            )
            for i in range(sides)
        ]
        draw.polygon(points, fill=fill, outline=outline)
    else:
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill, outline=outline)


def png_bytes(
    graph: nx.MultiDiGraph, drawing: Drawing, *, title: str = "citygraph", scale: int = 2
) -> bytes:
    """The drawing as PNG bytes, ``scale`` times the CSS size (2: sharp on a projector).

    >>> g = nx.MultiDiGraph(); g.add_node("city:ee:tartu", label="City", name="Tartu")
    >>> png_bytes(g, html.placement(g))[1:4]
    b'PNG'
    """
    s = scale
    image = Image.new("RGB", (WIDTH * s, HEIGHT * s), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN * s, 12 * s), title, font=_font(22 * s), fill=TEXT_COLOUR)
    legend = [(e.shape, e.color, e.text) for e in drawing.legend]
    legend_font = _font(LABEL_PX * s)
    # The legend flows in rows along the bottom.
    rows: list[list[tuple[str, str, str]]] = [[]]
    width = float(MARGIN * s)
    for entry in legend:
        w = (28 + legend_font.getlength(entry[2]) / s + 24) * s
        if rows[-1] and width + w > (WIDTH - MARGIN) * s:
            rows.append([])
            width = float(MARGIN * s)
        rows[-1].append(entry)
        width += w
    top = (HEIGHT - MARGIN / 2 - LEGEND_ROW * len(rows)) * s
    for number, row in enumerate(rows):
        x, y = float(MARGIN * s), top + number * LEGEND_ROW * s
        for shape, colour, text in row:
            _shape(draw, shape, x + 8 * s, y + 8 * s, 7 * s, colour)
            draw.text((x + 22 * s, y), text, font=legend_font, fill=TEXT_COLOUR)
            x += (28 + legend_font.getlength(text) / s + 24) * s
    # The network fills the space between the title and the legend, keeping its aspect.
    area = (MARGIN * s, (TITLE_HEIGHT + 10) * s, (WIDTH - MARGIN) * s, top - 16 * s)
    spot, unit = _placer(drawing.positions, area)
    points = {n: spot(drawing.positions.get(n, (0.0, 0.0))) for n in graph}
    for u, v in graph.edges():
        if u != v:
            draw.line((*points[u], *points[v]), fill=EDGE_COLOUR, width=max(1, s))
    # Sizes are in the positions' units, so shapes keep the screen's proportions; a least
    # radius keeps the smallest visible in a large network.
    radius = {
        n: max(float(drawing.sizes.get(n, html.MIN_SIZE)) * unit, MIN_RADIUS * s) for n in graph
    }
    order = sorted(graph.nodes, key=lambda n: (radius[n], str(n)))
    for node in order:
        kind = str(graph.nodes[node].get("label") or html.UNLABELLED)
        shape = html.LABEL_STYLE.get(kind, ("", "dot"))[1]
        x, y = points[node]
        _shape(draw, shape, x, y, radius[node], drawing.colours.get(node, "#999999"))
    captions = {
        n: drawing.captions.get(n) or display_name(dict(a), str(n))
        for n, a in graph.nodes(data=True)
    }
    biggest = order[::-1]
    hubs = set(biggest[: min(max(HUBS, math.ceil(len(biggest) * 0.02)), 50)])
    first = [n for n in biggest if n in drawing.attention]
    second = [n for n in biggest if n in hubs and n not in drawing.attention]
    rest = [n for n in biggest if n not in hubs and n not in drawing.attention]
    keen = set(first) | set(second)
    drawn = _labels(
        draw,
        captions,
        points,
        radius,
        [*first, *second, *rest],
        LABEL_PX * s,
        keen,
        drawing.attention,
    )
    info = PngInfo()
    info.add_itxt("Title", title)
    info.add_itxt("Description", "\n".join([LABELS_LINE, *drawn]))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(96 * s, 96 * s), pnginfo=info)
    return buffer.getvalue()


def captions_drawn(png: bytes) -> list[str]:
    """The captions a PNG made by ``png_bytes`` shows, read back from its text.

    >>> from graph.render.html import placement
    >>> g = nx.MultiDiGraph(); g.add_node("person:ann", label="Person", name="Ann Lind")
    >>> captions_drawn(png_bytes(g, placement(g, presenter=True)))
    ['Speaker']
    """
    text = Image.open(io.BytesIO(png)).text.get("Description", "")  # type: ignore[attr-defined]
    lines = text.split("\n")
    return lines[1:] if lines[0] == LABELS_LINE else []


def _placer(
    positions: Mapping[Hashable, tuple[float, float]], area: tuple[float, float, float, float]
) -> tuple[Callable[[tuple[float, float]], tuple[float, float]], float]:
    """Canvas units to pixels: the drawing centred in ``area``, its aspect kept; and the
    pixels per canvas unit."""
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    left, top, right, bottom = area
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    unit = min(right - left, bottom - top) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    mx, my = (left + right) / 2, (top + bottom) / 2

    def spot(p: tuple[float, float]) -> tuple[float, float]:
        return (mx + (p[0] - cx) * unit, my + (p[1] - cy) * unit)

    return spot, unit


def _labels(
    draw: ImageDraw.ImageDraw,
    captions: Mapping[Hashable, str],
    points: Mapping[Hashable, tuple[float, float]],
    radius: Mapping[Hashable, float],
    in_order: list[Hashable],
    px: float,
    keen: Collection[Hashable] = (),
    attention: Collection[Hashable] = (),
) -> list[str]:
    """Labels in the page's order (what the eye is on, the hubs, then the rest by size),
    by the page's rules: a label covers no other label, and no node not much smaller than
    its own (a picture cannot be zoomed into, so small nodes may lie under a label); a
    ``keen`` node's label (attention, hub) is shortened, then may cover any smaller node,
    and one the eye is on any node but another such, further out, rather than go.
    Returns the texts drawn."""
    font = _font(px)
    taken: list[tuple[float, float, float, float]] = []
    shapes = {
        n: (x - radius[n], y - radius[n], x + radius[n], y + radius[n])
        for n, (x, y) in points.items()
    }
    drawn: list[str] = []
    for node in in_order:
        if len(drawn) >= MAX_LABELS and node not in keen:
            break
        whole = captions[node]
        whole = whole if len(whole) <= 40 else whole[:39] + "…"
        r = radius[node]
        # What may not lie under the label, pass by pass.
        rules: list[Callable[[Hashable], bool]] = [partial(_not_much_smaller, radius, r)]
        forms = [whole]
        if node in keen:
            forms += [whole[:n].rstrip() + "…" for n in (16, 10) if len(whole) > n + 1]
            rules.append(partial(_not_smaller, radius, r, attention))
        if node in attention:
            rules.append(attention.__contains__)
        spot = None
        for number, blocks in enumerate(rules):
            for text in forms:
                spot = _spot(font, text, points[node], r, px, further=number == 2)
                box = next(
                    (
                        b
                        for b in spot
                        if not any(_overlap(b, other) for other in taken)
                        and not any(
                            _overlap(b, shape)
                            for n, shape in shapes.items()
                            if n != node and blocks(n)
                        )
                    ),
                    None,
                )
                if box is not None:
                    break
            if box is not None:
                break
        if box is None:
            continue
        taken.append(box)
        drawn.append(text)
        draw.text(
            (box[0], box[1]),
            text,
            font=font,
            fill=TEXT_COLOUR,
            stroke_width=max(1, round(px / 6)),
            stroke_fill="white",
        )
    return drawn


def _not_much_smaller(radius: Mapping[Hashable, float], r: float, node: Hashable) -> bool:
    return radius[node] >= r / 2


def _not_smaller(
    radius: Mapping[Hashable, float], r: float, attention: Collection[Hashable], node: Hashable
) -> bool:
    return radius[node] >= r or node in attention


def _spot(
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    text: str,
    at: tuple[float, float],
    r: float,
    px: float,
    *,
    further: bool,
) -> list[tuple[float, float, float, float]]:
    """Where a label may go: below the shape, else above, right or left of it (as the page
    tries); with ``further``, a line or two further out too."""
    x, y = at
    w, h = font.getlength(text), px * 1.25
    boxes = [
        (x - w / 2, y + r + 2, x + w / 2, y + r + 2 + h),
        (x - w / 2, y - r - 2 - h, x + w / 2, y - r - 2),
        (x + r + 3, y - h / 2, x + r + 3 + w, y + h / 2),
        (x - r - 3 - w, y - h / 2, x - r - 3, y + h / 2),
    ]
    if further:
        for n in (1, 2):
            boxes += [
                (x - w / 2, y + r + 2 + n * h, x + w / 2, y + r + 2 + (n + 1) * h),
                (x - w / 2, y - r - 2 - (n + 1) * h, x + w / 2, y - r - 2 - n * h),
            ]
    return boxes


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
