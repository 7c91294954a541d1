"""citygraph: event recaps and tables of city networks as a knowledge graph."""
