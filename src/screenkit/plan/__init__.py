"""The plan's types: its strict models, every value format with its bounds, each record's
fields, money, time zones, the language codes, and the `Problem` that checks report.
Nothing here imports from the other core packages (`text`, `rules`, `edits`)."""
