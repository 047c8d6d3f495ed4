"""`zhitong explain`: how each deadline of a case was worked out, as text and as data.

The stories come from ``core/explain.py``; this module only words them: one block per
milestone, short enough that a disputed deadline is settled on one screen.
"""

from __future__ import annotations

from datetime import date, datetime

from zhitong.core.calendar_data import chinese_name
from zhitong.core.explain import MAKEUP, Day, Story, skipped_runs
from zhitong.core.instants import from_epoch, iso
from zhitong.core.models import Case
from zhitong.core.vocabulary import CALENDAR
from zhitong.edge.language import language
from zhitong.text.i18n import tr
from zhitong.text.render import clean, pad, width
from zhitong.text.views import duration, short_time


def day_name(name: str) -> str:
    """A holiday's name in the officer's language (the officer's own names as they were typed)."""
    return chinese_name(name) if language() == "zh" else name


def _day(day: date, year: int) -> str:
    """12-31, or 2027-01-04 once the deadline's way has crossed into another year."""
    return f"{day.month:02d}-{day.day:02d}" if day.year == year else day.isoformat()


def _span(first: date, last: date, year: int) -> str:
    return _day(first, year) if first == last else f"{_day(first, year)}–{_day(last, year)}"


def _names(names: list[str]) -> str:
    return _list([day_name(name) for name in names])


def _moment(at: int | None) -> str:
    return short_time(from_epoch(at)) if at is not None else ""


def counted_text(story: Story) -> str:
    """The days that counted: each working day of a days limit, the working time of each day of an hours limit."""
    parts = []
    year = story.days[0].day.year
    for day in story.days:
        if not day.counted:
            continue
        text = _day(day.day, year)
        if story.limit_unit != "d":
            text += f" {duration(day.counted)}"
        if day.kind == MAKEUP:
            text += " " + tr("make-up working day ({name})", name=day_name(day.name)) if day.name else " " + tr("make-up working day")
        parts.append(text)
    if story.limit_unit == "d":
        return tr("{count} working days: {days}", count=story.counted_days, days=_list(parts))
    return _list(parts)


def _list(parts: list[str]) -> str:
    return ("、" if language() == "zh" else ", ").join(parts)


def skipped_text(days: tuple[Day, ...]) -> str:
    parts = []
    year = days[0].day.year
    for run in skipped_runs(days):
        what = tr(run.kind)
        if run.names:
            what += f" ({_names(run.names)})" if language() != "zh" else f"（{_names(run.names)}）"
        parts.append(f"{_span(run.first, run.last, year)} {what}")
    return "; ".join(parts) if language() != "zh" else "；".join(parts)


def pause_text(move) -> str:
    began, ended = _moment(move.pause.start), _moment(move.pause.end)
    if ended[:10] == began[:10]:
        ended = ended[11:]  # the same day: 2025-10-10 08:40–08:50
    window = f"{began}–{ended}" if ended else tr("{since} – still paused", since=began)
    if move.why == "moved":
        return tr("{window}: moved {moved} → {due}", window=window, moved=duration(move.moved), due=_moment(move.due.at))
    return tr("{window}: moved nothing ({why})", window=window, why=tr(PAUSE_WHY[move.why]))


def extension_text(move) -> str:
    approved = _moment(move.approved_at)
    if move.moved:
        return tr("{limit} approved {approved} → {due}", limit=move.limit, approved=approved, due=_moment(move.due.at))
    return tr("{limit} approved {approved}: moved nothing (the deadline had passed)", limit=move.limit, approved=approved)


PAUSE_WHY = {
    "running": "the pause has not ended",
    "before": "it ended before this clock started",
    "after-met": "it began after the milestone was met",
    "after-due": "it began after the deadline had passed",
}


def provisional_years(story: Story) -> list[int]:
    return sorted({day.day.year for day in story.days if day.provisional})


