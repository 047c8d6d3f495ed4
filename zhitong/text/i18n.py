"""Two interface languages. English templates are the keys; CATALOG holds their Chinese.

Every message is an English template with named fields (``"{ref} resolved"``); ``tr`` renders
it in the officer's language. The words zhitong stores — statuses, categories, channels,
milestones, event kinds — are English too and shown through ``tr`` as well, so JSON and CSV
keep stable English values whatever the language. ``tests/test_i18n.py`` fails when a
template in the sources has no Chinese here, or when the Chinese drops or adds a field.
"""

from __future__ import annotations

import os

LANGS = ("zh", "en")
_current = "en"

# The stored vocabulary, each shown through tr(word); the test requires Chinese for all.
STATUSES = ("open", "assigned", "responded", "reported", "resolved", "filed")
CATEGORIES = ("consult", "routine", "major", "restricted")
CHANNELS = ("service-group", "liaison-group", "hotline", "visit", "package")
MILESTONES = ("response", "feedback", "resolve")
EVENT_KINDS = (
    "intake", "assign", "transfer", "respond", "escalate", "report", "resolve", "file",
    "rate", "urge", "pause", "resume", "reopen", "note", "recompute",
)  # fmt: skip
MILESTONE_STATES = ("met", "late", "pending", "provisional")
GROUPS = ("service", "liaison")
CLOCKS = ("workdays", "calendar")
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
VOCABULARY = STATUSES + CATEGORIES + CHANNELS + MILESTONES + EVENT_KINDS + MILESTONE_STATES + GROUPS + CLOCKS + WEEKDAYS

# Fields whose value is a vocabulary word ("the case is {status}") are translated with the
# sentence, so a Chinese message never carries an English status in the middle of it.
_WORD_FIELDS = frozenset({"status", "category", "action", "milestone", "clock", "channel", "group", "state", "kind", "noun"})

_ALIASES = {"zh": "zh", "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "cn": "zh", "chinese": "zh", "中文": "zh",
            "en": "en", "en-us": "en", "en_us": "en", "en-gb": "en", "en_gb": "en", "english": "en", "英文": "en"}  # fmt: skip


def set_language(lang: str) -> None:
    global _current
    _current = lang


def language() -> str:
    return _current


def normalize_language(value: str) -> str:
    """zh or en for the usual spellings (ZH, zh-CN, en_US…); anything else is returned as given."""
    cleaned = value.strip()
    return _ALIASES.get(cleaned.lower(), cleaned)


def detect(explicit: str | None = None, configured: str | None = None) -> str:
    """--lang, then ZHITONG_LANG, then the config file, then the locale; English otherwise.

    The locale is LC_ALL, else LC_MESSAGES, else LANG (POSIX precedence); one that begins
    with ``zh`` (zh_CN.UTF-8, zh_TW…) means Chinese.
    """
    for choice in (explicit, os.environ.get("ZHITONG_LANG"), configured):
        if choice and str(choice).strip():
            return normalize_language(str(choice))
    return locale_language()


def locale_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def tr(template: str, lang: str | None = None, /, **fields) -> str:
    """Render a message template in ``lang`` (default: the current language)."""
    lang = lang or _current
    if lang != "zh":
        return template.format(**fields) if fields else template
    text = CATALOG.get(template, template)
    if not fields:
        return text
    for name in _WORD_FIELDS.intersection(fields):
        value = fields[name]
        if isinstance(value, str) and value in CATALOG:
            fields[name] = CATALOG[value]
    return text.format(**fields)


def placeholders(template: str) -> set[str]:
    """The field names a template uses, e.g. {"ref", "department"}."""
    from string import Formatter

    names = set()
    for _literal, field, _spec, _conversion in Formatter().parse(template):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names


# -- messages that come from outside zhitong ------------------------------------------------------
# Click's usage errors and the operating system's errors arrive as English sentences. They are
# mapped to our own templates by what they carry (the exception's class and attributes, the
# errno), so a Chinese officer never reads "Missing option" or "No such file or directory".


