"""What the officer reads: the two languages, tables, the console, views and texts."""
