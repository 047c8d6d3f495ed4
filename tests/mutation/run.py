"""A small mutation pass: break a module one way at a time and see whether the tests notice.

    .venv/bin/python tests/mutation/run.py zhitong/sla.py
    .venv/bin/python tests/mutation/run.py zhitong/edge/when.py --tests tests/test_when.py tests/test_spoken_times.py
    .venv/bin/python tests/mutation/run.py zhitong/core/lifecycle.py --list     # the mutants, not run
    .venv/bin/python tests/mutation/run.py zhitong/sla.py --only 12 40          # mutants number 12 and 40

Each mutant is the module parsed with ``ast``, one node changed, and written back with
``ast.unparse`` into a copy of the repository in a temporary directory; the tests that reach
the changed statement run there (``-x -q -p no:cacheprovider``, one process). A mutant the
tests pass on is a survivor, listed with its line and what was changed. Mutants listed in
``equivalent.toml`` (the same behaviour whatever the tests) are reported apart. README.md
says more. Not part of the suite: its file name does not start with ``test_``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The fast test files that guard each module (the whole file list runs for every mutant).
DEFAULT_TESTS = {
    "zhitong/sla.py": ["tests/test_sla.py", "tests/test_sla_mutants.py", "tests/test_chinese_durations.py", "tests/test_verdicts.py"],
    "zhitong/core/lifecycle.py": [
        "tests/test_lifecycle.py",
        "tests/test_lifecycle_mutants.py",
        "tests/test_bulk_lifecycle.py",
        "tests/test_hotline.py",
    ],
    "zhitong/edge/when.py": ["tests/test_when.py", "tests/test_when_mutants.py", "tests/test_spoken_times.py"],
}

QUICK_EXAMPLES = 10  # Hypothesis examples a property runs on a mutant (--examples)

_COMPARE_SWAP = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAP = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
    ast.Div: ast.Mult,
    ast.Mod: ast.FloorDiv,
}


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                ids.add(id(first))
    return ids


def _skipped(tree: ast.AST) -> set[int]:
    """Nodes not mutated: docstrings, imports, decorators, annotations."""
    ids = _docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            ids.update(id(n) for n in ast.walk(node))
        for decorator in getattr(node, "decorator_list", ()):
            ids.update(id(n) for n in ast.walk(decorator))
        annotation = getattr(node, "annotation", None) or getattr(node, "returns", None)
        if annotation is not None:
            ids.update(id(n) for n in ast.walk(annotation))
    return ids


def _statement_spans(tree: ast.Module) -> dict[int, tuple[int, int]]:
    """For every node, the lines of the innermost statement holding it (what a tracer sees run)."""
    spans: dict[int, tuple[int, int]] = {}

    def visit(node: ast.AST, span: tuple[int, int]) -> None:
        if isinstance(node, ast.stmt):
            # a compound statement's own line(s): its header, not its body
            end = node.body[0].lineno - 1 if getattr(node, "body", None) and isinstance(node.body[0], ast.stmt) else node.end_lineno
            span = (node.lineno, max(node.lineno, end))
        spans[id(node)] = span
        for child in ast.iter_child_nodes(node):
            visit(child, span)

    visit(tree, (0, 0))
    return spans


def mutations(tree: ast.Module) -> list[tuple[int, str, tuple, tuple[int, int]]]:
    """(line, description, how, lines run) for every mutant of ``tree``.

    ``how`` says what to change in a deep copy; ``lines run`` are the lines of the statement
    the change is in (a removed statement: its own lines), which a test must run to notice it.
    """
    skipped = _skipped(tree)
    spans = _statement_spans(tree)
    found: list[tuple[int, str, tuple, tuple[int, int]]] = []
    # Nodes are addressed by their position in ast.walk order, which a deep copy keeps.
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skipped:
            continue
        line = getattr(node, "lineno", 0)
        before = len(found)
        if isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                if type(op) in _COMPARE_SWAP:
                    new = _COMPARE_SWAP[type(op)]
                    found.append((line, f"{type(op).__name__} -> {new.__name__}", (index, "compare", position, new)))
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAP:
            new = _BINOP_SWAP[type(node.op)]
            found.append((line, f"{type(node.op).__name__} -> {new.__name__}", (index, "binop", new)))
        elif isinstance(node, ast.BoolOp):
            new = ast.Or if isinstance(node.op, ast.And) else ast.And
            found.append((line, f"{type(node.op).__name__} -> {new.__name__}", (index, "boolop", new)))
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            found.append((line, f"{node.value} -> {node.value + 1}", (index, "const", node.value + 1)))
            found.append((line, f"{node.value} -> {node.value - 1}", (index, "const", node.value - 1)))
        elif isinstance(node, ast.Constant) and type(node.value) is bool:
            found.append((line, f"{node.value} -> {not node.value}", (index, "const", not node.value)))
        elif (
            isinstance(node, ast.Return)
            and node.value is not None
            and not (isinstance(node.value, ast.Constant) and node.value.value is None)
        ):
            found.append((line, "return None", (index, "return_none")))
        # Removing a statement: every statement in a body of two or more (one alone would not parse as pass-less).
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                for position, statement in enumerate(body):
                    if id(statement) in skipped or isinstance(statement, (ast.FunctionDef, ast.ClassDef, ast.Pass)):
                        continue
                    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                        continue
                    found.append(
                        (
                            statement.lineno,
                            f"remove {type(statement).__name__.lower()}",
                            (index, "remove", field, position),
                            spans[id(statement)],
                        )
                    )
        found[before:] = [m if len(m) == 4 else (*m, spans[id(node)]) for m in found[before:]]
    return found  # in ast.walk order: the same for a tree and its unparsed copy


def apply(tree: ast.Module, how: tuple) -> ast.Module:
    mutant = copy.deepcopy(tree)
    node = list(ast.walk(mutant))[how[0]]
    kind = how[1]
    if kind == "compare":
        node.ops[how[2]] = how[3]()
    elif kind in ("binop", "boolop"):
        node.op = how[2]()
    elif kind == "const":
        node.value = how[2]
    elif kind == "return_none":
        node.value = ast.Constant(None)
    elif kind == "remove":
        body = getattr(node, how[2])
        del body[how[3]]
        if not body:
            body.append(ast.Pass())
    return ast.fix_missing_locations(mutant)


def _replace_with(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return


def _copy_repository(into: Path) -> None:
    for name in ("zhitong", "tests"):
        shutil.copytree(ROOT / name, into / name, ignore=shutil.ignore_patterns("__pycache__", "mutation"))
    for name in ("pyproject.toml", "README.md", "ARCHITECTURE.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, into / name)


def _hookwrapper(function):
    import pytest

    return pytest.hookimpl(hookwrapper=True)(function)


class _LineMap:
    """A pytest plugin: which lines of one file each test runs, and how long it takes.

    Lines run outside any test (the module's import, at collection) are filed under "".
    """

    def __init__(self, filename: str):
        self.filename = filename
        self.current = ""
        self.lines: dict[str, set[int]] = {"": set()}
        self.durations: dict[str, float] = {}

    def _trace(self, frame, event, _arg):
        if frame.f_code.co_filename != self.filename:
            return None
        self.lines[self.current].add(frame.f_lineno)
        return self._line

    def _line(self, frame, event, _arg):
        if event == "line":
            self.lines[self.current].add(frame.f_lineno)
        return self._line

    def pytest_unconfigure(self, config):
        sys.settrace(None)

    @_hookwrapper
    def pytest_runtest_protocol(self, item, nextitem):
        self.current = item.nodeid
        self.lines.setdefault(item.nodeid, set())
        started = time.perf_counter()
        yield
        self.durations[item.nodeid] = time.perf_counter() - started
        self.current = ""


def _run(tests: list[str], timeout: float, line_map: Path | None = None, examples: int | None = None) -> tuple[bool, float]:
    """Run the tests in a forked child of this process (pytest and the libraries are already
    imported here, zhitong never is): a mutant costs its tests, not a start-up. ``line_map``:
    trace the target module and write what each test ran there, as JSON. ``examples``: at
    most this many Hypothesis examples a property (default: as the suite has it). Hypothesis'
    deadline is off, so that a slow machine does not pass for a kill."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child
        code = 3
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            import hypothesis
            import pytest

            quick = {"max_examples": examples} if examples else {}
            hypothesis.settings.register_profile("mutation", deadline=None, database=None, **quick)
            hypothesis.settings.load_profile("mutation")
            plugins = []
            if line_map is not None:
                plugins.append(_LineMap(str(Path(os.environ["ZHITONG_MUTANT"]).resolve())))
                # From before pytest starts: the conftest imports the module, and its import is what a
                # mutant of a constant needs run.
                sys.settrace(plugins[0]._trace)
            arguments = ["-q", "-p", "no:cacheprovider", "-p", "no:randomly", "--hypothesis-seed=0"]
            code = pytest.main([*(arguments if line_map else ["-x", *arguments]), *tests], plugins=plugins)
            if line_map is not None:
                recorded = plugins[0]
                line_map.write_text(
                    json.dumps({"lines": {k: sorted(v) for k, v in recorded.lines.items()}, "durations": recorded.durations}),
                    encoding="utf-8",
                )
        finally:
            os._exit(int(code))
    deadline = started + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status) == 0, time.perf_counter() - started
        if time.perf_counter() > deadline:  # an endless loop is noticed
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return False, time.perf_counter() - started
        time.sleep(0.01)