def story_lines(story: Story, stored, now: datetime, paused_since: datetime | None) -> list[str]:
    """One milestone's block: a heading, then labelled lines."""
    clock = tr("calendar clock") if story.clock == CALENDAR else tr("working-time clock")
    name = tr(story.name) if story.round == 1 else tr("{milestone} (round {round})", milestone=tr(story.name), round=story.round)
    head = f"{name}  {story.limit} · {clock}"
    rows: list[tuple[str, str]] = []
    start = _moment(story.start)
    if story.limit_unit == "d" and story.clock != CALENDAR:
        start = tr("{start} (the intake day does not count)", start=start)
    rows.append((tr("starts"), start))
    if story.days:
        rows.append((tr("counted"), counted_text(story)))
        skipped = skipped_text(story.days)
        if skipped:
            rows.append((tr("not counted"), skipped))
    elif story.clock == CALENDAR:
        rows.append((tr("counted"), tr("every hour, holidays included")))
    for move in story.pauses:
        rows.append((tr("pause"), pause_text(move)))
    for move in story.extensions:
        rows.append((tr("extension"), extension_text(move)))
    due = _moment(story.due.at)
    if story.due.provisional:
        years = provisional_years(story)
        due += "  " + (
            tr("(provisional: {years} not entered, weekends only)", years=_list([str(year) for year in years]))
            if years
            else f"({tr('provisional')})"
        )
    verdict = stored.state(now, paused_since) if stored is not None else ""
    verdict = "" if verdict == "provisional" else tr(verdict)  # said above, with the years
    if story.met_at is None:
        due += f"  {verdict}"
    rows.append((tr("due"), due.rstrip()))
    if stored is not None and stored.due != from_epoch(story.due.at):
        rows.append((tr("stored"), tr("{due}: run zhitong recompute", due=short_time(stored.due))))
    if story.met_at is not None:
        rows.append((tr("met at"), f"{_moment(story.met_at)}  {verdict}".rstrip()))
    cells = max(width(label) for label, _text in rows)
    return [head] + [f"  {pad(label, cells)}  {text}" for label, text in rows]


def explain_text(case: Case, stories: list[Story], now: datetime) -> str:
    stored = {(milestone.round, milestone.name): milestone for milestone in case.milestones}
    lines = [f"{case.ref}  {clean(case.enterprise)}  ·  {clean(case.title)}"]
    lines.append(f"{tr('received')} {short_time(case.received_at)}  ·  {tr('category')} {tr(case.category)}")
    for story in stories:
        lines.append("")
        lines += story_lines(story, stored.get((story.round, story.name)), now, case.paused_since)
    return "\n".join(lines)


def explain_json(case: Case, stories: list[Story], now: datetime) -> dict:
    stored = {(milestone.round, milestone.name): milestone for milestone in case.milestones}
    milestones = []
    for story in stories:
        milestone = stored.get((story.round, story.name))
        milestones.append(
            {
                "name": story.name,
                "round": story.round,
                "limit": story.limit,
                "clock": story.clock,
                "start": iso(from_epoch(story.start)),
                "first_due": iso(from_epoch(story.first.at)),
                "due": iso(from_epoch(story.due.at)),
                "provisional": story.due.provisional,
                "provisional_years": provisional_years(story),
                "stored_due": iso(milestone.due) if milestone else None,
                "met_at": iso(from_epoch(story.met_at)) if story.met_at is not None else None,
                "state": milestone.state(now, case.paused_since) if milestone else None,
                "counted_days": story.counted_days if story.limit_unit == "d" else None,
                "days": [
                    {
                        "date": day.day.isoformat(),
                        "kind": day.kind,
                        "counted": day.counted,
                        "name": day.name or None,
                        "provisional": day.provisional,
                    }
                    for day in story.days
                ],
                "skipped": [
                    {"from": run.first.isoformat(), "to": run.last.isoformat(), "kind": run.kind, "names": run.names}
                    for run in skipped_runs(story.days)
                ],
                "pauses": [
                    {
                        "from": iso(from_epoch(move.pause.start)),
                        "to": iso(from_epoch(move.pause.end)) if move.pause.end is not None else None,
                        "moved": move.moved,
                        "due": iso(from_epoch(move.due.at)),
                        "why": move.why,
                    }
                    for move in story.pauses
                ],
                "extensions": [
                    {
                        "limit": move.limit,
                        "approved_at": iso(from_epoch(move.approved_at)),
                        "moved": move.moved,
                        "due": iso(from_epoch(move.due.at)),
                    }
                    for move in story.extensions
                ],
            }
        )
    return {"ref": case.ref, "received_at": iso(case.received_at), "category": case.category, "milestones": milestones}
