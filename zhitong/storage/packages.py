"""The SQL of service packages, their items, the special funds and their payments; functions over a Store.

An item is a case: adding one logs the case (its intake and assignment events) and the item's
row in one transaction, and a disbursement is a ``pay`` event on the item's case together with
its row in the append-only ``payments``.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from zhitong.core import packages as rules
from zhitong.core.errors import InputError, NotFoundError
from zhitong.core.instants import iso
from zhitong.core.models import Case, Department, Enterprise
from zhitong.store import Store


class Package(NamedTuple):
    id: int
    ref: str
    enterprise: str
    title: str | None
    leader: str | None
    created_at: datetime


class Item(NamedTuple):
    id: int
    case: Case
    kind: str
    contact: str
    phone: str
    how: str | None
    fund: str | None
    amount: int | None  # fen applied for
    paid: int  # fen paid
    benefit_id: int | None


def _created() -> str:
    return iso(datetime.now().astimezone())


# -- funds ----------------------------------------------------------------------------------------


def add_fund(store: Store, name: str, budget: int, department: Department | None) -> None:
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM funds WHERE name = ?", (name,)).fetchone():
            raise InputError("fund {name!r} already exists", name=name)
        conn.execute(
            "INSERT INTO funds (name, budget_fen, department_id, created_at) VALUES (?, ?, ?, ?)",
            (name, budget, department.id if department else None, _created()),
        )


def find_fund(store: Store, text: str) -> tuple[int, str]:
    """A fund by its exact name or a unique part of it: (id, name)."""
    needle = text.strip()
    if not needle:
        raise InputError("empty {noun} name", noun="fund")
    row = store.conn.execute("SELECT id, name FROM funds WHERE name = ?", (needle,)).fetchone()
    if row:
        return row
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = store.conn.execute(
        "SELECT id, name FROM funds WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT 11", (f"%{escaped}%",)
    ).fetchall()
    if len(rows) == 1:
        return rows[0]
    if rows:
        names = "、".join(row[1] for row in rows[:10])
        raise NotFoundError("{noun} {value!r} is ambiguous: {names}", hint="give more of the name", noun="fund", value=text, names=names)
    raise NotFoundError("no fund {value!r}", hint="list them with zhitong fund list", value=text)


_FUND_TOTALS = """
    SELECT f.name, f.budget_fen,
           (SELECT COALESCE(SUM(amount_fen), 0) FROM package_items WHERE fund_id = f.id),
           (SELECT COALESCE(SUM(amount_fen), 0) FROM payments WHERE fund_id = f.id),
           (SELECT COUNT(DISTINCT c.enterprise_id) FROM payments p JOIN package_items i ON i.id = p.item_id
                JOIN cases c ON c.id = i.case_id WHERE p.fund_id = f.id),
           d.name
    FROM funds f LEFT JOIN departments d ON d.id = f.department_id
