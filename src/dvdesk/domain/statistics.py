"""Consultation statistics for the plan's yearly progress report: counts, never people.

Two sources, never mixed (mixing would count a consultation twice):
- ``Source.ENTERED``: counts a department enters each month (件数の入力) by need, channel and
  DV/other, the way Takaoka's 取り組み4 reports 相談件数 1,877件 うちDV 1,134件 and a count per
  department;
- ``Source.REFERRALS``: the referral log, one referral = one count.

The yearly report (``YearReport``) has the shape of the plans' tables for a fiscal year
(April–March): month by month per channel (whose monthly totals are the consultation counts),
per department, and per need, each with 合計 and うちDV. A referral to two departments or for two
needs counts once under each, so those two tables then add up to more than the total; the
report marks them as 延べ (``overlapping``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, or_, select, text
from sqlalchemy.orm import Session

from dvdesk.domain import fiscal, privacy, referrals
from dvdesk.domain.casework_models import Channel, ConsultationCount, Referral
from dvdesk.domain.department_keys import DepartmentKey, department_labels
from dvdesk.domain.input_errors import InputError
from dvdesk.domain.models import Need, Organization
from dvdesk.domain.translatable import N_

UNCLASSIFIED = N_("CaseworkLabels", "未分類")
NO_DEPARTMENT = N_("CaseworkLabels", "（紹介先なし）")
MAX_COUNT = 100_000
COUNTS_LOCK = 0x64766374  # "dvct": the advisory lock that makes count saves take turns on a server


class Source(enum.StrEnum):
    ENTERED = "entered"
    REFERRALS = "referrals"

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS = {
    Source.ENTERED: N_("CaseworkLabels", "相談件数（入力）"),
    Source.REFERRALS: N_("CaseworkLabels", "紹介記録から集計"),
}
# The row headers of the report's three tables.
BY_CHANNEL, BY_DEPARTMENT, BY_NEED = (
    N_("CaseworkLabels", "相談方法"),
    N_("CaseworkLabels", "担当課・機関"),
    N_("CaseworkLabels", "ニーズ"),
)


class StatsError(InputError):
    """Counts that cannot be saved; ``message`` is for the user."""


class CountConflict(StatsError):
    """Another desk saved the month after this form read it: nothing was saved; ``now`` is the
    month as it is now (saving again with ``seen=now`` replaces it, as the form says)."""

    def __init__(self, message: str, now: dict[tuple[str, Channel], int]):
        super().__init__(message)
        self.now = now


@dataclass(frozen=True)
class Entry:
    """Some consultations in one month: ``count`` of them, under each department and need listed."""

    month: dt.date
    departments: tuple[str, ...]
    needs: tuple[str, ...]
    channel: Channel
    dv: bool
    count: int


@dataclass(frozen=True)
class ReportRow:
    label: str
    months: tuple[int, ...]  # April first, 12 values
    dv: int

    @property
    def total(self) -> int:
        return sum(self.months)


@dataclass(frozen=True)
class CrossTable:
    title: str  # 担当課・機関別
    row_header: str  # 担当課・機関
    rows: tuple[ReportRow, ...]
    overlapping: bool = False  # rows may share a consultation: the sums are 延べ件数

    @property
    def month_totals(self) -> tuple[int, ...]:
        return tuple(sum(col) for col in zip(*(r.months for r in self.rows), strict=True)) if self.rows else (0,) * 12

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def dv_total(self) -> int:
        return sum(r.dv for r in self.rows)


@dataclass(frozen=True)
class YearReport:
    fiscal_year: int
    source: Source
    months: tuple[dt.date, ...]
    total: int
    dv_total: int
    by_channel: CrossTable  # month by month; its column totals are the monthly consultation counts
    by_department: CrossTable
    by_need: CrossTable

    @property
    def label(self) -> str:
        return fiscal.fiscal_year_label(self.fiscal_year)

    @property
    def noun(self) -> str:
        """What is counted: 紹介件数 from the referral log (a consultation can make several
        referrals), 相談件数 from the entered counts — in the files as in the window."""
        return "紹介件数" if self.source is Source.REFERRALS else "相談件数"

    @property
    def title(self) -> str:
        return f"{self.label} {self.noun}集計（{fiscal.fiscal_period_label(self.fiscal_year)}）"

    @property
    def dv_ratio(self) -> float | None:
        return self.dv_total / self.total if self.total else None

    @property
    def monthly_totals(self) -> tuple[int, ...]:
        return self.by_channel.month_totals

    @property
    def tables(self) -> tuple[CrossTable, ...]:
        return (self.by_channel, self.by_department, self.by_need)


def build_report(
    entries: Iterable[Entry], year: int, source: Source, need_order: Mapping[str, int] | None = None
) -> YearReport:
    """The yearly tables from entries (pure: no database)."""
    months = fiscal.fiscal_months(year)
    column = {m: i for i, m in enumerate(months)}
    tallies: dict[str, dict[str, list[int]]] = {"channel": {}, "department": {}, "need": {}}
    dv: dict[str, dict[str, int]] = {k: defaultdict(int) for k in tallies}
    total = dv_total = 0
    overlap = {"department": False, "need": False}

    def add(kind: str, label: str, entry: Entry) -> None:
        tallies[kind].setdefault(label, [0] * 12)[column[entry.month]] += entry.count
        dv[kind][label] += entry.count if entry.dv else 0

    for c in Channel:
        tallies["channel"][c.label] = [0] * 12
    for e in entries:
        if e.month not in column:
            continue
        total += e.count
        dv_total += e.count if e.dv else 0
        add("channel", e.channel.label, e)
        for kind, labels in (("department", e.departments or (NO_DEPARTMENT,)), ("need", e.needs or (UNCLASSIFIED,))):
            overlap[kind] |= len(set(labels)) > 1 and e.count > 0
            for label in dict.fromkeys(labels):
                add(kind, label, e)

    def rows(kind: str, key: Callable[[str], int | tuple[bool, int, str]]) -> tuple[ReportRow, ...]:
        labels = sorted(tallies[kind], key=key)
        return tuple(ReportRow(lb, tuple(tallies[kind][lb]), dv[kind][lb]) for lb in labels)

    channel_order = {c.label: i for i, c in enumerate(Channel)}
    order = dict(need_order or {})

    def by_need_key(label: str) -> tuple[bool, int, str]:  # taxonomy order, 未分類 last
        return (label == UNCLASSIFIED, order.get(label, len(order)), label)

    def by_total(label: str) -> tuple[bool, int, str]:  # the busiest department first
        return (label == NO_DEPARTMENT, -sum(tallies["department"][label]), label)

    return YearReport(
        fiscal_year=year,
        source=source,
        months=months,
        total=total,
        dv_total=dv_total,
        by_channel=CrossTable("相談方法別・月別", BY_CHANNEL, rows("channel", channel_order.__getitem__)),
        by_department=CrossTable(
            "担当課・機関別", BY_DEPARTMENT, rows("department", by_total), overlapping=overlap["department"]
        ),
        by_need=CrossTable("ニーズ（相談内容）別", BY_NEED, rows("need", by_need_key), overlapping=overlap["need"]),
    )


# ---------------------------------------------------------------- from the database


def need_order(session: Session) -> dict[str, int]:
    return {label: order for label, order in session.execute(select(Need.label_ja, Need.sort_order))}


def year_report(session: Session, year: int, source: Source | str = Source.ENTERED) -> YearReport:
    source = Source(source)
    entries = entered_entries(session, year) if source is Source.ENTERED else referral_entries(session, year)
    return build_report(entries, year, source, need_order(session))


def entered_entries(session: Session, year: int) -> list[Entry]:
    first, last = fiscal.fiscal_bounds(year)
    labels = dict(session.execute(select(Need.key, Need.label_ja)).all())
    rows = list(
        session.scalars(
            select(ConsultationCount).where(ConsultationCount.month >= first, ConsultationCount.month <= last)
        )
    )
    departments = _directory_labels(session, [_count_department(r) for r in rows])
    return [
        Entry(
            r.month,
            (departments[_count_department(r)],),
            (labels.get(r.need_key, r.need_label) if r.need_key else UNCLASSIFIED,),
            Channel(r.channel),
            r.dv,
            r.count,
        )
        for r in rows
    ]


def _directory_labels(session: Session, keys: list[DepartmentKey]) -> dict[DepartmentKey, str]:
    """``department_labels`` of the departments as the directory names them now: a row kept under
    the name a department had when it was counted (市民課, renamed 市民窓口課 since) is the same
    department, one row under its present name and town. A department gone keeps its own."""
    ids = {k.organization_id for k in keys if k.organization_id is not None}
    now = {
        org.id: _org_key(org)
        for org in session.scalars(select(Organization).where(Organization.id.in_(ids)))
    }  # fmt: skip
    current = {k: now.get(k.organization_id, k) if k.organization_id is not None else k for k in keys}
    labels = department_labels(current.values())
    return {k: labels[c] for k, c in current.items()}


def _count_department(r: ConsultationCount) -> DepartmentKey:
    return DepartmentKey(r.organization_id, r.municipality, r.department)


def referral_entries(session: Session, year: int) -> list[Entry]:
    """One entry per referral, under each department it went to: two departments of one name are
    two departments (``department_keys``), a referral to both counts under each."""
    first, last = fiscal.fiscal_bounds(year)
    views = referrals.list_referrals(session, since=first, until=last)
    keys = [tuple(dict.fromkeys(t.key for t in r.targets)) for r in views]
    departments = _directory_labels(session, [k for ks in keys for k in ks])
    now = dict(session.execute(select(Need.key, Need.label_ja)).all())  # a need relabelled since: one row
    return [
        Entry(
            fiscal.month_start(r.referred_on),
            tuple(departments[k] for k in ks),
            tuple(now.get(key, label) for key, label in r.needs),
            r.channel,
            r.dv,
            1,
        )
        for r, ks in zip(views, keys, strict=True)
    ]


def years_with_data(session: Session, today: dt.date | None = None) -> list[int]:
    """Fiscal years that have counts or referrals, and the current one; newest first."""
    days = [
        *session.scalars(select(ConsultationCount.month).distinct()),
        *session.scalars(select(Referral.referred_on).distinct()),
    ]
    years = {fiscal.fiscal_year_of(d) for d in days} | {fiscal.fiscal_year_of(today or dt.date.today())}
    return sorted(years, reverse=True)


# ---------------------------------------------------------------- the monthly entry form

CountGrid = Mapping[tuple[str, Channel], int]  # (need key or "" for 未分類, channel) -> count


def _department(session: Session, department: str | int) -> DepartmentKey:
    """The department the form names: a directory id, else a name. A name two departments share
    (子育て支援課 of two towns) is refused, never guessed; a name the directory lacks is kept as typed."""
    if isinstance(department, int):
        org = session.get(Organization, department)
        if org is None:
            raise StatsError(f"担当課・機関がディレクトリにありません（ID: {department}）。")
        return _org_key(org)
    name = " ".join(department.split())
    if not name or len(name) > 120:
        raise StatsError("担当課・機関の名前を入力してください（120文字まで）。")
    if privacy.personal_data_problems(name):
        raise StatsError("担当課・機関の欄には課や機関の名前だけを入力してください。")
    found = list(session.scalars(select(Organization).where(Organization.name == name).limit(2)))
    if len(found) > 1:
        raise StatsError(f"同じ名前の担当課・機関が複数あります。一覧から市区町村の付いた名前を選んでください: {name}")
    return _org_key(found[0]) if found else DepartmentKey(None, "", name)


def _org_key(org: Organization) -> DepartmentKey:
    return DepartmentKey(org.id, org.municipality.name if org.municipality else "", org.name)


def _cells_of(session: Session, key: DepartmentKey) -> ColumnElement[bool]:
    """The rows of one department: the directory's by id (whatever name they kept), and those a
    deleted department of its town and name left when it is the only one of them (deleted and made
    again: the report adds them in one row, ``department_labels``, so the form shows and replaces
    them too); a department gone or typed in: the rows kept under no id with its town and name."""
    gone = and_(
        ConsultationCount.organization_id.is_(None),
        ConsultationCount.municipality == key.municipality,
        ConsultationCount.department == key.name,
    )
    if key.organization_id is None:
        return gone
    named = session.scalars(select(Organization).where(Organization.name == key.name))
    alike = [o for o in named if _org_key(o).municipality == key.municipality]
    own = ConsultationCount.organization_id == key.organization_id
    return or_(own, gone) if len(alike) == 1 else own


def month_counts(session: Session, month: dt.date, department: str | int, dv: bool) -> dict[tuple[str, Channel], int]:
    """What was entered for one month, department and DV/other (for the form to show)."""
    key = _department(session, department)
    rows = session.scalars(
        select(ConsultationCount).where(
            ConsultationCount.month == fiscal.month_start(month), _cells_of(session, key), ConsultationCount.dv.is_(dv)
        )
    )
    counts: dict[tuple[str, Channel], int] = defaultdict(int)
    for r in rows:  # a department renamed within the month kept a row under each name
        if r.count:
            counts[(r.need_key, Channel(r.channel))] += r.count
    return dict(counts)


def _one_saver_at_a_time(session: Session) -> None:
    """Two desks of a shared server replacing one month at once: each deleted the rows it saw and
    inserted its own, and both grids stayed (3件 + 5件 = a month of 8件 nobody entered). Saves of
    counts take turns on PostgreSQL (a lock held to the end of the transaction); SQLite's write
    transaction is exclusive already."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": COUNTS_LOCK})


