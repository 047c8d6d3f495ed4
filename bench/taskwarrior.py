"""Taskwarrior on equivalent data: N pending tasks, K of them overdue, Chinese descriptions.

Taskwarrior has no frozen clock, so the data is laid out around the real time it is made: the
overdue tasks are due 1–60 days ago, the others 60–400 days ahead. A cached copy older than
50 days is rebuilt (by then some "future" tasks would have fallen due).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from generate import _ROADS, _TITLES, CACHE, DEPARTMENTS

ANCHORS = {  # Taskwarrior 2.6 on 100,000 pending, 10% overdue, as recorded in issue #6
    "overdue": 2.04,
    "add": 0.63,
    "import": 3.9,
    "import_peak_mib": 692,
    "export": 1.5,
}

RC = """\
confirmation=off
verbose=nothing
hooks=off
defaultwidth=120
news.version=2.6.2
"""


def binary() -> str | None:
    return shutil.which("task")


def version() -> str | None:
    exe = binary()
    if not exe:
        return None
    try:
        return subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def rc_file() -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / "taskrc"
    if not path.exists() or path.read_text() != RC:
        path.write_text(RC)
    return path


def env(data: Path) -> dict:
    return dict(os.environ, TASKRC=str(rc_file()), TASKDATA=str(data))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def tasks_json(path: Path, count: int, overdue: int, seed: int = 6) -> Path:
    """One JSON object per line, as `task import` reads them."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    late = set(rng.sample(range(count), overdue))
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        for index in range(count):
            roads = rng.sample(_ROADS, 2)
            title = rng.choice(_TITLES).format(road=roads[0], road2=roads[1])
            if index in late:
                due = now - timedelta(days=rng.uniform(1, 60))
            else:
                due = now + timedelta(days=rng.uniform(60, 400))
            entry = min(now, due) - timedelta(days=rng.uniform(1, 30))
            task = {
                "description": title,
                "status": "pending",
                "entry": _stamp(entry),
                "due": _stamp(due),
                "project": rng.choice(DEPARTMENTS)[0],
            }
            handle.write(json.dumps(task, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


def cached_json(count: int, overdue: int) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"tasks-{count}-{overdue}.json"
    if path.exists() and time.time() - path.stat().st_mtime > 50 * 86400:
        path.unlink()
    if not path.exists():
        tasks_json(path, count, overdue)
    return path


def cached_data(count: int, overdue: int) -> Path:
    """A TASKDATA folder holding the tasks (imported once, then reused)."""
    source = cached_json(count, overdue)
    data = CACHE / f"taskdata-{count}-{overdue}"
    stamp = data / ".source-mtime"
    if data.exists() and (not stamp.exists() or stamp.read_text() != str(source.stat().st_mtime)):
        shutil.rmtree(data)
    if not data.exists():
        building = data.with_name(data.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir()
        subprocess.run([binary(), "import", str(source)], env=env(building), stdout=subprocess.DEVNULL, check=True)
        (building / ".source-mtime").write_text(str(source.stat().st_mtime))
        os.replace(building, data)
    return data


def overdue_count(data: Path) -> int:
    out = subprocess.run([binary(), "+OVERDUE", "count"], env=env(data), capture_output=True, text=True).stdout
    return int(out.strip() or 0)
