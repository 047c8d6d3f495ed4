"""What the officer sees of cases: pure functions from records to rows, pictures and text."""

from datetime import date, datetime, timedelta
from typing import NamedTuple

from zhitong.core.instants import DAY, iso, to_epoch
from zhitong.core.models import Case, Milestone
from zhitong.core.verdicts import Late, Upcoming, effective_due, milestone_rank, upcoming
from zhitong.text.i18n import tr
from zhitong.text.render import Column, Marked, Short, clean, pad, paint, table, use_color, width

AMBER_SECONDS = 4 * 3600  # "at risk": within four working hours of the deadline


def duration(seconds: int, lang: str | None = None) -> str:
    """Working time as the officer reads it: 2d 4h, 3h 20m, 45m (a day is 24 working hours)."""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, DAY)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return tr("{days}d {hours}h", lang, days=days, hours=hours) if hours else tr("{days}d", lang, days=days)
    if hours:
        return tr("{hours}h {minutes}m", lang, hours=hours, minutes=minutes) if minutes else tr("{hours}h", lang, hours=hours)
    return tr("{minutes}m", lang, minutes=minutes)


def short_time(moment: datetime | None, now: datetime | None = None) -> str:
    """2026-11-24 09:30; with ``now``, 11-24 09:30 when the year is the current one."""
    if not moment:
        return ""
    # formatted by hand: strftime costs twice as much, and the pending view calls this per row
    clock = f"{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"
    return clock if now is not None and moment.year == now.year else f"{moment.year:04d}-{clock}"


def promise_time(moment: datetime | None, now: datetime | None = None) -> str:
    """A promised time as it was meant: 00:00 is the end of the day before (2027-02-16 24:00)."""
    if not moment:
        return ""
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        day = (moment - timedelta(days=1)).date()
        shown = f"{day.month:02d}-{day.day:02d}" if now is not None and day.year == now.year else day.isoformat()
        return tr("{day} 24:00", day=shown)
    return short_time(moment, now)


def pending_item(item: Upcoming, now: datetime) -> dict:
    """A pending case for scripts: the case (without its history), its next milestone and time left."""
    shown = item.case.to_json(now)
    shown.pop("events")
    shown["next_milestone"] = item.milestone.name if item.milestone else None
    shown["next_due"] = iso(item.due)
    shown["left_seconds"] = item.left
    return shown


def flags(case: Case, milestone: Milestone | None = None) -> str:
    return flag_cell(case, milestone).full


# The flags as marks on a narrow terminal (暂 停 督2 in Chinese), and what each means in the
# legend printed under the table.
MARKS = {"provisional": "?", "paused": "P", "urged": "U{count}"}
MARK_MEANINGS = {"provisional": "? provisional deadline", "paused": "P paused", "urged": "UN urged N times"}


def flag_kinds(case: Case, milestone: Milestone | None = None) -> list[str]:
    """provisional, paused, urged: what the flags of a case (at its next milestone) say."""
    kinds = []
    if case.provisional or (milestone is not None and milestone.provisional and milestone.met_at is None):
        kinds.append("provisional")
    if case.paused:
        kinds.append("paused")
    if case.urges:
        kinds.append("urged")
    return kinds


def flag_cell(case: Case, milestone: Milestone | None = None, kinds: list[str] | None = None) -> Short:
    """The flags in words (暂定 已暂停 督办×2) and as marks (暂 停 督2)."""
    return flag_maker()(case, flag_kinds(case, milestone) if kinds is None else kinds)


def flag_maker():
    """``flag_cell`` for a whole table: the words and marks are looked up once, not per row."""
    words = {kind: (tr(kind), tr(MARKS[kind])) for kind in ("provisional", "paused")}
    urged = (tr("urged ×{count}"), tr(MARKS["urged"]))  # templates: formatted per row

    def make(case: Case, kinds: list[str]) -> Short:
        full, brief = [], []
        for kind in kinds:
            word, mark = urged if kind == "urged" else words[kind]
            if kind == "urged":
                word, mark = word.format(count=case.urges), mark.format(count=case.urges)
            full.append(word)
            brief.append(mark)
        return Short(" ".join(full), " ".join(brief))

    return make


def legend(label: str, kinds) -> str:
    """The line under a table that says what its marks mean: 标记：暂 暂定时限 · 督N 督办N次."""
    meanings = [tr(MARK_MEANINGS[kind]) for kind in MARK_MEANINGS if kind in kinds]
    return tr("{label}: {meanings}", label=label, meanings=" · ".join(meanings)) if meanings else ""


def short_word(word: str) -> str:
    """A stored word as a narrow table shows it: 研究结果反馈 is 反馈; English words are short already."""
    from zhitong.edge.language import language
    from zhitong.text.catalog import SHORT_WORDS

    return SHORT_WORDS.get(word, tr(word)) if language() == "zh" else tr(word)


