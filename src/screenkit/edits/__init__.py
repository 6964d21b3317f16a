"""The edits: changes to a plan as pure functions on its data, whole tours read from CSV or
JSON, any value by its dotted key, and the shared kit a national office hands its groups."""