"""


def fund_totals(store: Store, fund_id: int) -> rules.FundTotals:
    return rules.FundTotals(*store.conn.execute(_FUND_TOTALS + " WHERE f.id = ?", (fund_id,)).fetchone())


def funds(store: Store) -> list[rules.FundTotals]:
    return [rules.FundTotals(*row) for row in store.conn.execute(_FUND_TOTALS + " ORDER BY f.name")]


class FundLine(NamedTuple):
    """One application to a fund: the enterprise, the item, what it applied for and was paid."""

    enterprise: str
    ref: str
    title: str
    applied: int
    paid: int


def fund_lines(store: Store, fund_id: int) -> list[FundLine]:
    rows = store.conn.execute(
        "SELECT e.name, c.ref, c.title, i.amount_fen,"
        " (SELECT COALESCE(SUM(amount_fen), 0) FROM payments p WHERE p.item_id = i.id)"
        " FROM package_items i JOIN cases c ON c.id = i.case_id JOIN enterprises e ON e.id = c.enterprise_id"
        " WHERE i.fund_id = ? ORDER BY c.year, c.seq",
        (fund_id,),
    )
    return [FundLine(*row) for row in rows]


def pay(store: Store, ref: str, amount: int, *, at: datetime, actor: str) -> tuple[Case, rules.FundTotals]:
    """Record a disbursement to an item: a ``pay`` event and its payment, refused past the application or the budget."""
    full = store.resolve_ref(ref)
    row = store.conn.execute(
        "SELECT i.id, i.fund_id, i.amount_fen, f.name FROM package_items i JOIN cases c ON c.id = i.case_id"
        " LEFT JOIN funds f ON f.id = i.fund_id WHERE c.ref = ?",
        (full,),
    ).fetchone()
    if row is None:
        raise NotFoundError(
            "{ref} is not an item of a service package", hint="list a package's items with zhitong package show PKG", ref=full
        )
    item_id, fund_id, applied, fund_name = row

    def record(conn, _case_id, event_id):
        paid_to_item = conn.execute("SELECT COALESCE(SUM(amount_fen), 0) FROM payments WHERE item_id = ?", (item_id,)).fetchone()[0]
        totals = fund_totals(store, fund_id) if fund_id is not None else None
        rules.check_payment(totals, applied, paid_to_item, amount, full)
        conn.execute(
            "INSERT INTO payments (item_id, fund_id, amount_fen, at, event_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            (item_id, fund_id, amount, iso(at), event_id, _created()),
        )

    from zhitong.core.money import yuan_json

    data = {"amount": yuan_json(amount), "amount_fen": amount, "fund": fund_name}
    case = store.act(full, "pay", at=at, actor=actor, text="", data=data, along=record)
    return case, fund_totals(store, fund_id)


# -- packages -------------------------------------------------------------------------------------

_PACKAGE_COLUMNS = "p.id, p.ref, e.name, p.title, e.leader, p.created_at"
_PACKAGE_FROM = " FROM packages p JOIN enterprises e ON e.id = p.enterprise_id"


def _package(row) -> Package:
    return Package(row[0], row[1], row[2], row[3], row[4], datetime.fromisoformat(row[5]))


def new_package(store: Store, enterprise: Enterprise, *, title: str | None, leader: str | None, at: datetime) -> str:
    """A package for the enterprise, which becomes a key enterprise (with its paired leader, if given); its id."""
    with store.transaction() as conn:
        other = conn.execute("SELECT ref FROM packages WHERE enterprise_id = ?", (enterprise.id,)).fetchone()
        if other:
            raise InputError(
                "{name} already has the package {ref}",
                hint="add items to it with zhitong package add {ref}",
                name=enterprise.name,
                ref=other[0],
            )
        year = at.year
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM packages WHERE year = ?", (year,)).fetchone()[0]
        ref = rules.package_ref(year, seq)
        conn.execute(
            "INSERT INTO packages (ref, year, seq, enterprise_id, title, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (ref, year, seq, enterprise.id, title, iso(at)),
        )
        conn.execute("UPDATE enterprises SET key_enterprise = 1 WHERE id = ?", (enterprise.id,))
        if leader:
            conn.execute("UPDATE enterprises SET leader = ? WHERE id = ?", (leader, enterprise.id))
    return ref


def find_package(store: Store, text: str) -> Package:
    """A package by its id (PKG-2026-01) or by its enterprise's name (or a unique part of it)."""
    parts = rules.package_ref_parts(text)
    if parts is not None:
        row = store.conn.execute(f"SELECT {_PACKAGE_COLUMNS}{_PACKAGE_FROM} WHERE p.year = ? AND p.seq = ?", parts).fetchone()
        if row is None:
            raise NotFoundError("no package {value!r}", hint="list them with zhitong package list", value=text)
        return _package(row)
    enterprise = store.find_enterprise(text)
    row = store.conn.execute(f"SELECT {_PACKAGE_COLUMNS}{_PACKAGE_FROM} WHERE p.enterprise_id = ?", (enterprise.id,)).fetchone()
    if row is None:
        raise NotFoundError("{name} has no service package", hint="make one with zhitong package new {name}", name=enterprise.name)
    return _package(row)


def packages(store: Store) -> list[Package]:
    return [_package(row) for row in store.conn.execute(f"SELECT {_PACKAGE_COLUMNS}{_PACKAGE_FROM} ORDER BY p.year, p.seq")]


