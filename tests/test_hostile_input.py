"""Hostile and random input: shown, never obeyed; refused with one line, never a traceback."""

from __future__ import annotations

import json

from conftest import error_line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOSTILE = "\x1b[31mRED\x1b[0m [red]markup[/red] [link=http://evil.example]click[/link] \x07bell\x1b]0;title\x07 \u202eevil"


def _book_with_hostile_text(zt):
    zt("dept", "add", f"工管委{HOSTILE}")
    zt("ent", "add", f"新奥集团{HOSTILE}", "--contact", HOSTILE)
    zt("new", "新奥", f"标题{HOSTILE}", "-c", "routine", "--dept", "工管委", "--detail", HOSTILE, "--at", "2026-11-20 10:00")
    zt("note", "ZT-2026-0001", f"备注{HOSTILE}")
    zt("urge", "ZT-2026-0001", "--note", HOSTILE)


def test_hostile_text_is_shown_literally_in_every_view(zt):
    _book_with_hostile_text(zt)
    views = [
        ["pending"],
        ["overdue"],
        ["list"],
        ["show", "ZT-2026-0001"],
        ["show", "ZT-2026-0001", "--reply"],
        ["ent", "list"],
        ["ent", "show", "新奥"],
        ["dept", "list"],
        ["due", "--within", "5d"],
    ]
    for view in views:
        result = zt(*view)
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream, view
            assert "\x07" not in stream, view
            assert "\u202e" not in stream, view
    shown = zt("show", "ZT-2026-0001").stdout
    assert "[red]markup[/red]" in shown
    assert "[link=http://evil.example]click[/link]" in shown


def test_hostile_text_round_trips_exactly_through_json(zt):
    _book_with_hostile_text(zt)
    case = zt.json("show", "ZT-2026-0001")
    assert case["title"] == f"标题{HOSTILE}"
    assert case["detail"] == HOSTILE
    assert case["events"][-1]["text"] == HOSTILE


def test_messages_that_echo_user_text_are_neutralised(zt):
    result = zt("dept", "add", f"\x1b[2J{HOSTILE}")
    assert "\x1b" not in result.stderr
    result = zt("new", "\x1b[2Jnobody", "x", "-c", "routine", code=2)
    assert "\x1b" not in result.stderr
    error_line(result, "no enterprise '\\x1b[2Jnobody'")  # the escape shown, not obeyed


def test_full_width_digits_are_accepted_in_dates_and_ratings(zt):
    zt("dept", "add", "经济发展局")
    zt("ent", "add", "新奥集团", "--code", "９１１１００００６０００３７３４１Ｌ")
    assert zt.json("ent", "list")[0]["credit_code"] == "91110000600037341L"
    case = zt.json("new", "新奥", "全角", "-c", "routine", "--at", "２０２６－１１－２４　１０：００")
    assert case["received_at"] == "2026-11-24T10:00:00+08:00"
    zt("resolve", case["ref"])
    assert zt.json("rate", case["ref"], "５")["rating"] == 5


def test_chinese_punctuation_in_text_is_kept_as_typed(zt):
    zt("ent", "add", "新奥集团")
    case = zt.json("new", "新奥", "华翔路封路，货物无法运出（急）", "-c", "routine")
    assert case["title"] == "华翔路封路，货物无法运出（急）"


def test_texts_are_bounded_and_impossible_dates_refused(zt):
    zt("ent", "add", "新奥集团")
    error_line(zt("new", "新奥", "长" * 201, "-c", "routine", code=2), "title is 201 characters long; the limit is 200")
    for bad, why in (
        ("2026-02-30 10:00", "2026-02 has no day 30"),
        ("2026-13-01", "there is no month 13"),
        ("25:00", "impossible time '25:00': there is no hour 25"),
        ("11/24", "'11/24' could be read two ways"),
        ("2026-11-24 24:30", "there is no hour 24"),
    ):
        error_line(zt("new", "新奥", "x", "-c", "routine", "--at", bad, code=2), why)
    assert zt.json("list") == []


