"""The month's figures, the export's rows and the import's checks: pure functions, no SQL, no I/O.

The store hands over rows and records; everything here turns them into values, statistics or
validated rows, and the commands print them.
"""

from __future__ import annotations

import difflib
import re
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from .errors import InputError
from .when import iso, normalize, to_epoch

# -- export -----------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "ref", "enterprise", "credit_code", "channel", "category", "title", "department", "status",
    "received_at", "response_due", "responded_at", "response_met", "feedback_due", "reported_at",
    "feedback_met", "resolve_due", "resolved_at", "resolve_met", "filed_at", "rating", "transfers",
    "urges", "provisional",
)  # fmt: skip

# The header row of `export --lang zh`; import reads these names back.
CHINESE_HEADERS = {
    "ref": "编号", "enterprise": "企业", "credit_code": "统一社会信用代码", "channel": "渠道", "category": "类别",
    "title": "标题", "department": "部门", "status": "状态", "received_at": "受理时间", "response_due": "答复时限",
    "responded_at": "答复时间", "response_met": "按时答复", "feedback_due": "反馈时限", "reported_at": "反馈时间",
    "feedback_met": "按时反馈", "resolve_due": "办结时限", "resolved_at": "办结时间", "resolve_met": "按时办结",
    "filed_at": "备案时间", "rating": "评价", "transfers": "转办次数", "urges": "督办次数", "provisional": "暂定时限",
}  # fmt: skip

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_header(lang: str = "en") -> list[str]:
    return [CHINESE_HEADERS[name] for name in EXPORT_COLUMNS] if lang == "zh" else list(EXPORT_COLUMNS)


def met(due: str | None, met_at: str | None, now: str, paused_since: str | None) -> bool | None:
    """Whether a milestone was kept: True, False (met late, or unmet past due), None (pending).

    Works on stored ISO stamps, which all share the zone's fixed offset and width, so they
    compare as strings exactly as the instants do. A case paused before a deadline is not
    late while it stays paused (the timeline's rule, ``Milestone.state``).
    """
    if due is None:
        return None
    if met_at is not None:
        return met_at <= due
    if due < now and (paused_since is None or due <= paused_since):
        return False
    return None


def export_record(row, now: str) -> tuple:
    """One case's export values, in EXPORT_COLUMNS order, from ``store_reports.export_rows``."""
    (ref, enterprise, code, channel, category, title, department, status, received, r_due, responded, r_met,
     r_prov, f_due, reported, f_met, f_prov, s_due, resolved, s_met, s_prov, filed, rating, transfers, urges,
     paused) = row  # fmt: skip
    provisional = bool((r_prov and r_met is None) or (f_prov and f_met is None) or (s_prov and s_met is None))
    return (
        ref, enterprise, code, channel, category, title, department, status, received,
        r_due, responded, met(r_due, r_met, now, paused), f_due, reported, met(f_due, f_met, now, paused),
        s_due, resolved, met(s_due, s_met, now, paused), filed, rating, transfers, urges, provisional,
    )  # fmt: skip


