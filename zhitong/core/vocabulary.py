"""The words zhitong stores, defined once: statuses, categories, channels, milestones, kinds.

Each is an English key, stable in JSON and CSV whatever the interface language; the text layer
shows each through ``tr(word)`` and the catalogue holds its Chinese (``tests/test_i18n.py``
requires it for every word here). The Chinese names an officer may type for a word are here
too, beside the word, so that every option and importer reads them the same way.
"""

from __future__ import annotations

STATUSES = ("open", "assigned", "responded", "reported", "resolved", "filed")
CLOSED = ("resolved", "filed")

CATEGORIES = ("consult", "routine", "major", "restricted")
CATEGORY_ALIASES = {
    "政策咨询": "consult",
    "政策咨询类": "consult",
    "咨询": "consult",
    "一般": "routine",
    "一般问题": "routine",
    "重大": "major",
    "重大问题": "major",
    "政策限制": "restricted",
    "限制": "restricted",
}

CHANNELS = ("service-group", "liaison-group", "hotline", "visit", "package")
CHANNEL_ALIASES = {
    "直通群": "service-group",
    "政企服务直通群": "service-group",
    "联络员群": "liaison-group",
    "政企联络员直通群": "liaison-group",
    "专线": "hotline",
    "热线": "hotline",
    "2912345": "hotline",
    "政企面对面": "visit",
    "走访": "visit",
    "服务包": "package",
    "综合服务包": "package",
}

# The order milestones are shown in; each fills the case's `<name>_due` field.
MILESTONES = ("response", "feedback", "resolve")
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
)

GROUPS = ("service", "liaison")
GROUP_ALIASES = {"规上": "service", "规上企业": "service", "包联": "liaison", "包联帮扶": "liaison", "包联帮扶企业": "liaison"}

WORKDAYS = "workdays"
CALENDAR = "calendar"
CLOCKS = (WORKDAYS, CALENDAR)

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

VOCABULARY = STATUSES + CATEGORIES + CHANNELS + MILESTONES + EVENT_KINDS + MILESTONE_STATES + GROUPS + CLOCKS + WEEKDAYS