def enterprise_package(store: Store, enterprise_id: int) -> Package | None:
    row = store.conn.execute(f"SELECT {_PACKAGE_COLUMNS}{_PACKAGE_FROM} WHERE p.enterprise_id = ?", (enterprise_id,)).fetchone()
    return _package(row) if row else None


class NewItem(NamedTuple):
    kind: str
    title: str
    department: Department
    contact: str
    phone: str
    limits: dict
    detail: str | None = None
    how: str | None = None
    fund_id: int | None = None
    amount: int | None = None
    benefit_id: int | None = None


def add_item(store: Store, package: Package, item: NewItem, *, at: datetime, actor: str) -> str:
    """Log the item as a case of the package's enterprise, with its row, in one transaction; its reference."""
    enterprise = store.find_enterprise(package.enterprise)

    def along(conn, case_id):
        if item.benefit_id is not None:
            have = conn.execute(
                "SELECT 1 FROM package_items WHERE package_id = ? AND benefit_id = ?", (package.id, item.benefit_id)
            ).fetchone()
            if have:
                raise InputError("the policy is already in {ref}", ref=package.ref)
        if item.fund_id is not None:
            rules.check_application(fund_totals(store, item.fund_id), item.amount)
        conn.execute(
            "INSERT INTO package_items (package_id, case_id, kind, contact, phone, how, benefit_id, fund_id, amount_fen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (package.id, case_id, item.kind, item.contact, item.phone, item.how, item.benefit_id, item.fund_id, item.amount),
        )

    return store.add_case(
        enterprise=enterprise,
        title=item.title,
        detail=item.detail,
        category=rules.ITEM_CATEGORY,
        channel=rules.CHANNEL,
        limits=item.limits,
        at=at,
        actor=actor,
        department=item.department,
        along=along,
    )


def items(store: Store, package_id: int) -> list[Item]:
    rows = store.conn.execute(
        "SELECT i.id, i.case_id, i.kind, i.contact, i.phone, i.how, f.name, i.amount_fen,"
        " (SELECT COALESCE(SUM(amount_fen), 0) FROM payments p WHERE p.item_id = i.id), i.benefit_id"
        " FROM package_items i LEFT JOIN funds f ON f.id = i.fund_id WHERE i.package_id = ? ORDER BY i.id",
        (package_id,),
    ).fetchall()
    cases = store.cases_by_id([row[1] for row in rows])
    return [Item(row[0], cases[row[1]], *row[2:]) for row in rows]


def package_items_of(store: Store, package_ids: list[int]) -> dict[int, list[Item]]:
    return {package_id: items(store, package_id) for package_id in package_ids}


# -- the policy catalogue (惠企政策) and tags ---------------------------------------------------------


class Benefit(NamedTuple):
    id: int
    title: str
    department: str
    contact: str
    phone: str
    how: str
    until: str | None  # ISO date: valid to the end of that day
    fund_id: int | None
    fund: str | None
    tags: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "department": self.department,
            "contact": self.contact,
            "phone": self.phone,
            "how": self.how,
            "until": self.until,
            "fund": self.fund,
            "for": list(self.tags),
        }


_BENEFIT_SELECT = (
    "SELECT b.id, b.title, d.name, b.contact, b.phone, b.how, b.valid_until, b.fund_id, f.name"
    " FROM benefits b JOIN departments d ON d.id = b.department_id LEFT JOIN funds f ON f.id = b.fund_id"
)


def add_benefit(
    store: Store,
    *,
    title: str,
    department: Department,
    contact: str,
    phone: str,
    how: str,
    tags: list[str],
    until: str | None,
    fund_id: int | None,
) -> int:
    with store.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO benefits (title, department_id, contact, phone, how, valid_until, fund_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (title, department.id, contact, phone, how, until, fund_id, _created()),
        )
        conn.executemany("INSERT INTO benefit_tags (benefit_id, tag) VALUES (?, ?)", [(cursor.lastrowid, tag) for tag in tags])
    return cursor.lastrowid


