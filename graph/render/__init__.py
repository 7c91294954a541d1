"""Graphs into pages and files: the self-contained network page and the exports."""
