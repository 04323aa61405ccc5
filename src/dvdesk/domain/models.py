"""The directory as a typed SQLAlchemy model.

Shaped for any Japanese municipality: a municipality has plans, plans have initiatives (取組),
organisations (市の課・センター, 県の機関, 警察, 民間団体, 全国の窓口) provide services, services
answer needs, and procedures make up the client's checklist. Rows whose municipality is NULL are
national and apply everywhere.

Every record carries ``source``: where its facts came from. Fields that may reveal a location or
an internal detail carry a confidentiality level; what a client may see is decided in one place,
``dvdesk.domain.disclosure``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Defined apart from the model (importable without SQLAlchemy); imported from here as before.
from dvdesk.domain.record_kinds import CIRCUMSTANCES as CIRCUMSTANCES
from dvdesk.domain.record_kinds import Confidentiality as Confidentiality
from dvdesk.domain.record_kinds import OrgKind as OrgKind
from dvdesk.domain.record_kinds import ServiceKind as ServiceKind


class Base(DeclarativeBase):
    type_annotation_map = {
        dict: JSON,
        list: JSON,
    }


class Sourced:
    """Where a record's facts come from, and when someone last checked them."""

    source: Mapped[str] = mapped_column(Text, default="")
    source_note: Mapped[str] = mapped_column(Text, default="")  # e.g. corrected extraction errors
    verified_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    verified_by: Mapped[str] = mapped_column(String(100), default="")
    retired: Mapped[bool] = mapped_column(default=False)  # hidden from counselors, kept in history


service_needs = Table(
    "service_needs",
    Base.metadata,
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
)

service_initiatives = Table(
    "service_initiatives",
    Base.metadata,
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
)

initiative_departments = Table(
    "initiative_departments",
    Base.metadata,
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)

procedure_needs = Table(
    "procedure_needs",
    Base.metadata,
    Column("procedure_id", ForeignKey("procedures.id", ondelete="CASCADE"), primary_key=True),
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
)


class Municipality(Sourced, Base):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)  # 全国地方公共団体コード
    name: Mapped[str] = mapped_column(String(50))
    prefecture: Mapped[str] = mapped_column(String(10), default="")

    organizations: Mapped[list[Organization]] = relationship(back_populates="municipality")
    plans: Mapped[list[Plan]] = relationship(back_populates="municipality")


class Plan(Sourced, Base):
    """A published plan the directory is built from (計画・進捗報告)."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[str] = mapped_column(String(40), default="")  # as printed: 令和3年6月

    municipality: Mapped[Municipality | None] = relationship(back_populates="plans")
    initiatives: Mapped[list[Initiative]] = relationship(back_populates="plan", order_by="Initiative.sort_order")


class Initiative(Sourced, Base):
    """One measure of a plan: 主な取組⑮, 今後の取り組み4."""

    __tablename__ = "initiatives"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    number: Mapped[str] = mapped_column(String(10))  # ⑮, 4
    label: Mapped[str] = mapped_column(String(40))  # 主な取組⑮
    title: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(Text, default="")  # 施策(7) … / 基本目標Ⅱ …
    content: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[bool] = mapped_column(default=False)  # ★ 重点的な取り組み
    sort_order: Mapped[int] = mapped_column(default=0)

    plan: Mapped[Plan] = relationship(back_populates="initiatives")
    departments: Mapped[list[Organization]] = relationship(secondary=initiative_departments)
    services: Mapped[list[Service]] = relationship(secondary=service_initiatives, back_populates="initiatives")


class Organization(Sourced, Base):
    """A department (課・室・センター) or an outside agency that clients are referred to."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[OrgKind] = mapped_column(String(20), default=OrgKind.CITY_DEPARTMENT)
    # Shown instead of ``name`` on a discreet client copy when the name itself reveals DV.
    discreet_name: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(Text, default="")
    address_confidentiality: Mapped[Confidentiality] = mapped_column(String(10), default=Confidentiality.PUBLIC)
    staff_note: Mapped[str] = mapped_column(Text, default="")
    # Optimistic locking (``version_id_col``): an UPDATE from a stale copy fails instead of
    # silently overwriting another administrator's save (see ``dvdesk.admin.conflicts``). No
    # server default here (the migration has one for existing rows): with one, SQLAlchemy reads
    # new rows' versions back with UPDATE … RETURNING, which SQLite cannot batch (post_update).
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    municipality: Mapped[Municipality | None] = relationship(back_populates="organizations")
    # post_update: a parent loop written in one batch flushes (and is then refused by the gate)
    # instead of failing inside SQLAlchemy's dependency sort.
    parent: Mapped[Organization | None] = relationship(remote_side=[id], post_update=True)
    contacts: Mapped[list[ContactPoint]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="ContactPoint.id"
    )
    services: Mapped[list[Service]] = relationship(back_populates="organization")


class ContactPoint(Base):
    """How to reach an organisation: a phone line, a window, opening hours. Any part may be unknown."""

    __tablename__ = "contact_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80), default="")  # 相談室, 代表
    phone: Mapped[str] = mapped_column(String(40), default="")  # "" = not known
    extension: Mapped[str] = mapped_column(String(20), default="")  # 内線: always staff-only
    window: Mapped[str] = mapped_column(String(120), default="")  # 窓口・階
    hours: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    confidentiality: Mapped[Confidentiality] = mapped_column(String(10), default=Confidentiality.PUBLIC)
    # Optimistic locking (``version_id_col``): an UPDATE from a stale copy fails instead of
    # silently overwriting another administrator's save (see ``dvdesk.admin.conflicts``). No
    # server default here (the migration has one for existing rows): with one, SQLAlchemy reads
    # new rows' versions back with UPDATE … RETURNING, which SQLite cannot batch (post_update).
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    organization: Mapped[Organization] = relationship(back_populates="contacts")


