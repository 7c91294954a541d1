"""Graphs into pages and files: the self-contained network page and the exports."""

# The export formats, here so the CLI can list them without importing lxml and Pillow.
FORMATS = ("json", "graphml", "gexf", "csv", "png")
