"""The State Council General Office's holiday notice, read as published and checked like a clerk would.

Each November the notice (国务院办公厅关于YYYY年部分节假日安排的通知) gives next year's schedule
as numbered items, one per festival: "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月
初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。" Its wording has barely
changed since 2008; the older notices add a "其中，…" sentence explaining which days are statutory,
which are weekends and which weekends were moved, and only their final "…上班" clause matters.

How an item is read:
- items are the numbered paragraphs 一、 二、 … in sequence, with paragraph breaks or without;
  what comes before 一、 (a preamble full of dates and day counts, as 2025's on the new holiday
  law) is not a schedule, and the last item ends where the closing paragraph begins;
- the festival is the text between the number and the colon (or the first date);
- a clause (between commas) that says 放假 or 补休 declares days off: a range "A至B" (also A—B,
  A-B, A到B) or single days; a clause that says 上班 declares make-up working days, every date
  in it; any other clause (其中…为法定节假日, …调至…, 照常公休) explains and declares nothing;
- "与周末连休" joins the adjoining weekend to the days off, and a weekend between two days off
  of one item (4月5日放假，4月7日（星期一）补休) is part of the holiday;
- what is in parentheses is a remark (a weekday, a lunar date, 除夕（2月9日）), never a date
  of the schedule; a weekday in it is checked against the date it follows;
- a date without its year belongs to the notice's year, except that a range may reach back into
  December before it ("12月30日至1月1日"), and the other dates of an item take the year that puts
  them nearest the item's days off (2008's "12月29日（星期六）上班" is 2007-12-29); a day without
  its month ("、21日（星期日）") takes the month of the date before it.

Before anything is returned the notice is checked, and every contradiction is told with the
sentence it is in: a weekday that is not that date's, a 共N天 that is not the length of the days
off, a 上班 day inside a 放假 range, a date that does not exist, a day claimed by two items, a date
outside the notice's year, an item that declares no day off. Nothing here reads a file.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise
from typing import NamedTuple

from zhitong.core.errors import InputError, Lines
from zhitong.core.normalize import normalize

FIRST_YEAR, LAST_YEAR = 2000, 2099  # the years zhitong keeps

# The festivals, in the order the notices list them, and what else a notice has called them.
FESTIVALS = (
    ("元旦", ("元旦", "新年")),
    ("春节", ("春节",)),
    ("清明节", ("清明",)),
    ("劳动节", ("劳动节", "五一")),
    ("端午节", ("端午",)),
    ("中秋节", ("中秋",)),
    ("国庆节", ("国庆", "十一")),
)

# Copies of the notice circulate in traditional characters too (Hong Kong and Taiwan sites,
# wikisource's zh-hant pages); these are the characters the reading depends on.
_SIMPLIFIED = str.maketrans(
    "節國慶勞動補與週連關於現將調務辦廳農曆歷臘號體",
    "节国庆劳动补与周连关于现将调务办厅农历历腊号体",
)

_FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})

NUMERALS = "一二三四五六七八九十"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_CHARS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

_MARKER = re.compile(rf"(?:^|(?<=[\s。:;]))([{NUMERALS}]{{1,3}})、", re.MULTILINE)
_BRACKET = re.compile(r"\(([^()]*)\)")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日")
_WEEKDAY = re.compile(r"(?:星期|周)([一二三四五六日天])")
_COUNT = re.compile(rf"(?:共|放假)(\d+|[{NUMERALS}]+)天")
_RANGE_WORDS = {"至", "-", "~", "到"}
_LIST_WORDS = {"、", "和", "及", ""}
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日安排")
_NOW_YEAR = re.compile(r"现将\s*(\d{4})\s*年")
_SCHEDULE_WORDS = ("放假", "补休", "上班", "连休", "不调休")
_LIST_YEAR = re.compile(r"(\d{4})年[,\s]*元旦、")


class NoticeDay(NamedTuple):
    """One day the notice declares: off (a holiday) or worked (a make-up day), and whose it is."""

    day: date
    working: bool
    name: str  # the festival of the item it came from, e.g. 春节 or 国庆节、中秋节

    def to_json(self) -> dict:
        return {"date": self.day.isoformat(), "kind": "workday" if self.working else "holiday", "name": self.name}


class Notice(NamedTuple):
    year: int
    days: tuple[NoticeDay, ...]  # by date

    def schedule(self) -> dict[date, tuple[bool, str]]:
        """The days as calendar entries: date → (is a working day, name)."""
        return {day.day: (day.working, day.name) for day in self.days}


class _Token(NamedTuple):
    start: int
    end: int
    year: int | None
    month: int | None
    day: int
    remark: str  # what the parentheses right after it hold
    text: str


class _Item:
    def __init__(self, number: str, name: str, sentences: list[str]):
        self.number = number
        self.name = name
        self.sentences = sentences
        self.holidays: dict[date, int] = {}  # day → index of the sentence that declares it
        self.workdays: dict[date, int] = {}
        self.joins_weekend = False

    def where(self, sentence: int) -> dict:
        # Read with its punctuation folded to ASCII; told with the notice's own full-width marks.
        return {"number": self.number, "name": self.name or "?", "sentence": self.sentences[sentence].strip().translate(_FULL_WIDTH)}


def notice_year(text: str) -> int | None:
    """The year the notice says it is for (its title, or "现将2027年元旦、…"), if it says one."""
    years = _stated_years(_fold(text))
    return years[0] if len(years) == 1 else None


def parse_notice(text: str, year: int | None = None) -> Notice:
    """Read and check a notice; ``year`` is for a pasted part that does not say its year.

    Raises InputError naming every problem (the item and its sentence), or when the year is
    neither stated nor given.
    """
    folded = _fold(text)
    if not folded:
        raise InputError("the notice is empty")
    year = _the_year(folded, year)
    items = _items(folded)
    if not items:
        raise InputError("no numbered items (一、二、…) were found in the notice", hint="paste the notice from its first item to its last")
    problems: list[InputError] = []
    for item in items:
        problems.extend(_read_item(item, year))
    problems.extend(_cross_check(items, year))
    if problems:
        raise InputError("the notice does not hold together; nothing was entered:\n{lines}", lines=Lines(problems))
    return Notice(year, _days(items))


# -- the year -------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Full-width punctuation and digits folded, traditional characters simplified, CR LF as LF."""
    return normalize(text.translate(_SIMPLIFIED).replace("\r\n", "\n").replace("\r", "\n"))


