"""The demo case book: the article's zone, its departments, enterprises and cases in every state.

Times are laid out backwards from "now" in *working* time, on the store's own calendar, so the
same cases are fresh, late or provisional whenever the demo is run: on a Monday morning, in the
National Day week, or in a year whose holiday schedule has not been entered yet.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from zhitong.core.errors import InputError
from zhitong.core.instants import DAY, day_start, from_epoch, iso, to_epoch
from zhitong.core.models import Enterprise
from zhitong.core.policy import limits_for
from zhitong.core.uscc import check_digit

DEPARTMENTS = [
    ("经济发展局", "王局长", "0316-2912301"),
    ("工管委", "赵主任", "0316-2912302"),
    ("双创办", "刘主任", "0316-2912345"),
    ("交通运输局", "陈局长", "0316-2912303"),
    ("自然资源和规划局", "孙局长", "0316-2912304"),
]


def _code(body: str) -> str:
    return body + check_digit(body)


ENTERPRISES = [
    Enterprise(0, "新奥集团", _code("91131000601172867"), "service", True, "李经理", "13800000001", "张专员"),
    Enterprise(0, "华翔物流有限公司", _code("91131000MA0ABCDE1"), "service", False, "周经理", "13800000002", "张专员"),
    Enterprise(0, "廊坊智造科技有限公司", _code("91131000MA0FGHJK2"), "liaison", False, "吴总", "13800000003", "李专员"),
    Enterprise(0, "京津冀新材料股份有限公司", _code("91131000MA0LMNPQ3"), "service", True, "郑总", "13800000004", "李专员"),
    Enterprise(0, "开发区绿色食品有限公司", _code("91131000MA0RTUWX4"), "liaison", False, "冯经理", "13800000005", "张专员"),
]

# (enterprise, title, category, channel, department, received working hours ago, actions, detail)
# actions: (kind, working hours after intake, text, data); eta_hours too are working hours.
# Late on any date: 新厂房施工许可 (response and resolution), 扩产项目用地 (research result),
# 危化品运输车辆通行证 (response and resolution) and 污水排放接管 (resolution, after reopening).
CASES = [
    (
        "华翔物流有限公司",
        "华翔路封闭施工，货物无法运出，绕行创业路又有限高杆",
        "routine",
        "service-group",
        "交通运输局",
        30,
        [
            ("respond", 0.5, "临时放行", {"owner": "陈局长", "plan": "一小时内协调放行，拆除创业路限高杆", "eta_hours": 2}),
            ("resolve", 1.5, "创业路限高杆已拆除，车辆正常通行", {}),
            ("rate", 3, "响应迅速，问题当天解决", {"rating": 5}),
        ],
        "政企服务“直通”群反映：华翔路封闭施工，企业货物运不出去，绕行创业路有限高杆。",
    ),
    (
        "新奥集团",
        "申报省级技术创新中心需要哪些材料",
        "consult",
        "service-group",
        "经济发展局",
        50,
        [("resolve", 0, "现场答复：按省科技厅通知准备申报书、财务审计报告", {})],
        None,
    ),
    ("廊坊智造科技有限公司", "新厂房施工许可办理进度", "routine", "hotline", "工管委", 60, [("urge", 40, "电话督办", {})], None),
    (
        "京津冀新材料股份有限公司",
        "扩产项目用地指标不足，需调整规划",
        "major",
        "visit",
        "自然资源和规划局",
        70,
        [
            ("respond", 5, "", {"owner": "孙局长", "plan": "报管委会研究用地指标调剂", "eta_hours": 200}),
            ("urge", 60, "督办研究结果", {}),
            ("urge", 65, "再次督办", {}),
        ],
        None,
    ),
    (
        "新奥集团",
        "氢能产业园配套电力增容",
        "major",
        "package",
        "经济发展局",
        20,
        [
            ("respond", 3, "", {"owner": "王局长", "plan": "协调供电公司现场勘查", "eta_hours": 100}),
            ("report", 15, "管委会研究同意先行建设临时变电设施", {}),
        ],
        None,
    ),
    (
        "开发区绿色食品有限公司",
        "申请享受已到期的厂房租金补贴政策",
        "restricted",
        "liaison-group",
        "双创办",
        40,
        [
            ("respond", 4, "", {"owner": "刘主任", "plan": "政策已到期，说明原因并报备", "eta_hours": 20}),
            ("file", 8, "原补贴政策已于2025年到期，暂无法解决，已向双创办备案", {}),
        ],
        None,
    ),
    (
        "华翔物流有限公司",
        "冷链仓库消防验收需补充材料",
        "routine",
        "hotline",
        "工管委",
        4,
        [("pause", 1, "等待企业补充消防设计文件", {})],
        None,
    ),
    ("廊坊智造科技有限公司", "员工子女入学咨询", "routine", "liaison-group", None, 2, [], None),
    (
        "京津冀新材料股份有限公司",
        "危化品运输车辆通行证办理",
        "routine",
        "service-group",
        "经济发展局",
        26,
        [("transfer", 2, "属交通运输局职责", {"department": "交通运输局"})],
        None,
    ),
    (
        "开发区绿色食品有限公司",
        "污水排放接管协调",
        "routine",
        "visit",
        "工管委",
        90,
        [
            ("respond", 2, "", {"owner": "赵主任", "plan": "协调污水处理厂接管", "eta_hours": 20}),
            ("resolve", 20, "已接管", {}),
            ("reopen", 40, "企业反映仍有溢流", {}),
        ],
        None,
    ),
]

# Service-package items (综合服务包) carry their own handling limit. The demo's reaches past the
# last year whose holiday schedule is known, so its deadline is provisional whatever the date.
PACKAGE_ITEMS = [
    ("新奥集团", "综合服务包：氢能重卡示范线路审批", "经济发展局"),
]
PACKAGE_DAYS = 60  # the handling limit, in working days, unless coverage ends later than that

# The article's fund: 10 million yuan, of which 5.37 million paid to 18 enterprises by June.
FUND = ("企业云服务专项资金", 10_000_000, "经济发展局")
PACKAGE = ("新奥集团", "新奥集团综合服务包", "王主任")
# The 17 other enterprises the fund paid, each a key enterprise with a package of its own.
FUNDED_ENTERPRISES = [
    "廊坊云谷数据有限公司",
    "开发区精工机械有限公司",
    "华北智能装备股份有限公司",
    "廊坊新能源汽车零部件有限公司",
    "京南生物医药有限公司",
    "开发区电子信息有限公司",
    "廊坊航空材料有限公司",
    "华夏冷链物流有限公司",
    "开发区现代包装有限公司",
    "廊坊数字印刷有限公司",
    "京津冀医疗器械有限公司",
    "开发区节能环保科技有限公司",
    "廊坊光电显示有限公司",
    "北方新型建材有限公司",
    "开发区食品科技有限公司",
    "廊坊软件服务有限公司",
    "京东方向智能制造有限公司",
]
# Paid in yuan: 新奥集团 first, then the others; 5,370,000 in all.
FUNDED_AMOUNTS = [1_000_000] + [250_000] * 16 + [370_000]
FUNDED_ITEM = "企业上云补贴（企业云服务专项资金）"


def build(store, now: datetime, policy, actor: str = "demo") -> list[str]:
    """Fill an empty store with the demo book; returns the case references."""
    calendar = store.calendar
    for name, head, phone in DEPARTMENTS:
        store.add_department(name, head, phone)
    enterprises = {e.name: store.add_enterprise(e) for e in ENTERPRISES}
    departments = {d.name: d for d in store.departments()}
    refs = []
    for enterprise, title, category, channel, department, hours_ago, actions, detail in CASES:
        received = working_before(calendar, now, hours_ago)
        limits = limits_for(policy, category)
        ref = store.add_case(
            enterprise=enterprises[enterprise],
            title=title,
            detail=detail,
            category=category,
            channel=channel,
            limits=limits,
            at=received,
            actor=actor,
            department=departments.get(department),
            answer=None,
        )
        for kind, after, text, data in actions:
            at = min(working_after(calendar, received, after), now)
            payload = dict(data)
            target = None
            if "eta_hours" in payload:
                payload["eta"] = iso(working_after(calendar, received, payload.pop("eta_hours")))
                payload.setdefault("plan", text)
                text = payload["plan"]
            if "department" in payload:
                target = departments[payload.pop("department")]
            store.act(ref, kind, at=at, actor=actor, text=text, data=payload, department=target)
        refs.append(ref)
    refs.extend(_packages_and_fund(store, now, enterprises, departments, actor))
    return refs


def _packages_and_fund(store, now: datetime, enterprises: dict, departments: dict, actor: str) -> list[str]:
    """新奥集团's package with its provisional item, and the fund's 5,370,000 paid to 18 enterprises."""
    from zhitong.storage import packages as store_packages

    calendar = store.calendar
    fund_name, budget, fund_department = FUND
    store_packages.add_fund(store, fund_name, budget * 100, departments[fund_department])
    fund_id = store_packages.find_fund(store, fund_name)[0]
    name, title, leader = PACKAGE
    first = working_before(calendar, now, 40)
    packages = {name: store_packages.new_package(store, enterprises[name], title=title, leader=leader, at=first)}
    for other in FUNDED_ENTERPRISES:
        enterprises[other] = store.add_enterprise(Enterprise(0, other, None, "service", True, None, None, "李专员"))
        packages[other] = store_packages.new_package(store, enterprises[other], title=None, leader=None, at=first)
    refs = []
    department = departments[fund_department]
    for enterprise, amount in zip([name, *FUNDED_ENTERPRISES], FUNDED_AMOUNTS):
        package = store_packages.find_package(store, packages[enterprise])
        received = working_before(calendar, now, 30)
        item = store_packages.NewItem(
            "policy",
            FUNDED_ITEM,
            department,
            "刘科长",
            "0316-2912301",
            {"resolve": ["10d", "workdays"]},
            how="登录企业服务平台提交上云服务合同和发票，经济发展局审核后拨付",
            fund_id=fund_id,
            amount=amount * 100,
        )
        ref = store_packages.add_item(store, package, item, at=received, actor=actor)
        store.act(ref, "resolve", at=working_after(calendar, received, 8), actor=actor, text="审核通过，资金已拨付")
        store_packages.pay(store, ref, amount * 100, at=working_after(calendar, received, 10), actor=actor)
        refs.append(ref)
    for enterprise, item_title, department_name in PACKAGE_ITEMS:
        received = working_before(calendar, now, 1)
        days = max(PACKAGE_DAYS, days_past_coverage(calendar, store.covered_years(), received))
        limits = {"response": ["24h", "workdays"], "resolve": [f"{days}d", "workdays"]}
        item = store_packages.NewItem(
            "measure", item_title, departments[department_name], "张科长", "0316-2912301", limits, how="协调交通运输局联合审批示范线路"
        )
        package = store_packages.find_package(store, packages[enterprise])
        refs.append(store_packages.add_item(store, package, item, at=received, actor=actor))
    return refs


def working_before(calendar, now: datetime, hours: float) -> datetime:
    """An instant from which exactly ``hours`` of working time run up to ``now`` (to the minute).

    Over a weekend or a holiday, "two working hours ago" is two hours before the last working
    day ended, not two hours on the clock.
    """
    seconds = round(hours * 3600)
    end = to_epoch(now)
    if seconds <= 0:
        return _minute(now)
    anchor = end - seconds
    while calendar.working_time(anchor, end) < seconds:
        anchor -= 7 * DAY  # a week back at a time: the longest holiday is nine days
    surplus = calendar.working_time(anchor, end) - seconds
    return _minute(from_epoch(calendar.add_working(anchor, surplus).at))


def working_after(calendar, start: datetime, hours: float) -> datetime:
    """The instant ``hours`` of working time after ``start`` (to the minute)."""
    return _minute(from_epoch(calendar.add_working(to_epoch(start), round(hours * 3600)).at))


def days_past_coverage(calendar, covered_years, received: datetime, extra: int = 10) -> int:
    """A limit in working days that ends ``extra`` working days into the first year not covered."""
    from zhitong.core.calendar_data import covered_range

    _first, last = covered_range(covered_years)
    start = day_start(received.date().toordinal() + 1)
    end = day_start(date(last + 1, 1, 1).toordinal())
    return max(calendar.working_time(start, end) // DAY, 0) + extra


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def build_file(target: Path, now: datetime, policy) -> list[str]:
    """Build the demo book at ``target`` from scratch, aside and then moved into place.

    A file at ``target`` that is not a demo database is refused untouched: the demo never
    overwrites the officer's own book. Returns the references of the cases built.
    """
    from zhitong.storage.database import CHECKED_SUFFIX
    from zhitong.store import is_demo_database, open_store

    if target.exists() and not is_demo_database(target):
        raise InputError(
            "{path} exists and is not a demo database; the demo will not overwrite it", hint="give another --db", path=str(target)
        )
    building = target.with_name(target.name + ".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    store = open_store(building)
    try:
        refs = build(store, now, policy)
        store.mark_demo()
    finally:
        store.close()
    for stale in (Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}{CHECKED_SUFFIX}"), Path(f"{building}{CHECKED_SUFFIX}")):
        stale.unlink(missing_ok=True)
    os.replace(building, target)
    return refs