def save_month_counts(
    session: Session,
    month: dt.date,
    department: str | int,
    dv: bool,
    counts: CountGrid,
    today: dt.date | None = None,
    *,
    seen: Mapping[tuple[str, Channel], int] | None = None,
) -> int:
    """Replace one month's counts for a department and DV/other; returns the total saved.

    A month saved with no consultations keeps a zero row, so the department still appears in the
    year's table with 0件 (the plans list departments with 0件 too). Only this department's rows
    are replaced: another department of the same name keeps its own.
    ``seen``: the month as the form showed it (``month_counts``); if another desk saved it since,
    nothing is written and ``CountConflict`` says what it holds now.
    """
    month = fiscal.month_start(month)
    if month > fiscal.month_start(today or dt.date.today()):
        raise StatsError("まだ来ていない月の件数は入力できません。")
    key = _department(session, department)
    needs = dict(session.execute(select(Need.key, Need.label_ja)).all())
    cells: dict[tuple[str, Channel], int] = {}
    for (need_key, channel), count in counts.items():
        if need_key and need_key not in needs:
            raise StatsError(f"ニーズ分類がありません: {need_key}")
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_COUNT:
            raise StatsError(f"件数は0〜{MAX_COUNT:,}の整数で入力してください。")
        if count:
            cells[(need_key, Channel(channel))] = count
    _one_saver_at_a_time(session)
    if seen is not None:
        now = month_counts(session, month, department, dv)
        if now != {k: v for k, v in seen.items() if v}:
            raise CountConflict(
                "この月・課・区分の件数は、この画面を開いた後に他の窓口が保存しています"
                f"（現在 合計 {sum(now.values()):,}件）。"
                "入力した件数はまだ保存していません。表の内容を確かめ、置き換えてよければもう一度保存してください。",
                now,
            )
    session.execute(
        delete(ConsultationCount).where(
            ConsultationCount.month == month, _cells_of(session, key), ConsultationCount.dv.is_(dv)
        )
    )
    for (need_key, channel), count in (cells or {("", Channel.IN_PERSON): 0}).items():
        session.add(
            ConsultationCount(
                month=month,
                organization_id=key.organization_id,
                municipality=key.municipality,
                department=key.name,
                need_key=need_key,
                need_label=needs.get(need_key, ""),
                channel=channel,
                dv=dv,
                count=count,
            )
        )
    session.flush()
    return sum(cells.values())
