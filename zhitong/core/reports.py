"""The month's figures, the export's rows and search's matches: pure functions, no SQL, no I/O.

The store hands over rows and records; everything here turns them into values or statistics,
and the commands print them. The import's checks live in ``zhitong.edge.import_rows``.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from zhitong.core.errors import InputError
from zhitong.core.instants import to_epoch
from zhitong.core.normalize import normalize
from zhitong.core.verdicts import kept
from zhitong.core.vocabulary import CATEGORY_SHORT, CHANNELS, CHINESE, CLOSED, STARTED_LATER, STATUSES

# -- export -----------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "ref",
    "enterprise",
    "credit_code",
    "channel",
    "category",
    "title",
    "department",
    "status",
    "received_at",
    "response_due",
    "responded_at",
    "response_met",
    "feedback_due",
    "reported_at",
    "feedback_met",
    "resolve_due",
    "resolved_at",
    "resolve_met",
    "filed_at",
    "rating",
    "transfers",
    "urges",
    "provisional",
    "detail",
    "source_id",
    # added after the first ones, never renamed: scripts read the columns by name or position
    "owner",
    "plan",
    "eta",
    "resolve_note",
    "rating_comment",
    "reopens",
    "corrections",
    "sign_due",
    "signed_at",
    "sign_met",
    "returns",
    "extensions",
    "callback_due",
    "callback_at",
    "callback_met",
)

# The header row of `export --lang zh` (the values stay as they are). Import reads back the
# columns it takes by these names (import_rows.CASE_ALIASES) and skips the rest (EXPORT_ONLY).
CHINESE_HEADERS = {
    "ref": "编号",
    "enterprise": "企业",
    "credit_code": "统一社会信用代码",
    "channel": "渠道",
    "category": "类别",
    "title": "标题",
    "department": "部门",
    "status": "状态",
    "received_at": "受理时间",
    "response_due": "答复时限",
    "responded_at": "答复时间",
    "response_met": "按时答复",
    "feedback_due": "反馈时限",
    "reported_at": "反馈时间",
    "feedback_met": "按时反馈",
    "resolve_due": "办结时限",
    "resolved_at": "办结时间",
    "resolve_met": "按时办结",
    "filed_at": "备案时间",
    "rating": "评价",
    "transfers": "转办次数",
    "urges": "督办次数",
    "provisional": "暂定时限",
    "detail": "详情",
    "source_id": "来源编号",
    "owner": "责任人",
    "plan": "办理方式",
    "eta": "承诺办结时间",
    "resolve_note": "办结说明",
    "rating_comment": "评价意见",
    "reopens": "重办次数",
    "corrections": "更正次数",
    "sign_due": "签收时限",
    "signed_at": "签收时间",
    "sign_met": "按时签收",
    "returns": "回退次数",
    "extensions": "延期次数",
    "callback_due": "回访时限",
    "callback_at": "回访时间",
    "callback_met": "按时回访",
}

# The columns that hold instants, and those that hold a verdict or a yes/no.
EXPORT_INSTANTS = frozenset(
    (
        "received_at",
        "response_due",
        "responded_at",
        "feedback_due",
        "reported_at",
        "resolve_due",
        "resolved_at",
        "filed_at",
        "eta",
        "sign_due",
        "signed_at",
        "callback_due",
        "callback_at",
    )
)
EXPORT_VERDICTS = frozenset(("response_met", "feedback_met", "resolve_met", "provisional", "sign_met", "callback_met"))
# The columns that hold a count (or the rating): numbers in a workbook.
EXPORT_COUNTS = frozenset(("rating", "transfers", "urges", "reopens", "corrections", "returns", "extensions"))
# The stored words as `export --lang zh` writes them (and as zhitong import reads them back):
# statuses and channels by their Chinese, categories by the short names officers use, yes/no.
EXPORT_WORDS_ZH = {
    **{word: CHINESE[word] for word in STATUSES + CHANNELS},
    **CATEGORY_SHORT,
    "yes": "是",
    "no": "否",
}
# The cases a month's report leaves out unless asked for (withdrawn: logged by mistake;
# merged: folded into the case it repeats).
LEFT_OUT = ("withdrawn", "merged")

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection); the CSV
# export puts a quote before it (store_reports._typed_sql), and import takes one quote off. A
# text that itself begins with a quote gets one more, so that it survives the round trip
# ('abc is exported ''abc, which a spreadsheet shows as 'abc and import reads as 'abc).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def export_header(lang: str = "en") -> list[str]:
    return [CHINESE_HEADERS[name] for name in EXPORT_COLUMNS] if lang == "zh" else list(EXPORT_COLUMNS)


def export_record(row, now: str) -> tuple:
    """One case's export values, in EXPORT_COLUMNS order, from ``store_reports.export_rows`` (the JSON export)."""
    (
        ref,
        enterprise,
        code,
        channel,
        category,
        title,
        department,
        status,
        received,
        r_due,
        responded,
        r_met,
        r_prov,
        f_due,
        reported,
        f_met,
        f_prov,
        s_due,
        resolved,
        s_met,
        s_prov,
        filed,
        rating,
        transfers,
        urges,
        paused,
        detail,
        source_id,
        owner,
        plan,
        eta,
        resolve_note,
        rating_comment,
        reopens,
        corrections,
        g_due,
        signed,
        returns,
        extensions,
        _redos,  # the reopens column counts them already
        b_due,
        called,
    ) = row
    provisional = bool((r_prov and r_met is None) or (f_prov and f_met is None) or (s_prov and s_met is None))
    return (
        ref,
        enterprise,
        code,
        channel,
        category,
        title,
        department,
        status,
        received,
        r_due,
        responded,
        kept(r_due, r_met, now, paused),
        f_due,
        reported,
        kept(f_due, f_met, now, paused),
        s_due,
        resolved,
        kept(s_due, s_met, now, paused),
        filed,
        rating,
        transfers,
        urges,
        provisional,
        detail,
        source_id,
        owner,
        plan,
        eta,
        resolve_note,
        rating_comment,
        reopens,
        corrections,
        g_due,
        signed,
        kept(g_due, signed, now, paused),
        returns,
        extensions,
        b_due,
        called,
        kept(b_due, called, now, paused),
    )


