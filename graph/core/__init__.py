"""The shared core: the schema, the errors, the settings."""
