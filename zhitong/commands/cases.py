"""Case commands: log a case and act on it through its life."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from zhitong.commands.app import (
    JsonOption,
    app,
    emit_json,
    now,
    out,
    say,
    state,
    warn_coverage,
    when_option,
)
from zhitong.core.errors import InputError
from zhitong.edge.inputs import MAX_TITLE, parse_channel, resolve_when, text_field

CASES = "Cases"

Ref = Annotated[str, typer.Argument(help="Case reference: ZT-2026-0001, or 2026-1, 26-1, 0001 or 1 (this year's).", show_default=False)]
At = Annotated[Optional[str], when_option()]
Reason = Annotated[str, typer.Option("--reason", help="Why (recorded in the history).", show_default=False)]
NoteOption = Annotated[Optional[str], typer.Option("--note", help="A remark for the history.")]


def print_case(case, as_json: bool) -> None:
    from zhitong.text.views import case_detail

    if as_json:
        emit_json(case.to_json(now()))
    else:
        out(case_detail(case, now()))


@app.command(rich_help_panel=CASES)
def new(
    enterprise: Annotated[str, typer.Argument(help="Enterprise name (exact, or a unique part of it).", show_default=False)],
    title: Annotated[str, typer.Argument(help="The problem, in a line.", show_default=False)],
    category: Annotated[
        str,
        typer.Option(
            "--category", "-c", help="consult|routine|major|restricted (or 政策咨询, 一般问题, 重大问题, 政策限制).", show_default=False
        ),
    ],
    channel: Annotated[
        Optional[str],
        typer.Option(
            "--channel",
            help="service-group|liaison-group|hotline|visit|package, or 政企服务直通群, 政企联络员直通群, 政企服务专线, 政企面对面, 综合服务包 (default: config, else service-group).",
        ),
    ] = None,
    dept: Annotated[Optional[str], typer.Option("--dept", "-d", help="Assign to this department at once.")] = None,
    detail: Annotated[Optional[str], typer.Option("--detail", help="The full text of the problem.")] = None,
    at: Annotated[Optional[str], when_option("When it was received (default: now).")] = None,
    answer: Annotated[
        Optional[str], typer.Option("--answer", help="consult only: the answer given on the spot (resolves the case).")
    ] = None,
    as_json: JsonOption = False,
):
    """Log a new case and print its reference and deadlines.

    Example:

        zhitong new 新奥集团 "华翔路封路，货物无法运出" --category routine --channel service-group --dept 经济发展局
    """
    from zhitong.core.policy import limits_for, parse_category
    from zhitong.edge.config import actor, load_config

    context = state()
    category = parse_category(category)
    channel = parse_channel(channel or load_config().get("channel") or "service-group")
    title = text_field(title, "title", required=True, limit=MAX_TITLE)
    detail = text_field(detail, "detail")
    answer = text_field(answer, "answer")
    if answer and category != "consult":
        raise InputError("--answer is for consult cases, answered on the spot", hint="use respond for other categories")
    received = resolve_when(at)
    policy = context.policy
    store = context.store
    found = store.find_enterprise(enterprise)
    department = store.find_department(dept) if dept else None
    limits = limits_for(policy, category)
    ref = store.add_case(
        enterprise=found,
        title=title,
        detail=detail,
        category=category,
        channel=channel,
        limits=limits,
        at=received,
        actor=actor(),
        department=department,
        answer=answer,
    )
    case = store.case(ref)
    warn_coverage(store)
    if category == "consult" and not answer:
        say("a consult is answered on the spot and is due now: record the answer with zhitong resolve {ref} --note …", ref=ref)
    if as_json:
        print_case(case, True)
    else:
        from zhitong.text.views import deadline_lines

        out(ref)
        out(deadline_lines(case, now()))


def _act(
    ref: str,
    kind: str,
    at: str | None,
    *,
    text: str = "",
    data: dict | None = None,
    department=None,
    as_json: bool = False,
    message: str,
    then: tuple = (),
):
    from zhitong.edge.config import actor

    store = state().store
    case = store.act(ref, kind, at=resolve_when(at), actor=actor(), text=text, data=data, department=department, then=then)
    warn_coverage(store)
    if as_json:
        print_case(case, True)
    else:
        say(message, ref=case.ref, status=_status(case.status), department=case.department or "")
    return case


def _status(status: str) -> str:
    from zhitong.text.i18n import tr

    return tr(status)


@app.command(rich_help_panel=CASES)
def assign(
    ref: Ref,
    dept: Annotated[str, typer.Argument(help="Department name.", show_default=False)],
    at: At = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
):
    """Hand the case to the responsible department (交办).

    Example:

        zhitong assign ZT-2026-0001 经济发展局
    """
    department = state().store.find_department(dept)
    _act(
        ref,
        "assign",
        at,
        text=text_field(note, "note") or "",
        department=department,
        as_json=as_json,
        message="{ref} assigned to {department}",
    )


@app.command(rich_help_panel=CASES)
def transfer(
    ref: Ref,
    dept: Annotated[str, typer.Argument(help="The department taking over.", show_default=False)],
    reason: Reason,
    at: At = None,
    as_json: JsonOption = False,
):
    """Move the case to another department (转办); the clock keeps running from intake.

    Example:

        zhitong transfer ZT-2026-0001 工管委 --reason "属工管委职责"
    """
    department = state().store.find_department(dept)
    reason = text_field(reason, "reason", required=True)
    _act(ref, "transfer", at, text=reason, department=department, as_json=as_json, message="{ref} transferred to {department}")


@app.command(rich_help_panel=CASES)
def respond(
    ref: Ref,
    owner: Annotated[str, typer.Option("--owner", help="Who is responsible (谁负责).", show_default=False)],
    plan: Annotated[str, typer.Option("--plan", help="How it will be handled (如何办).", show_default=False)],
    eta: Annotated[
        str,
        typer.Option(
            "--eta",
            help="When it will be solved (何时解决), e.g. 2026-11-30, 11-30 18:00 or 周五 下午5点 (the coming Friday).",
            show_default=False,
        ),
    ],
    at: At = None,
    print_reply: Annotated[bool, typer.Option("--print", help="Print the answer ready to paste into the WeChat group.")] = False,
    as_json: JsonOption = False,
):
    """Record the department's written answer: who, how and by when (答复).

    Example:

        zhitong respond ZT-2026-0001 --owner 张科长 --plan "协调交警部门临时放行" --eta "today 18:00"
    """
    from zhitong.core.instants import iso
    from zhitong.edge.when import parse_when

    if print_reply and as_json:
        raise InputError("--print and --json cannot be combined", hint="choose one: --print for the group, --json for scripts")
    owner = text_field(owner, "owner", required=True, limit=MAX_TITLE)
    plan = text_field(plan, "plan", required=True)
    eta_moment = parse_when(eta, reference=now(), future=True) if eta and eta.strip() else None
    if eta_moment is None:
        raise InputError("eta must not be empty", hint="say when it will be solved, e.g. --eta 2026-11-30")
    case = _act(
        ref,
        "respond",
        at,
        text=plan,
        data={"owner": owner, "plan": plan, "eta": iso(eta_moment)},
        as_json=as_json,
        message="{ref} answered",
    )
    if print_reply:
        from zhitong.text.views import reply_text

        out(reply_text(case))


@app.command(rich_help_panel=CASES)
def escalate(
    ref: Ref,
    reason: Reason,
    to: Annotated[str, typer.Option("--to", help="The new category: major or restricted (重大问题, 政策限制).")] = "major",
    at: At = None,
    as_json: JsonOption = False,
):
    """Re-categorise the case (请示); its deadlines are recomputed from intake.

    Example:

        zhitong escalate ZT-2026-0001 --to major --reason "需请示管委会主要领导"
    """
    from zhitong.core.policy import limits_for, parse_category

    category = parse_category(to)
    if category not in ("major", "restricted"):
        raise InputError("escalate goes --to major or --to restricted, not {value!r}", value=to)
    reason = text_field(reason, "reason", required=True)
    limits = limits_for(state().policy, category)
    _act(ref, "escalate", at, text=reason, data={"category": category, "limits": limits}, as_json=as_json, message="{ref} escalated")


@app.command(rich_help_panel=CASES)
def report(
    ref: Ref,
    text: Annotated[str, typer.Argument(help="The research result.", show_default=False)],
    at: At = None,
    as_json: JsonOption = False,
):
    """Record the research result of a major case (反馈研究结果).

    Example:

        zhitong report ZT-2026-0002 "经管委会研究，同意按政策给予支持"
    """
    text = text_field(text, "text", required=True)
    _act(ref, "report", at, text=text, as_json=as_json, message="{ref} research result recorded")


@app.command(rich_help_panel=CASES)
def resolve(ref: Ref, note: NoteOption = None, at: At = None, as_json: JsonOption = False):
    """Close the case as solved and fed back (办结).

    Example:

        zhitong resolve ZT-2026-0001 --note "绕行路线限高杆已拆除"
    """
    _act(ref, "resolve", at, text=text_field(note, "note") or "", as_json=as_json, message="{ref} resolved")


@app.command("file", rich_help_panel=CASES)
def file_case(ref: Ref, reason: Reason, at: At = None, as_json: JsonOption = False):
    """File a restricted case with 双创办 (备案); this closes it.

    Example:

        zhitong file ZT-2026-0003 --reason "受现行用地政策限制，暂无法解决"
    """
    reason = text_field(reason, "reason", required=True)
    _act(ref, "file", at, text=reason, as_json=as_json, message="{ref} filed")


@app.command(rich_help_panel=CASES)
def rate(
    ref: Ref,
    score: Annotated[str, typer.Argument(help="The enterprise's rating, 1 (poor) to 5 (excellent).", show_default=False)],
    comment: Annotated[Optional[str], typer.Option("--comment", help="What the enterprise said.")] = None,
    at: At = None,
    unsatisfied: Annotated[
        bool, typer.Option("--unsatisfied", help="The enterprise is not satisfied, whatever the score: the case is redone (重办).")
    ] = False,
    as_json: JsonOption = False,
):
    """Record the enterprise's rating of a resolved or filed case (反馈评价); it makes the callback (回访).

    Rating again records the new rating as its own event: the latest counts, the history
    keeps both. A rating of 1 or 2, or --unsatisfied, reopens the case as a redo (重办) with
    a fresh resolution clock, counted for its department.

    Example:

        zhitong rate ZT-2026-0001 5 --comment "响应迅速"
    """
    from zhitong.core.normalize import normalize

    digits = normalize(score)
    if not (digits.isdigit() and 1 <= int(digits) <= 5):
        raise InputError("a rating is a whole number from 1 to 5, not {value!r}", value=score)
    score = int(digits)
    comment = text_field(comment, "comment") or ""
    redo = unsatisfied or score <= 2
    then = (("reopen", comment, {"redo": True, "rating": score}),) if redo else ()
    case = _act(
        ref,
        "rate",
        at,
        text=comment,
        data={"rating": score},
        as_json=as_json,
        message="{ref} rated; not satisfied: reopened as a redo (重办)" if redo else "{ref} rated",
        then=then,
    )
    previous = next(event for event in reversed(case.events) if event.kind == "rate").data.get("previous")
    if previous is not None and not as_json:
        # The latest rating counts (stats, the case card); the history keeps every one.
        if previous == score:
            say("rated {rating} again; the history keeps both ratings", rating=score)
        else:
            say(
                "the rating changed from {previous} to {rating}; the latest counts and the history keeps both",
                previous=previous,
                rating=score,
            )


@app.command(rich_help_panel=CASES)
def urge(
    ref: Ref,
    note: NoteOption = None,
    at: At = None,
    notice: Annotated[
        bool, typer.Option("--notice", help="Write the supervision notice (督办通知单), from the day after a breach.")
    ] = False,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the notice to this file (default: stdout).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file given to -o.")] = False,
    as_json: JsonOption = False,
):
    """Chase the department about the case (督办); urges are counted.

    With --notice, from the day after a deadline was broken, the supervision notice
    (督办通知单) is written in Chinese: the case, what was promised and by when, how late in
    working time, the urges so far and the reply-by time (policy: hotline.reply_by, a working
    day). It is recorded as an urge.

    Example:

        zhitong urge ZT-2026-0001 --note "电话督办"
        zhitong urge ZT-2026-0001 --notice -o 督办通知单-0001.txt
    """
    if not notice:
        if output is not None:
            raise InputError("-o is for the supervision notice", hint="give --notice as well")
        _act(ref, "urge", at, text=text_field(note, "note") or "", as_json=as_json, message="{ref} urged")
        return
    if as_json:
        raise InputError("--notice and --json cannot be combined", hint="the notice is text; zhitong show REF --json gives the case")
    _urge_with_notice(ref, text_field(note, "note") or "", at, output, force)


def _urge_with_notice(ref: str, note: str, at: str | None, output, force: bool) -> None:
    from zhitong.core.instants import from_epoch, iso, to_epoch
    from zhitong.core.supervision import notice_breaches
    from zhitong.edge.config import actor
    from zhitong.edge.files import output_stream
    from zhitong.text.views import supervision_notice

    context = state()
    store = context.store
    when = resolve_when(at)
    case = store.case(ref)
    found = notice_breaches(case, store.calendar, when)
    reply_at = from_epoch(store.calendar.due(to_epoch(when), context.policy.hotline.reply_by).at)
    if output is not None and str(output) != "-" and output.expanduser().exists() and not force:
        raise InputError("{path} already exists", hint="give --force to overwrite it, or name a new file", path=str(output))
    text = supervision_notice(case, found, urges=case.urges + 1, reply_by=reply_at, now=when)
    data = {"notice": True, "reply_by": iso(reply_at)}
    with output_stream(output, "utf-8", force=force) as stream:
        stream.write(text)
        store.act(case.ref, "urge", at=when, actor=actor(), text=note, data=data)
    if output is not None and str(output) != "-":
        say(
            "{ref}: supervision notice written to {path}; reply due by {when}",
            ref=case.ref,
            path=str(output),
            when=reply_at.strftime("%Y-%m-%d %H:%M"),
        )
    else:
        say("{ref}: supervision notice recorded; reply due by {when}", ref=case.ref, when=reply_at.strftime("%Y-%m-%d %H:%M"))


@app.command(rich_help_panel=CASES)
def pause(ref: Ref, reason: Reason, at: At = None, as_json: JsonOption = False):
    """Stop the clocks while waiting for the enterprise.

    Example:

        zhitong pause ZT-2026-0001 --reason "等待企业补充材料"
    """
    reason = text_field(reason, "reason", required=True)
    _act(ref, "pause", at, text=reason, as_json=as_json, message="{ref} paused")


@app.command(rich_help_panel=CASES)
def resume(ref: Ref, at: At = None, note: NoteOption = None, as_json: JsonOption = False):
    """Restart the clocks of a paused case; the paused time does not count.

    Example:

        zhitong resume ZT-2026-0001
    """
    _act(ref, "resume", at, text=text_field(note, "note") or "", as_json=as_json, message="{ref} resumed")


@app.command(rich_help_panel=CASES)
def reopen(ref: Ref, reason: Reason, at: At = None, as_json: JsonOption = False):
    """Reopen a resolved or filed case the enterprise is not satisfied with.

    The department owes a resolution again, on the same limit, counted from the reopening.

    Example:

        zhitong reopen ZT-2026-0001 --reason "企业反映问题仍未解决"
    """
    reason = text_field(reason, "reason", required=True)
    _act(ref, "reopen", at, text=reason, as_json=as_json, message="{ref} reopened")


@app.command(rich_help_panel=CASES)
def note(
    ref: Ref, text: Annotated[str, typer.Argument(help="The remark.", show_default=False)], at: At = None, as_json: JsonOption = False
):
    """Add a remark to the case's history.

    Example:

        zhitong note ZT-2026-0001 "企业联系人已更换为李经理"
    """
    text = text_field(text, "text", required=True)
    _act(ref, "note", at, text=text, as_json=as_json, message="{ref} noted")


@app.command(rich_help_panel=CASES)
def show(
    ref: Ref,
    as_json: JsonOption = False,
    reply: Annotated[bool, typer.Option("--reply", help="Print the answer ready to paste into the WeChat group.")] = False,
):
    """Show a case: its deadlines (met, late, pending, provisional) and its timeline.

    Example:

        zhitong show ZT-2026-0001
    """
    case = state().store.case(ref)
    if reply:
        from zhitong.text.views import reply_text

        out(reply_text(case))
        return
    print_case(case, as_json)
