"""The hotline workflow's actions on a case: sign-for, return, and extensions asked and decided."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from zhitong.commands.app import JsonOption, app, state
from zhitong.commands.cases import CASES, At, Reason, Ref, _act
from zhitong.edge.inputs import MAX_TITLE, text_field


@app.command(rich_help_panel=CASES)
def sign(ref: Ref, at: At = None, as_json: JsonOption = False):
    """Record that the assigned department has acknowledged the case (签收).

    Sign-for is due a working day after each assignment or transfer (the policy's sign limit).

    Example:

        zhitong sign ZT-2026-0001 --at "today 09:10"
    """
    _act(ref, "sign", at, as_json=as_json, message="{ref} signed for by {department}")


@app.command("return", rich_help_panel=CASES)
def return_case(ref: Ref, reason: Reason, at: At = None, as_json: JsonOption = False):
    """Give the case back to the officer, unassigned, as not the department's own (回退).

    Only within the return window after its assignment (policy: hotline.return_window, 2
    working days). The enterprise's clocks keep running from intake; returns are counted for
    the department that returned it.

    Example:

        zhitong return ZT-2026-0001 --reason "属规划部门职责，非本局事项"
    """
    reason = text_field(reason, "reason", required=True)
    window = str(state().policy.hotline.return_window)
    _act(ref, "return", at, text=reason, data={"window": window}, as_json=as_json, message="{ref} returned to the officer, unassigned")


@app.command(rich_help_panel=CASES)
def extend(
    ref: Ref,
    limit: Annotated[str, typer.Argument(help="How much more time: 5d, 3天, 24h.", show_default=False)],
    reason: Reason,
    at: At = None,
    as_json: JsonOption = False,
):
    """Ask for more time on the resolution (延期申请), before its deadline.

    An approved extension counts its working days after the current deadline's last one; one
    extension is at most the policy's cap (hotline.extension_cap, 10 working days).

    Example:

        zhitong extend ZT-2026-0002 5d --reason "需等待省厅批复"
    """
    from zhitong.sla import Limit

    parsed = Limit.parse(limit)
    if parsed.amount == 0:
        from zhitong.core.errors import InputError

        raise InputError("an extension must add some time, not {value!r}", hint="e.g. 5d, 3天 or 24h", value=limit)
    reason = text_field(reason, "reason", required=True)
    cap = str(state().policy.hotline.extension_cap)
    _act(
        ref,
        "extend",
        at,
        text=reason,
        data={"limit": str(parsed), "cap": cap},
        as_json=as_json,
        message="{ref}: an extension is asked for; approve or refuse it",
    )


@app.command(rich_help_panel=CASES)
def approve(
    ref: Ref,
    by: Annotated[str, typer.Option("--by", help="Who approved the extension.", show_default=False)],
    at: At = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A remark for the history.")] = None,
    as_json: JsonOption = False,
):
    """Approve the extension asked for (批准延期); the enterprise is told of the new deadline.

    The resolution deadline moves only when the approval comes before the deadline it extends
    has passed: a promise already broken stays broken.

    Example:

        zhitong approve ZT-2026-0002 --by 王主任
    """
    by = text_field(by, "by", required=True, limit=MAX_TITLE)
    before = state().store.case(ref, with_events=False).due("resolve")
    case = _act(
        ref,
        "approve",
        at,
        text=text_field(note, "note") or "",
        data={"by": by, "enterprise_told": True},
        as_json=as_json,
        message="{ref}: extension approved; tell the enterprise the new deadline",
    )
    if not as_json:
        from zhitong.commands.app import say

        due = case.due("resolve").strftime("%Y-%m-%d %H:%M")
        if case.due("resolve") == before:
            say("the deadline had already passed when it was approved: it stays {due}", due=due)
        else:
            say("resolution now due {due}", due=due)


@app.command(rich_help_panel=CASES)
def refuse(ref: Ref, reason: Reason, at: At = None, as_json: JsonOption = False):
    """Refuse the extension asked for (不予延期); the deadline stays.

    Example:

        zhitong refuse ZT-2026-0002 --reason "理由不充分，请按期办结"
    """
    reason = text_field(reason, "reason", required=True)
    _act(ref, "refuse", at, text=reason, as_json=as_json, message="{ref}: extension refused; the deadline stays")