COMMANDS = [
    "new",
    "assign",
    "transfer",
    "respond",
    "escalate",
    "report",
    "resolve",
    "file",
    "rate",
    "urge",
    "pause",
    "resume",
    "reopen",
    "note",
    "show",
    "pending",
    "overdue",
    "due",
    "list",
    "deadline",
    "check",
    "init",
    "dept",
    "ent",
    "calendar",
    "policy",
    "recompute",
    "search",
    "stats",
    "export",
    "import",
    "digest",
    "config",
    "backup",
]
WORDS = [
    "add",
    "list",
    "show",
    "set",
    "unset",
    "coverage",
    "--json",
    "--at",
    "--dept",
    "--category",
    "-c",
    "--channel",
    "--reason",
    "--owner",
    "--plan",
    "--eta",
    "--to",
    "--note",
    "--within",
    "--from",
    "--clock",
    "--fail",
    "--all",
    "--status",
    "--since",
    "--until",
    "--code",
    "--group",
    "--key",
    "ZT-2026-0001",
    "ZT-2026-0002",
    "zt-2026-0001",
    "新奥",
    "经济发展局",
    "routine",
    "major",
    "重大",
    "restricted",
    "consult",
    "5",
    "6",
    "0",
    "-1",
    "24h",
    "5d",
    "1x",
    "today 14:00",
    "-2h",
    "2026-11-24",
    "2026-02-30",
    "2099-12-31",
    "1999-01-01",
    "",
    " ",
    "[red]x[/red]",
    "\x1b[2J",
    "９",
    "holiday",
    "workday",
    "calendar",
    "workdays",
    "2027",
    "2026-13",
    "--month",
    "2026-11",
    "--format",
    "csv",
    "json",
    "-o",
    "out.csv",
    "--lang",
    "zh",
    "--create-enterprises",
    "--skip-invalid",
    "--dry-run",
    "cases.csv",
    "missing.csv",
    "import",
    "officer",
    "language",
    "channel",
    "--date",
    "copy.db",
    "\x00",
]

arguments = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=7)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(COMMANDS), args=arguments)
def test_random_command_lines_never_crash(book_for_fuzz, command, args):
    result = book_for_fuzz.runner.invoke(book_for_fuzz.app, [command, *args])
    _assert_handled(result, command, args)


def _assert_handled(result, *context):
    assert result.exit_code in (0, 1, 2), (*context, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (*context, repr(result.exception))
    assert "Traceback" not in result.output
    # The catch-all for our own bugs also exits 2: it must never be what answered.
    assert "internal error" not in result.output, (*context, result.output)


class _Fuzz:
    def __init__(self, zt):
        from zhitong.cli import app

        self.runner = zt.runner
        self.app = app


import pytest  # noqa: E402

CELLS = st.one_of(
    st.sampled_from(
        [
            "新奥集团",
            "华翔",
            "经济发展局",
            "routine",
            "重大",
            "hotline",
            "专线",
            "2026-11-20 10:00",
            "2026-02-30",
            "=1+1",
            "",
            " ",
            "x" * 300,
            "ZT-1",
            "holiday",
            "workday",
            "2027-01-01",
        ]
    ),
    st.text(max_size=10),
)
HEADERS = [
    "enterprise,title,category,channel,department,received_at,detail,source_id",
    "企业,标题,类别,渠道,部门,受理时间,详情",
    "name,credit_code,group,key",
    "date,kind,name",
    "enterprise,title",
    "",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    command=st.sampled_from(
        [["import"], ["import", "--skip-invalid"], ["import", "--create-enterprises"], ["ent", "import"], ["calendar", "import"]]
    ),
    header=st.sampled_from(HEADERS),
    rows=st.lists(st.lists(CELLS, max_size=9), max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "latin-1"]),
)
def test_random_csv_files_never_crash(book_for_fuzz, tmp_path_factory, command, header, rows, encoding):
    import csv
    import io

    buffer = io.StringIO()
    buffer.write(header + "\n" if header else "")
    csv.writer(buffer).writerows(rows)
    path = tmp_path_factory.mktemp("csv") / "cases.csv"
    try:
        path.write_bytes(buffer.getvalue().encode(encoding))
    except UnicodeEncodeError:
        path.write_bytes(buffer.getvalue().encode("utf-8", "replace"))
    result = book_for_fuzz.runner.invoke(book_for_fuzz.app, [*command, str(path)])
    _assert_handled(result, command, header, rows)


@pytest.fixture
def book_for_fuzz(book, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # files the random command lines write land here
    book("new", "新奥", "华翔路封路", "-c", "routine", "--dept", "经济", "--at", "2026-11-24 10:00")
    book("new", "华翔", "用地", "-c", "major", "--at", "2026-11-23 10:00")
    return _Fuzz(book)


def test_json_outputs_are_valid_json(book):
    book("new", "新奥", "华翔路封路", "-c", "routine", "--dept", "经济")
    for command in (
        ["pending"],
        ["overdue"],
        ["list"],
        ["show", "ZT-2026-0001"],
        ["dept", "list"],
        ["ent", "list"],
        ["calendar", "coverage"],
    ):
        json.loads(book(*command, "--json").stdout)