def usage_detail(error) -> tuple[str, dict]:
    """A Click usage error as one of our templates and its fields.

    Goes by the class name and attributes (MissingParameter.param, NoSuchOption.option_name,
    BadOptionUsage.option_name, BadParameter.param), so it works for Click and for the copy
    Typer vendors; an error it does not know keeps Click's own text as ``{detail}``.
    """
    import re

    try:
        message = str(error.format_message())
    except Exception:  # noqa: BLE001 — a message is always better than a crash while failing
        message = str(error)
    try:
        kind = type(error).__name__
        param = getattr(error, "param", None)
        if kind == "MissingParameter":
            name = _param_name(error)
            param_type = getattr(error, "param_type", None) or getattr(param, "param_type_name", None)
            if param_type == "argument":
                return ("missing argument {name}", {"name": name})
            if param_type == "option":
                return ("missing option {name}", {"name": name})
            return ("missing {name}", {"name": name})
        if kind == "NoSuchOption":
            option = str(getattr(error, "option_name", "") or "")
            possibilities = getattr(error, "possibilities", None)
            if possibilities:
                return ("no such option {name}; did you mean {names}?", {"name": option, "names": ", ".join(possibilities)})
            return ("no such option {name}", {"name": option})
        if kind == "BadOptionUsage":
            option = str(getattr(error, "option_name", "") or "")
            if "requires" in message:  # "Option '--at' requires an argument."
                return ("option {name} needs a value", {"name": option})
            if "does not take a value" in message:
                return ("option {name} takes no value", {"name": option})
            return ("option {name}: {detail}", {"name": option, "detail": message})
        if kind == "BadParameter" or (param is not None and hasattr(error, "param_hint")):
            name = _param_name(error)
            reason = str(getattr(error, "message", "") or message)
            type_name = getattr(getattr(param, "type", None), "name", None)
            number = re.match(r"^(.*) is not a valid (\w+)\.?$", reason)
            if number and type_name in ("int", "integer"):
                return ("invalid value for {name}: {value} is not a whole number", {"name": name, "value": number.group(1)})
            if number and type_name == "float":
                return ("invalid value for {name}: {value} is not a number", {"name": name, "value": number.group(1)})
            return ("invalid value for {name}: {detail}", {"name": name, "detail": reason})
        command = getattr(error, "command_name", None)
        possibilities = getattr(error, "possibilities", None)
        if command is None and (match := re.match(r"^No such command '(.*)'\.(?: Did you mean (.*)\?)?$", message)):
            command = match.group(1)
            possibilities = re.findall(r"'([^']*)'", match.group(2) or "")
        if command is not None:
            if possibilities:
                return ("no such command {name!r}; did you mean {names}?", {"name": command, "names": ", ".join(possibilities)})
            return ("no such command {name!r}", {"name": command})
        if match := re.match(r"^Got unexpected extra arguments?(?:\(s\))? \((.*)\)$", message):
            return ("unexpected extra arguments: {args} (put a text with spaces in quotes)", {"args": match.group(1)})
        if message.strip() == "Missing command.":
            return ("missing command", {})
    except Exception:  # noqa: BLE001, S110 — an error we cannot read keeps Click's text, below
        pass
    return ("{detail}", {"detail": message})


def language_from_args(args, configured: str | None = None) -> str:
    """The language a command line asks for, read before Click has parsed it.

    A usage error in the command line itself (an unknown command, a bad global option) comes
    before the callback that chooses the language; this reads ``--lang`` from the raw
    arguments, then ZHITONG_LANG, ``configured`` and the locale, as ``detect`` does.
    """
    explicit = None
    args = [str(arg) for arg in args or ()]
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            explicit = args[index + 1]
        elif arg.startswith("--lang="):
            explicit = arg.split("=", 1)[1]
    chosen = detect(explicit, configured)
    return chosen if chosen in LANGS else "en"


def _param_name(error) -> str:
    """How the command line names the parameter: --reason, or ENTERPRISE as the usage line shows it."""
    hint = getattr(error, "param_hint", None)
    if hint:
        return hint if isinstance(hint, str) else " / ".join(str(h) for h in hint)
    param = getattr(error, "param", None)
    if param is None:
        return ""
    if getattr(param, "param_type_name", None) == "option" and getattr(param, "opts", None):
        return " / ".join(param.opts)
    return str(getattr(param, "human_readable_name", None) or getattr(param, "name", "") or "").upper()


# errno name → what it means, in our words; an errno not listed keeps the system's text.
_OS_REASONS = {
    "ENOENT": ("no such file or directory", {}),
    "EACCES": ("permission denied", {}),
    "EPERM": ("permission denied", {}),
    "EISDIR": ("it is a directory, not a file", {}),
    "ENOTDIR": ("a part of the path is not a directory", {}),
    "ENOSPC": ("no space left on the disk", {}),
    "EDQUOT": ("the disk quota is used up", {}),
    "EROFS": ("the file system is read-only", {}),
    "EEXIST": ("the file already exists", {}),
    "ENAMETOOLONG": ("the name is too long", {}),
    "EIO": ("the disk could not be read or written (input/output error)", {}),
    "EMFILE": ("too many open files", {}),
    "ENFILE": ("too many open files", {}),
    "ELOOP": ("too many levels of symbolic links", {}),
    "EBUSY": ("the file is in use", {}),
    "ETXTBSY": ("the file is in use", {}),
    "EFBIG": ("the file is too large", {}),
    "ENOTEMPTY": ("the directory is not empty", {}),
    "EXDEV": ("a file cannot be moved to another file system", {}),
}


def os_error_reason(error: BaseException, lang: str | None = None) -> str:
    """Why an OSError happened, in ``lang`` (default: the current language), by its errno."""
    import errno

    name = errno.errorcode.get(getattr(error, "errno", None) or -1)
    known = _OS_REASONS.get(name) if name else None
    if known:
        return tr(known[0], lang, **known[1])
    return str(getattr(error, "strerror", None) or error)


