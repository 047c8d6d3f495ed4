"""calendar import end to end: the State Council's notice pasted or from a file, and the CSV as
spreadsheets save it. Every run has its own database and a frozen clock (conftest)."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from tests.test_notice import NOTICE_2027

NOTICES = Path(__file__).parent / "notices"

# A first, mistaken 2027 notice: 元旦 four days with a make-up Saturday. Consistent in itself,
# so it is entered; the corrected one (NOTICE_2027) replaces it.
MISTAKEN_2027 = NOTICE_2027.replace(
    "一、元旦：1月1日（周五）至3日（周日）放假，共3天。", "一、元旦：1月1日（周五）至4日（周一）放假调休，共4天。1月9日（周六）上班。"
)


@pytest.fixture
def notice(tmp_path):
    def write(text: str = NOTICE_2027, name: str = "notice-2027.txt", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding=encoding)
        return path

    return write


def user_years(zt, now=None):
    return zt.json("calendar", "coverage", now=now)["user_years"]


def test_dry_run_json_is_the_list_of_days_and_writes_nothing(zt, notice):
    result = zt("calendar", "import", "--notice", notice(), "--dry-run", "--json")
    days = json.loads(result.stdout)
    assert days[:4] == [
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
        {"date": "2027-01-02", "kind": "holiday", "name": "元旦"},
        {"date": "2027-01-03", "kind": "holiday", "name": "元旦"},
        {"date": "2027-02-05", "kind": "holiday", "name": "春节"},
    ]
    assert {"date": "2027-02-20", "kind": "workday", "name": "春节"} in days
    assert all(set(day) == {"date", "kind", "name"} and day["kind"] in ("holiday", "workday") for day in days)
    assert [day["date"] for day in days] == sorted(day["date"] for day in days)
    assert len(days) == 29 + 6
    assert user_years(zt) == []
    assert zt.json("deadline", "48h", "--from", "2026-12-30 10:00")["provisional"] is True


def test_dry_run_shows_the_years_month_grids(zt, notice):
    result = zt("calendar", "import", "--notice", notice(), "--dry-run")
    assert "2027-01" in result.stdout and "2027-12" in result.stdout
    assert "元旦" in result.stdout and "国庆节" in result.stdout
    assert "provisional" not in result.stdout  # the grids show 2027 as it would be entered
    assert "29 days off and 6 make-up working days; nothing was written" in result.stderr
    assert user_years(zt) == []


def test_a_real_import_makes_provisional_deadlines_final(zt, notice):
    zt("ent", "add", "新奥集团")
    now = "2026-12-31T09:00"
    major = zt.json("new", "新奥", "年底重大问题", "-c", "major", "--at", "2026-12-30 10:00", now=now)
    closed = zt.json("new", "新奥", "已办结问题", "-c", "routine", "--at", "2026-12-31 08:00", now=now)["ref"]
    zt("resolve", closed, "--at", "2026-12-31 08:30", now=now)
    assert major["provisional"] is True
    assert major["feedback_due"] == "2027-01-01T10:00:00+08:00"  # weekends only: Friday Jan 1 counted
    result = zt("calendar", "import", "--notice", notice(), now=now)
    assert "entered the notice for 2027: 29 days off, 6 make-up working days; 2 cases recomputed" in result.stderr
    assert "2027-06" in result.stdout and "端午节" in result.stdout  # the year's grids
    after = zt.json("show", major["ref"], now=now)
    assert after["provisional"] is False
    assert after["feedback_due"] == "2027-01-04T10:00:00+08:00"  # Jan 1–3 off
    assert after["resolve_due"] == "2027-01-08T00:00:00+08:00"  # Dec 31, Jan 4, 5, 6, 7
    assert zt.json("show", closed, now=now)["provisional"] is False
    assert user_years(zt, now) == [2027]
    assert zt.json("calendar", "coverage", now=now)["last"] == "2027-12-31"
    zt("check", now=now)


def test_re_entering_a_corrected_notice_replaces_the_years_days(zt, notice):
    zt("ent", "add", "新奥集团")
    now = "2026-12-31T11:00"
    ref = zt.json("new", "新奥", "例", "-c", "routine", "--at", "2026-12-31 10:00", now=now)["ref"]
    zt("calendar", "import", "--notice", notice(MISTAKEN_2027, "mistaken.txt"), now=now)
    assert zt.json("show", ref, now=now)["response_due"] == "2027-01-05T10:00:00+08:00"  # Jan 1–4 off
    assert zt.json("deadline", "24h", "--from", "2027-01-08 10:00", now=now)["due"] == "2027-01-09T10:00:00+08:00"
    result = zt("calendar", "import", "--notice", notice(), now=now)
    assert "1 cases recomputed" in result.stderr
    assert "2 days entered for 2027 before and not in this notice were removed" in result.stderr
    assert zt.json("show", ref, now=now)["response_due"] == "2027-01-04T10:00:00+08:00"
    # Saturday Jan 9 is no make-up day any more
    assert zt.json("deadline", "24h", "--from", "2027-01-08 10:00", now=now)["due"] == "2027-01-11T10:00:00+08:00"
    assert user_years(zt, now) == [2027]


def test_a_year_the_built_in_data_covers_needs_replace(zt, notice):
    corrected = (NOTICES / "2026.txt").read_text(encoding="utf-8").replace("9月20日(周日)、10月10日(周六)上班", "10月10日(周六)上班")
    path = notice(corrected, "2026-corrected.txt")
    refused = zt("calendar", "import", "--notice", path, code=2)
    assert "2026 is in the built-in schedule already; nothing was entered — give --replace" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert user_years(zt) == []
    zt("calendar", "import", "--notice", path, "--dry-run")  # a dry run reads any year
    # Sunday 2026-09-20 is a make-up day in the built-in data; the correction drops it
    assert zt.json("deadline", "24h", "--from", "2026-09-18 10:00")["due"] == "2026-09-20T10:00:00+08:00"
    zt("calendar", "import", "--notice", path, "--replace")
    assert zt.json("deadline", "24h", "--from", "2026-09-18 10:00")["due"] == "2026-09-21T10:00:00+08:00"
    assert zt.json("deadline", "24h", "--from", "2026-10-09 10:00")["due"] == "2026-10-10T10:00:00+08:00"  # kept


def test_the_notice_can_be_pasted_on_standard_input(zt, notice):
    from_file = zt("calendar", "import", "--notice", notice(), "--dry-run", "--json").stdout
    assert zt("calendar", "import", "--notice", "-", "--dry-run", "--json", input=NOTICE_2027).stdout == from_file
    items = NOTICE_2027[NOTICE_2027.index("一、") : NOTICE_2027.index("节假日期间")]
    refused = zt("calendar", "import", "--notice", "-", input=items, code=2)
    assert "does not say which year it is for — give the year, e.g. --year 2027" in refused.stderr
    zt("calendar", "import", "--notice", "-", "--year", "2027", input=items)
    assert user_years(zt) == [2027]


def test_a_notice_with_a_typo_is_refused_naming_the_sentence_and_nothing_is_written(zt, notice):
    typo = NOTICE_2027.replace("10月1日（周五）至7日（周四）放假调休，共7天", "10月1日（周五）至7日（周四）放假调休，共8天").replace(
        "4月3日（周六）", "4月3日（周日）"
    )
    result = zt("calendar", "import", "--notice", notice(typo), code=2)
    assert "item 三 (清明节), “4月3日（周日）至5日（周一）放假，共3天”: 2027-04-03 is a Saturday, not 周日" in result.stderr
    assert "item 七 (国庆节)" in result.stderr and "it says 8 days, but 2027-10-01 – 2027-10-07 is 7 days" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert user_years(zt) == []
    chinese = zt("--lang", "zh", "calendar", "import", "--notice", notice(typo), "--dry-run", code=2)
    assert "第三项（清明节），“4月3日（周日）至5日（周一）放假，共3天”：2027-04-03 是星期六，不是周日" in chinese.stderr
    assert chinese.stdout == ""


def test_the_issues_two_lines_as_2027_are_caught(zt):
    from tests.test_notice import ISSUE_LINES

    result = zt("calendar", "import", "--notice", "-", "--year", "2027", input=ISSUE_LINES, code=2)
    assert "2027-01-01 is a Friday, not 周四" in result.stderr
    assert user_years(zt) == []


def test_the_command_line_names_one_source(zt, notice, tmp_path):
    assert "give a CSV file or --notice" in zt("calendar", "import", code=2).stderr
    csv = tmp_path / "2027.csv"
    csv.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    assert "give a CSV file or --notice" in zt("calendar", "import", csv, "--notice", notice(), code=2).stderr
    assert "--year and --replace go with --notice" in zt("calendar", "import", csv, "--year", "2027", code=2).stderr
    missing = zt("calendar", "import", "--notice", tmp_path / "missing.txt", code=2)
    assert len(missing.stderr.strip().splitlines()) == 1 and "missing.txt" in missing.stderr


def test_a_notice_saved_by_windows_notepad_or_excel_is_read(zt, notice):
    expected = zt("calendar", "import", "--notice", notice(), "--dry-run", "--json").stdout
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        path = notice(NOTICE_2027.replace("\n", "\r\n"), f"notice-{encoding}.txt", encoding)
        assert zt("calendar", "import", "--notice", path, "--dry-run", "--json").stdout == expected, encoding


# -- the CSV route ---------------------------------------------------------------------------------

CHINESE_CSV = "日期,类型,名称\n2027/1/1,放假,元旦\n2027年1月2日,休,元旦\n2027-1-3,放假,元旦\n2027/2/20,上班,春节\n2027年2月21日,班,春节\n"
EXPECTED_DAYS = [
    {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
    {"date": "2027-01-02", "kind": "holiday", "name": "元旦"},
    {"date": "2027-01-03", "kind": "holiday", "name": "元旦"},
    {"date": "2027-02-20", "kind": "workday", "name": "春节"},
    {"date": "2027-02-21", "kind": "workday", "name": "春节"},
]


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-8", ","), ("utf-8-sig", ","), ("gb18030", ","), ("utf-16", "\t"), ("utf-16", ",")],
    ids=["utf-8", "utf-8 with BOM", "GB18030 (Excel, Chinese Windows)", "UTF-16 tab-separated (Excel/WPS Unicode text)", "UTF-16 CSV"],
)
def test_the_csv_route_reads_what_spreadsheets_save(zt, tmp_path, encoding, separator):
    path = tmp_path / "schedule.csv"
    path.write_bytes(CHINESE_CSV.replace(",", separator).replace("\n", "\r\n").encode(encoding))
    if encoding == "utf-16":
        assert path.read_bytes()[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    assert zt.json("calendar", "import", path, "--dry-run") == EXPECTED_DAYS
    assert user_years(zt) == []
    assert "imported 5 days; years now covered: 2027" in zt("calendar", "import", path).stderr
    assert user_years(zt) == [2027]
    assert zt.json("deadline", "24h", "--from", "2027-02-19 10:00")["due"] == "2027-02-20T10:00:00+08:00"


def test_the_csv_route_still_names_every_bad_line(zt, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("日期,类型,名称\n2027/2/30,放假,x\n2027年1月1日,放假,元旦\n2027-02-07,假期,x\n", encoding="utf-8")
    result = zt("calendar", "import", path, code=2)
    assert "line 2:" in result.stderr and "line 4:" in result.stderr and "line 3:" not in result.stderr
    path.write_text("day,type\n2027-01-01,holiday\n", encoding="utf-8")
    assert "the first line must be the header date,kind,name (or 日期,类型,名称)" in zt("calendar", "import", path, code=2).stderr
    path.write_bytes(b"date,kind,name\n2027-01-01,holiday,\xff\xfe\xfd\n")
    assert "neither UTF-8, GB18030 nor UTF-16" in zt("calendar", "import", path, code=2).stderr
    assert user_years(zt) == []
