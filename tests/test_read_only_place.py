"""A database in a read-only place: every read works (a read-only, immutable open), every write says why it cannot.

The place is made read-only for real, by a read-only bind mount (as root, a folder's mode does not
stop a write); where mounts are not allowed the test says so and skips.
"""

from __future__ import annotations

import hashlib
import subprocess

import pytest

from tests.conftest import error_line


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def read_only(tmp_path, zt, monkeypatch):
    """A book with one case, then the folder it is in seen through a read-only mount."""
    books = tmp_path / "books"
    books.mkdir()
    monkeypatch.setenv("ZHITONG_DB", str(books / "zhitong.db"))
    zt("dept", "add", "经济发展局")
    zt("ent", "add", "新奥集团")
    zt("new", "新奥集团", "华翔路封路", "-c", "routine", "-d", "经济发展局", "--at", "2026-11-24 10:00")
    seen = tmp_path / "seen"
    seen.mkdir()
    if not (_mount("--bind", str(books), str(seen)) and _mount("-o", "remount,ro,bind", str(seen))):
        subprocess.run(["umount", str(seen)], capture_output=True)
        pytest.skip("a read-only bind mount is not allowed here (it needs root and CAP_SYS_ADMIN)")
    monkeypatch.setenv("ZHITONG_DB", str(seen / "zhitong.db"))
    yield books
    subprocess.run(["umount", "-l", str(seen)], check=True)  # lazily: a connection may still hold it


def _digest(folder) -> dict:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def test_reads_work_in_a_read_only_place(read_only, zt):
    before = _digest(read_only)
    assert zt.json("show", "1")["title"] == "华翔路封路"
    assert [row["ref"] for row in zt.json("pending")] == ["ZT-2026-0001"]
    assert "ZT-2026-0001" in zt("list").stdout
    assert "all checks passed" in zt("check").stderr
    assert _digest(read_only) == before


def test_a_write_in_a_read_only_place_says_why_and_changes_nothing(read_only, zt):
    before = _digest(read_only)
    error_line(zt("resolve", "1", code=2), "the database cannot be written here", "a folder and file zhitong may write to")
    error_line(zt("dept", "add", "工管委", code=2), "the database cannot be written here")
    assert _digest(read_only) == before
