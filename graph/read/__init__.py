"""The read side: tables and analysis over a selection of the graph."""