def _benefits(store: Store, where: str = "", params=()) -> list[Benefit]:
    rows = store.conn.execute(f"{_BENEFIT_SELECT} {where} ORDER BY b.id", params).fetchall()
    tags: dict[int, list[str]] = {}
    for benefit_id, tag in store.conn.execute("SELECT benefit_id, tag FROM benefit_tags ORDER BY benefit_id, tag"):
        tags.setdefault(benefit_id, []).append(tag)
    return [Benefit(*row, tuple(tags.get(row[0], ()))) for row in rows]


def benefits(store: Store) -> list[Benefit]:
    return _benefits(store)


def find_benefit(store: Store, benefit_id: int) -> Benefit:
    found = _benefits(store, "WHERE b.id = ?", (benefit_id,))
    if not found:
        raise NotFoundError("no policy {id} in the catalogue", hint="list them with zhitong benefit list", id=benefit_id)
    return found[0]


def enterprise_tags(store: Store, enterprise_id: int) -> list[str]:
    return [row[0] for row in store.conn.execute("SELECT tag FROM enterprise_tags WHERE enterprise_id = ? ORDER BY tag", (enterprise_id,))]


def all_enterprise_tags(store: Store) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for enterprise_id, tag in store.conn.execute("SELECT enterprise_id, tag FROM enterprise_tags ORDER BY enterprise_id, tag"):
        found.setdefault(enterprise_id, []).append(tag)
    return found


def set_enterprise_tags(conn, enterprise_id: int, tags: list[str], *, replace: bool = False) -> None:
    if replace:
        conn.execute("DELETE FROM enterprise_tags WHERE enterprise_id = ?", (enterprise_id,))
    conn.executemany("INSERT OR IGNORE INTO enterprise_tags (enterprise_id, tag) VALUES (?, ?)", [(enterprise_id, tag) for tag in tags])


def tag_enterprise(store: Store, enterprise: Enterprise, tags: list[str], *, remove: bool = False) -> list[str]:
    with store.transaction() as conn:
        if remove:
            conn.executemany("DELETE FROM enterprise_tags WHERE enterprise_id = ? AND tag = ?", [(enterprise.id, tag) for tag in tags])
        else:
            set_enterprise_tags(conn, enterprise.id, tags)
    return enterprise_tags(store, enterprise.id)


def benefits_in_packages(store: Store) -> dict[int, set[int]]:
    """benefit id → the enterprises whose package holds it."""
    found: dict[int, set[int]] = {}
    for benefit_id, enterprise_id in store.conn.execute(
        "SELECT i.benefit_id, p.enterprise_id FROM package_items i JOIN packages p ON p.id = i.package_id WHERE i.benefit_id IS NOT NULL"
    ):
        found.setdefault(benefit_id, set()).add(enterprise_id)
    return found


# -- the registry as the officers see it -----------------------------------------------------------


def enterprise_counts(store: Store, now: datetime) -> dict[int, tuple[int, int]]:
    """enterprise id → (open cases, open cases with a deadline past)."""
    found: dict[int, tuple[int, int]] = {}
    rows = store.conn.execute(
        "SELECT c.enterprise_id, COUNT(*),"
        " SUM(EXISTS (SELECT 1 FROM milestones m WHERE m.case_id = c.id AND m.met_at IS NULL AND m.due < ?))"
        " FROM cases c WHERE c.status NOT IN ('resolved', 'filed') GROUP BY c.enterprise_id",
        (iso(now),),
    )
    for enterprise_id, open_count, overdue in rows:
        found[enterprise_id] = (open_count, overdue or 0)
    return found


def enterprise_funds(store: Store, enterprise_id: int) -> list[tuple[str, int, int]]:
    """(fund, applied, paid) in fen for each fund an enterprise's items applied to."""
    return store.conn.execute(
        "SELECT f.name, SUM(i.amount_fen),"
        " (SELECT COALESCE(SUM(p.amount_fen), 0) FROM payments p JOIN package_items j ON j.id = p.item_id"
        "  JOIN cases d ON d.id = j.case_id WHERE p.fund_id = f.id AND d.enterprise_id = ?)"
        " FROM package_items i JOIN cases c ON c.id = i.case_id JOIN funds f ON f.id = i.fund_id"
        " WHERE c.enterprise_id = ? GROUP BY f.id ORDER BY f.name",
        (enterprise_id, enterprise_id),
    ).fetchall()
