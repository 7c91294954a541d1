"""The loaders' helpers: names to canonical places, records to nodes, topics; synthetic data
and the recap loader's evaluation."""