CATALOG: dict[str, str] = {
    "1 case imported: {ref}": "已导入 1 件诉求：{ref}",
    "1 row skipped: its source_id was imported before": "已跳过 1 行：其来源编号（source_id）此前已导入",
    "1 enterprise created": "已新建 1 家企业",
    "1 enterprise imported": "已导入 1 家企业",
    "1 already in the registry, left as it was": "1 家已在企业名录中，保持不变",
    "1 line checked and good; nothing was written (--dry-run)": "已检查 1 行，无误；未写入任何内容（--dry-run）",
    "the promised date {eta} is before the case was received": "承诺办结时间 {eta} 早于受理时间",
    "a consult is answered on the spot and is due now: record the answer with zhitong resolve {ref} --note …": "政策咨询应现场答复，现已到期：请用 zhitong resolve {ref} --note … 记录答复",
    "{path} has 1 bad line; nothing was imported:\n{lines}": "{path} 有 1 行错误，未导入任何内容：\n{lines}",
    "{path}: 1 bad line skipped:\n{lines}": "{path}：已跳过 1 行错误：\n{lines}",
    "a file name or argument cannot contain a NUL character": "文件名或参数中不能含有 NUL 字符",
    "give the path of a TOML policy file": "请给出 TOML 时限政策文件的路径",
    "--print and --json cannot be combined": "--print 与 --json 不能同时使用",
    "choose one: --print for the group, --json for scripts": "请二选一：--print 用于群发，--json 用于脚本",
    "{when} is before the case's last recorded action ({kind} at {last})": "{when} 早于该诉求最近一次记录的操作（{kind}，{last}）",
    "give a time after it": "请给出在此之后的时间",
    "add unknown enterprises with zhitong ent add or zhitong ent import, or give --create-enterprises": "请先用 zhitong ent add 或 zhitong ent import 添加未知企业，或加上 --create-enterprises",
    "history": "办理记录",
    # -- vocabulary: statuses ----------------------------------------------------------------------
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
    "response": "答复",
    "feedback": "研究结果反馈",
    "resolve": "办结",
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
    # weekdays (calendar grid headers are two cells wide, like a day number)
    "Mo": "一",
    "Tu": "二",
    "We": "三",
    "Th": "四",
    "Fr": "五",
    "Sa": "六",
    "Su": "日",
    "Monday": "星期一",
    "Tuesday": "星期二",
    "Wednesday": "星期三",
    "Thursday": "星期四",
    "Friday": "星期五",
    "Saturday": "星期六",
    "Sunday": "星期日",
    # actions named inside messages
    "rated": "评价",
    "reopened": "重新办理",
    # -- table headers and labels ------------------------------------------------------------------
    "ref": "编号",
    "enterprise": "企业",
    "title": "诉求",
    "detail": "详情",
    "department": "部门",
    "status": "状态",
    "next": "下一节点",
    "due": "时限",
    "left": "剩余",
    "flags": "标记",
    "milestone": "节点",
    "overdue by": "超期",
    "overdue": "超期",
    "urges": "督办",
    "transfers": "转办",
    "name": "名称",
    "head": "负责人",
    "phone": "电话",
    "credit code": "统一社会信用代码",
    "group": "类型",
    "key": "重点",
    "contact": "联系人",
    "officer": "帮扶专员",
    "category": "类别",
    "channel": "渠道",
    "received": "受理",
    "owner": "责任人",
    "plan": "办理方式",
    "eta": "办结时限",
    "rating": "评价",
    "paused": "已暂停",
    "urged ×{count}": "督办×{count}",
    "met at": "完成于",
    "Deadlines": "时限",
    "History": "办理记录",
    "(unassigned)": "（未交办）",
    "found in": "匹配位置",
    "context": "上下文",
    "answered on time": "按时答复",
    "resolved on time": "按时办结",
    "median response": "答复用时中位数",
    "still overdue": "仍超期",
    "on time": "按时率",
    "total": "合计",
    "exporting": "正在导出",
    "importing": "正在导入",
    "value": "值",
    "setting": "设置项",
    "meaning": "说明",
    "(not set)": "（未设置）",
    # durations (working time)
    "{days}d {hours}h": "{days}天{hours}小时",
    "{days}d": "{days}天",
    "{hours}h {minutes}m": "{hours}小时{minutes}分",
    "{hours}h": "{hours}小时",
    "{minutes}m": "{minutes}分",
    # -- messages: the shell around every error ----------------------------------------------------
    "error: ": "错误：",
    " — {hint}": "——{hint}",
    "{detail}": "{detail}",
    "{problems}": "{problems}",
    "see {command} --help": "参见 {command} --help",
    "unknown language {value!r}": "未知的语言 {value!r}",
    "use zh or en": "请使用 zh 或 en",
    "the database could not be written: {reason}": "无法写入数据库：{reason}",
    "the database is damaged or not zhitong's: {reason}": "数据库已损坏，或不是直通的数据库：{reason}",
    "{path}: {reason}": "{path}：{reason}",
    "the output could not be written: {reason}": "输出无法写出：{reason}",
    "internal error, nothing was saved: {kind}: {reason} (ZHITONG_DEBUG=1 shows details)":
        "内部错误，未保存任何内容：{kind}：{reason}（设置 ZHITONG_DEBUG=1 可查看详情）",
    # -- messages from outside: Click's usage errors and the operating system's --------------------
    "missing argument {name}": "缺少参数 {name}",
    "missing option {name}": "缺少选项 {name}",
    "missing {name}": "缺少 {name}",
    "no such option {name}": "没有选项 {name}",
    "no such option {name}; did you mean {names}?": "没有选项 {name}；您是指 {names} 吗？",
    "no such command {name!r}": "没有命令 {name!r}",
    "no such command {name!r}; did you mean {names}?": "没有命令 {name!r}；您是指 {names} 吗？",
    "missing command": "缺少命令",
    "option {name} needs a value": "选项 {name} 后面需要一个值",
    "option {name} takes no value": "选项 {name} 不带值",
    "option {name}: {detail}": "选项 {name}：{detail}",
    "invalid value for {name}: {value} is not a whole number": "{name} 的值无效：{value} 不是整数",
    "invalid value for {name}: {value} is not a number": "{name} 的值无效：{value} 不是数字",
    "invalid value for {name}: {detail}": "{name} 的值无效：{detail}",
    "unexpected extra arguments: {args} (put a text with spaces in quotes)": "多余的参数：{args}（含空格的文字请加引号）",
    "no such file or directory": "文件或目录不存在",
    "permission denied": "没有访问权限",
    "it is a directory, not a file": "这是目录，不是文件",
    "a part of the path is not a directory": "路径中有一部分不是目录",
    "no space left on the disk": "磁盘空间已满",
    "the disk quota is used up": "磁盘配额已用完",
    "the file system is read-only": "文件系统为只读",
    "the file already exists": "文件已存在",
    "the name is too long": "文件名过长",
    "the disk could not be read or written (input/output error)": "磁盘读写出错（输入/输出错误）",
    "too many open files": "打开的文件过多",
    "too many levels of symbolic links": "符号链接层级过多",
    "the file is in use": "文件正被占用",
    "the file is too large": "文件过大",
    "the directory is not empty": "目录不为空",
    "a file cannot be moved to another file system": "无法把文件移动到另一个文件系统",
    # -- history ---------------------------------------------------------------------------------------
    "who {owner} · how {plan} · by {eta}": "谁负责：{owner} · 如何办：{plan} · 何时解决：{eta}",
    # -- cases ---------------------------------------------------------------------------------------
    "{ref} assigned to {department}": "{ref} 已交办 {department}",
    "{ref} transferred to {department}": "{ref} 已转办 {department}",
    "{ref} answered": "{ref} 已答复",
    "{ref} escalated": "{ref} 已请示（类别已变更，时限已重算）",
    "{ref} research result recorded": "{ref} 研究结果已反馈",
    "{ref} resolved": "{ref} 已办结",
    "{ref} filed": "{ref} 已备案",
    "{ref} rated": "{ref} 已评价",
    "{ref} urged": "{ref} 已督办",
    "{ref} paused": "{ref} 已暂停计时",
    "{ref} resumed": "{ref} 已恢复计时",
    "{ref} reopened": "{ref} 已重新办理",
    "{ref} noted": "{ref} 已备注",
    "unknown channel {value!r}": "未知的渠道 {value!r}",
    "use one of: {choices}": "可选：{choices}",
    "{name} is required": "缺少{name}",
    "{name} must not be empty": "{name}不能为空",
    "{name} is {count} characters long; the limit is {limit}": "{name}长 {count} 个字符，上限为 {limit}",
    "{when} is in the future": "{when} 晚于当前时间",
    "give the time it happened": "请给出实际发生的时间",
    "--answer is for consult cases, answered on the spot": "--answer 仅用于现场答复的政策咨询类诉求",
    "use respond for other categories": "其他类别请使用 respond 记录答复",
    "eta must not be empty": "办结时限（--eta）不能为空",
    "say when it will be solved, e.g. --eta 2026-11-30": "请写明何时解决，例如 --eta 2026-11-30",
    "escalate goes --to major or --to restricted, not {value!r}": "请示只能变更为 --to major（重大问题）或 --to restricted（政策限制），不能是 {value!r}",
    "a rating is a whole number from 1 to 5, not {value!r}": "评价须为 1 到 5 的整数，不能是 {value!r}",
    "the case is {status}: only a resolved or filed case can be {action}": "该诉求{status}：只有已办结或已备案的诉求才能{action}",
    "the case is already {status}; reopen it first (zhitong reopen REF --reason …)": "该诉求{status}；请先重新办理（zhitong reopen 编号 --reason …）",
    "the case is already assigned to {department}; use transfer to move it": "该诉求已交办{department}；如需改由其他部门办理，请用 transfer 转办",
    "the case has no department yet; use assign first": "该诉求尚未交办；请先用 assign 交办",
    "the case is already with {department}": "该诉求已在{department}办理",
    "only a major case reports a research result; this one is {category}": "只有重大问题需要反馈研究结果；该诉求为{category}",
    "a restricted case is closed by filing it: zhitong file REF --reason …": "政策限制类诉求以备案办结：zhitong file 编号 --reason …",
    "only a restricted case is filed; this one is {category} (escalate it --to restricted first)": "只有政策限制类诉求才能备案；该诉求为{category}（请先 escalate --to restricted）",
    "the case is already {category}": "该诉求已是{category}",
    "the case is already paused": "该诉求已暂停计时",
    "the case is not paused": "该诉求未暂停计时",
    "a case cannot resume before it was paused": "恢复计时的时间不能早于暂停的时间",
    "{when} is before the case was received ({received})": "{when} 早于该诉求的受理时间（{received}）",
    "no case {ref!r}": "没有编号为 {ref!r} 的诉求",
    "list them with zhitong list": "可用 zhitong list 查看全部诉求",
    # -- views -----------------------------------------------------------------------------------------
    "nothing pending": "没有在办的诉求",
    "nothing overdue": "没有超期的诉求",
    "nothing falls due within {within}": "{within}内没有到期的诉求",
    "unknown status {value!r}": "未知的状态 {value!r}",
    # -- records ---------------------------------------------------------------------------------------
    "department {name} added": "已添加部门 {name}",
    "enterprise {name} added": "已添加企业 {name}",
    "demo database built at {path}": "演示数据库已生成：{path}",
    "try: zhitong --db {path} show {ref}": "试试：zhitong --db {path} show {ref}",
    "unknown group {value!r}": "未知的企业类型 {value!r}",
    "use service or liaison": "请使用 service（规上企业）或 liaison（包联帮扶企业）",
    "{path} exists and is not a demo database; the demo will not overwrite it": "{path} 已存在且不是演示数据库；演示不会覆盖它",
    "give another --db": "请用 --db 指定另一个文件",
    "department {name!r} already exists": "部门 {name!r} 已存在",
    "enterprise {name!r} already exists": "企业 {name!r} 已存在",
    "credit code {code} already belongs to {name}": "统一社会信用代码 {code} 已属于 {name}",
    "empty {noun} name": "{noun}名称为空",
    "{noun} {value!r} is ambiguous: {names}": "{noun} {value!r} 不唯一：{names}",
    "give more of the name": "请输入更完整的名称",
    "no {noun} {value!r}; did you mean {names}?": "没有{noun} {value!r}；您是指 {names} 吗？",
    "no {noun} {value!r}": "没有{noun} {value!r}",
    "list them with zhitong {command} list": "可用 zhitong {command} list 查看",
    "credit code {value!r} has {count} characters; a unified social credit code has 18": "统一社会信用代码 {value!r} 有 {count} 位；应为 18 位",
    "credit code {value!r} contains {char!r}, which is not used in credit codes": "统一社会信用代码 {value!r} 含有 {char!r}，该字符不用于信用代码",
    "the letters I, O, S, V and Z never appear": "信用代码中不会出现字母 I、O、S、V、Z",
    "credit code {value!r} fails its check digit (the last character should be {expected})": "统一社会信用代码 {value!r} 校验位不符（最后一位应为 {expected}）",
    "check for a mistyped character": "请检查是否有输错的字符",
    # -- database ----------------------------------------------------------------------------------------
    "{path} is not a zhitong database (not an SQLite file); it was left untouched": "{path} 不是直通的数据库（不是 SQLite 文件），未作任何改动",
    "name another file with --db": "请用 --db 指定另一个文件",
    "{path} is an SQLite database, but not zhitong's; it was left untouched": "{path} 是 SQLite 数据库，但不是直通的，未作任何改动",
    "{path} was made by a newer zhitong (schema {name}); upgrade zhitong to use it": "{path} 由更新版本的直通创建（结构 {name}）；请升级直通后使用",
    "{path} cannot be read as a zhitong database: {reason}": "无法作为直通数据库读取 {path}：{reason}",
    "cannot create the database {path}: {reason}": "无法创建数据库 {path}：{reason}",
    "cannot open {path}: {reason}": "无法打开 {path}：{reason}",
    "{path} already exists; zhitong will not overwrite it": "{path} 已存在；直通不会覆盖它",
    "name a new file": "请指定一个新文件",
    # -- maintenance -------------------------------------------------------------------------------------
    "all checks passed": "全部检查通过",
    "backup written to {path}": "备份已写入 {path}",
    "integrity: {detail}": "完整性：{detail}",
    "{table} row {rowid} points to a missing {parent}": "{table} 表第 {rowid} 行指向不存在的 {parent}",
    "the trigger {name} that keeps the history append-only is missing": "缺少保证办理记录只增不改的触发器 {name}",
    "{ref}: its history does not begin with its intake": "{ref}：办理记录不是以受理开始",
    "{ref}: its history cannot be replayed: {reason}": "{ref}：办理记录无法重放：{reason}",
    "{ref}: stored {field} is {stored!r} but its history says {expected!r}": "{ref}：存储的 {field} 为 {stored!r}，但办理记录表明应为 {expected!r}",
    "{ref}: the {milestone} deadline stored is {stored} but policy and calendar give {expected}": "{ref}：存储的{milestone}时限为 {stored}，但按政策和日历应为 {expected}",
    # -- calendar and policy -----------------------------------------------------------------------------
    "warning: the holiday calendar ends on {end} ({days} days away); deadlines after it are provisional — enter next year's schedule with zhitong calendar import":
        "注意：节假日日历只到 {end}（还有 {days} 天）；此后的时限为暂定——请用 zhitong calendar import 录入下一年的安排",
    "warning: the holiday calendar ended on {end} ({days} days ago); deadlines since then are provisional — enter the schedule with zhitong calendar import":
        "注意：节假日日历已于 {end} 结束（{days} 天前）；此后的时限均为暂定——请用 zhitong calendar import 录入放假安排",
    "imported {count} days; years now covered: {years}; {changed} cases recomputed": "已导入 {count} 天；已覆盖年份：{years}；{changed} 件诉求已重算时限",
    "{day} set; {changed} cases recomputed": "{day} 已设置；{changed} 件诉求已重算时限",
    "{day} unset; {changed} cases recomputed": "{day} 已取消设置；{changed} 件诉求已重算时限",
    "{count} cases recomputed": "{count} 件诉求已重算时限",
    "unknown day kind {value!r}": "未知的日期类型 {value!r}",
    "use holiday or workday": "请使用 holiday（放假）或 workday（上班）",
    "{path}: the first line must be the header date,kind,name": "{path}：第一行必须是表头 date,kind,name",
    "{path} has bad lines, nothing was imported:\n{lines}": "{path} 有错误行，未导入任何内容：\n{lines}",
    "{path} holds no days": "{path} 中没有日期",
    "{day} has no entry of yours to remove": "{day} 没有您录入的设置可取消",
    "covered: {first} – {last}": "已覆盖：{first} – {last}",
    "entered by you: {years}": "您录入的年份：{years}",
    "{value!r} is outside 2000–2099, the years zhitong keeps": "{value!r} 超出直通支持的 2000–2099 年",
    "{value} is outside 2000–2099, the years zhitong keeps": "{value} 超出直通支持的 2000–2099 年",
    "the deadline falls beyond 2100, past the years zhitong keeps": "时限超出 2100 年，超出直通支持的年份",
    "休 = holiday on a weekday, 班 = make-up working day on a weekend": "休 = 工作日放假，班 = 周末调休上班",
    "name case references or give --all": "请给出诉求编号，或使用 --all",
    "{path} is not UTF-8 text": "{path} 不是 UTF-8 文本",
    "save the CSV as UTF-8": "请将 CSV 另存为 UTF-8 编码",
    "expected date,kind,name": "应为 date,kind,name",
    "{day} appears twice": "{day} 出现了两次",
    "(provisional: schedule not entered)": "（暂定：尚未录入放假安排）",
    "line {line}: {reason}": "第 {line} 行：{reason}",
    "unknown category {value!r}": "未知的类别 {value!r}",
    "use consult, routine, major or restricted (政策咨询, 一般, 重大, 政策限制)": "请使用 consult（政策咨询）、routine（一般）、major（重大）或 restricted（政策限制）",
    "use consult, routine, major or restricted": "请使用 consult（政策咨询）、routine（一般）、major（重大）或 restricted（政策限制）",
    "cannot read the policy file {path}: {reason}": "无法读取时限政策文件 {path}：{reason}",
    "policy file {path}: {reason}": "时限政策文件 {path}：{reason}",
    "policy file {path}, line {line}: unknown category {value!r}": "时限政策文件 {path} 第 {line} 行：未知的类别 {value!r}",
    "policy file {path}, line {line}: [{value}] must be a table": "时限政策文件 {path} 第 {line} 行：[{value}] 必须是一个表",
    "policy file {path}, line {line}: unknown milestone {value!r}": "时限政策文件 {path} 第 {line} 行：未知的节点 {value!r}",
    "use response, feedback or resolve": "请使用 response（答复）、feedback（研究结果反馈）或 resolve（办结）",
    'policy file {path}, line {line}: {value} must be a limit such as "24h" or a table {{ limit = "24h", clock = "workdays" }}':
        '时限政策文件 {path} 第 {line} 行：{value} 必须是时限（如 "24h"）或表 {{ limit = "24h", clock = "workdays" }}',
    "policy file {path}, line {line}: unknown clock {value!r}": "时限政策文件 {path} 第 {line} 行：未知的计时方式 {value!r}",
    "use workdays or calendar": "请使用 workdays（工作日）或 calendar（自然日）",
    "policy file {path}, line {line}: malformed limit {value!r}": "时限政策文件 {path} 第 {line} 行：时限格式错误 {value!r}",
    "use 0, Nh or Nd, e.g. 24h or 5d": "请使用 0、N小时（Nh）或 N个工作日（Nd），如 24h 或 5d",
    "unknown clock {value!r}": "未知的计时方式 {value!r}",
    "not a time limit: {value!r}": "不是有效的时限：{value!r}",
    "use 0 (at intake), Nh (hours) or Nd (working days), e.g. 24h or 5d": "请使用 0（受理时即办）、Nh（小时）或 Nd（工作日），如 24h 或 5d",
    # -- time entry ----------------------------------------------------------------------------------------
    "cannot read the date-time {value!r}": "无法识别的时间 {value!r}",
    "use one of: {formats}": "可用格式：{formats}",
    "not an ISO date-time: {value!r}": "不是 ISO 格式的时间：{value!r}",
    "use e.g. 2026-11-24T09:30": "例如 2026-11-24T09:30",
    "empty date-time": "时间为空",
    "not a date: {value!r}": "不是日期：{value!r}",
    "use YYYY-MM-DD, e.g. 2027-01-01": "请使用 年-月-日，如 2027-01-01",
    "not a month: {value!r}": "不是月份：{value!r}",
    "use YYYY-MM, e.g. 2026-11": "请使用 年-月，如 2026-11",
    "impossible date {value!r}: there is no month {month}": "不存在的日期 {value!r}：没有 {month} 月",
    "months run from 1 to 12": "月份为 1 到 12",
    "impossible date {value!r}: {year}-{month} has no day {day}": "不存在的日期 {value!r}：{year} 年 {month} 月没有 {day} 日",
    "it has {last} days": "该月只有 {last} 天",
    "impossible time {value!r}: there is no hour {hour}": "不存在的时间 {value!r}：没有 {hour} 点",
    "hours run from 0 to 23; midnight is 0:00 of the next day": "小时为 0 到 23；午夜请写作次日 0:00",
    "impossible time {value!r}: there is no minute {minute}": "不存在的时间 {value!r}：没有第 {minute} 分钟",
    "minutes run from 0 to 59": "分钟为 0 到 59",
    "impossible time {value!r}: there is no second {second}": "不存在的时间 {value!r}：没有第 {second} 秒",
    "seconds run from 0 to 59": "秒为 0 到 59",
    "ZHITONG_NOW={value!r} is not an ISO date-time": "ZHITONG_NOW={value!r} 不是 ISO 格式的时间",
    "{value!r}: 'now' takes no time of day": "{value!r}：“现在”后面不能再跟时刻",
    "{value!r} could be read two ways": "{value!r} 有两种读法，无法确定",
    "write the year first: YYYY-MM-DD, e.g. 2026-11-24": "请按 年-月-日 书写，如 2026-11-24",
    "use the 24-hour clock, e.g. 今天 23:59 or 明天 0:00": "请使用24小时制，如 今天 23:59 或 明天 0:00",
    # -- config ----------------------------------------------------------------------------------------------
    "config file {path} cannot be read: {reason}": "无法读取配置文件 {path}：{reason}",
    "fix it or remove it": "请修正或删除该文件",
    "config file {path}: unknown key {value!r}": "配置文件 {path}：未知的设置项 {value!r}",
    "config file {path}: {key} must be text, not {value!r}": "配置文件 {path}：{key} 必须是文本，不能是 {value!r}",
    "known keys: {choices}": "可设置的项：{choices}",
    "unknown setting {value!r}": "未知的设置项 {value!r}",
    "the officer's name must not be empty": "联络员姓名不能为空",
    "the time zone must be Asia/Shanghai or +08:00, not {value!r}": "时区只能是 Asia/Shanghai 或 +08:00，不能是 {value!r}",
    "zhitong keeps the zone's time, China Standard Time": "直通按开发区所在地的北京时间计时",
    "no policy file at {path}": "时限政策文件 {path} 不存在",
    "cannot write the config file {path}: {reason}": "无法写入配置文件 {path}：{reason}",
    "{key} set to {value} in {path}": "已将 {key} 设为 {value}（{path}）",
    "{key} removed from {path}": "已从 {path} 删除 {key}",
    "{key} was not set": "{key} 未设置",
    "config file: {path}": "配置文件：{path}",
    "the name recorded as the actor of every action": "记录为每项操作执行人的姓名",
    "interface language: zh or en": "界面语言：zh 或 en",
    "the zone's time zone (only Asia/Shanghai is supported)": "开发区时区（仅支持 Asia/Shanghai）",
    "path of a TOML policy file": "时限政策文件（TOML）的路径",
    "default channel for new cases": "新诉求的默认渠道",
    # -- texts for the WeChat groups -----------------------------------------------------------------------------
    "[Answer] {ref}": "【答复】{ref}",
    "(not answered yet)": "（尚未答复）",
    "Enterprise: {value}": "企业：{value}",
    "Problem: {value}": "诉求：{value}",
    "Department: {value}": "责任部门：{value}",
    "Responsible: {value}": "责任人：{value}",
    "Handling: {value}": "办理方式：{value}",
    "Resolved by: {value}": "办结时限：{value}",
    "[Daily digest] {day} ({weekday})": "【直通日报】{day}（{weekday}）",
    "New {new} · answered {answered} · resolved {closed} · due today {due} · overdue {overdue}":
        "新受理 {new} 件，已答复 {answered} 件，已办结 {closed} 件，今日到期 {due} 件，超期 {overdue} 件",
    "{ref} {enterprise}: {title}": "{ref} {enterprise}：{title}",
    " ({department})": "（{department}）",
    "New cases": "新受理",
    "Answered": "已答复",
    "Resolved": "已办结",
    "Due today": "今日到期",
    "Overdue by department": "超期（按部门）",
    "{department}: {count}": "{department}：{count} 件",
    "…{count} in all": "…等{count}件",
    "…and {count} more in {departments} departments": "…另有 {departments} 个部门共 {count} 件",
    "Nothing moved today.": "今日无新增、答复、办结或到期事项。",
    # -- reports: search, stats, export, import ---------------------------------------------------------
    "--limit must be at least 1, not {value}": "--limit 至少为 1，不能是 {value}",
    "showing {shown} of {count} cases found; narrow the search or raise --limit": "共找到 {count} 件，显示前 {shown} 件；请缩小搜索范围或调高 --limit",
    "nothing found for {query}": "没有找到与 {query} 相关的诉求",
    "indexing {count} imported cases for search (once)": "正在为 {count} 件导入的诉求建立搜索索引（仅此一次）",
    "indexing": "正在建立索引",
    "nothing to search for": "没有要搜索的内容",
    "give a word or a phrase, e.g. 限高杆": "请输入词语或短语，如 限高杆",
    "Department assessment {month}: cases received {first} – {last}": "部门考核 {month}：受理时间 {first} – {last}",
    "on time: the share of deadlines met in time, of those already met or past due": "按时率：已完成或已到期的时限中按时完成的比例",
    "give one of --month, --since/--until or --all": "请给出 --month、--since/--until 或 --all 之一",
    "--until is before --since": "--until 早于 --since",
    "unknown format {value!r}": "未知的格式 {value!r}",
    "use csv or json": "请使用 csv 或 json",
    "{count} cases exported to {path}": "已导出 {count} 件诉求到 {path}",
    "{path} is neither UTF-8 nor GB18030 text": "{path} 既不是 UTF-8 也不是 GB18030 文本",
    "{path}, line {line}: {reason}": "{path} 第 {line} 行：{reason}",
    "{path} is empty; its first line must be the header": "{path} 是空文件；第一行必须是表头",
    "line 1: unknown column {value!r}": "第 1 行：未知的列 {value!r}",
    "line 1: the column {value} appears twice": "第 1 行：列 {value} 出现了两次",
    "line 1: the header lacks {names}": "第 1 行：表头缺少 {names}",
    "the columns are: {choices}": "可用的列：{choices}",
    "{path} has {count} bad lines; nothing was imported:\n{lines}": "{path} 有 {count} 行错误，未导入任何内容：\n{lines}",
    "{path}: {count} bad lines skipped:\n{lines}": "{path}：已跳过 {count} 行错误：\n{lines}",
    "{path} holds no cases": "{path} 中没有诉求",
    "{path} holds no enterprises": "{path} 中没有企业",
    "{count} lines checked and good; nothing was written (--dry-run)": "已检查 {count} 行，均无误；未写入任何内容（--dry-run）",
    "{count} cases imported: {first} – {last}": "已导入 {count} 件诉求：{first} – {last}",
    "no cases imported": "未导入任何诉求",
    "{count} rows skipped: their source_id was imported before": "已跳过 {count} 行：其来源编号（source_id）此前已导入",
    "{count} enterprises created": "已新建 {count} 家企业",
    "{count} enterprises imported": "已导入 {count} 家企业",
    "{count} already in the registry, left as they were": "{count} 家已在企业名录中，保持不变",
    "{value!r} repeats line {other}": "{value!r} 与第 {other} 行重复",
    "source_id {value!r} repeats line {other}": "来源编号 {value!r} 与第 {other} 行重复",
    "credit code {code} repeats line {other}": "统一社会信用代码 {code} 与第 {other} 行重复",
    "line {line}: credit code {code} already belongs to {name}": "第 {line} 行：统一社会信用代码 {code} 已属于 {name}",
    "unknown enterprise {value!r}": "未知的企业 {value!r}",
    "unknown enterprise {value!r}; did you mean {names}?": "未知的企业 {value!r}；您是指 {names} 吗？",
    "unknown department {value!r}": "未知的部门 {value!r}",
    "unknown department {value!r}; did you mean {names}?": "未知的部门 {value!r}；您是指 {names} 吗？",
    "the key column takes yes or no, not {value!r}": "“重点”列只能填 yes 或 no，不能是 {value!r}",
    # -- help ---------------------------------------------------------------------------------------------------
    "Commands": "命令",
}
