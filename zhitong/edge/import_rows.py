"""The import's checks: header reading and line-by-line validation, pure functions, no SQL, no I/O.

``zhitong import`` and ``zhitong ent import`` read a CSV; everything here turns its header into
column positions and each line into a checked row (or an error naming every problem of the line),
and ``zhitong.storage.queries`` writes the rows.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from zhitong.core.errors import Choices, InputError, Problems
from zhitong.core.instants import day_start, from_epoch, iso, to_epoch
from zhitong.core.normalize import normalize
from zhitong.core.reports import CHINESE_HEADERS, EXPORT_COLUMNS, FORMULA_STARTS
from zhitong.core.worked import HISTORY_FIELDS, Worked
from zhitong.edge.inputs import parse_group


def header_key(cell: str) -> str:
    """A header cell as a lookup key: full-width folded, trimmed, lower case, _ for spaces."""
    return re.sub(r"[\s\-]+", "_", normalize(cell.lstrip("\ufeff")).lower())


CASE_BASE = ("enterprise", "title", "category", "channel", "department", "received_at", "detail", "source_id")
# and a case's history, when it arrives already worked on (zhitong.core.worked)
CASE_FIELDS = CASE_BASE + HISTORY_FIELDS
CASE_REQUIRED = ("enterprise", "title", "category", "received_at")
CASE_ALIASES = {
    "企业": "enterprise",
    "企业名称": "enterprise",
    "标题": "title",
    "诉求": "title",
    "类别": "category",
    "问题类别": "category",
    "渠道": "channel",
    "来源渠道": "channel",
    "部门": "department",
    "承办部门": "department",
    "责任部门": "department",
    "受理时间": "received_at",
    "received": "received_at",
    "详情": "detail",
    "诉求内容": "detail",
    "来源编号": "source_id",
    "工单号": "source_id",
}
# The headers of the work-order sheets the hotline desk sends (12345-style), read without --map;
# `zhitong import --help` lists them.
WORK_ORDER_HEADERS = {
    "工单编号": "source_id",
    "来电时间": "received_at",
    "受理时间": "received_at",
    "企业名称": "enterprise",
    "单位名称": "enterprise",
    "来电单位": "enterprise",
    "诉求标题": "title",
    "标题": "title",
    "诉求内容": "detail",
    "问题描述": "detail",
    "承办单位": "department",
    "承办部门": "department",
    "诉求类型": "category",
    "类别": "category",
    "来源": "channel",
    "渠道": "channel",
}
CASE_ALIASES.update(WORK_ORDER_HEADERS)
# The history's columns by the Chinese of export --lang zh, and as a work-order sheet heads them.
CASE_ALIASES.update(
    {
        "责任人": "owner",
        "办理方式": "plan",
        "承诺办结时间": "eta",
        "答复时间": "responded_at",
        "现场答复": "answer",
        "答复内容": "answer",
        "办结时间": "resolved_at",
        "办结说明": "resolve_note",
        "办理结果": "resolve_note",
        "备案时间": "filed_at",
        "评价": "rating",
        "满意度": "rating",
        "评价意见": "rating_comment",
    }
)

# The example row of `zhitong import --template`, in English keys and in Chinese.
TEMPLATE_EXAMPLE = {
    "enterprise": ("新奥集团", "新奥集团"),
    "title": ("厂区门口路灯损坏", "厂区门口路灯损坏"),
    "category": ("routine", "一般"),
    "channel": ("hotline", "政企服务专线"),
    "department": ("工管委", "工管委"),
    "received_at": ("2026-11-24 09:30", "2026-11-24 09:30"),
    "detail": ("夜间照明不足", "夜间照明不足"),
    "source_id": ("HL-0001", "HL-0001"),
}


def template_rows(lang: str) -> tuple[list[str], list[str]]:
    """The header and the example row of the import template: every column an import takes."""
    chinese = lang == "zh"
    header = [CHINESE_HEADERS.get(name, TEMPLATE_HEADERS_ZH.get(name, name)) if chinese else name for name in CASE_FIELDS]
    example = [TEMPLATE_EXAMPLE.get(name, ("", ""))[chinese] for name in CASE_FIELDS]
    return header, example


# The Chinese headers of the columns an import takes that export does not write.
TEMPLATE_HEADERS_ZH = {"answer": "现场答复"}

# What `zhitong export` writes besides the columns an import takes (ref, status, the deadlines…),
# by their English and Chinese names: a case import skips them, so an exported file imports again.
EXPORT_ONLY = frozenset(header_key(label) for name in EXPORT_COLUMNS if name not in CASE_FIELDS for label in (name, CHINESE_HEADERS[name]))

ENTERPRISE_FIELDS = ("name", "credit_code", "group", "key", "contact", "phone", "officer")
ENTERPRISE_REQUIRED = ("name",)
ENTERPRISE_ALIASES = {
    "enterprise": "name",
    "企业": "name",
    "企业名称": "name",
    "名称": "name",
    "统一社会信用代码": "credit_code",
    "信用代码": "credit_code",
    "code": "credit_code",
    "分组": "group",
    "类型": "group",
    "企业类型": "group",
    "重点": "key",  # as ent list heads the column
    "重点企业": "key",
    "重点骨干企业": "key",
    "联系人": "contact",
    "电话": "phone",
    "联系电话": "phone",
    "帮扶专员": "officer",
    "专员": "officer",
}


def parse_maps(texts: list[str] | None, fields: tuple, aliases: dict) -> dict[str, str]:
    """``--map 'SHEET COLUMN=field'`` options as header key → field; the field by its key or a Chinese name."""
    mapping: dict[str, str] = {}
    for text in texts or ():
        column, equals, name = text.rpartition("=")
        key, wanted = header_key(column), header_key(name)
        field = aliases.get(wanted, wanted)
        if not equals or not key or field not in fields:
            raise InputError(
                "--map {value!r}: give the sheet's column and the field it feeds, as 'COLUMN=field'",
                hint="the fields are: {choices}",
                value=text,
                choices=Choices(fields),
            )
        mapping[key] = field
    return mapping


def read_header(
    cells: list[str],
    fields: tuple,
    required: tuple,
    aliases: dict,
    ignored: frozenset = frozenset(),
    *,
    mapping: dict[str, str] | None = None,
    ignore_extra: bool = False,
) -> tuple[dict[str, int], list[str]]:
    """Map each known column to its position, skipping ``ignored`` ones; refuse unknown, repeated or missing columns.

    ``mapping`` (from --map) names the field of a column before the known names do. An unknown
    column is refused, named with the fields no other column feeds; under ``ignore_extra`` it
    is left out instead. Returns the positions and the columns left out.
    """
    mapping = mapping or {}
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        name = mapping.get(key)
        if name is None:
            if key in ignored:
                continue
            name = aliases.get(key, key)
        if name not in fields:
            unknown.append(cell.strip())
            continue
        if name in columns:
            raise InputError("line 1: the column {value} appears twice", value=name)
        columns[name] = index
    if unknown and not ignore_extra:
        free = Choices(name for name in fields if name not in columns)
        hint = "name the field with --map 'COLUMN=field', or leave the column out with --ignore-extra"
        if len(unknown) == 1:
            raise InputError("line 1: unknown column {value!r}; it could feed {choices}", hint=hint, value=unknown[0], choices=free)
        raise InputError("line 1: unknown columns {values}; they could feed {choices}", hint=hint, values=Choices(unknown), choices=free)
    missing = [name for name in required if name not in columns]
    if missing:
        # each column by its key and, in Chinese, by the name a Chinese header may give it
        raise InputError(
            "line 1: the header lacks {names}", hint="the columns are: {choices}", names=Choices(missing), choices=Choices(fields)
        )
    return columns, unknown


class CaseRow(NamedTuple):
    """One checked line of a case import (a named tuple: a hundred thousand are made at a time)."""

    line: int
    enterprise: str  # a registry name, or a new one under --create-enterprises
    title: str
    detail: str | None
    category: str
    channel: str
    department: str | None
    received: int  # epoch seconds
    received_at: str  # the same instant as stored (ISO 8601, +08:00)
    source_id: str | None
    worked: Worked | None = None  # what was done already (owner, plan, eta, resolved_at …), if anything


_EXCEL_DAY = re.compile(r"^(\d{4})\s*[/.年]\s*(\d{1,2})\s*[/.月]\s*(\d{1,2})\s*日?")


def spreadsheet_when(text: str) -> str:
    """Accept the dates spreadsheets write (2026/11/24 9:30, 2026年11月24日 9:30) as ISO ones."""
    cleaned = normalize(text)
    match = _EXCEL_DAY.match(cleaned)
    if match:
        year, month, day = match.groups()
        rest = cleaned[match.end() :].strip()
        cleaned = f"{year}-{month}-{day}" + (" " + rest if rest else "")
    return cleaned


class Registry:
    """Names the import may refer to, with suggestions for the ones it does not know."""

    def __init__(self, names, codes: dict[str, str] | None = None):
        self.names = set(names)
        self.codes = codes or {}
        self._suggestions: dict[str, str] = {}

    def resolve(self, value: str) -> str | None:
        """The registered name for ``value`` (trimmed): as typed, full-width folded, or a credit code."""
        if value in self.names:
            return value
        folded = normalize(value)
        if folded in self.names:
            return folded
        return self.codes.get(folded.upper().replace(" ", ""))

    def suggest(self, value: str) -> str:
        if value not in self._suggestions:
            if len(self._suggestions) >= 50:  # a file full of strangers: stop looking for near misses
                return ""
            close = [name for name in self.names if value in name or name in value][:5]
            close = close or difflib.get_close_matches(value, list(self.names), n=3, cutoff=0.5)
            self._suggestions[value] = "、".join(sorted(close))
        return self._suggestions[value]


class CaseChecker:
    """Checks the lines of a case import.

    A file of a hundred thousand lines names the same few enterprises, departments, categories
    and channels over and over, and its stamps the same days and times of day, so each
    distinct cell is judged once and the verdict (a value or the error) remembered.
    """

    def __init__(
        self,
        enterprises: Registry,
        departments: Registry,
        now: datetime,
        *,
        default_channel: str = "hotline",
        create_enterprises: bool = False,
    ):
        self.enterprises = enterprises
        self.departments = departments
        self.now = now
        self.now_epoch = to_epoch(now)
        self.default_channel = default_channel
        self.create_enterprises = create_enterprises
        self.unknown_enterprises: set[str] = set()
        # Good verdicts (raw cell -> value) and bad ones (raw cell -> InputError), per column.
        self._good: dict[str, dict] = {"enterprise": {}, "category": {}, "channel": {}, "department": {}}
        self._bad: dict[str, dict] = {"enterprise": {}, "category": {}, "channel": {}, "department": {}}
        # received_at's plain form, in two halves: the day (epoch of its 00:00, or False) and
        # the time of day (seconds and the stored stamp's tail, or False).
        self._days: dict[str, int | bool] = {}
        self._times: dict[str, tuple[int, str] | bool] = {}
        self._layout = None

    def check(self, line: int, cells: list[str], columns: dict[str, int]) -> CaseRow:
        """The row, checked; or an InputError whose message lists every problem of the line."""
        rows, problems = self.check_lines(((line, cells),), columns)
        if problems:
            raise problems[0][1]
        return rows[0]

    def check_lines(self, records, columns: dict[str, int]) -> tuple[list[CaseRow], list[tuple[int, InputError]]]:
        """The good rows of ``records`` ((line, cells) pairs), and (line, error) for each bad one.

        An error names every problem of its line; a source_id that repeats an earlier good
        line's is a problem too. One loop over the file with the per-cell rules inlined: it
        runs a hundred thousand times.
        """
        from zhitong.edge.inputs import MAX_TEXT, MAX_TITLE

        if self._layout is None or self._layout[0] is not columns:
            self._layout = _layout(columns)
        _columns, width, pick, history = self._layout
        good, judge = self._good, self._verdict
        enterprises, categories, channels, departments = good["enterprise"], good["category"], good["channel"], good["department"]
        days, times, now_epoch = self._days, self._times, self.now_epoch
        make = tuple.__new__
        rows: list[CaseRow] = []
        problems: list[tuple[int, InputError]] = []
        seen: dict[str, int] = {}
        for line, cells in records:
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            cells.append("")  # what a column the header lacks reads as (index -1)
            enterprise_raw, title_raw, category_raw, channel_raw, department_raw, received_raw, detail_raw, source_raw = pick(cells)
            if "\x00" in title_raw or "\x00" in detail_raw or "\x00" in enterprise_raw or "\x00" in source_raw:
                problems.append((line, InputError("a cell holds a NUL character", hint="remove it from the sheet")))
                continue
            ok = True
            enterprise = enterprises.get(enterprise_raw, _UNSEEN)
            if enterprise is _UNSEEN:
                enterprise, ok = judge("enterprise", enterprise_raw, ok)
            category = categories.get(category_raw, _UNSEEN)
            if category is _UNSEEN:
                category, ok = judge("category", category_raw, ok)
            channel = channels.get(channel_raw, _UNSEEN)
            if channel is _UNSEEN:
                channel, ok = judge("channel", channel_raw, ok)
            department = departments.get(department_raw, _UNSEEN)
            if department is _UNSEEN:
                department, ok = judge("department", department_raw, ok)
            # text_field's rules, inlined for the common good cell; it words any error.
            # A file zhitong exported quotes text cells that begin like a formula: unquoted.
            if title_raw[:1] == "'":
                title_raw = _unquote(title_raw)
            title = title_raw.strip()
            if not title or len(title) > MAX_TITLE:
                title, ok = _text_error(title_raw, "title", required=True, limit=MAX_TITLE), False
            # the plain stamp nearly every row has, from the remembered halves; else _received
            day = days.get(received_raw[:10])
            time_of_day = times.get(received_raw[10:])
            if day and time_of_day and (received := day + time_of_day[0]) <= now_epoch:
                received_at = received_raw[:10] + time_of_day[1]
            else:
                try:
                    received, received_at = self._received(received_raw)
                except InputError as error:
                    received = received_at = error.with_traceback(None)
                    ok = False
            if detail_raw[:1] == "'":
                detail_raw = _unquote(detail_raw)
            detail = detail_raw.strip() or None
            if detail and len(detail) > MAX_TEXT:
                detail, ok = _text_error(detail_raw, "detail", limit=MAX_TEXT), False
            if source_raw[:1] == "'":
                source_raw = _unquote(source_raw)
            source_id = source_raw.strip() or None
            if source_id and len(source_id) > MAX_SOURCE_ID:
                source_id, ok = _text_error(source_raw, "source_id", limit=MAX_SOURCE_ID), False
            if not ok:
                values = (enterprise, title, category, channel, department, received, detail, source_id)
                found = [value for value in values if isinstance(value, InputError)]
                problems.append((line, InputError("{problems}", problems=Problems(found))))
                continue
            worked = None
            if history is not None:
                raw = history(cells)
                if any(raw):
                    worked = self._worked(raw, received, category, department)
                    if isinstance(worked, InputError):
                        problems.append((line, worked))
                        continue
            if source_id is not None:
                other = seen.setdefault(source_id, line)
                if other != line:
                    problems.append((line, InputError("source_id {value!r} repeats line {other}", value=source_id, other=other)))
                    continue
            rows.append(
                make(CaseRow, (line, enterprise, title, detail, category, channel, department, received, received_at, source_id, worked))
            )
        return rows, problems

    def _worked(self, raw: tuple, received: int, category: str, department: str | None) -> Worked | InputError:
        """The history cells of a line: what was done, checked as the commands would check it; or the error naming every problem."""
        from zhitong.core.worked import history_events
        from zhitong.edge.inputs import MAX_TITLE, text_field

        owner, plan, eta, responded, answer, resolved, note, filed, rating, comment = (_unquote(cell).strip() for cell in raw)
        problems: list[InputError] = []

        def attempt(function, *args, **kwargs):
            try:
                return function(*args, **kwargs)
            except InputError as error:
                problems.append(error.with_traceback(None))
                return None

        worked = Worked(
            attempt(text_field, owner, "owner", limit=MAX_TITLE) if owner else None,
            attempt(text_field, plan, "plan") if plan else None,
            attempt(self._eta, eta) if eta else None,
            attempt(self._instant, responded, "responded_at") if responded else None,
            attempt(text_field, answer, "answer") if answer else None,
            attempt(self._instant, resolved, "resolved_at") if resolved else None,
            attempt(text_field, note, "resolve_note") if note else None,
            attempt(self._instant, filed, "filed_at") if filed else None,
            attempt(_rating, rating) if rating else None,
            attempt(text_field, comment, "rating_comment") if comment else None,
        )
        if not problems:
            attempt(history_events, received, category, department, worked, "")
        if problems:
            return InputError("{problems}", problems=Problems(problems))
        return worked

    def _instant(self, value: str, name: str) -> int:
        try:
            return self._received(value)[0]
        except InputError as error:
            raise InputError("{field}: {reason}", field=name, reason=error.with_traceback(None)) from None

    def _eta(self, value: str) -> str:
        from zhitong.edge.when import parse_when

        try:
            return iso(parse_when(spreadsheet_when(value), reference=self.now))
        except InputError as error:
            raise InputError("{field}: {reason}", field="eta", reason=error.with_traceback(None)) from None

    def _verdict(self, column: str, raw: str, ok: bool) -> tuple[object, bool]:
        """Judge a cell of ``column`` once: (its value, ok) or (the InputError, False), remembered."""
        bad = self._bad[column]
        if raw in bad:
            return bad[raw], False
        judge = getattr(self, "_" + column)  # _enterprise, _category, _channel, _department
        try:
            value = judge(_unquote(raw) if column in _QUOTED else raw)
        except InputError as error:
            bad[raw] = error.with_traceback(None)
            return bad[raw], False
        self._good[column][raw] = value
        return value, ok

    @staticmethod
    def _category(value: str) -> str:
        from zhitong.core.policy import parse_category

        if not value.strip():
            raise InputError("{field} is required", field="category")
        return parse_category(normalize(value))

    def _channel(self, value: str) -> str:
        from zhitong.edge.inputs import parse_channel

        return parse_channel(normalize(value)) if value.strip() else self.default_channel

    def _enterprise(self, value: str) -> str:
        name = value.strip()  # names are kept as typed, like ent add keeps them
        if not name:
            raise InputError("{field} is required", field="enterprise")
        found = self.enterprises.resolve(name)
        if found:
            return found
        if self.create_enterprises:
            if len(name) > 100:
                raise InputError("{field} is {count} characters long; the limit is {limit}", field="enterprise", count=len(name), limit=100)
            return name
        self.unknown_enterprises.add(name)
        close = self.enterprises.suggest(name)
        if close:
            raise InputError("unknown enterprise {value!r}; did you mean {names}?", value=name, names=close)
        raise InputError("unknown enterprise {value!r}", value=name)

    def _department(self, value: str) -> str | None:
        name = value.strip()
        if not name:
            return None
        found = self.departments.resolve(name)
        if found:
            return found
        close = self.departments.suggest(name)
        if close:
            raise InputError("unknown department {value!r}; did you mean {names}?", value=name, names=close)
        raise InputError("unknown department {value!r}", value=name)

    def _received(self, value: str) -> tuple[int, str]:
        """(epoch, stored ISO form) of a received_at cell; never in the future.

        The plain form (2026-11-24 09:30, …T09:30:15, …+08:00) is read in two remembered
        halves, the day and the time of day; anything else goes to the general parser.
        """
        key, rest = value[:10], value[10:]
        day = self._days.get(key)
        if day is None:
            day = self._days[key] = _plain_day(key)
        time_of_day = self._times.get(rest)
        if time_of_day is None:
            time_of_day = self._times[rest] = _plain_time(rest)
        if day and time_of_day:
            epoch, stamp = day + time_of_day[0], key + time_of_day[1]
        else:
            from zhitong.edge.when import parse_when

            if not value.strip():
                raise InputError("{field} is required", field="received_at")
            moment = parse_when(spreadsheet_when(value), reference=self.now, past=True)
            epoch, stamp = to_epoch(moment), iso(moment)
        if epoch > self.now_epoch:
            raise InputError("{when} is in the future", when=from_epoch(epoch))
        return epoch, stamp


# The plain stamp's halves: the day is always its first ten characters.
_PLAIN_DAY = re.compile(r"(20\d\d)-(\d\d)-(\d\d)")
_PLAIN_TIME = re.compile(r"[ T]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?:\+08:00)?")


def _plain_day(text: str) -> int | bool:
    """Epoch seconds of 00:00 of a plain YYYY-MM-DD day, or False (not plain, or no such day)."""
    match = _PLAIN_DAY.fullmatch(text)
    if not match:
        return False
    year, month, day = match.groups()
    try:
        return day_start(date(int(year), int(month), int(day)).toordinal())
    except ValueError:
        return False  # an impossible day: the general parser words the error


def _plain_time(text: str) -> tuple[int, str] | bool:
    """(seconds since 00:00, the stored stamp after its day) of a plain " HH:MM[:SS][+08:00]", or False."""
    match = _PLAIN_TIME.fullmatch(text)
    if not match:
        return False
    hour, minute, second = match.groups()
    return int(hour) * 3600 + int(minute) * 60 + int(second or 0), f"T{hour}:{minute}:{second or '00'}+08:00"


_UNSEEN = object()
# The columns whose cells an export quotes when they begin like a formula (category and
# channel are words zhitong wrote itself).
_QUOTED = frozenset({"enterprise", "department"})
MAX_SOURCE_ID = 100


def _text_error(value: str, name: str, **rules) -> InputError:
    """The error ``cli.text_field`` gives for a cell that breaks its rules."""
    from zhitong.edge.inputs import text_field

    try:
        text_field(value, name, **rules)
    except InputError as error:
        return error.with_traceback(None)  # kept, so nothing may hold a frame
    raise AssertionError(f"{name} {value!r} breaks no rule")


_FORMULA = frozenset(FORMULA_STARTS)


def _unquote(cell: str) -> str:
    """A cell as typed, without the quote export puts before a formula character ('=…, '-…)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _FORMULA else cell