def sheet_instant(stamp: str | None) -> str | None:
    """A stored instant as the officer types it: 2026-12-01 08:40 (its seconds only when it has some)."""
    if not stamp:
        return stamp
    return stamp[:10] + " " + (stamp[11:16] if stamp[17:19] == "00" else stamp[11:19])


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
    reopens: int = 0
    signs_on_time: int = 0
    signs_settled: int = 0
    returns: int = 0  # cases this department gave back (回退), counted for it wherever they went
    redos: int = 0  # redos (重办) of the cases it holds
    extensions: int = 0  # extensions approved on the cases it holds
    escalated: int = 0  # its cases under escalated supervision (提级督办)
    score: float | None = None  # the ranking's score (考核), 0–100, from ``rank``
    components: dict = field(default_factory=dict)  # the score's parts, each a share 0–1 (None: nothing to judge)
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
    def sign_rate(self) -> float | None:
        return self._rate(self.signs_on_time, self.signs_settled)

    @property
    def satisfaction(self) -> float | None:
        """The share of ratings 4–5."""
        return self._rate(sum(1 for rating in self.ratings if rating >= 4), len(self.ratings))

    @property
    def return_rate(self) -> float | None:
        """Cases given back, of the cases it held or gave back."""
        return self._rate(self.returns, self.received + self.returns)

    @property
    def redo_rate(self) -> float | None:
        """Redos, of its cases resolved at least once (a redo follows a resolution)."""
        done = self.resolutions_settled + self.redos
        return min(1.0, self.redos / done) if done else None

    @property
    def median_response_seconds(self) -> int | None:
        return int(statistics.median(self.response_seconds)) if self.response_seconds else None

    @property
    def mean_rating(self) -> float | None:
        return round(statistics.fmean(self.ratings), 2) if self.ratings else None

    def add(self, other: DepartmentStats) -> None:
        for name in (
            "received",
            "responses_on_time",
            "responses_settled",
            "resolutions_on_time",
            "resolutions_settled",
            "milestones_on_time",
            "milestones_settled",
            "overdue",
            "urges",
            "transfers",
            "reopens",
            "signs_on_time",
            "signs_settled",
            "returns",
            "redos",
            "extensions",
            "escalated",
        ):
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
            "reopens": self.reopens,
            "ratings": len(self.ratings),
            "mean_rating": self.mean_rating,
            "signs_on_time": self.signs_on_time,
            "signs_settled": self.signs_settled,
            "sign_on_time_rate": rounded(self.sign_rate),
            "returns": self.returns,
            "return_rate": rounded(self.return_rate),
            "redos": self.redos,
            "redo_rate": rounded(self.redo_rate),
            "extensions": self.extensions,
            "escalated": self.escalated,
            "satisfaction": rounded(self.satisfaction),
            "score": None if self.score is None else round(self.score, 1),
            "components": {name: rounded(value) for name, value in self.components.items()},
        }


