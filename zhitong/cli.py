"""The whole command line: every command module loaded into the one Typer app.

Tests, completion and `zhitong --help` use this; an ordinary run goes through ``launch``,
which loads only the module its command lives in.
"""

from __future__ import annotations

from zhitong.commands.launch import load_all

app = load_all()
