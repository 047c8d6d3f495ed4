"""Issue #6's benchmark: zhitong against Taskwarrior and the sqlite3 floor, side by side.

    python bench/run.py            # full sizes; prints the table and rewrites bench/RESULTS.md
    python bench/run.py --quick    # a tenth of the sizes, fewer runs: a sanity pass
    python bench/run.py --only overdue,startup --no-write

Every figure is the median of several runs of the real command line in a fresh process
(min–max beside it), stdout to /dev/null, with ZHITONG_DB and ZHITONG_NOW set; peak memory
is the child's ru_maxrss from wait4. Case books are generated once into bench/.cache.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import taskwarrior  # noqa: E402
from generate import CACHE, NOW, Spec  # noqa: E402

PYTHON = sys.executable
WORK = CACHE / "work"
PYCACHE = CACHE / "pycache"


def python_env(base: dict | None = None) -> dict:
    """The environment for Python children: bytecode cached (as a normal install has it).

    A sandbox may set PYTHONDONTWRITEBYTECODE, which makes every run recompile zhitong's
    sources (~25 ms); the bytecode goes to bench/.cache/pycache, never into the source tree.
    """
    env = dict(base if base is not None else os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


# -- measuring ------------------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    @property
    def high(self) -> float:
        return max(self.seconds)

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024 if self.peak_kib else 0.0

    def json(self) -> dict:
        return {
            "median_s": round(self.median, 4),
            "min_s": round(self.low, 4),
            "max_s": round(self.high, 4),
            "runs": len(self.seconds),
            "peak_mib": round(self.peak_mib, 1),
            "exit_codes": sorted(set(self.codes)),
        }


TIME = shutil.which("time", path="/usr/bin:/bin")
_PEAK = Path(tempfile.gettempdir()) / f"zhitong-bench-peak-{os.getpid()}"
LAST_ERROR = [""]


class Failed(Exception):
    pass


def run_once(argv: list[str], env: dict, *, cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall time, peak RSS (KiB) and exit code of one fresh child, stdout and stderr discarded.

    The child runs under GNU time, which reports its peak RSS: a child spawned straight from
    this (larger) process would inherit this process's high-water mark on Linux.
    """
    wrapped = [TIME, "-f", "%M", "-o", str(_PEAK), *argv] if TIME else argv
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(wrapped, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            errors.seek(0)
            LAST_ERROR[0] = errors.read()[-400:].decode("utf-8", "replace").strip()
    peak = usage.ru_maxrss
    if TIME:
        try:
            peak = int(_PEAK.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            peak = 0
        _PEAK.unlink(missing_ok=True)
    return elapsed, peak, child.returncode


def measure(argv, env, runs: int, *, warmup: int = 1, before=None, ok=(0,), cwd=None) -> Sample:
    """``runs`` timed runs after ``warmup`` untimed ones; ``before()`` runs untimed before each."""
    sample = Sample()
    for index in range(warmup + runs):
        if before:
            before()
        seconds, peak, code = run_once(argv, env, cwd=cwd)
        if code not in ok:
            raise Failed(f"exit {code}: {LAST_ERROR[0].splitlines()[-1] if LAST_ERROR[0] else ''}")
        if index >= warmup:
            sample.seconds.append(seconds)
            sample.peak_kib.append(peak)
            sample.codes.append(code)
    return sample


def measure_alternating(commands: list[tuple], runs: int, *, ok=(0,)) -> list[Sample]:
    """``runs`` timed runs of each command, taken in turn (a, b, a, b …) after one untimed round.

    Each command is (argv, env) or (argv, env, before): ``before()`` runs untimed before each of its runs.

    The machine is shared and its speed drifts within seconds: a ratio of two commands is only
    fair when both are timed under the same conditions, so their runs are interleaved.
    """
    samples = [Sample() for _ in commands]
    for index in range(1 + runs):
        for (argv, env, *before), sample in zip(commands, samples):
            if before:
                before[0]()
            seconds, peak, code = run_once(argv, env)
            if code not in ok:
                raise Failed(f"exit {code}: {LAST_ERROR[0].splitlines()[-1] if LAST_ERROR[0] else ''}")
            if index:
                sample.seconds.append(seconds)
                sample.peak_kib.append(peak)
                sample.codes.append(code)
    return samples


def output_lines(argv, env) -> int:
    result = subprocess.run(argv, env=env, capture_output=True)
    return result.stdout.count(b"\n")


# -- the commands -----------------------------------------------------------------------------------


def zhitong_argv() -> list[str]:
    script = Path(PYTHON).with_name("zhitong")
    return [str(script)] if script.exists() else [PYTHON, "-m", "zhitong"]


def zhitong_env(db: Path) -> dict:
    config = CACHE / "config"
    config.mkdir(parents=True, exist_ok=True)
    env = python_env({k: v for k, v in os.environ.items() if not k.startswith("ZHITONG_")})
    env.update(ZHITONG_DB=str(db), ZHITONG_NOW=NOW, ZHITONG_CONFIG_DIR=str(config), ZHITONG_LANG="zh", COLUMNS="120")
    return env


def has_command(name: str) -> str | None:
    """The command's --help text when zhitong has it, else None."""
    result = subprocess.run(zhitong_argv() + [name, "--help"], env=zhitong_env(empty_db()), capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def copy_db(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def empty_db() -> Path:
    path = CACHE / f"empty-{generate.schema_tag()}.db"
    if not path.exists():
        from zhitong.store import open_store

        open_store(path).close()
    return path


def import_anatomy(argv: list[str], env: dict) -> dict:
    """What ``python -X importtime`` says a command imports: cumulative ms per top-level module."""
    if argv[0] == PYTHON:  # python -m zhitong ...
        command = [PYTHON, "-X", "importtime", *argv[1:]]
    else:  # the console script, itself a Python file
        command = [PYTHON, "-X", "importtime", *argv]
    err = subprocess.run(command, env=env, capture_output=True, text=True).stderr
    top: dict[str, float] = {}
    for line in err.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _self, cumulative, name = line[len("import time:") :].split("|")
        if name.startswith(" ") and not name.startswith("  "):  # a top-level import
            root = name.strip().split(".")[0] if not name.strip().startswith("zhitong") else name.strip()
            try:
                top[root] = top.get(root, 0.0) + int(cumulative) / 1000
            except ValueError:
                continue
    loaded = {line.split("|")[-1].strip() for line in err.splitlines() if line.startswith("import time:")}
    heavy = {
        name: name in loaded for name in ("pydantic", "sqlite_utils", "click", "rich", "dateutil", "pluggy", "chinese_calendar", "csv")
    }
    return {"top": dict(sorted(top.items(), key=lambda kv: -kv[1])[:14]), "loaded": heavy}


# -- machine ----------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    rev = ""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "zhitong"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        rev += " (+ uncommitted changes in zhitong/)" if dirty else ""
    except OSError:
        pass
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "taskwarrior": taskwarrior.version() or "not installed",
        "zhitong": rev,
        "load_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# -- scenarios ----------------------------------------------------------------------------------------


@dataclass
class Sizes:
    label: str
    open_book: Spec  # many open cases, some late: the overdue comparison with Taskwarrior
    big_book: Spec  # mostly closed, a few late: "fast at any size"
    mid_book: Spec  # the same open cases among ten times fewer closed ones
    import_rows: int
    tasks: int
    tasks_overdue: int
    runs: int
    slow_runs: int


FULL = Sizes("full", Spec(100_000, 100_000, 10_000), Spec(1_000_000, 1_000, 100), Spec(100_000, 1_000, 100), 100_000, 100_000, 10_000, 5, 3)
QUICK = Sizes("quick", Spec(10_000, 10_000, 1_000), Spec(100_000, 500, 50), Spec(10_000, 500, 50), 10_000, 10_000, 1_000, 3, 1)


class Bench:
    def __init__(self, sizes: Sizes, only: set[str] | None):
        self.sizes = sizes
        self.only = only
        self.results: dict[str, dict] = {}
        self.notes: list[str] = []
        self.task = taskwarrior.binary()
        WORK.mkdir(parents=True, exist_ok=True)

    def wanted(self, name: str) -> bool:
        return not self.only or name in self.only

    def record(self, key: str, label: str, sample: Sample | None = None, **extra):
        entry = {"label": label, **(sample.json() if sample else {}), **extra}
        self.results[key] = entry
        shown = (
            f"{sample.median * 1000:8.1f} ms  ({sample.low * 1000:.1f}–{sample.high * 1000:.1f})  peak {sample.peak_mib:6.1f} MiB"
            if sample
            else ""
        )
        more = "  " + ", ".join(f"{k}={v}" for k, v in extra.items()) if extra else ""
        print(f"  {label:<58} {shown}{more}", file=sys.stderr, flush=True)

    # Each scenario group.
    def startup(self):
        db = empty_db()
        zt = zhitong_argv()
        self.record("startup", "zhitong pending, empty database", measure(zt + ["pending"], zhitong_env(db), self.sizes.runs * 3))
        self.record(
            "python_bare", "python -c pass (the interpreter alone)", measure([PYTHON, "-c", "pass"], python_env(), self.sizes.runs * 3)
        )
        self.record("help", "zhitong --help", measure(zt + ["--help"], zhitong_env(db), self.sizes.runs))
        # What building the holiday calendar adds to a command: chinese-calendar's data + the index.
        probe = (
            "import time; t0 = time.perf_counter(); import zhitong.sla, zhitong.edge.when; t1 = time.perf_counter();"
            "from zhitong.core.calendar_data import work_calendar; t2 = time.perf_counter(); work_calendar(); t3 = time.perf_counter();"
            "print(t2 - t1, t3 - t2)"
        )
        imports, builds = [], []
        for _ in range(self.sizes.runs * 3):
            out = subprocess.run([PYTHON, "-c", probe], env=python_env(), capture_output=True, text=True, check=True).stdout.split()
            imports.append(float(out[0]))
            builds.append(float(out[1]))
        self.results["anatomy"] = import_anatomy(zt + ["pending"], zhitong_env(db))
        totals = [a + b for a, b in zip(imports, builds)]
        self.record(
            "calendar",
            "holiday calendar: import + build (in a fresh process)",
            None,
            median_s=round(statistics.median(totals), 4),
            min_s=round(min(totals), 4),
            max_s=round(max(totals), 4),
            import_ms=round(statistics.median(imports) * 1000, 1),
            build_ms=round(statistics.median(builds) * 1000, 1),
        )

    def overdue_open_book(self):
        spec = self.sizes.open_book
        db = generate.cached(spec)
        env = zhitong_env(db)
        argv = zhitong_argv() + ["overdue"]
        rows = output_lines(argv, env)
        label = f"zhitong overdue: {spec.open:,} open cases, {spec.late:,} late milestones"
        self.record("overdue_open", label, measure(argv, env, self.sizes.runs, ok=(0,)), lines=rows)
        if self.task:
            data = taskwarrior.cached_data(self.sizes.tasks, self.sizes.tasks_overdue)
            tenv = taskwarrior.env(data)
            count = taskwarrior.overdue_count(data)
            lines = output_lines([self.task, "overdue"], tenv)
            self.record(
                "task_overdue",
                f"task overdue: {self.sizes.tasks:,} pending, {count:,} overdue",
                measure([self.task, "overdue"], tenv, self.sizes.runs),
                lines=lines,
            )
        at = datetime.fromisoformat(NOW).isoformat(timespec="seconds")
        self.record(
            "floor_overdue_open",
            "floor: overdue query, python sqlite3, plain rows",
            measure([PYTHON, str(HERE / "floor.py"), "overdue", str(db), at], python_env(), self.sizes.runs),
            lines=output_lines([PYTHON, str(HERE / "floor.py"), "overdue", str(db), at], python_env()),
        )

    def big_book(self):
        spec = self.sizes.big_book
        db = generate.cached(spec)
        env = zhitong_env(db)
        zt = zhitong_argv()
        at = datetime.fromisoformat(NOW).isoformat(timespec="seconds")
        size = f"{spec.cases // 1000:,}k cases" if spec.cases < 1_000_000 else f"{spec.cases // 1_000_000}M cases"
        for key, command in (("overdue_big", "overdue"), ("pending_big", "pending")):
            argv = zt + [command]
            floor = [PYTHON, str(HERE / "floor.py"), command, str(db)] + ([at] if command == "overdue" else [])
            ours, floors = measure_alternating([(argv, env), (floor, python_env())], self.sizes.runs * 3)
            self.record(key, f"zhitong {command}: {size}, {spec.open:,} open, {spec.late} late", ours, lines=output_lines(argv, env))
            self.record(
                f"floor_{key}", f"floor: {command} query, python sqlite3, plain rows", floors, lines=output_lines(floor, python_env())
            )
            import floor as floor_module

            sql = (floor_module.OVERDUE.replace("?", f"'{at}'") if command == "overdue" else floor_module.PENDING).strip() + ";"
            if shutil.which("sqlite3"):
                self.record(
                    f"shell_{key}", f"sqlite3 shell: {command} query", measure(["sqlite3", str(db), sql], python_env(), self.sizes.runs * 2)
                )
        # Independence of closed cases: the same open cases among ten times fewer closed ones,
        # and the plans of the statements zhitong really runs (no full scan of a large table).
        mid = self.sizes.mid_book
        mid_db = generate.cached(mid)
        for key, command in (("overdue_mid", "overdue"), ("pending_mid", "pending")):
            self.record(
                key,
                f"zhitong {command}: {mid.cases:,} cases, {mid.open:,} open, {mid.late} late",
                measure(zt + [command], zhitong_env(mid_db), self.sizes.runs * 2),
            )
        plans = {}
        for command in ("overdue", "pending"):
            out = subprocess.run([PYTHON, str(HERE / "plans.py"), str(db), command, "--json"], env=env, capture_output=True, text=True)
            try:
                plans[command] = json.loads(out.stdout)
            except json.JSONDecodeError:
                plans[command] = [{"sql": "(could not trace)", "plan": [out.stderr[-300:]], "full_scans": ["?"]}]
        self.results["plans"] = plans

    def new_case(self):
        spec = self.sizes.open_book
        source = generate.cached(spec)
        work = copy_db(source, WORK / "new.db")
        env = zhitong_env(work)
        conn = sqlite3.connect(work)
        enterprise = conn.execute("SELECT name FROM enterprises WHERE id = 2").fetchone()[0]
        conn.close()
        argv = zhitong_argv() + [
            "new",
            enterprise,
            "厂区门前路灯损坏，夜间通行存在安全隐患",
            "--category",
            "routine",
            "--channel",
            "hotline",
            "--dept",
            "工管委",
        ]
        self.record("new", f"zhitong new, {spec.cases:,}-case book", measure(argv, env, self.sizes.runs * 2))
        if self.task:
            data = taskwarrior.cached_data(self.sizes.tasks, self.sizes.tasks_overdue)
            twork = WORK / "taskdata-add"
            shutil.rmtree(twork, ignore_errors=True)
            shutil.copytree(data, twork)
            argv = [self.task, "add", "厂区门前路灯损坏，夜间通行存在安全隐患", "project:工管委", "due:tomorrow"]
            self.record("task_add", f"task add, {self.sizes.tasks:,} pending", measure(argv, taskwarrior.env(twork), self.sizes.runs * 2))
            shutil.rmtree(twork, ignore_errors=True)
        work.unlink(missing_ok=True)

    def import_cases(self):
        """zhitong's import and Taskwarrior's, each into a fresh store, their runs interleaved
        (a, b, a, b …) so that both are timed under the same load."""
        help_text = has_command("import")
        rows = self.sizes.import_rows
        label = f"zhitong import, {rows:,} rows into a fresh book"
        commands, keys = [], []
        if help_text is None:
            self.record("import", label, None, status="not available")
        else:
            seeded, names = generate.seeded_book()
            csv_path = generate.import_csv(CACHE / f"import-{rows}.csv", rows, names)
            work = WORK / "import.db"
            argv = zhitong_argv() + ["import", str(csv_path)]
            if "--create-enterprises" in help_text:
                argv.append("--create-enterprises")
            commands.append((argv, zhitong_env(work), lambda: copy_db(seeded, work)))
            keys.append(("import", label))
        if self.task:
            source = taskwarrior.cached_json(self.sizes.tasks, self.sizes.tasks_overdue)
            twork = WORK / "taskdata-import"

            def fresh():
                shutil.rmtree(twork, ignore_errors=True)
                twork.mkdir()

            commands.append(([self.task, "import", str(source)], taskwarrior.env(twork), fresh))
            keys.append(("task_import", f"task import, {self.sizes.tasks:,} tasks into a fresh data folder"))
        try:
            samples = measure_alternating(commands, self.sizes.slow_runs)
        except Failed as error:
            for key, key_label in keys:
                self.record(key, key_label, None, status=f"failed ({error})")
            samples = []
        for (key, key_label), sample in zip(keys, samples):
            if key == "import":
                conn = sqlite3.connect(work)
                imported = conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
                conn.close()
                self.record(key, key_label, sample, imported=imported)
            else:
                self.record(key, key_label, sample)
        if help_text is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{work}{suffix}").unlink(missing_ok=True)
        if self.task:
            shutil.rmtree(twork, ignore_errors=True)

    def export_cases(self):
        help_text = has_command("export")
        target = WORK / "export.csv"
        for key, spec, runs in (
            ("export", self.sizes.open_book, self.sizes.runs),
            ("export_big", self.sizes.big_book, self.sizes.slow_runs),
        ):
            label = f"zhitong export --all to CSV, {spec.cases:,} cases"
            if help_text is None:
                self.record(key, label, None, status="not available")
                continue
            db = generate.cached(spec)
            argv = zhitong_argv() + ["export"]
            if "--all" in help_text:
                argv.append("--all")
            if "--output" in help_text:
                argv += ["--output", str(target)]
                if "--force" in help_text:
                    argv.append("--force")  # every run after the first writes over the last one's file
            target.unlink(missing_ok=True)
            try:
                sample = measure(argv, zhitong_env(db), runs, warmup=1 if key == "export" else 0)
            except Failed as error:
                self.record(key, label, None, status=f"failed ({error})")
                continue
            lines = 0
            if target.exists():
                with open(target, "rb") as handle:
                    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
                target.unlink()
            self.record(key, label, sample, lines=lines)
        if self.task:
            data = taskwarrior.cached_data(self.sizes.tasks, self.sizes.tasks_overdue)
            self.record(
                "task_export",
                f"task export, {self.sizes.tasks:,} tasks",
                measure([self.task, "export"], taskwarrior.env(data), self.sizes.runs),
            )

    def sheets(self):
        """Issue #15: a 100,000-row .xlsx import against the same rows as CSV, and the month's
        workbook of 100,000 cases against the CSV export of the same cases, runs interleaved."""
        rows = self.sizes.import_rows
        seeded, names = generate.seeded_book()
        csv_path = generate.import_csv(CACHE / f"import-{rows}.csv", rows, names)
        xlsx_path = generate.import_xlsx(CACHE / f"import-{rows}.xlsx", csv_path)
        work = WORK / "import-sheets.db"
        env = zhitong_env(work)
        zt = zhitong_argv()
        csv_sample, xlsx_sample = Sample(), Sample()
        for index in range(1 + self.sizes.slow_runs):
            for path, sample in ((csv_path, csv_sample), (xlsx_path, xlsx_sample)):
                copy_db(seeded, work)
                seconds, peak, code = run_once(zt + ["import", str(path), "--create-enterprises"], env)
                if code != 0:
                    raise Failed(f"exit {code}: {LAST_ERROR[0].splitlines()[-1] if LAST_ERROR[0] else ''}")
                if index:
                    sample.seconds.append(seconds)
                    sample.peak_kib.append(peak)
                    sample.codes.append(code)
        self.record("import_csv_sheets", f"zhitong import, {rows:,}-row CSV (interleaved with the .xlsx)", csv_sample)
        self.record("import_xlsx", f"zhitong import, {rows:,}-row .xlsx (openpyxl read-only)", xlsx_sample)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        spec = self.sizes.open_book
        db = generate.cached(spec)
        env = zhitong_env(db)
        csv_out, xlsx_out = WORK / "export-sheets.csv", WORK / "export-sheets.xlsx"
        csv_out.unlink(missing_ok=True)
        xlsx_out.unlink(missing_ok=True)
        # --force: every run after the first writes over the last one's file
        samples = measure_alternating(
            [
                (zt + ["export", "--all", "-o", str(csv_out), "--force"], env),
                (zt + ["export", "--all", "--format", "xlsx", "-o", str(xlsx_out), "--force"], env),
            ],
            self.sizes.slow_runs,
        )
        self.record("export_csv_sheets", f"zhitong export --all to CSV, {spec.cases:,} cases (interleaved with the workbook)", samples[0])
        self.record("export_xlsx", f"zhitong export --all --format xlsx, {spec.cases:,} cases (write-only)", samples[1])
        csv_out.unlink(missing_ok=True)
        xlsx_out.unlink(missing_ok=True)

    def render_rows(self):
        out = subprocess.run([PYTHON, str(HERE / "micro.py"), "--json"], capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        self.results["render"] = r
        print(f"  render: zhitong {r['zhitong_ms_per_row']:.4f} ms/row, Rich {r['rich_ms_per_row']:.4f} ms/row", file=sys.stderr)

    def deadlines(self):
        out = subprocess.run(
            [PYTHON, str(HERE / "deadlines.py"), "--json", "--n", str(200_000 if self.sizes is FULL else 50_000)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        self.results["deadlines"] = json.loads(out)
        for label in ("hours", "days"):
            r = self.results["deadlines"][label]
            print(
                f"  deadlines ({label}): index {r['index_per_s']:,.0f}/s, loop {r['loop_per_s']:,.0f}/s, ×{r['ratio']:.0f}", file=sys.stderr
            )


# -- targets and the report -------------------------------------------------------------------------


def fmt_s(entry: dict | None) -> str:
    if not entry or "median_s" not in entry:
        return (entry or {}).get("status", "—")
    median = entry["median_s"]
    if median < 1:
        text = f"{median * 1000:.0f} ms ({entry['min_s'] * 1000:.0f}–{entry['max_s'] * 1000:.0f})"
    else:
        text = f"{median:.2f} s ({entry['min_s']:.2f}–{entry['max_s']:.2f})"
    return text


def targets(results: dict, sizes: Sizes, has_task: bool) -> list[dict]:
    """One row per target of issues #6, #15 and #16: what was measured, against what, and whether it is met."""
    anchors = taskwarrior.ANCHORS
    rows = []

    def get(key):
        entry = results.get(key)
        return entry["median_s"] if entry and "median_s" in entry else None

    def task_ref(key, anchor):
        if has_task and get(key) is not None:
            return get(key), f"task {fmt_s(results[key])}"
        return anchor, f"task {anchor:.2f} s (issue's anchor; Taskwarrior not installed)"

    def row(target, zhitong, reference, ratio, met, note=""):
        rows.append({"target": target, "zhitong": zhitong, "reference": reference, "ratio": ratio, "met": met, "note": note})

    ob, bb = sizes.open_book, sizes.big_book
    z = get("overdue_open")
    if z is not None:
        ref, text = task_ref("task_overdue", anchors["overdue"])
        row(
            f"`overdue`, {ob.open:,} open / {ob.late:,} late, every row printed: ≤ 0.5× task overdue",
            fmt_s(results["overdue_open"]),
            text,
            f"{z / ref:.2f}×",
            z <= 0.5 * ref,
        )
    for key, command in (("overdue_big", "overdue"), ("pending_big", "pending")):
        z, floor = get(key), get(f"floor_{key}")
        if z is not None and floor is not None:
            note = (
                f"≤ 0.25 s: {'yes' if z <= 0.25 else 'no'}; ≤ 3× floor ({3 * floor * 1000:.0f} ms): {'yes' if z <= 3 * floor else 'no'}; "
                f"the issue's anchored floor (132 ms at 1M, no partial index) would allow {3 * 0.132 * 1000:.0f} ms"
            )
            row(
                f"`{command}`, {bb.cases:,} cases mostly closed, {bb.late} late: ≤ 0.25 s and ≤ 3× floor",
                fmt_s(results[key]),
                f"floor {fmt_s(results[f'floor_{key}'])}",
                f"{z / floor:.1f}×",
                z <= 0.25 and z <= 3 * floor,
                note,
            )
    xlsx, csv_import = get("import_xlsx"), get("import_csv_sheets")
    if xlsx is not None and csv_import is not None:
        row(
            f"`import` of a {sizes.import_rows:,}-row .xlsx: ≤ 3× the same rows as CSV",
            fmt_s(results["import_xlsx"]),
            f"CSV {fmt_s(results['import_csv_sheets'])}",
            f"{xlsx / csv_import:.2f}×",
            xlsx <= 3 * csv_import,
        )
    book, csv_export = get("export_xlsx"), get("export_csv_sheets")
    if book is not None and csv_export is not None:
        peak = results["export_xlsx"].get("peak_mib") or 0
        row(
            f"`export --format xlsx` of {ob.cases:,} cases: ≤ 5× the CSV export, peak ≤ 200 MiB",
            fmt_s(results["export_xlsx"]),
            f"CSV {fmt_s(results['export_csv_sheets'])}",
            f"{book / csv_export:.2f}×",
            book <= 5 * csv_export and peak <= 200,
        )
    plans = results.get("plans")
    if plans:
        scans = [f"{cmd}: {', '.join(item['full_scans'])}" for cmd, items in plans.items() for item in items if item["full_scans"]]
        timing = []
        for command in ("overdue", "pending"):
            big, mid = get(f"{command}_big"), get(f"{command}_mid")
            if big is not None and mid is not None:
                timing.append(f"{command} {mid * 1000:.0f} → {big * 1000:.0f} ms")
        row(
            f"open-case views independent of closed cases ({sizes.mid_book.cases:,} → {bb.cases:,} cases): no full scan in EXPLAIN QUERY PLAN",
            "; ".join(timing),
            "full scans: " + ("; ".join(scans) if scans else "none"),
            "",
            not scans,
        )
    z = get("new")
    if z is not None:
        ref, text = task_ref("task_add", anchors["add"])
        row(f"`new` on a {ob.cases:,}-case book: ≤ 0.25× task add", fmt_s(results["new"]), text, f"{z / ref:.2f}×", z <= 0.25 * ref)
    entry = results.get("import", {})
    if "median_s" in entry:
        ref, text = task_ref("task_import", anchors["import"])
        z = entry["median_s"]
        row(
            f"`import` of {sizes.import_rows:,} rows: ≤ 0.75× task import, peak ≤ 200 MiB",
            fmt_s(entry),
            text,
            f"{z / ref:.2f}×, {entry['peak_mib']:.0f} MiB",
            z <= 0.75 * ref and entry["peak_mib"] <= 200,
        )
    elif entry:
        row(f"`import` of {sizes.import_rows:,} rows: ≤ 0.75× task import, peak ≤ 200 MiB", entry.get("status", "—"), "", "", False)
    entry = results.get("export", {})
    if "median_s" in entry:
        row(
            f"`export` of {ob.cases:,} cases to CSV: ≤ 1.5 s",
            fmt_s(entry),
            fmt_s(results.get("task_export")).join(("task export ", "")) if has_task else "",
            "",
            entry["median_s"] <= 1.5,
        )
    elif entry:
        row(f"`export` of {ob.cases:,} cases to CSV: ≤ 1.5 s", entry.get("status", "—"), "", "", False)
    entry = results.get("export_big", {})
    if "median_s" in entry:
        row(
            f"`export` of {bb.cases:,} cases: peak memory ≤ 150 MiB",
            f"{fmt_s(entry)}, {entry['peak_mib']:.0f} MiB",
            "",
            "",
            entry["peak_mib"] <= 150,
        )
    elif entry:
        row(f"`export` of {bb.cases:,} cases: peak memory ≤ 150 MiB", entry.get("status", "—"), "", "", False)
    z = get("startup")
    if z is not None:
        row(
            "start-up: `pending` on an empty database ≤ 100 ms",
            fmt_s(results["startup"]),
            f"python -c pass {fmt_s(results.get('python_bare'))}",
            "",
            z <= 0.100,
        )
    h = get("help")
    if h is not None:
        row("`zhitong --help` ≤ 150 ms (issue #16)", fmt_s(results["help"]), "", "", h <= 0.150)
    cal = results.get("calendar")
    if cal:
        row(
            "importing the calendar adds ≤ 10 ms to start-up",
            f"{cal['median_s'] * 1000:.1f} ms",
            f"import {cal['import_ms']} ms + build {cal['build_ms']} ms",
            "",
            cal["median_s"] <= 0.010,
        )
    dl = results.get("deadlines")
    if dl:
        for label in ("hours", "days"):
            r = dl[label]
            row(
                f"deadlines per second ({label} limits): ≥ 500,000/s and ≥ 50× the day-by-day loop",
                f"{r['index_per_s']:,.0f}/s",
                f"loop {r['loop_per_s']:,.0f}/s",
                f"×{r['ratio']:.0f}",
                r["index_per_s"] >= 500_000 and r["ratio"] >= 50,
                "" if not r["mismatches"] else f"{r['mismatches']} mismatches",
            )
    return rows


def render(info: dict, sizes: Sizes, results: dict, rows: list[dict], has_task: bool) -> str:
    lines = [
        "# Benchmark results (issue #6)",
        "",
        "Regenerated by `python bench/run.py" + (" --quick" if sizes is QUICK else "") + "`; do not edit by hand.",
        "",
        f"- **Date:** {info['date']}",
        f"- **Machine:** {info['cpu']}, {info['cores']} cores, {info['memory']}; {info['os']}",
        f"- **Software:** Python {info['python']}, SQLite {info['sqlite']}, Taskwarrior {info['taskwarrior']}, zhitong {info['zhitong']}",
        f"- **Load average (1, 5, 15 min):** {info['load_start']} at the start, {info.get('load_end', '?')} at the end (2 cores, shared with other work)",
        f"- **Sizes:** {sizes.label}. Medians of {sizes.runs}–{sizes.runs * 3} runs ({sizes.slow_runs} for imports and the largest export), min–max in brackets; "
        f"each run a fresh process, stdout to /dev/null, `ZHITONG_NOW={NOW}`.",
    ]
    if not has_task:
        lines.append("- Taskwarrior is not installed here: its figures are the anchors recorded in issue #6.")
    lines += ["", "## Targets", "", "| target | zhitong | reference | ratio | met |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        note = f" ({row['note']})" if row["note"] else ""
        lines.append(
            f"| {row['target']} | {row['zhitong']} | {row['reference']} | {row['ratio']} | {'yes' if row['met'] else '**no**'}{note} |"
        )
    met = sum(1 for row in rows if row["met"])
    lines += [
        "",
        f"{met} of {len(rows)} targets met.",
        "",
        "## Every figure",
        "",
        "| measurement | median (min–max) | peak memory | runs | notes |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, entry in results.items():
        if key in ("plans", "deadlines", "anatomy", "render"):
            continue
        extra = {k: v for k, v in entry.items() if k not in ("label", "median_s", "min_s", "max_s", "runs", "peak_mib", "exit_codes")}
        peak = f"{entry['peak_mib']:.1f} MiB" if entry.get("peak_mib") else ""
        lines.append(
            f"| {entry['label']} | {fmt_s(entry)} | {peak} | {entry.get('runs', '')} | {', '.join(f'{k} {v}' for k, v in extra.items())} |"
        )
    dl = results.get("deadlines")
    if dl:
        lines += [
            "",
            "## Deadlines per second (one core)",
            "",
            "| limits | WorkCalendar.due | day-by-day loop over chinese_calendar.is_workday | ratio | disagreements |",
            "| --- | --- | --- | --- | --- |",
        ]
        for label in ("hours", "days"):
            r = dl[label]
            lines.append(f"| {label} | {r['index_per_s']:,.0f}/s | {r['loop_per_s']:,.0f}/s | ×{r['ratio']:.0f} | {r['mismatches']} |")
        lines.append(
            f"\nIndex method over {dl['n_index']:,} random intake instants 2005–2025, the loop over the first {dl['n_loop']:,}; best of 5."
        )
    render_result = results.get("render")
    if render_result:
        lines += [
            "",
            "## Table rendering (in process, cold width caches)",
            "",
            f"zhitong's `render.table` {render_result['zhitong_ms_per_row']:.4f} ms per row over {render_result['rows']:,} rows of the overdue view's columns "
            f"with Chinese names; Rich's `Table` {render_result['rich_ms_per_row']:.4f} ms per row over {render_result['rich_rows']:,} (Taskwarrior, per the issue: 0.034).",
        ]
    anatomy = results.get("anatomy")
    if anatomy:
        lines += [
            "",
            "## What `zhitong pending` imports (`python -X importtime`, one run)",
            "",
            "| import made at top level (module load or lazily at run time) | cumulative ms |",
            "| --- | --- |",
        ]
        lines += [f"| {name} | {ms:.1f} |" for name, ms in anatomy["top"].items()]
        lines.append(
            "\nLoaded by `pending`: " + ", ".join(f"{name} {'yes' if flag else 'no'}" for name, flag in anatomy["loaded"].items()) + "."
        )
    plans = results.get("plans")
    if plans:
        lines += [
            "",
            f"## Query plans of what `overdue` and `pending` run on the {sizes.big_book.cases:,}-case book",
            "",
            "Traced from the real commands (`bench/plans.py`); a bare `SCAN` of cases, milestones or events would grow with closed cases.",
            "",
        ]
        for command, items in plans.items():
            for item in items:
                flag = " **full scan**" if item["full_scans"] else ""
                lines.append(f"- {command}: `{item['sql'][:90]}…` → `{' | '.join(item['plan'])}`{flag}")
    lines += [
        "",
        "## What was measured",
        "",
        f"- Open book: {sizes.open_book.cases:,} cases, all open, {sizes.open_book.late:,} late milestones at now (about 5% of the on-time ones paused). "
        f"Large book: {sizes.big_book.cases:,} cases over {sizes.big_book.years} years, {sizes.big_book.open:,} open, {sizes.big_book.late} late milestones. "
        f"Both from `bench/generate.py` ({sizes.open_book.enterprises} enterprises, 20 departments, Chinese titles, every lifecycle state), verified against zhitong's own replay.",
        f"- Taskwarrior: {sizes.tasks:,} pending tasks with Chinese descriptions, {sizes.tasks_overdue:,} overdue, project = department; "
        "`rc.verbose=nothing`, `rc.confirmation=off`, `rc.hooks=off`, `rc.defaultwidth=120`.",
        "- Floor: `bench/floor.py`, the same query on the same file through Python's sqlite3, one plain line per row "
        "(the issue's figures, 26 ms at 100k and 132 ms at 1M, were measured without the open-milestone index).",
        f"- `new` on a copy of the open book; `import` of a {sizes.import_rows:,}-row CSV into a copy of a book with the enterprises and departments only; "
        "`export --all --output FILE`.",
        "- Python children run with bytecode cached (`PYTHONPYCACHEPREFIX=bench/.cache/pycache`, `PYTHONDONTWRITEBYTECODE` removed), as a normal install has it; "
        "the development venv's editable install still adds its import finder (about 8 ms) to every zhitong process, which `pip install .` would not.",
    ]
    return "\n".join(lines) + "\n"


def print_table(rows: list[dict]) -> None:
    widths = [
        max(len(str(r[k])) for r in rows + [{"target": "target", "zhitong": "zhitong", "reference": "reference", "ratio": "ratio"}])
        for k in ("target", "zhitong", "reference", "ratio")
    ]
    header = ["target", "zhitong", "reference", "ratio"]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)) + "  met")
    for r in rows:
        cells = [str(r[k]).ljust(w) for k, w in zip(header, widths)]
        print("  ".join(cells) + "  " + ("yes" if r["met"] else "NO") + (f" ({r['note']})" if r["note"] else ""))


def prune_cache() -> None:
    """Drop cached books made for another schema or generator version."""
    tag = generate.schema_tag()
    for path in CACHE.glob("book-*"):
        if f"-{tag}.db" not in path.name:
            path.unlink()
    for path in CACHE.glob("empty-*.db"):
        if tag not in path.name:
            path.unlink()


GROUPS = ["startup", "overdue", "big", "new", "import", "export", "sheets", "deadlines", "render"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    parser.add_argument("--only", help="comma-separated groups: " + ",".join(GROUPS))
    parser.add_argument("--no-write", action="store_true", help="do not rewrite bench/RESULTS.md")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    only = set(args.only.split(",")) if args.only else None
    CACHE.mkdir(exist_ok=True)
    prune_cache()
    started = time.perf_counter()
    info = machine()
    bench = Bench(sizes, only)
    print(f"zhitong benchmark ({sizes.label}) on {info['cpu']}, {info['cores']} cores; Taskwarrior: {info['taskwarrior']}", file=sys.stderr)
    steps = {
        "startup": bench.startup,
        "overdue": bench.overdue_open_book,
        "big": bench.big_book,
        "new": bench.new_case,
        "import": bench.import_cases,
        "export": bench.export_cases,
        "sheets": bench.sheets,
        "deadlines": bench.deadlines,
        "render": bench.render_rows,
    }
    for name in GROUPS:
        if bench.wanted(name):
            print(f"[{name}]", file=sys.stderr, flush=True)
            try:
                steps[name]()
            except Failed as error:
                print(f"  {name} failed: {error}", file=sys.stderr)
                bench.results[f"failed_{name}"] = {"label": f"{name} (failed)", "status": f"failed, {error}"}
    rows = targets(bench.results, sizes, bool(bench.task))
    info["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print()
    print_table(rows)
    print(f"\n{sum(r['met'] for r in rows)} of {len(rows)} targets met; {time.perf_counter() - started:.0f} s", file=sys.stderr)
    (CACHE / f"results-{sizes.label}.json").write_text(
        json.dumps({"machine": info, "results": bench.results, "targets": rows}, ensure_ascii=False, indent=1)
    )
    if not args.no_write and not only:
        (HERE / "RESULTS.md").write_text(render(info, sizes, bench.results, rows, bool(bench.task)))
        print("wrote bench/RESULTS.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
