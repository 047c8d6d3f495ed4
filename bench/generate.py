"""Generate realistic zhitong case books, fast enough for a million cases.

A case book has N enterprises (names in Chinese, valid credit codes), the zone's departments,
and M cases received over Y years before "now": Chinese titles, every category and channel,
every lifecycle state (open, assigned, responded, reported, resolved, filed, rated, paused,
reopened, escalated, transferred, urged), of which K are still open and exactly L of their
milestones are late at "now".

The database is created by ``zhitong.store.open_store`` (so the schema is zhitong's own
migrations) and then filled with ``executemany`` in one transaction: departments, enterprises,
cases, their append-only events (hash-chained in id order as ``storage/chain.append`` chains
them), and the milestones of every round. Each case's state is zhitong's own reducer
(``zhitong.core.lifecycle.apply``) folded over the events as they are made, and its deadlines
``lifecycle.milestones`` on the store's calendar, sign-for and callback included; ``verify``
checks the hash chain, runs ``zhitong check``'s per-case comparison (``storage/check._case``) on
a sample, and counts exactly L milestones overdue by zhitong's own views.

    python bench/generate.py out.db --cases 100000 --open 100000 --late 10000
    python bench/generate.py --selftest        # small book, full `zhitong check`, `show`
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import time
from dataclasses import dataclass, fields
from dataclasses import replace as dataclass_replace
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from zhitong.core import chain, lifecycle  # noqa: E402
from zhitong.core.instants import ZONE, day_start, local_day  # noqa: E402
from zhitong.core.lifecycle import Event, apply, milestones  # noqa: E402
from zhitong.core.policy import DEFAULT_POLICY  # noqa: E402
from zhitong.core.uscc import check_digit  # noqa: E402
from zhitong.store import open_store  # noqa: E402

NOW = "2026-11-25T09:00:00+08:00"  # a Wednesday, as in the tests
CACHE = HERE / ".cache"
H = 3600
DAY = 86400

DEPARTMENTS = [
    ("经济发展局", "王局长"),
    ("工管委", "赵主任"),
    ("双创办", "刘主任"),
    ("交通运输局", "陈局长"),
    ("自然资源和规划局", "孙局长"),
    ("生态环境分局", "周局长"),
    ("市场监督管理局", "吴局长"),
    ("税务局", "郑局长"),
    ("人力资源和社会保障局", "冯局长"),
    ("住房和城乡建设局", "褚局长"),
    ("应急管理局", "卫局长"),
    ("行政审批局", "蒋局长"),
    ("科技局", "沈局长"),
    ("商务局", "韩局长"),
    ("财政局", "杨局长"),
    ("公安分局", "朱局长"),
    ("供电公司", "秦经理"),
    ("水务公司", "尤经理"),
    ("燃气公司", "许经理"),
    ("消防救援大队", "何队长"),
]

_PLACES = [
    "华翔",
    "新奥",
    "廊坊",
    "安次",
    "龙河",
    "永兴",
    "创业",
    "京津冀",
    "北辰",
    "渤海",
    "燕郊",
    "万庄",
    "桐柏",
    "银河",
    "金桥",
    "光明",
    "东方",
    "中科",
    "华北",
    "九州",
    "瑞丰",
    "恒通",
    "盛达",
    "鸿运",
    "宏图",
    "启航",
    "润泽",
    "天成",
    "嘉禾",
    "卓越",
]
_CORES = [
    "智造",
    "物流",
    "新材料",
    "绿色食品",
    "精密机械",
    "电子科技",
    "生物医药",
    "包装印刷",
    "环保科技",
    "汽车零部件",
    "新能源",
    "建材",
    "纺织",
    "化工",
    "家具",
    "冷链",
    "数据科技",
    "光电",
    "仪器仪表",
    "装备制造",
]
_FORMS = ["有限公司", "股份有限公司", "集团有限公司", "科技有限公司"]
_OFFICERS = ["张专员", "李专员", "王专员", "刘专员", "陈专员", "杨专员", "赵专员", "黄专员"]
_CONTACTS = ["周经理", "吴总", "郑总", "冯经理", "李经理", "王总", "孙经理", "钱总", "马经理", "胡总"]
_ROADS = ["华翔路", "创业路", "永兴路", "龙河大道", "银河南路", "光明西道", "金源道", "新华路", "和平路", "友谊大街"]
_TITLES = [
    "{road}封闭施工，货物无法运出，绕行又有限高杆",
    "厂区门前{road}路灯损坏，夜间通行存在安全隐患",
    "申请高新技术企业认定，咨询申报材料和时间",
    "研发费用加计扣除政策如何适用，请税务部门解答",
    "新建厂房规划许可审批进度缓慢，影响开工",
    "厂区周边供电不稳定，本月已停电三次，影响生产",
    "自来水压力不足，生产线用水无法保障",
    "燃气管道接入申请已提交两个月，尚无答复",
    "招工困难，希望协助对接职业院校和人才市场",
    "员工子女入学问题，希望协调就近入学",
    "环评手续办理流程咨询",
    "排污许可证延续申请材料是否齐全",
    "消防验收预约排期过长，企业无法投产",
    "出口退税到账慢，企业资金周转困难",
    "申请技改专项资金补贴，咨询政策条件",
    "企业用地手续历史遗留问题，需多部门会商",
    "{road}与{road2}交叉口缺少红绿灯，货车进出危险",
    "物流车辆通行证办理咨询",
    "厂区雨污管网堵塞，雨季积水严重",
    "希望协调银行贷款，缓解流动资金压力",
    "员工公寓配套不足，请求协调人才公寓",
    "企业上市辅导政策咨询",
    "专利侵权纠纷，请求知识产权部门指导",
    "{road}公交站点设置不合理，员工通勤不便",
    "特种设备检验排期，影响设备启用",
    "食品生产许可证变更登记咨询",
    "安全生产标准化评审申请",
    "园区网络光纤未覆盖，影响数字化改造",
    "应急物资储备场地租赁问题",
    "企业名称变更后各类证照同步更新",
]
_PLANS = [
    "已安排专人对接，本周内现场办公解决",
    "协调相关科室联合会商，形成处理意见后书面答复",
    "已联系施工单位调整围挡，开辟临时通道",
    "按政策要求指导企业补齐材料，开通绿色通道",
    "列入本月重点督办事项，由分管领导牵头推进",
    "已派员实地勘察，制定整改方案",
]
_NOTES = ["电话督办", "已提醒承办部门", "企业来电询问进度", "现场查看情况", "企业补充了材料", ""]
_COMMENTS = ["响应迅速，非常满意", "解决及时", "基本满意", "还有改进空间", "当天解决", ""]
_CHANNELS = ["service-group", "liaison-group", "hotline", "visit", "package"]
_CHANNEL_WEIGHTS = [35, 30, 20, 10, 5]
_CATEGORIES = ["consult", "routine", "major", "restricted"]
_CATEGORY_WEIGHTS = [25, 50, 15, 10]

LIMITS = {category: {name: rule.as_pair() for name, rule in rules.items()} for category, rules in DEFAULT_POLICY.items()}
HEADS = dict(DEPARTMENTS)


def iso_at(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, ZONE).isoformat(timespec="seconds")


def now_epoch(now: str = NOW) -> int:
    return int(datetime.fromisoformat(now).timestamp())


@dataclass
class Spec:
    cases: int
    open: int
    late: int
    enterprises: int = 300
    years: int = 10
    seed: int = 6
    now: str = NOW

    @property
    def name(self) -> str:
        return f"book-c{self.cases}-o{self.open}-l{self.late}-e{self.enterprises}-y{self.years}-s{self.seed}-{schema_tag()}.db"


GENERATOR_VERSION = 3


def schema_tag() -> str:
    """Changes whenever zhitong's migrations or this generator change, so caches are rebuilt."""
    import hashlib

    import zhitong.storage.migrations

    source = Path(zhitong.storage.migrations.__file__).read_bytes()
    return hashlib.sha1(f"{GENERATOR_VERSION}:".encode() + source).hexdigest()[:8]