def milestone_label(milestone: Milestone) -> str:
    """A milestone's name, with its round when it is not the first: 办结（第2轮）."""
    if milestone.round == 1:
        return tr(milestone.name)
    return tr("{milestone} (round {round})", milestone=tr(milestone.name), round=milestone.round)


def deadline_lines(case: Case, now: datetime) -> str:
    names = [milestone_label(milestone) for milestone in case.milestones]
    cells = max(map(width, names), default=0)
    lines = []
    for name, milestone in zip(names, case.milestones):
        mark = f" ({tr('provisional')})" if milestone.provisional and milestone.met_at is None else ""
        state = tr(milestone.state(now, case.paused_since))
        lines.append(f"  {pad(name, cells)}  {short_time(milestone.due)}{mark}  {state}")
    return "\n".join(lines)


# -- the case card and its timeline -----------------------------------------------------------------

TIMELINE_MARK = {"met": "✔", "late": "✘", "pending": "…", "provisional": "?"}
TIMELINE_COLOR = {"met": "green", "late": "red", "pending": "amber", "provisional": "blue"}
TRACK_CELLS = 24


def timeline(case: Case, now: datetime, *, color: bool = False, cells: int = TRACK_CELLS) -> list[str]:
    """The deadlines as a picture on one time axis, from intake to the last thing that happened.

    Each milestone is a track: ─ the time allowed, ┤ its deadline, ● when it was met, ┄ time
    past the deadline, ▲ now (for a milestone still open). The state (met, late, pending,
    provisional) is written beside it, in its colour.
    """
    if not case.milestones:
        return []
    start = to_epoch(case.received_at)
    moments = [to_epoch(m.due) for m in case.milestones] + [to_epoch(m.met_at) for m in case.milestones if m.met_at]
    if any(m.met_at is None for m in case.milestones):
        moments.append(to_epoch(now))
    end = max(moments + [start + 1])

    def position(moment: datetime) -> int:
        return max(0, min(cells - 1, round((to_epoch(moment) - start) / (end - start) * (cells - 1))))

    names = [milestone_label(m) for m in case.milestones]
    states = [m.state(now, case.paused_since) for m in case.milestones]
    name_cells = max(map(width, names))
    state_cells = max(width(tr(s)) for s in states)
    axis = f"{short_time(case.received_at, now)} → {short_time(datetime.fromtimestamp(end, case.received_at.tzinfo), now)}"
    lines = [f"  {' ' * (2 + name_cells)}  {tr('received')} {axis}"]
    for milestone, name, state in zip(case.milestones, names, states):
        due_at = position(milestone.due)
        track = ["─"] * due_at + ["┤"] + [" "] * (cells - due_at - 1)
        if milestone.met_at is not None:
            met_at = position(milestone.met_at)
            for index in range(due_at + 1, met_at):
                track[index] = "┄"
            track[met_at] = "●"
        else:
            now_at = position(now)
            for index in range(due_at + 1, now_at):
                track[index] = "┄"
            track[now_at] = "▲" if now_at != due_at or state == "late" else track[now_at]
        tint = TIMELINE_COLOR[state]
        mark = paint(TIMELINE_MARK[state], tint, color)
        drawn = paint("".join(track), tint, color)
        limit = f"[{milestone.limit}" + ("" if milestone.clock == "workdays" else f" {tr(milestone.clock)}") + "]"
        met = f"  {tr('met at')} {short_time(milestone.met_at, now)}" if milestone.met_at else ""
        provisional = f" ({tr('provisional')})" if milestone.provisional and state != "provisional" and milestone.met_at is None else ""
        lines.append(
            f"  {mark} {pad(name, name_cells)}  {drawn}  {paint(pad(tr(state), state_cells), tint, color)}"
            f"  {tr('due')} {short_time(milestone.due)} {limit}{provisional}{met}"
        )
    return lines