def score_components(row: DepartmentStats) -> dict:
    """The ranking's parts, each a share where 1 is best: on-time sign-for, response and
    resolution, cases kept (not returned), resolutions that held (no redo), satisfaction."""
    return {
        "sign": row.sign_rate,
        "response": row.response_rate,
        "resolve": row.resolve_rate,
        "returns": None if row.return_rate is None else 1 - row.return_rate,
        "redos": None if row.redo_rate is None else 1 - row.redo_rate,
        "satisfaction": row.satisfaction,
    }


def rank(rows: list[DepartmentStats], weights: dict) -> list[DepartmentStats]:
    """Score each department (the weighted mean of its components, 0–100, over the parts it
    has figures for) and order them best first; a department with nothing to judge goes last."""
    for row in rows:
        parts = score_components(row)
        row.components = parts
        weighed = [(weights.get(name, 0), value) for name, value in parts.items() if value is not None and weights.get(name, 0)]
        total = sum(weight for weight, _value in weighed)
        row.score = 100 * sum(weight * value for weight, value in weighed) / total if total else None
    named = [row for row in rows if row.department is not None]
    named.sort(key=lambda r: (r.score is None, -(r.score or 0), -r.received, r.department))
    return named + [row for row in rows if row.department is None]


class AssessedCase(NamedTuple):
    """What the assessment reads of a case (``department_stats``, ``month_summary``): a ``Case``
    has these fields too, so either is counted. The month's workbook loads only these."""

    department: str | None
    status: str
    channel: str
    category: str
    received_at: datetime
    paused_since: datetime | None
    rating: int | None
    urges: int
    transfers: int
    reopens: int
    redos: int
    extensions: int
    milestones: tuple  # the case's milestones, every round's, in any order: Milestones or their plain tuples