# -- the case book --------------------------------------------------------------------------------


def _fast_replace(_fields=tuple(f.name for f in fields(lifecycle.CaseState))):
    """``dataclasses.replace`` for the frozen, slotted ``CaseState``: the same result, ten times faster.

    The reducer makes a new state for every event and ``dataclasses.replace`` (its loop over the
    fields' kinds, the frozen ``__init__``) was half of a book's making; ``CaseState`` has no
    ``__post_init__`` and no init-only fields, so copying the slots gives the very state it would.
    """
    new_object, set_slot = object.__new__, object.__setattr__

    def replace(state, /, **changes):
        if type(state) is not lifecycle.CaseState:
            return dataclass_replace(state, **changes)
        copy = new_object(lifecycle.CaseState)
        for name in _fields:
            set_slot(copy, name, changes[name] if name in changes else getattr(state, name))
        return copy

    return replace


assert not hasattr(lifecycle.CaseState, "__post_init__")
lifecycle.replace = _fast_replace()


class Case:
    """One case's history, and its state kept alongside by zhitong's own reducer as events are added.

    The state is ``zhitong.core.lifecycle.apply`` folded over the events, so the stored columns
    and milestones (rounds, sign-for and callback included) are what zhitong itself projects.
    """

    __slots__ = ("channel", "dept", "events", "exotic", "id", "state")

    def __init__(self, case_id, received, category, channel, actor, title):
        self.id, self.channel = case_id, channel
        self.events = []
        self.dept, self.state, self.exotic = None, None, False
        self.add(received, "intake", actor, title, {"category": category, "limits": LIMITS[category], "channel": channel})

    @property
    def received(self) -> int:
        return self.state.received_at

    @property
    def category(self) -> str:
        return self.state.category

    @property
    def status(self) -> str:
        return self.state.status

    @property
    def closed(self) -> bool:
        return self.state.closed

    def add(self, at, kind, actor, text="", data=None, dept=None):
        if dept is not None:
            self.dept = dept
        data = data or {}
        event = Event(at, kind, actor, self.dept, text, data)
        self.state = apply(self.state, event)
        self.events.append((at, kind, actor, self.dept, text, data))

    def assign(self, at, actor, dept):
        self.add(at, "assign", actor, "", None, dept)

    def transfer(self, at, actor, dept, reason):
        self.add(at, "transfer", actor, reason, None, dept)

    def respond(self, at, actor, owner, plan, eta):
        self.add(at, "respond", actor, plan, {"owner": owner, "plan": plan, "eta": eta})

    def escalate(self, at, actor, category, reason):
        self.add(at, "escalate", actor, reason, {"category": category, "limits": LIMITS[category]})
        self.exotic = True

    def report(self, at, actor, text):
        self.add(at, "report", actor, text)

    def close(self, at, actor, kind, text):
        self.add(at, kind, actor, text)

    def rate(self, at, actor, score, comment):
        self.add(at, "rate", actor, comment, {"rating": score})

    def urge(self, at, actor, note):
        self.add(at, "urge", actor, note)

    def pause(self, at, actor, reason):
        self.add(at, "pause", actor, reason)
        self.exotic = True

    def resume(self, at, actor, note):
        self.add(at, "resume", actor, note)

    def reopen(self, at, actor, reason):
        self.add(at, "reopen", actor, reason)
        self.exotic = True

    def note(self, at, actor, text):
        self.add(at, "note", actor, text)

    def milestones(self, calendar):
        """Every round's milestones as zhitong works them out (``lifecycle.milestones``), in its order."""
        return milestones(self.state, calendar)