def case_detail(case: Case, now: datetime, *, color: bool | None = None) -> str:
    """The case card: facts, deadlines as a timeline, and the history."""
    color = use_color() if color is None else color
    head = f"{case.ref}  {clean(case.enterprise)}  ·  {tr(case.status)}"
    if case.paused:
        head += f"  ({tr('paused')})"
    lines = [paint(head, "bold", color), clean(case.title)]
    if case.detail:
        lines.append(clean(case.detail))
    facts = [
        (tr("category"), tr(case.category)),
        (tr("channel"), tr(case.channel)),
        (tr("department"), case.department or "—"),
        (tr("received"), short_time(case.received_at)),
    ]
    if case.owner:
        facts += [(tr("owner"), case.owner), (tr("plan"), case.plan or ""), (tr("promised by"), promise_time(case.eta))]
    if case.resolution_due and case.status not in ("withdrawn", "merged"):
        facts.append((tr("resolution deadline"), short_time(case.resolution_due)))
    if case.rating:
        facts.append((tr("rating"), "★" * case.rating + (f"  {case.rating_comment}" if case.rating_comment else "")))
    if case.urges:
        facts.append((tr("urges"), str(case.urges)))
    if case.transfers:
        facts.append((tr("transfers"), str(case.transfers)))
    for label, count in (("returns", case.returns), ("extensions", case.extensions), ("redos", case.redos)):
        if count:
            facts.append((tr(label), str(count)))
    label_cells = max(width(label) for label, _value in facts)
    lines += [f"  {pad(label, label_cells)}  {clean(value)}" for label, value in facts]
    if case.milestones:
        lines.append("")
        lines.append(paint(tr("Deadlines"), "bold", color))
        lines += timeline(case, now, color=color)
    if case.events:
        lines.append("")
        lines.append(paint(tr("History"), "bold", color))
        kinds = [tr(event.kind) for event in case.events]
        kind_cells = max(map(width, kinds))
        category = None  # the category before each event, followed through intake and escalations
        for event, kind in zip(case.events, kinds):
            data = event.data or {}
            summary = event_summary(event.kind, event.text, data, event.department, previous_category=category)
            if event.kind in ("intake", "escalate") and data.get("category"):
                category = data["category"]
            what = f"  {summary}" if summary else ""
            lines.append(f"  {short_time(event.at)}  {pad(kind, kind_cells)}{what}  — {clean(event.actor)}".rstrip())
    return "\n".join(lines)


def event_summary(
    kind: str, text: str | None, data: dict | None, department: str | None, *, previous_category: str | None = None, lang: str | None = None
) -> str:
    """What one event changed, in a line of the history (after its kind, before its actor).

    assign/transfer name the department; escalate the new category (from the old one when it
    is known) and the reason; respond who, how and by when; rate the score; recompute the
    limits now in force. Every other kind shows its text. User text is cleaned, never obeyed.
    """
    data = data or {}
    text = clean(text) if text else ""
    parts: list[str] = []
    if kind in ("assign", "transfer") and department:
        parts.append(clean(department))
    elif kind == "escalate" and data.get("category"):
        target = tr(str(data["category"]), lang)
        if previous_category and previous_category != data["category"]:
            parts.append(f"{tr(previous_category, lang)} → {target}")
        else:
            parts.append(f"→ {target}")
    elif kind == "respond" and (data.get("owner") or data.get("plan") or data.get("eta")):
        plan = data.get("plan") or text
        parts.append(
            tr(
                "who {owner} · how {plan} · by {eta}",
                lang,
                owner=clean(data.get("owner")) or "—",
                plan=clean(plan) or "—",
                eta=_promise_stamp(data.get("eta")) or "—",
            )
        )
        if text == clean(plan):
            text = ""  # the plan is the event's text: shown once
    elif kind == "rate" and isinstance(data.get("rating"), int) and 1 <= data["rating"] <= 5:
        rating = data["rating"]
        parts.append(f"{'★' * rating}{'☆' * (5 - rating)} {rating}/5")
        if isinstance(data.get("previous"), int):
            parts.append(tr("(was {previous}/5)", lang, previous=data["previous"]))
    elif kind == "recompute" and isinstance(data.get("limits"), dict):
        parts.append(limits_text(data["limits"], lang))
    elif kind == "edit" and isinstance(data.get("changes"), dict):
        for field, pair in data["changes"].items():
            if isinstance(pair, (list, tuple)) and len(pair) == 2:
                old, new = (_stamp(v) if field == "received_at" else clean(str(v)) if v is not None else "—" for v in pair)
                parts.append(f"{tr(str(field), lang)}: {old} → {new}")
    elif kind == "merge" and data.get("into"):
        parts.append(f"→ {clean(str(data['into']))}")
    elif kind == "absorb" and data.get("case"):
        parts.append(f"← {clean(str(data['case']))}")
    elif kind == "move" and data.get("from") and data.get("to"):
        parts.append(f"{tr(str(data.get('record', '')), lang)}: {clean(str(data['from']))} → {clean(str(data['to']))}")
    elif kind == "pay" and isinstance(data.get("amount_fen"), int):
        from zhitong.core.money import format_yuan

        parts.append(tr("{amount} yuan from {fund}", lang, amount=format_yuan(data["amount_fen"]), fund=clean(data.get("fund")) or "—"))
    elif kind == "return" and data.get("from"):
        parts.append(tr("by {department}", lang, department=clean(str(data["from"]))))
    elif kind == "extend" and data.get("limit"):
        parts.append(f"+{clean(str(data['limit']))}")
    elif kind == "approve" and data.get("by"):
        parts.append(tr("by {name}", lang, name=clean(str(data["by"]))))
        if data.get("enterprise_told"):
            parts.append(tr("enterprise told", lang))
    elif kind == "urge" and data.get("notice"):
        parts.append(tr("supervision notice, reply by {when}", lang, when=_stamp(data.get("reply_by")) or "—"))
    elif kind == "reopen" and data.get("redo"):
        parts.append(tr("redo after a rating of {rating}/5", lang, rating=data.get("rating", "?")))
    if text:
        parts.append(text)
    return "  ".join(parts)