def department_stats(
    cases, departments: list[str], calendar, now: datetime, *, returns: dict | None = None, escalate_at: int | None = None
) -> tuple[list[DepartmentStats], DepartmentStats]:
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
        row.reopens += case.reopens
        row.redos += case.redos
        row.extensions += case.extensions
        row.escalated += escalate_at is not None and case.redos >= escalate_at and case.status not in CLOSED
        if case.rating is not None:
            row.ratings.append(case.rating)
        late_now = False
        paused_since = case.paused_since
        # a Milestone unpacked by position: the light load (AssessedCase) hands out plain tuples
        for name, _limit, clock, due, met_at, _provisional, round_number in case.milestones:
            verdict = kept(due, met_at, now, paused_since)  # met or late once settled; pending or provisional alike count later
            late_now = late_now or (met_at is None and verdict is False)  # still overdue, in any round
            if round_number != 1:  # the assessment judges the promise as first made and kept
                continue
            settled = verdict is not None
            on_time = verdict is True
            if name in STARTED_LATER:
                # sign-for and callback are the hotline workflow's own figures (the ranking's),
                # beside the promises to the enterprise that the on-time rate measures
                if name == "sign":
                    row.signs_settled += settled
                    row.signs_on_time += on_time
                continue
            row.milestones_settled += settled
            row.milestones_on_time += on_time
            if name == "response":
                row.responses_settled += settled
                row.responses_on_time += on_time
                if met_at is not None:
                    row.response_seconds.append(calendar.elapsed(to_epoch(case.received_at), to_epoch(met_at), clock))
            elif name == "resolve":
                row.resolutions_settled += settled
                row.resolutions_on_time += on_time
        row.overdue += late_now
    for name, count in (returns or {}).items():
        if name:
            rows.setdefault(name, DepartmentStats(name)).returns += count
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


# -- the month's workbook ---------------------------------------------------------------------------

# The department sheet's headers: the keys of `stats --month --json` and their Chinese.
DEPARTMENT_HEADERS_ZH = {
    "department": "部门",
    "received": "受理数",
    "responses_on_time": "按时答复数",
    "responses_settled": "应答复数",
    "response_on_time_rate": "按时答复率",
    "resolutions_on_time": "按时办结数",
    "resolutions_settled": "应办结数",
    "resolve_on_time_rate": "按时办结率",
    "milestones_on_time": "按时节点数",
    "milestones_settled": "应完成节点数",
    "on_time_rate": "综合按时率",
    "median_response_seconds": "答复用时中位数（秒）",
    "still_overdue": "仍超期数",
    "urges": "督办次数",
    "transfers": "转办次数",
    "reopens": "重办次数",
    "ratings": "评价数",
    "mean_rating": "平均评分",
    "signs_on_time": "按时签收数",
    "signs_settled": "应签收数",
    "sign_on_time_rate": "按时签收率",
    "returns": "回退数",
    "return_rate": "回退率",
    "redos": "重办数",
    "redo_rate": "重办率",
    "extensions": "延期数",
    "escalated": "提级督办数",
    "satisfaction": "满意率",
    "score": "考核得分",
}
# The summary sheet's labels and their Chinese.
SUMMARY_LABELS_ZH = {
    "anchor": "锚定码",
    "month": "月份",
    "received": "受理",
    "resolved": "办结",
    "response on time": "按时答复率",
    "resolution on time": "按时办结率",
    "on time": "综合按时率",
    "still overdue": "仍超期",
    "by channel": "按渠道",
    "by category": "按类别",
    "channel": "渠道",
    "category": "类别",
    "on-time resolution by department": "各部门按时办结率",
    "cases": "诉求明细",
    "departments": "部门考核",
    "summary": "汇总",
}


@dataclass
class MonthSummary:
    """The summary sheet's figures: the department rows and total, and received/resolved by channel and category."""

    rows: list
    total: DepartmentStats
    resolved: int = 0
    by_channel: dict = field(default_factory=dict)  # channel -> [received, resolved]
    by_category: dict = field(default_factory=dict)  # category -> [received, resolved]


def month_summary(cases, departments: list[str], calendar, now: datetime, *, returns: dict | None = None, hotline=None) -> MonthSummary:
    """``department_stats`` over ``cases`` (read once, as they come), and the counts by channel and category."""
    from zhitong.core.vocabulary import CATEGORIES, CHANNELS, CLOSED

    by_channel = {name: [0, 0] for name in CHANNELS}
    by_category = {name: [0, 0] for name in CATEGORIES}
    resolved = 0

    def counted():
        nonlocal resolved
        for case in cases:
            closed = case.status in CLOSED
            resolved += closed
            for counts, key in ((by_channel, case.channel), (by_category, case.category)):
                pair = counts.setdefault(key, [0, 0])
                pair[0] += 1
                pair[1] += closed
            yield case

    escalate_at = hotline.redo_escalation if hotline is not None else None
    rows, total = department_stats(counted(), departments, calendar, now, returns=returns, escalate_at=escalate_at)
    if hotline is not None:
        rank(rows, hotline.weights)  # each row's score and its parts, as stats --rank gives them
    return MonthSummary(rows, total, resolved, by_channel, by_category)