class Generator:
    def __init__(self, spec: Spec, calendar):
        self.spec, self.cal = spec, calendar
        self.rng = random.Random(spec.seed)
        self.now = now_epoch(spec.now)

    # -- random pieces --
    def working_instant(self, lo: int, hi: int) -> int:
        """A moment in [lo, hi): mostly office hours of working days; hotline calls any time."""
        rng = self.rng
        if hi - lo < 2 * DAY or rng.random() < 0.07:
            return rng.randrange(lo, hi)
        for _ in range(20):
            day = local_day(rng.randrange(lo, hi))
            if self.cal.is_working_day(date.fromordinal(day)):
                at = day_start(day) + rng.randrange(8 * H + 1800, 17 * H + 1800)
                if lo <= at < hi:
                    return at
        return rng.randrange(lo, hi)

    def title(self) -> str:
        roads = self.rng.sample(_ROADS, 2)
        return self.rng.choice(_TITLES).format(road=roads[0], road2=roads[1])

    def due_of(self, case: Case, name: str) -> int:
        """The deadline of the running round's milestone ``name``."""
        return [m.due for m in case.milestones(self.cal) if m.name == name][-1]

    def between(self, lo: int, hi: int) -> int:
        return lo if hi <= lo else self.rng.randrange(lo, hi)