def limits_text(limits: dict, lang: str | None = None) -> str:
    """Limits as stored ({name: [limit, clock]}) in milestone order: 答复 24h · 办结 5d (自然日)."""
    items = []
    for name in sorted(limits, key=milestone_rank):
        value = limits[name]
        limit, clock = (value[0], value[1]) if isinstance(value, (list, tuple)) and len(value) == 2 else (value, "workdays")
        clock_note = "" if clock == "workdays" else f" ({tr(str(clock), lang)})"
        items.append(f"{tr(str(name), lang)} {clean(limit)}{clock_note}")
    return " · ".join(items)


def _record_value(field, value) -> str:
    """One old or new value of a logged record edit: a group by its name, the key mark as yes or no."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if field == "group":
        return tr(str(value))
    return clean(str(value))


def record_change(entry: dict) -> str:
    """What one row of the records log changed, in a line."""
    action, data = entry["action"], entry.get("data") or {}
    parts = [tr(action)]
    if action == "edit":
        parts += [f"{tr(str(field))}: {_record_value(field, pair[0])} → {_record_value(field, pair[1])}" for field, pair in data.items()]
    elif action == "import":
        parts.append(tr("{count} added", count=len(data.get("names", []))))
    elif action in ("enter", "recompute"):
        cases = data.get("cases", [])
        moves = []
        for case in cases[:5]:
            for move in case.get("moved", [])[:2]:
                moves.append(f"{case['ref']} {tr(str(move['milestone']))} {_stamp(move['from'])} → {_stamp(move['to'])}")
            if "limits" in case:
                moves.append(f"{case['ref']} {limits_text(case['limits'])}")
        parts.append(tr("{count} cases recomputed", count=len(cases)))
        parts += moves
    elif action == "add":
        parts += [f"{tr(str(field))} {_record_value(field, value)}" for field, value in data.items() if value not in (None, "", False)]
    return "  ".join(parts)


def _promise_stamp(value) -> str:
    """A stored promised instant as the history shows it (a day's end as its 24:00)."""
    try:
        return promise_time(datetime.fromisoformat(str(value))) if value else ""
    except ValueError:
        return clean(value)


def _stamp(value) -> str:
    """A stored ISO instant as the history shows it; anything unreadable as it is."""
    if not value:
        return ""
    try:
        return short_time(datetime.fromisoformat(str(value)))
    except ValueError:
        return clean(value)


# -- tables ------------------------------------------------------------------------------------------


def left_tint(left: int | None) -> str | None:
    """The colour of time left: red when overdue, amber within four working hours, else green."""
    if left is None:
        return None
    if left < 0:
        return "red"
    return "amber" if left <= AMBER_SECONDS else "green"


def pending_table(cases: list[Case], calendar, now: datetime, *, max_width: int | None = None, color: bool | None = None) -> str:
    return upcoming_table([upcoming(case, calendar, now) for case in cases], now, max_width=max_width, color=color)


# How the tables give way on a narrow terminal (zhitong.text.render.plan). While a table does not
# fit, the step with the highest number is taken first: a column is hidden, takes its short form
# (the flags as marks with a legend, 研究结果反馈 as 反馈), or is cut closer ("squeeze": the
# enterprise down to 8 cells, the title to 12). pending keeps the reference, the next deadline,
# the time left and the flags at any width, and the enterprise and the title down to 80 columns;
# overdue and due keep the reference, the milestone, the due and the time overdue (or left). The
# README's "On a narrow terminal" tells the officer the same: keep the two in step.
PENDING_GIVES_WAY = {"status": 7, "department": 6, "flags short": 5, "next": 4, "squeeze": 3, "title": 2, "enterprise": 1}
OVERDUE_GIVES_WAY = {"department": 6, "urges": 5, "milestone short": 4, "due short": 3, "squeeze": 2, "enterprise": 1}


def upcoming_table(items: list[Upcoming], now: datetime, *, max_width: int | None = None, color: bool | None = None) -> str:
    color = use_color() if color is None else color
    steps = PENDING_GIVES_WAY
    make_flags = flag_maker()
    rows, tints, marked = [], [], set()
    for case, milestone, due, left in items:
        left_text = "" if left is None else ("-" + duration(left) if left < 0 else duration(left))
        kinds = flag_kinds(case, milestone)
        if kinds:
            marked.update(kinds)
        flag = make_flags(case, kinds) if kinds else ""
        rows.append(
            [
                case.ref,
                case.enterprise,
                case.title,
                case.department or "—",
                tr(case.status),
                tr(milestone.name) if milestone else "",
                short_time(due, now),
                left_text,
                flag,
            ]
        )
        if color:
            tints.append([None, None, None, None, None, None, None, left_tint(left), "amber" if case.urges else None])
    squeeze = steps["squeeze"]
    columns = [
        Column(tr("ref")),
        Column(tr("enterprise"), flexible=True, minimum=10, optional=steps["enterprise"], squeeze=squeeze, floor=8),
        Column(tr("title"), flexible=True, minimum=16, optional=steps["title"], squeeze=squeeze, floor=12),
        Column(tr("department"), flexible=True, minimum=8, optional=steps["department"]),
        Column(tr("status"), optional=steps["status"]),
        Column(tr("next"), optional=steps["next"]),
        Column(tr("due")),
        Column(tr("left"), align="right"),
        Column(tr("flags"), short=steps["flags short"], legend=legend(tr("flags"), marked)),
    ]
    return table(columns, rows, colors=tints, max_width=max_width, color=color)


def overdue_table(
    items: list[Late], *, now: datetime, label: str = "overdue by", max_width: int | None = None, color: bool | None = None
) -> str:
    """Late milestones (label "overdue by"), or those falling due soon (label "left").

    ``now`` only shortens dates of the current year (11-24 09:30); the caller's clock, never
    one read here. A provisional deadline's due carries "(provisional)"; a paused case's
    "(paused)": its deadline is where the pause has pushed it, the one the time is counted from.
    On a narrow terminal both become marks, explained under the table.
    """
    color = use_color() if color is None else color
    steps = OVERDUE_GIVES_WAY
    soon = label == "left"
    words = {kind: (f"({tr(kind)})", tr(MARKS[kind])) for kind in ("provisional", "paused")}
    names: dict[str, str | Short] = {}  # a milestone's name, with its short form where it has one
    rows, marked = [], set()
    for item in items:
        stamp = short_time(item.due, now)
        if item.milestone.provisional or item.case.paused:
            kinds = [kind for kind, on in (("provisional", item.milestone.provisional), ("paused", item.case.paused)) if on]
            marked.update(kinds)
            due = Short(" ".join([stamp, *(words[kind][0] for kind in kinds)]), " ".join([stamp, *(words[kind][1] for kind in kinds)]))
        else:
            due = stamp
        name = names.get(item.milestone.name)
        if name is None:
            full, short = tr(item.milestone.name), short_word(item.milestone.name)
            name = names[item.milestone.name] = Short(full, short) if short != full else full
        rows.append(
            [
                item.case.ref,
                item.case.enterprise,
                item.case.department or "—",
                name,
                due,
                duration(item.overdue_seconds),
                str(item.case.urges or ""),
            ]
        )
    tints = [[None, None, None, None, None, left_tint(-item.overdue_seconds) if soon else "red", None] for item in items]
    columns = [
        Column(tr("ref")),
        Column(tr("enterprise"), flexible=True, minimum=10, optional=steps["enterprise"], squeeze=steps["squeeze"], floor=8),
        Column(tr("department"), flexible=True, minimum=8, optional=steps["department"]),
        Column(tr("milestone"), short=steps["milestone short"]),
        Column(tr("due"), short=steps["due short"], legend=legend(tr("due"), marked)),
        Column(tr("left") if soon else tr("overdue by"), align="right"),
        Column(tr("urges"), align="right", optional=steps["urges"]),
    ]
    return table(columns, rows, colors=tints, max_width=max_width, color=color)


def supervision_notice(case: Case, breaches, *, urges: int, reply_by: datetime, now: datetime) -> str:
    """The supervision notice (督办通知单), in Chinese whatever the interface's language: it goes to a department."""

    def stamp(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M")

    lines = [
        "督办通知单",
        "",
        f"编号：{case.ref}（第 {urges} 次督办）",
        f"企业：{clean(case.enterprise)}",
        f"承办部门：{clean(case.department) if case.department else '（未交办）'}",
        f"诉求：{clean(case.title)}",
        f"受理时间：{stamp(case.received_at)}",
    ]
    if case.owner:
        lines.append(f"已答复：{clean(case.owner)}负责，{clean(case.plan or '')}，承诺 {stamp(case.eta) if case.eta else '—'} 前解决")
    lines.append("承诺时限与超期：")
    for breach in breaches:
        name = tr(breach.name, "zh")
        lines.append(f"  {name}：应于 {stamp(breach.due)} 前完成，已超期 {duration(breach.overdue_seconds, 'zh')}（工作时间）")
    lines += [
        f"已督办：{urges - 1} 次，本次为第 {urges} 次",
        "",
        f"请于 {stamp(reply_by)} 前书面回复办理情况：谁负责、如何办、何时解决。",
        "",
        f"双创办  {stamp(now)}",
    ]
    return "\n".join(lines) + "\n"


def escalated_table(cases: list[Case], *, max_width: int | None = None, color: bool | None = None) -> str:
    """Cases under escalated supervision (提级督办): each with its department and how often it was redone."""
    rows = [[case.ref, case.enterprise, clean(case.title), case.department or "—", str(case.redos)] for case in cases]
    columns = [
        Column(tr("ref")),
        Column(tr("enterprise"), flexible=True, minimum=8),
        Column(tr("title"), flexible=True, minimum=8, optional=2),
        Column(tr("department"), flexible=True, minimum=6, optional=1),
        Column(tr("redos"), align="right"),
    ]
    return table(columns, rows, max_width=max_width, color=color)


SEARCH_GIVES_WAY = {"department": 7, "received": 6, "status": 5, "found in": 4, "enterprise": 3, "title": 2}


def search_table(matches: list, *, max_width: int | None = None, color: bool | None = None) -> str:
    """Search results (Case, Match), each with the text around what matched, marked in colour or between 【】.

    The context never gives way: it is what the officer searched for (SEARCH_GIVES_WAY says
    what goes before it), and it is cut around the first match, never past it.
    """
    color = use_color() if color is None else color
    found_in = {"title": tr("title"), "detail": tr("detail"), "history": tr("history")}
    rows = [
        [
            case.ref,
            case.enterprise,
            case.title,
            case.department or "—",
            tr(case.status),
            short_time(case.received_at),
            found_in[match.where],
            Marked(match.text, match.spans),
        ]
        for case, match in matches
    ]
    steps = SEARCH_GIVES_WAY
    columns = [
        Column(tr("ref")),
        Column(tr("enterprise"), flexible=True, minimum=8, optional=steps["enterprise"]),
        Column(tr("title"), flexible=True, minimum=10, optional=steps["title"]),
        Column(tr("department"), flexible=True, minimum=6, optional=steps["department"]),
        Column(tr("status"), optional=steps["status"]),
        Column(tr("received"), optional=steps["received"]),
        Column(tr("found in"), optional=steps["found in"]),
        Column(tr("context"), flexible=True, minimum=30, marked=True),
    ]
    return table(columns, rows, max_width=max_width, color=color)


def per_department(items: list[Late]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for item in items:
        name = item.case.department or tr("(unassigned)")
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


# -- texts to paste into the WeChat groups (plain, no markup) -----------------------------------


def reply_text(case: Case, lang: str = "zh") -> str:
    """The department's answer in the form the group expects: 【答复】ref, who, how, by when.

    A case not yet answered shows "(not answered yet)" where the answer goes, so the text
    cannot be mistaken for one.
    """
    missing = tr("(not answered yet)", lang)
    lines = [
        tr("[Answer] {ref}", lang, ref=case.ref),
        tr("Enterprise: {value}", lang, value=clean(case.enterprise)),
        tr("Problem: {value}", lang, value=clean(case.title)),
        tr("Department: {value}", lang, value=clean(case.department or "—")),
        tr("Responsible: {value}", lang, value=clean(case.owner) if case.owner else missing),
        tr("Handling: {value}", lang, value=clean(case.plan) if case.plan else missing),
        tr("Resolved by: {value}", lang, value=promise_time(case.eta) if case.eta else missing),
    ]
    return "\n".join(lines)


DIGEST_LIMIT = 1500
DIGEST_TITLE = 24  # characters of a title shown in the digest


class Digest(NamedTuple):
    """One day's movement, as the group digest reports it."""

    day: date
    new: list[Case]
    answered: list[Case]
    closed: list[Case]
    due_today: list[tuple[Case, list[Milestone]]]
    overdue: list[tuple[str, list[tuple[Case, list[Milestone]]]]]  # by department, most cases first
    flagged: tuple[Case, ...] = ()  # overdue by more than the policy's limit: for the leaders (通报)

    @property
    def overdue_count(self) -> int:
        return sum(len(cases) for _department, cases in self.overdue)


def digest(cases: list[Case], day: date, calendar, now: datetime) -> Digest:
    """Gather the day: received, answered, resolved or filed, falling due, and late.

    Lateness is judged at the end of the day, or now if the day is not over; a running pause
    pushes open deadlines along, as everywhere else. A case late at that moment is listed
    under its department (with every late milestone), not as due today.
    """
    start = datetime(day.year, day.month, day.day, tzinfo=now.tzinfo)
    end = start + timedelta(days=1)
    as_of = min(end, now)
    first, last, judged = to_epoch(start), to_epoch(end), to_epoch(as_of)

    def within(moment: datetime | None) -> bool:
        return moment is not None and start <= moment < end

    new = [c for c in cases if within(c.received_at)]
    # A case answered by its resolution is told as resolved; a later round's resolution counts on its day.
    answered = [c for c in cases if within(c.responded_at) and c.responded_at not in (c.resolved_at, c.filed_at)]
    closed = [
        c
        for c in cases
        if within(c.resolved_at)
        or within(c.filed_at)
        or any(m.round > 1 and m.name == "resolve" and within(m.met_at) for m in c.milestones)
    ]
    due_today, late = [], {}
    for case in cases:
        if case.received_at >= as_of:
            continue
        late_here, due_here = [], []
        for milestone in case.milestones:
            if milestone.met_at is not None and (milestone.met_at < start or milestone.met_at <= case.received_at):
                continue  # settled before the day began, or on the spot at intake
            due = to_epoch(milestone.due) if milestone.met_at else effective_due(case, milestone, calendar, now)
            still_open = milestone.met_at is None or milestone.met_at >= as_of
            if still_open and due < judged:
                late_here.append(milestone)
            elif first <= due < last:
                due_here.append(milestone)
        if late_here:
            late.setdefault(case.department or "", []).append((case, late_here))
        elif due_here:
            due_today.append((case, due_here))
    due_today.sort(key=lambda pair: (pair[1][0].due, pair[0].ref))
    overdue = sorted(
        ((department, sorted(items, key=lambda pair: (pair[1][0].due, pair[0].ref))) for department, items in late.items()),
        key=lambda pair: (-len(pair[1]), pair[0]),
    )
    return Digest(day, new, answered, closed, due_today, overdue)


def digest_text(summary: Digest, *, lang: str = "zh", limit: int = DIGEST_LIMIT) -> str:
    """The day's summary for the WeChat group, plain text, at most ``limit`` characters.

    When everything does not fit, every list keeps as many of its first items as the limit
    allows and ends with "…等N件" ("… N in all"); the counts line always stays.
    """
    lists = [summary.new, summary.answered, summary.closed, summary.due_today] + [items for _d, items in summary.overdue]
    departments = len(summary.overdue)
    most = max(map(len, lists))
    text = _digest_text(summary, lang, most, departments)
    if len(text) <= limit:
        return text
    low, high = 0, most  # the most items per list that fit: the text shortens as it falls
    while low < high:
        middle = (low + high + 1) // 2
        if len(_digest_text(summary, lang, middle, departments)) <= limit:
            low = middle
        else:
            high = middle - 1
    text = _digest_text(summary, lang, low, departments)
    while len(text) > limit and departments > 0:
        departments -= 1
        text = _digest_text(summary, lang, 0, departments)
    return text if len(text) <= limit else text[: limit - 1] + "…"


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _digest_text(summary: Digest, lang: str, keep: int, departments: int) -> str:
    lines = [
        tr("[Daily digest] {day} ({weekday})", lang, day=summary.day.isoformat(), weekday=tr(WEEKDAYS[summary.day.weekday()], lang)),
        tr(
            "New {new} · answered {answered} · resolved {closed} · due today {due} · overdue {overdue}",
            lang,
            new=len(summary.new),
            answered=len(summary.answered),
            closed=len(summary.closed),
            due=len(summary.due_today),
            overdue=summary.overdue_count,
        ),
    ]
    separator = "、" if lang == "zh" else ", "

    def case_line(case: Case, extra: str = "", *, department: bool = True) -> str:
        title = case.title if len(case.title) <= DIGEST_TITLE else case.title[: DIGEST_TITLE - 1] + "…"
        text = tr("{ref} {enterprise}: {title}", lang, ref=case.ref, enterprise=clean(case.enterprise), title=clean(title))
        if department and case.department:
            text += tr(" ({department})", lang, department=clean(case.department))
        return text + extra

    headings = iter("一二三四五六")

    def heading(text: str) -> str:
        return f"{next(headings)}、{text}" if lang == "zh" else text

    def section(title: str, entries: list[str]) -> None:
        if not entries:
            return
        lines.extend(["", heading(title)])
        shown = entries[:keep]
        lines.extend(f"{number}. {entry}" for number, entry in enumerate(shown, 1))
        if len(entries) > len(shown):
            lines.append(tr("…{count} in all", lang, count=len(entries)))

    def due_note(milestones: list[Milestone]) -> str:
        notes = []
        for milestone in milestones:
            note = f"{tr(milestone.name, lang)} {milestone.due.strftime('%H:%M')}"
            if milestone.met_at is not None:
                note += f" {tr(milestone.state(milestone.met_at), lang)}"
            notes.append(note)
        return " " + separator.join(notes)

    section(tr("New cases", lang), [case_line(c) for c in summary.new])
    section(tr("Answered", lang), [case_line(c) for c in summary.answered])
    section(
        tr("Resolved", lang), [case_line(c, f" {tr('filed', lang)}" if c.filed_at and not c.resolved_at else "") for c in summary.closed]
    )
    section(tr("Due today", lang), [case_line(c, due_note(m)) for c, m in summary.due_today])
    if summary.overdue:
        lines.extend(["", heading(tr("Overdue by department", lang))])
        for department, items in summary.overdue[:departments]:
            name = clean(department) or tr("(unassigned)", lang)
            lines.append(tr("{department}: {count}", lang, department=name, count=len(items)))
            shown = items[:keep]
            lines.extend(f"  {case_line(c, ' ' + separator.join(tr(m.name, lang) for m in late), department=False)}" for c, late in shown)
            if len(items) > len(shown):
                lines.append("  " + tr("…{count} in all", lang, count=len(items)))
        if departments < len(summary.overdue):
            rest = summary.overdue[departments:]
            lines.append(
                tr("…and {count} more in {departments} departments", lang, count=sum(len(i) for _d, i in rest), departments=len(rest))
            )
    section(tr("Flagged for the leaders (通报)", lang), [case_line(c) for c in summary.flagged])
    if len(lines) == 2:
        lines.extend(["", tr("Nothing moved today.", lang)])
    return "\n".join(lines)


# -- calendar month grids -------------------------------------------------------------------------

DAY_CELLS = 4  # a day number (2) and its mark, 休 or 班 (2)
GRID_CELLS = 7 * DAY_CELLS + 6


def month_grid(
    year: int, month: int, calendar, names: dict[date, tuple[bool, str]], *, today: date | None = None, color: bool = False, weeks: int = 0
) -> list[str]:
    """One month as a grid, Monday first: 休 marks a weekday off, 班 a weekend day worked.

    Below the grid, the month's named days as ranges (02-15 – 02-23 休 春节). A month beyond
    the entered schedule says so: its days follow the weekday rule only. Every line is the same
    display width, and ``weeks`` pads the grid to that many rows, so months can stand side by side.
    """
    import calendar as monthgrid

    from zhitong.core.calendar_data import chinese_name
    from zhitong.edge.language import language

    title = f"{year}-{month:02d}"
    if not calendar.is_covered(date(year, month, 1)):
        title += f"  {TIMELINE_MARK['provisional']} {tr('provisional')}"
    lines = [paint(pad(title, GRID_CELLS), "bold", color)]
    lines.append(" ".join(pad(tr(name), DAY_CELLS) for name in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")))
    for week in monthgrid.Calendar().monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append(" " * DAY_CELLS)
                continue
            working = calendar.is_working_day(day)
            weekend = day.weekday() >= 5
            mark, tint = "  ", ("dim" if weekend else None)
            if working and weekend:
                mark, tint = "班", "amber"
            elif not working and not weekend:
                mark, tint = "休", "red"
            elif not working and day in names:
                tint = "red"
            if day == today and tint in (None, "dim"):
                tint = "bold"
            cells.append(paint(f"{day.day:2d}{mark}", tint, color))
        lines.append(" ".join(cells))
    lines += [" " * GRID_CELLS] * (weeks + 2 - len(lines))
    ranges: list[list] = []
    for day in sorted(d for d in names if d.year == year and d.month == month):
        working, name = names[day]
        label = (chinese_name(name) if language() == "zh" else name.replace(" (make-up working day)", "")) if name else ""
        if ranges and ranges[-1][2] == working and ranges[-1][3] == label and (day - ranges[-1][1]).days == 1:
            ranges[-1][1] = day
        else:
            ranges.append([day, day, working, label])
    for first, last, working, label in ranges:
        span = first.strftime("%m-%d") + ("" if first == last else " – " + last.strftime("%m-%d"))
        lines.append(pad(f"{'班' if working else '休'} {span}  {label}".rstrip(), GRID_CELLS))
    return lines


def side_by_side(blocks: list[list[str]], cells: int, max_width: int, gap: int = 3) -> str:
    """Blocks of equal-width lines laid out in rows, as many across as ``max_width`` allows (≤ 3)."""
    across = max(1, min(3, len(blocks), (max_width + gap) // (cells + gap)))
    rows = []
    for start in range(0, len(blocks), across):
        group = blocks[start : start + across]
        height = max(map(len, group))
        for index in range(height):
            parts = [block[index] if index < len(block) else " " * cells for block in group]
            rows.append((" " * gap).join(parts).rstrip())
        rows.append("")
    return "\n".join(rows).rstrip("\n")