def _stated_years(text: str) -> list[int]:
    found = [int(match.group(1)) for pattern in (_TITLE_YEAR, _NOW_YEAR, _LIST_YEAR) for match in pattern.finditer(text)]
    return sorted(set(found))


def _the_year(text: str, given: int | None) -> int:
    stated = _stated_years(text)
    if len(stated) > 1:
        raise InputError("the notice names more than one year: {years}", years=", ".join(map(str, stated)))
    if given is not None and stated and stated[0] != given:
        raise InputError("the notice is for {stated}, but --year says {given}", stated=stated[0], given=given)
    year = given if given is not None else (stated[0] if stated else None)
    if year is None:
        raise InputError("the notice does not say which year it is for", hint="give the year, e.g. --year 2027")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError("{value} is outside 2000–2099, the years zhitong keeps", value=year)
    return year


# -- items and sentences --------------------------------------------------------------------------


def _numeral(text: str) -> int:
    """一 … 九十九 as a number (items never run past twenty, but the form is general)."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(units) + 1 if units else 0)
    return NUMERALS.index(text) + 1 if len(text) == 1 else 0


def _items(text: str) -> list[_Item]:
    """The numbered items, 一、 二、 … in order; a numeral out of sequence is not an item."""
    markers = []
    for match in _MARKER.finditer(text):
        if _numeral(match.group(1)) == len(markers) + 1:
            markers.append(match)
    items = []
    for index, match in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        body = text[match.end() : end]
        cut = re.search(r"[:\d]", body)
        head = body[: cut.start()] if cut else body
        if cut and cut.group() == ":":
            body = body[cut.end() :]
        elif cut:
            body = body[cut.start() :]
        else:
            body = ""
        items.append(_Item(match.group(1), _festival(head), _sentences(body, last=index + 1 == len(markers))))
    return items


def _festival(head: str) -> str:
    """The item's festival in today's names (“五一”国际劳动节 → 劳动节; 国庆节、中秋节 stays two)."""
    head = re.sub(r"[\s“”\"'‘’]", "", head)
    found = []
    for name, aliases in FESTIVALS:
        at = min((head.find(alias) for alias in aliases if alias in head), default=-1)
        if at >= 0:
            found.append((at, name))
    return "、".join(name for _at, name in sorted(found)) if found else head


def _sentences(body: str, *, last: bool) -> list[str]:
    """The item's sentences. The last item runs on into the closing paragraph and the signature
    when the notice has no paragraph breaks: it ends at the first sentence that has neither a
    date nor a word of the schedule."""
    kept = []
    for sentence in re.split(r"[。\n]", body):
        if not sentence.strip():
            continue
        if last and kept and not _DATE.search(_BRACKET.sub("", sentence)) and not any(word in sentence for word in _SCHEDULE_WORDS):
            break
        kept.append(sentence)
    return kept


def _tokens(sentence: str) -> tuple[str, list[_Token]]:
    """The sentence with its remarks blanked out, and its dates with the remark after each."""
    remarks = {match.start(): match.group(1) for match in _BRACKET.finditer(sentence)}
    plain = _BRACKET.sub(lambda match: " " * len(match.group()), sentence)
    tokens = []
    for match in _DATE.finditer(plain):
        rest = sentence[match.end() :]  # the original: in ``plain`` the remark itself is blank
        after = len(rest) - len(rest.lstrip())
        remark = remarks.get(match.end() + after, "")
        year, month, day = match.groups()
        tokens.append(
            _Token(match.start(), match.end(), int(year) if year else None, int(month) if month else None, int(day), remark, match.group())
        )
    return plain, tokens


# -- one item -------------------------------------------------------------------------------------


def _problem(item: _Item, sentence: int, reason: InputError) -> InputError:
    return InputError("item {number} ({name}), “{sentence}”: {reason}", reason=reason, **item.where(sentence))


def _read_item(item: _Item, year: int) -> list[InputError]:
    problems: list[InputError] = []
    if not item.name:
        problems.append(InputError("item {number} names no festival", number=item.number))
    if not item.sentences:
        problems.append(InputError("item {number} ({name}) gives no dates", number=item.number, name=item.name or "?"))
        return problems
    anchor: date | None = None  # the item's first day off
    last_seen: date | None = None  # the last date read, for a range without its month
    counts: list[tuple[int, int]] = []  # (sentence, N of 共N天)
    for number, sentence in enumerate(item.sentences):
        plain, tokens = _tokens(sentence)
        clauses = _clauses(plain)
        item.joins_weekend |= "与周末连休" in plain
        counts += [(number, _count(match.group(1))) for match in _COUNT.finditer(plain)]
        resolved: dict[int, date] = {}
        unreadable: set[int] = set()
        # Days off first: they anchor the years of every other date of the item.
        for clause in clauses:
            kind = _kind(clause.text)
            if kind == "unclear":
                problems.append(_problem(item, number, InputError("it says both 放假 and 上班 in one clause")))
            if kind != "off":
                continue
            try:
                for (first, start), (last, stop) in _ranges(clause, tokens, year, anchor or last_seen, anchor):
                    resolved[first], resolved[last] = start, stop
                    if stop < start:
                        raise InputError("{first} – {last} ends before it begins", first=start.isoformat(), last=stop.isoformat())
                    anchor = anchor or start
                    for offset in range((stop - start).days + 1):
                        item.holidays.setdefault(start + timedelta(days=offset), number)
            except InputError as error:
                problems.append(_problem(item, number, error))
                unreadable |= {index for index, token in enumerate(tokens) if clause.start <= token.start < clause.end}
        previous: date | None = None  # the date before, in this sentence
        for index, token in enumerate(tokens):
            if index in unreadable:
                continue
            try:
                day = resolved.get(index) or _resolve(token, year, previous or anchor, anchor)
            except InputError as error:
                problems.append(_problem(item, number, error))
                continue
            previous = last_seen = day
            written = re.findall(r"(?:星期|周)[一二三四五六日天]", token.remark)
            if written and {_WEEKDAY_CHARS[word[-1]] for word in written} != {day.weekday()}:
                reason = InputError(
                    "{day} is a {weekday}, not {written}", day=day.isoformat(), weekday=WEEKDAYS[day.weekday()], written="、".join(written)
                )
                problems.append(_problem(item, number, reason))
            if _kind(_clause_of(clauses, token).text) == "work":
                item.workdays.setdefault(day, number)
    if not item.holidays and not problems:
        problems.append(_problem(item, 0, InputError("no day off (放假) could be read in it")))
    for number, count in counts:
        declared = sorted(day for day, where in item.holidays.items() if where == number) or sorted(item.holidays)
        length = (declared[-1] - declared[0]).days + 1 if declared else 0
        if declared and length != count:
            reason = InputError(
                "it says {count} days, but {first} – {last} is {length} days",
                count=count,
                first=declared[0].isoformat(),
                last=declared[-1].isoformat(),
                length=length,
            )
            problems.append(_problem(item, number, reason))
    _fill_weekends(item)
    return problems


def _count(text: str) -> int:
    return int(text) if text.isdigit() else _numeral(text)


class _Clause(NamedTuple):
    start: int
    end: int
    text: str


def _clauses(plain: str) -> list[_Clause]:
    """The sentence cut at its commas, semicolons and colons (remarks are blanked, so theirs are gone)."""
    clauses, start = [], 0
    for match in re.finditer(r"[,;:]", plain + ","):
        clauses.append(_Clause(start, match.start(), plain[start : match.start()]))
        start = match.end()
    return clauses


def _clause_of(clauses: list[_Clause], token: _Token) -> _Clause:
    return next(clause for clause in clauses if clause.start <= token.start < clause.end)


def _kind(clause: str) -> str:
    """What a clause declares: days "off" (放假, 补休), make-up days at "work" (上班), or nothing."""
    off = "放假" in clause or "补休" in clause
    work = "上班" in clause
    return "unclear" if off and work else "off" if off else "work" if work else ""


def _ranges(clause: _Clause, tokens: list[_Token], year: int, context: date | None, anchor: date | None):
    """The days off a 放假 clause declares, as ((token index, first day), (token index, last day)).

    "A至B" (or A-B, A~B, A到B) is a range; dates joined by 、 are single days.
    """
    inside = [index for index, token in enumerate(tokens) if clause.start <= token.start < clause.end]
    pairs: list[tuple[int, int]] = []
    position = 0
    while position < len(inside):
        first = inside[position]
        joined = position + 1 < len(inside) and _between(clause, tokens[first], tokens[inside[position + 1]]) in _RANGE_WORDS
        last = inside[position + 1] if joined else first
        pairs.append((first, last))
        position += 2 if joined else 1
        if position < len(inside) and _between(clause, tokens[last], tokens[inside[position]]) not in _LIST_WORDS:
            raise InputError("the dates in it could not be read: {text}", text=clause.text.strip())
    ends = []
    for first, last in pairs:
        start, stop = tokens[first], tokens[last]
        if first == last:
            day = _resolve(start, year, context, anchor)
            ends.append(((first, day), (last, day)))
            context = day
            continue
        if start.month is None and context is None:
            raise InputError("{text} does not say its month", text=start.text)
        start_month = start.month or context.month
        stop_month = stop.month or start_month
        backwards = (start_month, start.day) > (stop_month, stop.day)
        start_year, stop_year = start.year, stop.year
        if start_year is None and stop_year is None:
            # A range without years belongs to the notice's year; one that reaches over New
            # Year (12月30日至1月1日) begins in the December before.
            stop_year = year
            start_year = year - 1 if backwards and stop.month else year
        elif start_year is None:
            start_year = stop_year - 1 if backwards else stop_year
        elif stop_year is None:
            stop_year = start_year + 1 if backwards and stop.month else start_year
        ends.append(((first, _date(start, start_year, start_month)), (last, context := _date(stop, stop_year, stop_month))))
    return ends


def _between(clause: _Clause, left: _Token, right: _Token) -> str:
    return clause.text[left.end - clause.start : right.start - clause.start].strip()


def _resolve(token: _Token, year: int, context: date | None, anchor: date | None) -> date:
    """A date of the item: its own year and month, or the item's (see the module's docstring).

    ``context`` is the date before it in its sentence, or the item's first day off: "其中，29日、
    30日、31日为法定假日" after "1月29日—2月4日放假" means January's.
    """
    if token.month is None:
        if context is None:
            raise InputError("{text} does not say its month", text=token.text)
        return _date(token, token.year or context.year, context.month)
    if token.year is not None:
        return _date(token, token.year, token.month)
    if anchor is None or not 1 <= token.month <= 12:
        return _date(token, year, token.month)
    nearest = min((year - 1, year, year + 1), key=lambda candidate: abs((date(candidate, token.month, 1) - anchor).days))
    return _date(token, nearest, token.month)


def _date(token: _Token, year: int, month: int) -> date:
    try:
        return date(year, month, token.day)
    except ValueError:
        raise InputError("{text} is not a date", text=f"{year}年{month}月{token.day}日") from None


def _fill_weekends(item: _Item) -> None:
    """A weekend between two days off of the item, or next to them when it says 与周末连休, is off too."""
    if not item.holidays:
        return
    days = sorted(item.holidays)
    for left, right in pairwise(days):
        gap = [left + timedelta(days=n) for n in range(1, (right - left).days)]
        if gap and all(day.weekday() >= 5 and day not in item.workdays for day in gap):
            for day in gap:
                item.holidays.setdefault(day, item.holidays[left])
    if item.joins_weekend:
        for step in (-1, 1):
            edge = (min if step < 0 else max)(item.holidays)
            day = edge + timedelta(days=step)
            while day.weekday() >= 5 and day not in item.workdays:
                item.holidays.setdefault(day, item.holidays[edge])
                day += timedelta(days=step)


# -- the notice as a whole ------------------------------------------------------------------------


def _cross_check(items: list[_Item], year: int) -> list[InputError]:
    problems: list[InputError] = []
    first, last = date(year - 1, 12, 1), date(year, 12, 31)
    holidays: dict[date, _Item] = {}
    workdays: dict[date, _Item] = {}
    for item in items:
        for days, owners in ((item.holidays, holidays), (item.workdays, workdays)):
            for day, sentence in sorted(days.items()):
                if not first <= day <= last:
                    problems.append(
                        _problem(item, sentence, InputError("{day} is outside the schedule for {year}", day=day.isoformat(), year=year))
                    )
                other = owners.setdefault(day, item)
                if other is not item:
                    problems.append(
                        _problem(item, sentence, InputError("{day} is in item {other} too", day=day.isoformat(), other=other.number))
                    )
    for item in items:
        for day, sentence in sorted(item.workdays.items()):
            other = holidays.get(day)
            if other is not None:
                span = _span(other, day)
                reason = InputError(
                    "{day} is a 上班 day inside the days off {first} – {last} (item {other})",
                    day=day.isoformat(),
                    first=span[0].isoformat(),
                    last=span[1].isoformat(),
                    other=other.number,
                )
                problems.append(_problem(item, sentence, reason))
    return problems


def _span(item: _Item, day: date) -> tuple[date, date]:
    """The run of consecutive days off of the item that holds ``day``."""
    first = last = day
    while first - timedelta(days=1) in item.holidays:
        first -= timedelta(days=1)
    while last + timedelta(days=1) in item.holidays:
        last += timedelta(days=1)
    return first, last


def _days(items: list[_Item]) -> tuple[NoticeDay, ...]:
    days = [NoticeDay(day, False, item.name) for item in items for day in item.holidays]
    days += [NoticeDay(day, True, item.name) for item in items for day in item.workdays]
    return tuple(sorted(days))


def year_entries(notice: Notice, entered, shipped) -> tuple[dict[date, tuple[bool, str | None]], set[date]]:
    """What entering the notice writes, and which of the officer's earlier entries it removes.

    The notice replaces its year: the officer's earlier entries for that year that it does not
    name go. For a year the shipped data covers (``shipped``: its special days), a shipped
    holiday or make-up day the notice does not name is set back to the weekday rule, or the
    correction would leave the old schedule standing.
    """
    days: dict[date, tuple[bool, str | None]] = dict(notice.schedule())
    for day in shipped:
        if day.year == notice.year and day not in days:
            days[day] = (day.weekday() < 5, None)
    return days, {day for day in entered if day.year == notice.year and day not in days}