def export_value(name: str, text: str):
    """An export cell as the English CSV writes it, as ``export_record`` gives its value: a verdict
    True, False or None (pending), a count a number, an empty cell None."""
    if not text:
        return None
    if name in EXPORT_VERDICTS:
        return text == "yes"
    if name in EXPORT_COUNTS:
        return int(text)
    return text


def sheet_cell(name: str, value, lang: str):
    """An export value as a workbook cell holds it: instants as date-times in the zone's wall time
    (spreadsheets know no offsets), verdicts as yes/no (是/否 under zh), stored words in Chinese under zh."""
    if value is None or value == "":
        return None
    if name in EXPORT_INSTANTS:
        return datetime.fromisoformat(value).replace(tzinfo=None)  # stored in +08:00, the zone's time
    if name in EXPORT_VERDICTS:
        word = "yes" if value else "no"
        return EXPORT_WORDS_ZH[word] if lang == "zh" else word
    if lang == "zh" and name in ("status", "channel", "category"):
        return EXPORT_WORDS_ZH.get(value, CHINESE.get(value, value))
    return value


# -- search -----------------------------------------------------------------------------------------


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


class Match(NamedTuple):
    """Where a search found a case, and the text around what it found."""

    where: str  # title, detail or history
    text: str  # the text on one line, cut to a window around the first match ("…" where cut)
    spans: tuple[tuple[int, int], ...]  # where the query's words occur in ``text``, in order, not overlapping


def term_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where any of the words (as typed or folded, any case) occurs in ``text``, merged and in order."""
    found = []
    for term in terms:
        for variant in term_variants(term):
            found += [hit.span() for hit in re.finditer(re.escape(variant), text, re.IGNORECASE)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def window(text: str, spans: list[tuple[int, int]], around: int) -> Match:
    """``text`` on one line, cut to ``around`` characters either side of the first span (spans moved along)."""
    if not spans:
        return Match("", text, ())
    first, last = spans[0]
    start, end = max(first - around, 0), min(last + around, len(text))
    shift = start - (1 if start else 0)  # a leading … takes the place of what is cut
    kept = tuple((max(a, start) - shift, min(b, end) - shift) for a, b in spans if a < end and b > start)
    return Match("", ("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""), kept)


def snippet(text: str, term: str, around: int = 12) -> str:
    """The part of ``text`` around the first occurrence of ``term``, on one line."""
    flat = " ".join(text.split())
    spans = term_spans(flat, [term])
    if not spans:
        return flat[: 2 * around + len(term)]
    return window(flat, spans[:1], around).text


def match_context(title: str, detail: str | None, texts: list[str], terms: list[str], around: int = 30) -> Match:
    """Where the words were found and the text around them.

    Of the title, the detail and the history's texts (in that order), the first that holds the
    most of the words is shown, cut to ``around`` characters either side of the first word found
    in it, with every occurrence of every word in that window as a span to mark.
    """
    best, best_count = None, 0
    for where, texts_here in (("title", [title]), ("detail", [detail or ""]), ("history", texts)):
        for text in texts_here:
            flat = " ".join(text.split())
            count = sum(1 for term in terms if term_spans(flat, [term]))
            if count > best_count:
                best, best_count = (where, flat), count
                if count == len(terms):
                    break
        if best_count == len(terms):
            break
    if best is None:  # found through a text no longer shown (an edited title, say): the title as it reads
        return Match("title", " ".join(title.split())[: 2 * around], ())
    where, flat = best
    return window(flat, term_spans(flat, terms), around)._replace(where=where)
