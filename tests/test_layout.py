"""The house rules, run with the suite: ruff's lint and format, and the import contracts.

The contracts in pyproject.toml (checked by import-linter) keep each layer to the layers below
it (ARCHITECTURE.md); the last test proves they are not vacuous by breaking one on a copy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def run(*command, cwd=ROOT):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = run(sys.executable, "-m", "ruff", "check", "--no-cache", "zhitong", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted():
    result = run(sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "zhitong", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_import_contract_is_kept():
    result = run(str(LINT_IMPORTS), "--no-cache", "--config", "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout, result.stdout


@pytest.mark.parametrize(
    "module, line, contract",
    [
        ("zhitong/core/models.py", "from zhitong.text import i18n", "Layers"),  # the core reads the language
        ("zhitong/storage/queries.py", "from zhitong.text.render import table", "Layers"),  # storage renders
        ("zhitong/edge/inputs.py", "from zhitong.store import open_store", "Layers"),  # the edge opens the database
        ("zhitong/sla.py", "import os", "pure"),  # the deadline engine reads the environment
        ("zhitong/commands/help.py", "from zhitong.commands import app", "cycles"),  # help and app import each other
    ],
)
def test_a_broken_layer_is_caught(tmp_path, module, line, contract):
    shutil.copytree(ROOT / "zhitong", tmp_path / "zhitong")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = run(str(LINT_IMPORTS), "--no-cache", "--config", "pyproject.toml", cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    broken = [text for text in result.stdout.splitlines() if text.endswith(" BROKEN")]
    assert any(contract in text for text in broken), result.stdout