def _layout(columns: dict[str, int]):
    """How to pick CASE_BASE out of a row: (columns, cells needed, getter, the history's getter
    or None when the header has no history column); -1 reads as empty."""
    from operator import itemgetter

    width = max(columns.values()) + 1
    history = None
    if any(name in columns for name in HISTORY_FIELDS):
        history = itemgetter(*[columns.get(name, -1) for name in HISTORY_FIELDS])
    return columns, width, itemgetter(*[columns.get(name, -1) for name in CASE_BASE]), history


def _rating(value: str) -> int:
    digits = normalize(value)
    if not (digits.isdigit() and 1 <= int(digits) <= 5):
        raise InputError("a rating is a whole number from 1 to 5, not {value!r}", value=value)
    return int(digits)


@dataclass(frozen=True, slots=True)
class EnterpriseRow:
    line: int
    name: str
    credit_code: str | None
    group: str
    key: bool
    contact: str | None
    phone: str | None
    officer: str | None


KEY_WORDS = {
    "": False,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "否": False,
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "是": True,
    "★": True,
    "key": True,
}


def check_enterprise_row(line: int, cells: list[str], columns: dict[str, int]) -> EnterpriseRow:
    """One line of an enterprise import, checked; every problem of the line in one error."""
    from zhitong.core.uscc import parse_uscc
    from zhitong.edge.inputs import text_field

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    problems: list[InputError] = []

    def attempt(function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except InputError as error:
            problems.append(error)
            return None

    name = attempt(text_field, cell("name"), "name", required=True, limit=100)
    code = attempt(parse_uscc, cell("credit_code")) if cell("credit_code").strip() else None
    group = attempt(parse_group, cell("group"))
    key = attempt(_key, cell("key"))
    contact = attempt(text_field, cell("contact"), "contact", limit=100)
    phone = attempt(text_field, cell("phone"), "phone", limit=50)
    officer = attempt(text_field, cell("officer"), "officer", limit=100)
    if problems:
        raise InputError("{problems}", problems=Problems(problems))
    return EnterpriseRow(line, name, code, group, key, contact, phone, officer)


def _key(value: str) -> bool:
    cleaned = normalize(value).lower()
    if cleaned not in KEY_WORDS:
        raise InputError("the key column takes yes or no, not {value!r}", value=value)
    return KEY_WORDS[cleaned]


class EnterpriseChecker:
    """The lines of one enterprise import, checked against each other and the registry's credit codes."""

    def __init__(self, codes: dict[str, str]):
        self.codes = codes  # credit code → the name it belongs to in the registry
        self.names: dict[str, int] = {}  # name → the line that gave it
        self.lines_by_code: dict[str, int] = {}

    def check(self, line: int, cells: list[str], columns: dict[str, int]) -> EnterpriseRow:
        row = check_enterprise_row(line, cells, columns)
        if row.name in self.names:
            raise InputError("{value!r} repeats line {other}", value=row.name, other=self.names[row.name])
        if row.credit_code:
            owner = self.codes.get(row.credit_code)
            if owner and owner != row.name:
                raise InputError("credit code {code} already belongs to {name}", code=row.credit_code, name=owner)
            if row.credit_code in self.lines_by_code:
                raise InputError("credit code {code} repeats line {other}", code=row.credit_code, other=self.lines_by_code[row.credit_code])
            self.lines_by_code[row.credit_code] = line
        self.names[row.name] = line
        return row
