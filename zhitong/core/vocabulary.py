"""The words zhitong stores, defined once: statuses, categories, channels, milestones, kinds.

Each is an English key, stable in JSON and CSV whatever the interface language; the text layer
shows each through ``tr(word)``, and the Chinese it shows is here (``CHINESE``, which the
catalogue takes in whole), beside the other Chinese names an officer may type for the word
(the ``*_ALIASES``). ``parse`` reads any of them — the key, the name the tables print, an
alias — so that every option, importer and policy file reads them the same way.
"""

from __future__ import annotations

import re

from zhitong.core.errors import Choices, InputError
from zhitong.core.normalize import normalize

STATUSES = ("open", "assigned", "responded", "reported", "resolved", "filed")
CLOSED = ("resolved", "filed")
STATUS_ALIASES = {
    "受理": "open",
    "未交办": "open",
    "待交办": "open",
    "交办": "assigned",
    "答复": "responded",
    "反馈": "reported",
    "已反馈研究结果": "reported",
    "办结": "resolved",
    "备案": "filed",
}

CATEGORIES = ("consult", "routine", "major", "restricted")
CATEGORY_ALIASES = {
    "政策咨询类": "consult",
    "咨询": "consult",
    "一般": "routine",
    "承办部门有权解决的业务问题": "routine",
    "重大": "major",
    "需请示解决的重大问题": "major",
    "限制": "restricted",
    "因政策限制暂时无法解决": "restricted",
}

# The short names officers write in a sheet's category column (类别 一般), each also read back.
CATEGORY_SHORT = {"consult": "咨询", "routine": "一般", "major": "重大", "restricted": "限制"}

CHANNELS = ("service-group", "liaison-group", "hotline", "visit", "package")
CHANNEL_ALIASES = {
    "直通群": "service-group",
    "服务群": "service-group",
    "联络员群": "liaison-group",
    "专线": "hotline",
    "热线": "hotline",
    "2912345": "hotline",
    "政企服务专线2912345": "hotline",
    "面对面": "visit",
    "走访": "visit",
    "服务包": "package",
}

# The order milestones are shown in; each fills the case's `<name>_due` field.
MILESTONES = ("sign", "response", "feedback", "resolve", "callback")
# Milestones whose clock starts later than intake: sign at each assignment or transfer, the
# callback at resolution. A case has them only once their clock has started.
STARTED_LATER = ("sign", "callback")
MILESTONE_ALIASES = {
    "resolution": "resolve",
    "sign-for": "sign",
    "签收时限": "sign",
    "回访时限": "callback",
    "反馈": "feedback",
    "研究结果": "feedback",
    "反馈研究结果": "feedback",
    "办结并反馈": "resolve",
}
MILESTONE_STATES = ("met", "late", "pending", "provisional")

# Every kind of event a case's history holds (the actions a command can take, and intake).
EVENT_KINDS = (
    "intake",
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
    "recompute",
    "pay",
    "sign",
    "return",
    "extend",
    "approve",
    "refuse",
)

# What an item of a service package is: an inclusive policy (普惠式政策) or a personalised measure.
ITEM_KINDS = ("policy", "measure")
ITEM_KIND_ALIASES = {"政策": "policy", "普惠式政策": "policy", "惠企政策": "policy", "措施": "measure", "个性化专项措施": "measure"}

GROUPS = ("service", "liaison")
GROUP_ALIASES = {"规上": "service", "规模以上企业": "service", "包联": "liaison", "包联帮扶": "liaison", "帮扶企业": "liaison"}

WORKDAYS = "workdays"
CALENDAR = "calendar"
CLOCKS = (WORKDAYS, CALENDAR)
CLOCK_ALIASES = {"working-days": WORKDAYS, "节假日顺延": WORKDAYS, "日历日": CALENDAR, "7x24": CALENDAR, "7×24": CALENDAR}

# What a day of the holiday schedule is (calendar set, calendar import).
DAY_KINDS = ("holiday", "workday")
DAY_KIND_ALIASES = {"假日": "holiday", "节假日": "holiday", "休": "holiday", "休息": "holiday", "假": "holiday", "补休": "holiday"}
DAY_KIND_ALIASES.update({"班": "workday", "调休上班": "workday", "补班": "workday", "工作日": "workday"})

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