class Need(Base):
    """A node of the need taxonomy (住まい, 子ども・子育て > 就学・転校 …)."""

    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"))
    label_ja: Mapped[str] = mapped_column(String(60))
    label_en: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)  # hidden from counselors, kept in history

    parent: Mapped[Need | None] = relationship(remote_side=[id], back_populates="children", post_update=True)
    children: Mapped[list[Need]] = relationship(back_populates="parent", order_by="Need.sort_order")


class Service(Sourced, Base):
    """Something a client can be referred to (支援・サービス)."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[ServiceKind] = mapped_column(String(12), default=ServiceKind.CLIENT)
    name: Mapped[str] = mapped_column(String(200))
    discreet_name: Mapped[str] = mapped_column(String(200), default="")
    # One neutral sentence for a discreet client copy, written for this service (never derived).
    discreet_line: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    access: Mapped[str] = mapped_column(Text, default="")  # how to get it: 電話, 来所, 予約制 …
    schedule: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    what_to_bring: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list] = mapped_column(default=list)
    cost: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")  # a line of its own, if it has one
    location: Mapped[str] = mapped_column(Text, default="")
    location_confidentiality: Mapped[Confidentiality] = mapped_column(String(10), default=Confidentiality.SECRET)
    confidentiality: Mapped[Confidentiality] = mapped_column(String(10), default=Confidentiality.PUBLIC)
    staff_note: Mapped[str] = mapped_column(Text, default="")
    # SERVICE_CIRCUMSTANCES keys: a place naming a child is listed on a checklist only when the
    # paper names a child (a 子ども・子育て need or a child circumstance; ``checklist_places``).
    circumstances: Mapped[list] = mapped_column(default=list)
    # Optimistic locking (``version_id_col``): an UPDATE from a stale copy fails instead of
    # silently overwriting another administrator's save (see ``dvdesk.admin.conflicts``). No
    # server default here (the migration has one for existing rows): with one, SQLAlchemy reads
    # new rows' versions back with UPDATE … RETURNING, which SQLite cannot batch (post_update).
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    municipality: Mapped[Municipality | None] = relationship()
    organization: Mapped[Organization | None] = relationship(back_populates="services")
    needs: Mapped[list[Need]] = relationship(secondary=service_needs, order_by="Need.sort_order")
    initiatives: Mapped[list[Initiative]] = relationship(secondary=service_initiatives, back_populates="services")


class Procedure(Sourced, Base):
    """One step of the client's procedure checklist (手続きチェックシート)."""

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    # What kind of window handles it, for when the municipality's department is not on record.
    department_hint: Mapped[str] = mapped_column(String(120), default="")
    # The department is not known from any source: the counselor must confirm it before printing;
    # the hint is never printed as if it were a department.
    department_unconfirmed: Mapped[bool] = mapped_column(default=False)
    # Client text: what the client reads (name, description, what_to_bring, caution).
    # Counselor text: staff_note. Provenance: source (a public document), source_note.
    name: Mapped[str] = mapped_column(Text)
    # A discreet client copy prints only these, written per procedure in natural Japanese;
    # without them the item is shown by its department alone.
    discreet_name: Mapped[str] = mapped_column(Text, default="")
    discreet_line: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    what_to_bring: Mapped[list] = mapped_column(default=list)
    caution: Mapped[str] = mapped_column(Text, default="")
    # Safe order: phase first (1 安全 → 2 情報保護 → 3 住所 → …), then sort_order within it.
    phase: Mapped[int] = mapped_column(default=5)
    sort_order: Mapped[int] = mapped_column(default=0)
    # Applies when any of these needs is chosen or any of these circumstances is present.
    circumstances: Mapped[list] = mapped_column(default=list)
    always: Mapped[bool] = mapped_column(default=False)
    staff_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)  # optimistic locking
    __mapper_args__ = {"version_id_col": version}

    municipality: Mapped[Municipality | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    needs: Mapped[list[Need]] = relationship(secondary=procedure_needs)


class Synonym(Base):
    """A group of words a counselor may type for the same thing (シェルター ≈ 一時保護)."""

    __tablename__ = "synonyms"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_key: Mapped[str] = mapped_column(String(60), index=True)
    term: Mapped[str] = mapped_column(String(60))


class Meta(Base):
    """Key/value facts about this database: data version, when it was filled, from what."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class ChecklistTemplate(Base):
    """A reusable checklist (「子どものいる世帯の転出」): the situation and the item list only.

    Deliberately has no field for anything about a client: no name, no address, no note for
    the client (see ``dvdesk.domain.checklist_templates``).
    """

    __tablename__ = "checklist_templates"
    __table_args__ = (UniqueConstraint("municipality_code", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(100))
    needs: Mapped[list] = mapped_column(default=list)  # need keys
    circumstances: Mapped[list] = mapped_column(default=list)  # CIRCUMSTANCES keys
    # In printed order: {"procedure": key} | {"service": key} | {"text": …, "department": …}
    items: Mapped[list] = mapped_column(default=list)
    updated_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