def csv_cell(value) -> str:
    """A value as a CSV cell: yes/no for flags, empty for none, formulas neutralised with a quote."""
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, int):
        return str(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_record(record: tuple) -> list[str]:
    return [csv_cell(value) for value in record]


_FORMULA = frozenset(FORMULA_STARTS)


def _safe(value: str | None) -> str | None:
    return "'" + value if value and value[0] in _FORMULA else value


def _flag(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def export_csv_row(row, now: str) -> tuple:
    """``csv_record(export_record(row, now))``, in one pass: export's hot loop.

    Only the columns that hold what people typed (names, codes, titles) can start with a
    formula character; the rest are zhitong's own codes, ISO stamps and counts, which the CSV
    writer turns into text itself (None into an empty cell).
    """
    (ref, enterprise, code, channel, category, title, department, status, received, r_due, responded, r_met,
     r_prov, f_due, reported, f_met, f_prov, s_due, resolved, s_met, s_prov, filed, rating, transfers, urges,
     paused) = row  # fmt: skip
    provisional = (r_prov and r_met is None) or (f_prov and f_met is None) or (s_prov and s_met is None)
    return (
        ref, _safe(enterprise), _safe(code), channel, category, _safe(title), _safe(department), status, received,
        r_due, responded, _flag(met(r_due, r_met, now, paused)), f_due, reported, _flag(met(f_due, f_met, now, paused)),
        s_due, resolved, _flag(met(s_due, s_met, now, paused)), filed, rating, transfers, urges,
        "yes" if provisional else "no",
    )  # fmt: skip


# -- stats ------------------------------------------------------------------------------------------


@dataclass
class DepartmentStats:
    """One department's month, counted over the cases received in it (the total row too).

    A milestone is *settled* once it is met, or unmet and past its deadline; pending ones are
    not counted either way, so a department is not marked down for time it still has.
    """

    department: str | None  # None: unassigned cases (in the rows), or every case (the total)
    received: int = 0
    responses_on_time: int = 0
    responses_settled: int = 0
    resolutions_on_time: int = 0
    resolutions_settled: int = 0
    milestones_on_time: int = 0
    milestones_settled: int = 0
    overdue: int = 0
    urges: int = 0
    transfers: int = 0
    response_seconds: list = field(default_factory=list)
    ratings: list = field(default_factory=list)

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def response_rate(self) -> float | None:
        return self._rate(self.responses_on_time, self.responses_settled)

    @property
    def resolve_rate(self) -> float | None:
        return self._rate(self.resolutions_on_time, self.resolutions_settled)

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.milestones_on_time, self.milestones_settled)

    @property
    def median_response_seconds(self) -> int | None:
        return int(statistics.median(self.response_seconds)) if self.response_seconds else None

    @property
    def mean_rating(self) -> float | None:
        return round(statistics.fmean(self.ratings), 2) if self.ratings else None

    def add(self, other: DepartmentStats) -> None:
        for name in ("received", "responses_on_time", "responses_settled", "resolutions_on_time", "resolutions_settled",
                     "milestones_on_time", "milestones_settled", "overdue", "urges", "transfers"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.response_seconds.extend(other.response_seconds)
        self.ratings.extend(other.ratings)

    def to_json(self) -> dict:
        def rounded(rate):
            return None if rate is None else round(rate, 4)

        return {
            "department": self.department,
            "received": self.received,
            "responses_on_time": self.responses_on_time,
            "responses_settled": self.responses_settled,
            "response_on_time_rate": rounded(self.response_rate),
            "resolutions_on_time": self.resolutions_on_time,
            "resolutions_settled": self.resolutions_settled,
            "resolve_on_time_rate": rounded(self.resolve_rate),
            "milestones_on_time": self.milestones_on_time,
            "milestones_settled": self.milestones_settled,
            "on_time_rate": rounded(self.on_time_rate),
            "median_response_seconds": self.median_response_seconds,
            "still_overdue": self.overdue,
            "urges": self.urges,
            "transfers": self.transfers,
            "ratings": len(self.ratings),
            "mean_rating": self.mean_rating,
        }


def department_stats(cases, departments: list[str], calendar, now: datetime) -> tuple[list[DepartmentStats], DepartmentStats]:
    """Per-department figures (every named department, plus unassigned cases) and the total.

    Cases count for the department that holds them now. Response time is working time (on the
    response milestone's clock) from intake to the written answer. Rows are ranked by on-time
    rate, best first; departments with nothing settled follow, then unassigned cases.
    """
    rows: dict[str | None, DepartmentStats] = {name: DepartmentStats(name) for name in departments}
    unassigned = DepartmentStats(None)
    for case in cases:
        row = rows.setdefault(case.department, DepartmentStats(case.department)) if case.department else unassigned
        row.received += 1
        row.urges += case.urges
        row.transfers += case.transfers
        if case.rating is not None:
            row.ratings.append(case.rating)
        late_now = False
        for milestone in case.milestones:
            state = milestone.state(now, case.paused_since)
            settled = state in ("met", "late")
            on_time = state == "met"
            row.milestones_settled += settled
            row.milestones_on_time += on_time
            if milestone.name == "response":
                row.responses_settled += settled
                row.responses_on_time += on_time
                if milestone.met_at is not None:
                    row.response_seconds.append(
                        calendar.elapsed(to_epoch(case.received_at), to_epoch(milestone.met_at), milestone.clock)
                    )
            elif milestone.name == "resolve":
                row.resolutions_settled += settled
                row.resolutions_on_time += on_time
            if milestone.met_at is None and state == "late":
                late_now = True
        row.overdue += late_now
    ranked = sorted(
        rows.values(),
        key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.received, r.department),
    )
    if unassigned.received:
        ranked.append(unassigned)
    total = DepartmentStats(None)
    for row in ranked:
        total.add(row)
    return ranked, total


# -- search -----------------------------------------------------------------------------------------

TRIGRAM = 3  # the full-text index finds any run of three or more characters


def search_terms(text: str) -> list[str]:
    """The query's words, as typed; every one must occur in the case (see ``term_variants``)."""
    terms = text.split()
    if not terms:
        raise InputError("nothing to search for", hint="give a word or a phrase, e.g. 限高杆")
    return terms


def term_variants(term: str) -> list[str]:
    """A word as typed and full-width folded: text is stored as typed, and "，" is not ","."""
    folded = normalize(term)
    return [term] if folded == term or not folded else [term, folded]


def snippet(text: str, term: str, around: int = 12) -> str:
    """The part of ``text`` around the first occurrence of ``term``, on one line."""
    flat = " ".join(text.split())
    index = flat.lower().find(term.lower())
    if index < 0:
        return flat[: 2 * around + len(term)]
    start, end = max(index - around, 0), min(index + len(term) + around, len(flat))
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def match_context(title: str, detail: str | None, texts: list[str], terms: list[str]) -> tuple[str, str]:
    """Where the first term was found (title, detail or history) and the text around it."""
    variants = term_variants(terms[0])
    for where, texts_here in (("title", [title]), ("detail", [detail or ""]), ("history", texts)):
        for text in texts_here:
            for term in variants:
                if term.lower() in text.lower():
                    return where, snippet(text, term)
    return "title", snippet(title, terms[0])


# -- import -----------------------------------------------------------------------------------------


def header_key(cell: str) -> str:
    """A header cell as a lookup key: full-width folded, trimmed, lower case, _ for spaces."""
    return re.sub(r"[\s\-]+", "_", normalize(cell.lstrip("\ufeff")).lower())


CASE_FIELDS = ("enterprise", "title", "category", "channel", "department", "received_at", "detail", "source_id")
CASE_REQUIRED = ("enterprise", "title", "category", "received_at")
CASE_ALIASES = {
    "企业": "enterprise", "企业名称": "enterprise", "标题": "title", "诉求": "title", "类别": "category",
    "问题类别": "category", "渠道": "channel", "来源渠道": "channel", "部门": "department", "承办部门": "department",
    "责任部门": "department", "受理时间": "received_at", "received": "received_at", "详情": "detail",
    "诉求内容": "detail", "来源编号": "source_id", "工单号": "source_id",
}  # fmt: skip

ENTERPRISE_FIELDS = ("name", "credit_code", "group", "key", "contact", "phone", "officer")
ENTERPRISE_REQUIRED = ("name",)
ENTERPRISE_ALIASES = {
    "enterprise": "name", "企业": "name", "企业名称": "name", "名称": "name", "统一社会信用代码": "credit_code",
    "信用代码": "credit_code", "code": "credit_code", "分组": "group", "类型": "group", "企业类型": "group",
    "重点企业": "key", "重点骨干企业": "key", "联系人": "contact", "电话": "phone", "联系电话": "phone",
    "帮扶专员": "officer", "专员": "officer",
}  # fmt: skip


def read_header(cells: list[str], fields: tuple, required: tuple, aliases: dict) -> dict[str, int]:
    """Map each known column to its position; refuse unknown, repeated or missing columns."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        name = aliases.get(key, key)
        if name not in fields:
            raise InputError(
                "line 1: unknown column {value!r}", hint="the columns are: {choices}", value=cell, choices=", ".join(fields)
            )
        if name in columns:
            raise InputError("line 1: the column {value} appears twice", value=name)
        columns[name] = index
    missing = [name for name in required if name not in columns]
    if missing:
        raise InputError(
            "line 1: the header lacks {names}", hint="the columns are: {choices}", names=", ".join(missing), choices=", ".join(fields)
        )
    return columns


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


_EXCEL_DAY = re.compile(r"^(\d{4})\s*[/.年]\s*(\d{1,2})\s*[/.月]\s*(\d{1,2})\s*日?")
# The form nearly every row of a real file takes; parsed here without the general parser.
_PLAIN_WHEN = re.compile(r"(20\d\d)-(\d\d)-(\d\d)[ T]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?")


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
    """Checks one line of a case import at a time.

    A file of a hundred thousand lines names the same few enterprises, departments, categories
    and channels over and over, so each distinct cell is judged once and the verdict (a value
    or the error) remembered.
    """

    def __init__(self, enterprises: Registry, departments: Registry, now: datetime, *, default_channel: str = "hotline",
                 create_enterprises: bool = False):  # fmt: skip
        self.enterprises = enterprises
        self.departments = departments
        self.now = now
        self.now_epoch = to_epoch(now)
        self.default_channel = default_channel
        self.create_enterprises = create_enterprises
        self.unknown_enterprises: set[str] = set()
        self._verdicts: dict[str, dict] = {"enterprise": {}, "category": {}, "channel": {}, "department": {}}
        self._layout = None

    def check(self, line: int, cells: list[str], columns: dict[str, int]) -> CaseRow:
        """The row, checked; or an InputError whose message lists every problem of the line."""
        from .inputs import MAX_TEXT, MAX_TITLE

        if self._layout is None or self._layout[0] is not columns:
            self._layout = _layout(columns)
        _columns, width, pick = self._layout
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        cells.append("")  # what a column the header lacks reads as (index -1)
        enterprise_raw, title_raw, category_raw, channel_raw, department_raw, received_raw, detail_raw, source_raw = pick(cells)
        verdicts = self._verdicts
        enterprise = verdicts["enterprise"].get(enterprise_raw, _UNSEEN)
        if enterprise is _UNSEEN:
            enterprise = _verdict(verdicts["enterprise"], self._enterprise, enterprise_raw)
        category = verdicts["category"].get(category_raw, _UNSEEN)
        if category is _UNSEEN:
            category = _verdict(verdicts["category"], self._category, category_raw)
        channel = verdicts["channel"].get(channel_raw, _UNSEEN)
        if channel is _UNSEEN:
            channel = _verdict(verdicts["channel"], self._channel, channel_raw)
        department = verdicts["department"].get(department_raw, _UNSEEN)
        if department is _UNSEEN:
            department = _verdict(verdicts["department"], self._department, department_raw)
        # text_field's rules, inlined for the common good cell; it words any error
        title = title_raw.strip()
        if not title or len(title) > MAX_TITLE:
            title = _text_error(title_raw, "title", required=True, limit=MAX_TITLE)
        try:
            received, received_at = self._received(received_raw)
        except InputError as error:
            received = received_at = error
        detail = detail_raw.strip() or None
        if detail and len(detail) > MAX_TEXT:
            detail = _text_error(detail_raw, "detail", limit=MAX_TEXT)
        source_id = source_raw.strip() or None
        if source_id and len(source_id) > MAX_SOURCE_ID:
            source_id = _text_error(source_raw, "source_id", limit=MAX_SOURCE_ID)
        if not (type(enterprise) is str and type(category) is str and type(channel) is str and type(title) is str
                and type(received) is int and not isinstance(department, InputError)
                and not isinstance(detail, InputError) and not isinstance(source_id, InputError)):  # fmt: skip
            values = (enterprise, title, category, channel, department, received, detail, source_id)
            problems = [value for value in values if isinstance(value, InputError)]
            raise InputError("{problems}", problems="; ".join(p.render(_language()) for p in problems))
        return CaseRow(line, enterprise, title, detail, category, channel, department, received, received_at, source_id)

    @staticmethod
    def _category(value: str) -> str:
        from .policy import parse_category

        if not value.strip():
            raise InputError("{name} is required", name="category")
        return parse_category(normalize(value))

    def _channel(self, value: str) -> str:
        from .inputs import parse_channel

        return parse_channel(normalize(value)) if value.strip() else self.default_channel

    def _enterprise(self, value: str) -> str:
        name = value.strip()  # names are kept as typed, like ent add keeps them
        if not name:
            raise InputError("{name} is required", name="enterprise")
        found = self.enterprises.resolve(name)
        if found:
            return found
        if self.create_enterprises:
            if len(name) > 100:
                raise InputError("{name} is {count} characters long; the limit is {limit}", name="enterprise", count=len(name), limit=100)
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
        """(epoch, stored ISO form) of a received_at cell; never in the future."""
        match = _PLAIN_WHEN.fullmatch(value)
        epoch = None
        if match:
            year, month, day, hour, minute, second = match.groups()
            try:
                ordinal = date(int(year), int(month), int(day)).toordinal()
            except ValueError:
                pass  # an impossible day: the general parser words the error
            else:
                epoch = (ordinal - _EPOCH_ORDINAL) * 86400 + int(hour) * 3600 + int(minute) * 60 + int(second or 0) - _OFFSET
                stamp = f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}+08:00"
        if epoch is None:
            from .when import parse_when

            if not value.strip():
                raise InputError("{name} is required", name="received_at")
            moment = parse_when(spreadsheet_when(value), reference=self.now)
            epoch, stamp = to_epoch(moment), iso(moment)
        if epoch > self.now_epoch:
            raise InputError("{when} is in the future", when=stamp)
        return epoch, stamp


_UNSEEN = object()
MAX_SOURCE_ID = 100


def _text_error(value: str, name: str, **rules) -> InputError:
    """The error ``cli.text_field`` gives for a cell that breaks its rules."""
    from .inputs import text_field

    try:
        text_field(value, name, **rules)
    except InputError as error:
        return error
    raise AssertionError(f"{name} {value!r} breaks no rule")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_OFFSET = 8 * 3600  # the zone's fixed +08:00 (when.ZONE)


def _verdict(cache: dict, judge, raw: str):
    """Judge a cell once: its value, or the InputError saying what is wrong with it."""
    try:
        result = judge(raw)
    except InputError as error:
        result = error
    cache[raw] = result
    return result


def _layout(columns: dict[str, int]):
    """How to pick CASE_FIELDS out of a row: (columns, cells needed, getter); -1 reads as empty."""
    from operator import itemgetter

    width = max(columns.values()) + 1
    return columns, width, itemgetter(*[columns.get(name, -1) for name in CASE_FIELDS])


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


GROUP_WORDS = {"service": "service", "规上": "service", "规上企业": "service", "liaison": "liaison", "包联": "liaison",
               "包联帮扶": "liaison", "包联帮扶企业": "liaison"}  # fmt: skip
KEY_WORDS = {"": False, "no": False, "n": False, "false": False, "0": False, "否": False,
             "yes": True, "y": True, "true": True, "1": True, "是": True, "★": True, "key": True}  # fmt: skip


def check_enterprise_row(line: int, cells: list[str], columns: dict[str, int]) -> EnterpriseRow:
    """One line of an enterprise import, checked; every problem of the line in one error."""
    from .inputs import text_field
    from .uscc import parse_uscc

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
    group = attempt(_group, cell("group"))
    key = attempt(_key, cell("key"))
    contact = attempt(text_field, cell("contact"), "contact", limit=100)
    phone = attempt(text_field, cell("phone"), "phone", limit=50)
    officer = attempt(text_field, cell("officer"), "officer", limit=100)
    if problems:
        raise InputError("{problems}", problems="; ".join(p.render(_language()) for p in problems))
    return EnterpriseRow(line, name, code, group, key, contact, phone, officer)


def _group(value: str) -> str:
    cleaned = normalize(value).lower()
    if not cleaned:
        return "service"
    if cleaned not in GROUP_WORDS:
        raise InputError("unknown group {value!r}", hint="use service or liaison", value=value)
    return GROUP_WORDS[cleaned]


def _key(value: str) -> bool:
    cleaned = normalize(value).lower()
    if cleaned not in KEY_WORDS:
        raise InputError("the key column takes yes or no, not {value!r}", value=value)
    return KEY_WORDS[cleaned]


def _language() -> str:
    from .i18n import language

    return language()