VOCABULARY = (
    STATUSES + CATEGORIES + CHANNELS + MILESTONES + EVENT_KINDS + MILESTONE_STATES + GROUPS + CLOCKS + DAY_KINDS + WEEKDAYS + ITEM_KINDS
)

# Each word's Chinese, as every table, card and message shows it (and as it may be typed back).
CHINESE = {
    # statuses
    "open": "已受理",
    "assigned": "已交办",
    "responded": "已答复",
    "reported": "已反馈",
    "resolved": "已办结",
    "filed": "已备案",
    # categories
    "consult": "政策咨询",
    "routine": "一般问题",
    "major": "重大问题",
    "restricted": "政策限制",
    # channels
    "service-group": "政企服务直通群",
    "liaison-group": "政企联络员直通群",
    "hotline": "政企服务专线",
    "visit": "政企面对面",
    "package": "综合服务包",
    # milestones
    "sign": "签收",
    "response": "答复",
    "feedback": "研究结果反馈",
    "resolve": "办结",
    "callback": "回访",
    # event kinds
    "intake": "受理",
    "assign": "交办",
    "transfer": "转办",
    "respond": "答复",
    "escalate": "请示",
    "report": "反馈研究结果",
    "file": "备案",
    "rate": "评价",
    "urge": "督办",
    "pause": "暂停计时",
    "resume": "恢复计时",
    "reopen": "重新办理",
    "note": "备注",
    "recompute": "重算时限",
    "pay": "拨付资金",
    "return": "回退",
    "extend": "申请延期",
    "approve": "批准延期",
    "refuse": "不予延期",
    # milestone states
    "met": "按时",
    "late": "超期",
    "pending": "办理中",
    "provisional": "暂定",
    # enterprise groups
    "service": "规上企业",
    "liaison": "包联帮扶企业",
    # clocks
    "workdays": "工作日",
    "calendar": "自然日",
    # day kinds
    "holiday": "放假",
    "workday": "上班",
    # package item kinds
    "policy": "普惠政策",
    "measure": "专项措施",
}

# What an officer types a word of each kind for: its words, their other names, and how a
# message names the kind ("unknown {noun} …", translated with the sentence).
TYPED = {
    "status": (STATUSES, STATUS_ALIASES, "status"),
    "category": (CATEGORIES, CATEGORY_ALIASES, "category"),
    "channel": (CHANNELS, CHANNEL_ALIASES, "channel"),
    "milestone": (MILESTONES, MILESTONE_ALIASES, "milestone"),
    "group": (GROUPS, GROUP_ALIASES, "enterprise group"),
    "clock": (CLOCKS, CLOCK_ALIASES, "clock"),
    "day kind": (DAY_KINDS, DAY_KIND_ALIASES, "day kind"),
    "item kind": (ITEM_KINDS, ITEM_KIND_ALIASES, "item kind"),
}

# kind -> every name that reads as a word of it (its key, its Chinese, its aliases), folded
_NAMES = {
    kind: {**{CHINESE[word]: word for word in words}, **aliases, **{word: word for word in words}}
    for kind, (words, aliases, _noun) in TYPED.items()
}
# 政企服务"直通"群 as the article writes it, with whichever quotes the IME gives
_QUOTES = r"[\"'“”‘’「」『』〝〞]"  # compiled on first use


def lookup(kind: str, text: str) -> str | None:
    """The word of ``kind`` that ``text`` names (its key, its Chinese, an alias), or None."""
    cleaned = re.sub(_QUOTES, "", normalize(text)).lower()
    names = _NAMES[kind]
    for candidate in (cleaned, re.sub(r"[\s_]+", "-", cleaned), re.sub(r"\s+", "", cleaned)):
        if candidate in names:
            return names[candidate]
    return None


def parse(kind: str, text: str) -> str:
    """The word of ``kind`` that ``text`` names, or InputError listing the choices in the officer's language."""
    word = lookup(kind, text)
    if word is None:
        words, _aliases, noun = TYPED[kind]
        raise InputError("unknown {noun} {value!r}", hint="use one of: {choices}", noun=noun, value=text, choices=Choices(words))
    return word