def _prepare(workdir: Path) -> None:
    """This process becomes the parent of every run: in the copy, with its libraries loaded."""
    os.chdir(workdir)
    sys.path.insert(0, str(workdir))
    sys.dont_write_bytecode = True
    # Children started by the tests (python -m zhitong …) import the copy too.
    os.environ["PYTHONPATH"] = str(workdir)
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    os.environ["ZHITONG_MUTANT"] = "1"  # and the suite's conftest leaves it so (no cached bytecode of a mutant)
    import chinese_calendar  # noqa: F401
    import hypothesis  # noqa: F401
    import pytest  # noqa: F401
    import rich.console  # noqa: F401
    import typer.testing  # noqa: F401

    assert not [name for name in sys.modules if name.split(".")[0] == "zhitong"], "zhitong must be imported by each run, not here"


def _equivalent(module: str) -> dict[tuple[int, str], str]:
    path = Path(__file__).with_name("equivalent.toml")
    if not path.exists():
        return {}
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get(module, [])
    return {(entry["line"], entry["change"]): entry["why"] for entry in entries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help="e.g. zhitong/sla.py")
    parser.add_argument("--tests", nargs="+", help="test files to run (default: the module's in DEFAULT_TESTS)")
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument("--only", nargs="+", type=int, help="run only these mutant numbers")
    parser.add_argument("--lines", help="only mutants on lines FIRST-LAST")
    parser.add_argument(
        "--examples",
        type=int,
        default=QUICK_EXAMPLES,
        help=f"Hypothesis examples per property (default {QUICK_EXAMPLES}; 0: the suite's own)",
    )
    parser.add_argument("--confirm", action="store_true", help="run each survivor again with the suite's own Hypothesis settings")
    args = parser.parse_args(argv)

    module = args.module
    source = (ROOT / module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    found = mutations(tree)
    order = sorted(range(len(found)), key=lambda i: found[i][0])  # numbered by line
    # What a tracer sees is the unparsed module that runs: its statements' lines.
    unparsed = ast.parse(ast.unparse(tree))
    assert ast.dump(unparsed) == ast.dump(tree)
    unparsed_spans = [m[3] for m in mutations(unparsed)]
    numbered = [(number, found[i], unparsed_spans[i]) for number, i in enumerate(order, 1)]
    if args.lines:
        first, last = map(int, args.lines.split("-"))
        numbered = [(n, m, span) for n, m, span in numbered if first <= m[0] <= last]
    if args.only:
        numbered = [(n, m, span) for n, m, span in numbered if n in args.only]
    if args.list:
        for number, (line, change, _how, _span), _ in numbered:
            print(f"{number:4} line {line:4}  {change}")
        print(f"{len(numbered)} mutants")
        return 0

    tests = args.tests or DEFAULT_TESTS.get(module)
    if not tests:
        parser.error(f"name the test files for {module} with --tests")
    equivalent = _equivalent(module)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="zhitong-mutants-") as scratch:
        workdir = Path(scratch)
        _copy_repository(workdir)
        _prepare(workdir)
        target = workdir / module
        os.environ["ZHITONG_MUTANT"] = str(target)
        # The unparsed module, unchanged, must pass: the mutants differ from it by one node
        # only. This run also records which tests run which of its lines.
        target.write_text(ast.unparse(tree), encoding="utf-8")
        recorded = workdir / "lines.json"
        passed, baseline = _run(tests, timeout=1200, line_map=recorded)
        if not passed:
            print("the tests fail on the unmutated module; fix that first", file=sys.stderr)
            return 2
        covered = json.loads(recorded.read_text(encoding="utf-8"))
        at_import = set(covered["lines"].pop(""))
        durations = covered["durations"]
        by_line: dict[int, list[str]] = {}
        for test, lines in covered["lines"].items():
            for line in lines:
                by_line.setdefault(line, []).append(test)
        print(f"{module}: {len(numbered)} mutants, baseline run {baseline:.1f} s, tests: {' '.join(tests)}", flush=True)
        survivors, equivalents, killed, uncovered = [], [], 0, []
        for number, (line, change, how, _span), (first, last) in numbered:
            lines = set(range(first, last + 1))
            if lines & at_import:
                chosen = list(tests)  # run at import: every test may notice
            else:
                chosen = sorted({t for line_run in lines for t in by_line.get(line_run, ())}, key=durations.get)
            if not chosen:
                survived = True
                uncovered.append(number)
            else:
                target.write_text(ast.unparse(apply(tree, how)), encoding="utf-8")
                # With few Hypothesis examples; --confirm runs a survivor again with the suite's own.
                survived, _ = _run(chosen, timeout=max(60.0, 3 * baseline), examples=args.examples or None)
                if survived and args.confirm and args.examples:
                    survived, _ = _run(chosen, timeout=max(60.0, 3 * baseline))
            if not survived:
                killed += 1
            elif (line, change) in equivalent:
                equivalents.append((number, line, change, equivalent[(line, change)]))
            else:
                survivors.append((number, line, change))
                print(f"  survived #{number} line {line}: {change}{' (no test runs it)' if number in uncovered else ''}", flush=True)
            if number % 25 == 0:
                print(f"  … {number} of {len(found)} after {time.perf_counter() - started:.0f} s", flush=True)
        os.chdir(ROOT)
    print(f"{module}: {len(numbered)} mutants, {killed} killed, {len(equivalents)} equivalent, {len(survivors)} survived")
    for number, line, change, why in equivalents:
        print(f"  equivalent #{number} line {line}: {change} ({why})")
    for number, line, change in survivors:
        text = source.splitlines()[line - 1].strip()[:90]
        print(f"  SURVIVED #{number} line {line}: {change}{' (no test runs it)' if number in uncovered else ''}    {text}")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
