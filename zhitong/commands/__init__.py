"""The command line: the Typer commands, the entry point and the quick path."""