def enterprises(rng: random.Random, count: int):
    seen, rows = set(), []
    names = ["新奥集团"]
    while len(names) < count:
        core, form = rng.choice(_CORES), rng.choice(_FORMS)
        if core.endswith("科技") and form.startswith("科技"):
            form = form[2:]
        name = rng.choice(_PLACES) + core + form
        if name not in seen:
            seen.add(name)
            names.append(name)
    for index, name in enumerate(names, 1):
        body = f"91131000MA{index:07d}"
        code = body + check_digit(body)
        grp = "service" if index <= count * 114 // 300 else "liaison"
        key = 1 if index <= max(1, count * 55 // 300) else 0
        rows.append(
            (index, name, code, grp, key, rng.choice(_CONTACTS), f"138{index:08d}", rng.choice(_OFFICERS), "2016-01-04T09:00:00+08:00")
        )
    return rows


def closed_case(g: Generator, case: Case, rng: random.Random, actor: str, dept: str, depts: list[str]):
    """Take a case through a realistic closed life; every event before now."""
    r = case.received
    if case.category == "consult":
        if rng.random() < 0.5:
            case.assign(r, actor, dept)
        case.close(r, actor, "resolve", "现场答复：" + rng.choice(_PLANS))
        if rng.random() < 0.3:
            case.rate(r + rng.randrange(60, 3 * DAY), actor, rng.choice((4, 5, 5)), rng.choice(_COMMENTS))
        return
    t = r + rng.randrange(60, 2 * H)
    case.assign(t, actor, dept)
    roll = rng.random()
    if case.category == "routine" and roll < 0.04:
        t += rng.randrange(600, 6 * H)
        case.escalate(t, actor, rng.choice(("major", "restricted")), "需请示管委会主要领导")
    if roll > 0.96:
        t += rng.randrange(600, 4 * H)
        case.transfer(t, actor, rng.choice([d for d in depts if d != case.dept]), "属其他部门职责")
    late = rng.random() < 0.12
    response_due = g.due_of(case, "response")
    t = max(t, min(response_due + (rng.randrange(H, 2 * DAY) if late else -rng.randrange(60, 20 * H)), g.now - 3 * DAY))
    t = max(t, case.events[-1][0])
    if late and rng.random() < 0.6:
        case.urge(max(case.events[-1][0], min(response_due + 600, t - 60)), actor, rng.choice(_NOTES))
        t = max(t, case.events[-1][0])
    case.respond(t, actor, HEADS[case.dept], rng.choice(_PLANS), iso_at(t + rng.randrange(DAY, 10 * DAY)))
    if rng.random() < 0.03 and t + 6 * DAY < g.now:
        p = t + rng.randrange(H, DAY)
        case.pause(p, actor, "等待企业补充材料")
        case.resume(p + rng.randrange(H, 3 * DAY), actor, "企业已补充材料")
        t = case.events[-1][0]
    if case.category == "major":
        t = max(t + rng.randrange(600, DAY), min(g.due_of(case, "feedback") - rng.randrange(60, 12 * H), g.now - 2 * DAY))
        t = max(t, case.events[-1][0])
        case.report(t, actor, "经管委会研究，同意按政策给予支持")
    if rng.random() < 0.05:
        t += rng.randrange(600, DAY)
        case.note(t, actor, rng.choice(_NOTES) or "企业联系人已更换")
    resolve_due = g.due_of(case, "resolve")
    t = max(
        t + rng.randrange(600, 4 * H),
        min(resolve_due + (rng.randrange(H, 3 * DAY) if rng.random() < 0.1 else -rng.randrange(60, 10 * H)), g.now - DAY),
    )
    t = max(t, case.events[-1][0])
    if case.category == "restricted":
        case.close(t, actor, "file", "受现行政策限制，暂无法解决，已报双创办备案")
    else:
        case.close(t, actor, "resolve", "已办结并反馈企业")
        if rng.random() < 0.02 and t + 2 * DAY < g.now - DAY:
            t2 = t + rng.randrange(H, DAY)
            case.reopen(t2, actor, "企业反映问题仍未解决")
            t3 = min(g.now - H, max(t2 + rng.randrange(H, 2 * DAY), t2 + 60))
            case.close(t3, actor, "resolve", "二次办结")
            t = t3
    rate_closed(g, case, rng, actor, t)


def rate_closed(g: Generator, case: Case, rng: random.Random, actor: str, t: int):
    """The callback (回访): a resolved case owes a rating one working day after its resolution.

    Every case whose callback falls due before now is rated (mostly in time, some late), so no
    closed case carries a late milestone; one whose callback is still pending is rated or not.
    """
    callback = [m for m in case.milestones(g.cal) if m.name == "callback" and m.round == case.state.round]
    if callback and callback[0].due <= g.now + 60:
        due = callback[0].due
        hi = min(g.now - 60, due + 3 * DAY if rng.random() < 0.08 else due - 60)
        if hi <= t + 60:
            hi = g.now - 60
        if hi <= t + 60:
            raise RuntimeError("a resolved case's callback falls due before now but it cannot be rated in time")
        case.rate(g.between(t + 60, hi), actor, rng.choice((3, 4, 5, 5, 5)), rng.choice(_COMMENTS))
    elif rng.random() < 0.6 and t + 60 < g.now:
        case.rate(g.between(t + 60, min(g.now, t + 5 * DAY)), actor, rng.choice((3, 4, 5, 5, 5)), rng.choice(_COMMENTS))


# Open forms: (category, steps done, late milestones) — steps: a=assigned r=responded p=reported.
# An assigned case owes its sign-for (签收, 1d after assignment) until it is answered; an open
# case owes no callback yet (that starts at resolution).
_LATE_FORMS = [
    ("routine", "ar", 1),
    ("restricted", "ar", 1),
    ("major", "ar", 1),
    ("major", "arp", 1),
    ("routine", "", 2),
    ("restricted", "", 2),
    ("major", "ar", 2),
    ("routine", "a", 3),
    ("major", "a", 3),
]
_ON_TIME_FORMS = [
    ("routine", "", 0),
    ("routine", "a", 0),
    ("routine", "ar", 0),
    ("major", "ar", 0),
    ("major", "arp", 0),
    ("major", "a", 0),
    ("restricted", "a", 0),
    ("restricted", "ar", 0),
]
# Roughly how long each limit runs in calendar time (working-day clocks skip weekends).
_SPANS = {"1d": 1.6 * DAY, "24h": 1.6 * DAY, "48h": 3.2 * DAY, "5d": 8 * DAY}


def pending_names(limits: dict, steps: str) -> list[str]:
    """The milestones an open case of this form still owes."""
    done = {"response", "sign"} if "r" in steps else set()
    if "p" in steps:
        done.add("feedback")
    started = {"sign"} if "a" in steps else set()
    return [n for n in limits if n not in done and (n not in ("sign", "callback") or n in started)]


def open_case(g: Generator, make, rng: random.Random, actor: str, dept: str, late: int, paused: bool):
    """An open case with exactly ``late`` of its unmet milestones past due at now (paused: none)."""
    forms = [f for f in (_LATE_FORMS if late else _ON_TIME_FORMS) if f[2] == late]
    for _attempt in range(200):
        category, steps, _ = rng.choice(forms)
        limits = LIMITS[category]
        spans = sorted(_SPANS[limits[n][0]] for n in pending_names(limits, steps))
        if late:
            # late: past the late-th tightest pending limit but (for some late of several) before the next.
            span_hi = spans[late] if late < len(spans) else 120 * DAY
            lo = g.now - int(span_hi)
            hi = g.now - int(spans[late - 1] * 0.3)
        else:
            lo, hi = g.now - int(spans[0]), g.now - 60
        received = g.working_instant(lo, hi)
        case = make(received, category)
        t = received
        if "a" in steps:
            t = min(received + rng.randrange(0, 1800), g.now)
            case.assign(t, actor, dept)
        if "r" in steps:
            t = g.between(t, min(g.now, g.due_of(case, "response")))
            case.respond(t, actor, "承办人", rng.choice(_PLANS), iso_at(t + rng.randrange(DAY, 10 * DAY)))
        if "p" in steps:
            t = g.between(t, min(g.now, g.due_of(case, "feedback")))
            case.report(t, actor, "经管委会研究，同意按政策给予支持")
        unmet = [m for m in case.milestones(g.cal) if m.met_at is None]
        if paused:
            first_due = min(m.due for m in unmet)
            lo_p, hi_p = t, min(g.now, first_due - H)
            if hi_p <= lo_p:
                continue
            p = g.working_instant(lo_p, hi_p)
            if not g.cal.is_working_day(date.fromordinal(local_day(p))):
                continue
            case.pause(p, actor, "等待企业补充材料")
            return case
        count = sum(1 for m in unmet if m.due < g.now)
        margin_ok = all(abs(m.due - g.now) > 60 for m in unmet)
        if count == late and margin_ok:
            if rng.random() < 0.3 and late:
                case.urge(g.between(max(t, min(m.due for m in unmet)), g.now), actor, rng.choice(_NOTES))
            return case
    raise RuntimeError(f"could not place an open case with {late} late milestones")


def build(path: Path, spec: Spec, *, quiet: bool = False) -> dict:
    """Write the case book at ``path`` (which must not exist); returns its figures."""
    started = time.perf_counter()
    path = Path(path)
    building = path.with_name(path.name + ".building")
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        stale.unlink(missing_ok=True)
    store = open_store(building)
    calendar = store.calendar
    store.close()
    g = Generator(spec, calendar)
    rng = g.rng
    conn = sqlite3.connect(building, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("BEGIN")
    stamp = "2016-01-04T09:00:00+08:00"
    conn.executemany(
        "INSERT INTO departments (id, name, head, phone, created_at) VALUES (?, ?, ?, ?, ?)",
        [(i, name, head, f"0316-29123{i:02d}", stamp) for i, (name, head) in enumerate(DEPARTMENTS, 1)],
    )
    dept_ids = {name: i for i, (name, _head) in enumerate(DEPARTMENTS, 1)}
    depts = [name for name, _ in DEPARTMENTS]
    ents = enterprises(rng, spec.enterprises)
    conn.executemany(
        "INSERT INTO enterprises (id, name, credit_code, grp, key_enterprise, contact, phone, officer, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ents,
    )
    # Received instants: closed cases over the years up to a week ago; open ones placed by form.
    closed_n = spec.cases - spec.open
    start = g.now - spec.years * 365 * DAY
    closed_times = sorted(g.working_instant(start, g.now - 14 * DAY) for _ in range(closed_n))
    # Open cases: which carry late milestones (3 or 2 each while the budget allows, else 1), which pause.
    plan = []
    budget = spec.late
    for _ in range(spec.open):
        if budget >= 3 and rng.random() < 0.1:
            plan.append(3)
            budget -= 3
        elif budget >= 2 and rng.random() < 0.25:
            plan.append(2)
            budget -= 2
        elif budget >= 1:
            plan.append(1)
            budget -= 1
        else:
            plan.append(0)
    if budget:
        raise ValueError(f"{spec.open} open cases cannot carry {spec.late} late milestones")
    rng.shuffle(plan)
    paused_flags = [late == 0 and rng.random() < 0.05 for late in plan]

    next_id = [0]

    def make(received, category):
        channel = rng.choices(_CHANNELS, _CHANNEL_WEIGHTS)[0]
        return Case(0, received, category, channel, actor_name, g.title())

    actor_name = "李明"
    open_cases = []
    for late, paused in zip(plan, paused_flags):
        dept = rng.choice(depts)
        open_cases.append(open_case(g, make, rng, actor_name, dept, late, paused))
    # Everything in order of intake, so ids and per-year sequence numbers follow time.
    items = [(t, None) for t in closed_times] + [(c.received, c) for c in open_cases]
    items.sort(key=lambda item: item[0])

    seqs: dict[int, int] = {}
    counts = {"events": 0, "milestones": 0}
    status_counts: dict[str, int] = {}
    exotic_ids = []
    case_rows, event_rows, milestone_rows = [], [], []

    # The history's hash chain (core/chain.py), carried from one block of events to the next in id order.
    head = [chain.GENESIS]
    event_columns = ", ".join((*chain.FIELDS, "hash"))

    def flush():
        conn.executemany(
            "INSERT INTO cases (id, ref, year, seq, enterprise_id, department_id, title, detail, category, channel,"
            " status, received_at, responded_at, reported_at, resolved_at, filed_at, owner, plan, eta, rating,"
            " rating_comment, urges, transfers, paused_since, source_id, reopens, corrections, merged_into,"
            " returns, redos, extensions)"
            f" VALUES ({', '.join('?' * 31)})",
            case_rows,
        )
        digests = chain.hashes(head[0], event_rows)
        if digests:
            head[0] = digests[-1]
        first = counts["events"] + 1
        conn.executemany(
            f"INSERT INTO events (id, {event_columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + i, *row, digest) for i, (row, digest) in enumerate(zip(event_rows, digests))],
        )
        conn.executemany(
            "INSERT INTO milestones (case_id, round, name, limit_text, clock, due, met_at, provisional) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            milestone_rows,
        )
        counts["events"] += len(event_rows)
        counts["milestones"] += len(milestone_rows)
        case_rows.clear()
        event_rows.clear()
        milestone_rows.clear()

    opt = lambda s: iso_at(s) if s is not None else None  # noqa: E731
    hotline_seq = 0
    for received, case in items:
        next_id[0] += 1
        case_id = next_id[0]
        if case is None:
            category = rng.choices(_CATEGORIES, _CATEGORY_WEIGHTS)[0]
            case = make(received, category)
            closed_case(g, case, rng, actor_name, rng.choice(depts), depts)
        case.id = case_id
        year = datetime.fromtimestamp(received, ZONE).year
        seq = seqs[year] = seqs.get(year, 0) + 1
        ref = f"ZT-{year}-{seq:04d}"
        title = case.events[0][4]
        detail = f"{title}。企业反映：{rng.choice(_PLANS)}，请尽快协调。" if rng.random() < 0.6 else None
        source_id = None
        if case.channel == "hotline":
            hotline_seq += 1
            source_id = f"2912345-{hotline_seq:08d}"
        ent = rng.randrange(1, len(ents) + 1)
        # The intake records what no later event changes, as Store.add_case writes it.
        case.events[0][5].update(ref=ref, enterprise=ents[ent - 1][1], detail=detail)
        state = case.state
        case_rows.append(
            (
                case_id,
                ref,
                year,
                seq,
                ent,
                dept_ids.get(state.department),
                title,
                detail,
                state.category,
                case.channel,
                state.status,
                iso_at(received),
                opt(state.responded_at),
                opt(state.reported_at),
                opt(state.resolved_at),
                opt(state.filed_at),
                state.owner,
                state.plan,
                state.eta,
                state.rating,
                state.rating_comment,
                state.urges,
                state.transfers,
                opt(state.paused_since),
                source_id,
                state.reopens,
                state.corrections,
                state.merged_into,
                state.returns,
                state.redos,
                state.extensions,
            )
        )
        for at, kind, actor, dept, text, data in case.events:
            at_iso = iso_at(at)
            event_rows.append((case_id, at_iso, kind, actor, dept, text, json.dumps(data, ensure_ascii=False), at_iso))
        for m in case.milestones(calendar):
            milestone_rows.append((case_id, m.round, m.name, m.limit, m.clock, iso_at(m.due), opt(m.met_at), int(m.provisional)))
        status_counts[case.status] = status_counts.get(case.status, 0) + 1
        if case.exotic and len(exotic_ids) < 500:
            exotic_ids.append(case_id)
        if len(case_rows) >= 20000:
            flush()
    flush()
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    os.replace(building, path)
    figures = {
        "cases": spec.cases,
        "open": spec.open,
        "late": spec.late,
        "enterprises": spec.enterprises,
        "departments": len(DEPARTMENTS),
        "events": counts["events"],
        "milestones": counts["milestones"],
        "statuses": status_counts,
        "paused": sum(paused_flags),
        "seconds": round(time.perf_counter() - started, 1),
        "bytes": path.stat().st_size,
        "exotic_sample": exotic_ids,
    }
    if not quiet:
        print(
            f"generated {path.name}: {json.dumps({k: v for k, v in figures.items() if k != 'exotic_sample'}, ensure_ascii=False)}",
            file=sys.stderr,
        )
    return figures


# The case columns check._case compares, in its order (those of check.case_problems' walk).
_CHECK_CASE_SQL = (
    "SELECT c.id, c.ref, e.name, c.title, c.detail, c.channel, c.received_at, c.category, c.status, d.name,"
    " c.responded_at, c.reported_at, c.resolved_at, c.filed_at, c.owner, c.plan, c.eta, c.rating, c.rating_comment,"
    " c.urges, c.transfers, c.paused_since, c.returns, c.redos, c.extensions, c.reopens, c.corrections, c.merged_into"
    " FROM cases c JOIN enterprises e ON e.id = c.enterprise_id LEFT JOIN departments d ON d.id = c.department_id"
    " WHERE c.id = ?"
)


def case_problems(store, case_ids) -> list[str]:
    """``zhitong check``'s verdict on each of ``case_ids`` (``storage/check._case``), as its messages."""
    from zhitong.storage import check

    conn = store.conn
    current = check._current_names(conn)
    problems = []
    for case_id in case_ids:
        row = conn.execute(_CHECK_CASE_SQL, (case_id,)).fetchone()
        history = conn.execute(
            "SELECT case_id, at, kind, actor, department, text, data FROM events WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
        have = {
            (r[0], r[1]): r[2:]
            for r in conn.execute(
                "SELECT round, name, limit_text, clock, due, met_at, provisional FROM milestones WHERE case_id = ?", (case_id,)
            )
        }
        found = check._case(row, history, have, store.calendar, current)
        problems.extend(template.format(**fields) for template, fields in found)
    return problems


def verify(path: Path, spec: Spec, sample: int = 2000, extra_ids=()) -> list[str]:
    """Replay a sample of cases through zhitong, verify the hash chain, and count the overdue milestones its views see."""
    from zhitong.core.verdicts import late_milestones
    from zhitong.edge.when import parse_iso
    from zhitong.storage import check
    from zhitong.store import open_store

    store = open_store(path)
    try:
        problems = [template.format(**fields) for template, fields in check.chain_problems(store.conn)]
        total = store.conn.execute("SELECT MAX(id) FROM cases").fetchone()[0] or 0
        rng = random.Random(spec.seed + 1)
        ids = set(rng.sample(range(1, total + 1), min(sample, total))) | set(extra_ids)
        # The open cases, replayed in full (there are few but for the all-open books).
        open_ids = [row[0] for row in store.conn.execute("SELECT id FROM cases WHERE status NOT IN ('resolved', 'filed')")]
        if len(open_ids) <= 20000:
            ids |= set(open_ids)
        problems += case_problems(store, sorted(ids))
        current = parse_iso(spec.now)
        late = late_milestones(store.open_cases_by_due(due_before=current), store.calendar, current)
        if len(late) != spec.late:
            problems.append(f"{len(late)} milestones are overdue by zhitong's views; the spec asked for {spec.late}")
        if len(open_ids) != spec.open:
            problems.append(f"{len(open_ids)} open cases; the spec asked for {spec.open}")
        return problems
    finally:
        store.close()


def cached(spec: Spec, *, check: bool = True) -> Path:
    """The case book for ``spec`` from bench/.cache, generated (and verified) on first use."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / spec.name
    if not path.exists():
        figures = build(path, spec)
        if check:
            problems = verify(path, spec, sample=1000, extra_ids=figures["exotic_sample"])
            if problems:
                path.unlink()
                raise SystemExit("generated book failed verification:\n" + "\n".join(problems[:20]))
        (CACHE / (spec.name + ".json")).write_text(json.dumps(figures, ensure_ascii=False))
    return path


def import_csv(path: Path, rows: int, names: list[str], seed: int = 7) -> Path:
    """A CSV for `zhitong import`: enterprise,title,category,channel,department,received_at,detail,source_id."""
    import csv

    if path.exists():
        return path
    rng = random.Random(seed)
    now = now_epoch()
    start = now - 5 * 365 * DAY
    times = sorted(rng.randrange(start, now - DAY) for _ in range(rows))
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["enterprise", "title", "category", "channel", "department", "received_at", "detail", "source_id"])
        for index, at in enumerate(times, 1):
            roads = rng.sample(_ROADS, 2)
            title = rng.choice(_TITLES).format(road=roads[0], road2=roads[1])
            writer.writerow(
                [
                    rng.choice(names),
                    title,
                    rng.choices(_CATEGORIES, _CATEGORY_WEIGHTS)[0],
                    rng.choices(_CHANNELS, _CHANNEL_WEIGHTS)[0],
                    rng.choice(DEPARTMENTS)[0],
                    datetime.fromtimestamp(at, ZONE).strftime("%Y-%m-%d %H:%M"),
                    f"{title}。企业反映：{rng.choice(_PLANS)}" if rng.random() < 0.6 else "",
                    f"LEGACY-{index:07d}",
                ]
            )
    os.replace(tmp, path)
    return path


def import_xlsx(path: Path, source: Path) -> Path:
    """The rows of an import CSV as a workbook's first sheet (what the hotline desk sends), written once."""
    import csv

    from openpyxl import Workbook

    if path.exists():
        return path
    book = Workbook(write_only=True)
    sheet = book.create_sheet("工单")
    with open(source, encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    partial = path.with_suffix(".part.xlsx")
    book.save(partial)
    partial.replace(path)
    return path


def seeded_book(enterprises_count: int = 300) -> tuple[Path, list[str]]:
    """A case book with departments and enterprises but no case, and the enterprises' names."""
    path = cached(Spec(cases=0, open=0, late=0, enterprises=enterprises_count), check=False)
    conn = sqlite3.connect(path)
    try:
        return path, [row[0] for row in conn.execute("SELECT name FROM enterprises ORDER BY id")]
    finally:
        conn.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--open", type=int, default=500)
    parser.add_argument("--late", type=int, default=50)
    parser.add_argument("--enterprises", type=int, default=300)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--verify", action="store_true", help="replay a sample through zhitong afterwards")
    parser.add_argument("--selftest", action="store_true", help="small book, then `zhitong check` and `show` on it")
    args = parser.parse_args(argv)
    if args.selftest:
        return selftest()
    if not args.out:
        parser.error("name the output file")
    if args.out.exists():
        parser.error(f"{args.out} exists")
    spec = Spec(args.cases, args.open, args.late, args.enterprises, args.years, args.seed)
    figures = build(args.out, spec)
    if args.verify:
        problems = verify(args.out, spec, extra_ids=figures["exotic_sample"])
        print("\n".join(problems[:50]) or "verified: stored projection = zhitong's replay; overdue count as asked", file=sys.stderr)
        return 1 if problems else 0
    return 0


def selftest() -> int:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        spec = Spec(cases=3000, open=400, late=120, enterprises=60, years=3)
        path = Path(tmp) / "book.db"
        figures = build(path, spec)
        problems = verify(path, spec, sample=3000, extra_ids=figures["exotic_sample"])
        env = dict(os.environ, ZHITONG_DB=str(path), ZHITONG_NOW=spec.now, ZHITONG_CONFIG_DIR=str(Path(tmp) / "cfg"), ZHITONG_LANG="en")
        exe = [sys.executable, "-m", "zhitong"]
        check = subprocess.run(exe + ["check"], env=env, capture_output=True, text=True)
        if check.returncode != 0:
            problems.append(f"zhitong check exited {check.returncode}: {check.stdout[-2000:]} {check.stderr[-2000:]}")
        for case_id in (1, figures["exotic_sample"][0] if figures["exotic_sample"] else 2):
            conn = sqlite3.connect(path)
            ref = conn.execute("SELECT ref FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
            conn.close()
            shown = subprocess.run(exe + ["show", ref], env=env, capture_output=True, text=True)
            if shown.returncode != 0 or ref not in shown.stdout:
                problems.append(f"zhitong show {ref} failed: {shown.stderr}")
        overdue = subprocess.run(exe + ["overdue", "--json"], env=env, capture_output=True, text=True)
        if len(json.loads(overdue.stdout or "[]")) != spec.late:
            problems.append(f"zhitong overdue --json listed {len(json.loads(overdue.stdout or '[]'))}, expected {spec.late}")
        print("\n".join(problems[:50]) or "selftest passed: zhitong check is clean, show works, overdue count as asked", file=sys.stderr)
        return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
