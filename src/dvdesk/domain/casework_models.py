"""The referral log and the consultation tally, as typed SQLAlchemy tables.

Nothing here identifies a client. A referral is known by the case reference a counselor chose (the
number of the paper file kept in the office: see ``dvdesk.domain.privacy``), and carries only what
was done: when, by which counselor, for which needs, to which departments, and how it went. The
tally holds counts only.

Department, service and need names are copied onto each row when it is written, so the log and
last year's report still read the same after the directory is edited or a department is renamed;
the ids (set to NULL if the directory row is ever deleted) link back to the directory while it
exists. A department's municipality is kept beside its name: 子育て支援課 exists in many towns, and
once a department is deleted its town and name are all that tell it from another of that name
(``dvdesk.domain.department_keys``).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dvdesk.domain.models import Base
from dvdesk.domain.translatable import N_


class ReferralStatus(enum.StrEnum):
    REFERRED = "referred"  # 紹介済み: the client was told where to go
    RECEIVED = "received"  # 受付: the receiving department has taken it into its queue (shared mode)
    CONTACTED = "contacted"  # 連絡済み: the department was contacted / has been in touch
    DONE = "done"  # 対応完了: the department has dealt with it
    FAILED = "failed"  # 不調: it did not work out (no contact, refused, moved away …)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self in (ReferralStatus.REFERRED, ReferralStatus.RECEIVED, ReferralStatus.CONTACTED)


STATUS_LABELS = {
    ReferralStatus.REFERRED: N_("CaseworkLabels", "紹介済み"),
    ReferralStatus.RECEIVED: N_("CaseworkLabels", "受付"),
    ReferralStatus.CONTACTED: N_("CaseworkLabels", "連絡済み"),
    ReferralStatus.DONE: N_("CaseworkLabels", "対応完了"),
    ReferralStatus.FAILED: N_("CaseworkLabels", "不調"),
}


class Channel(enum.StrEnum):
    """How the consultation took place (相談方法)."""

    PHONE = "phone"  # 電話
    IN_PERSON = "in_person"  # 面接
    ACCOMPANY = "accompany"  # 同行
    EMAIL = "email"  # メール

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]


CHANNEL_LABELS = {
    Channel.PHONE: N_("CaseworkLabels", "電話"),
    Channel.IN_PERSON: N_("CaseworkLabels", "面接"),
    Channel.ACCOMPANY: N_("CaseworkLabels", "同行"),
    Channel.EMAIL: N_("CaseworkLabels", "メール"),
}


class Referral(Base):
    """One referral made at the desk: a case reference, never a name."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_ref: Mapped[str] = mapped_column(String(16), index=True)
    referred_on: Mapped[dt.date] = mapped_column(Date, index=True)
    counselor: Mapped[str] = mapped_column(String(30))  # the counselor, not the client
    channel: Mapped[str] = mapped_column(String(12), default=Channel.IN_PERSON)
    dv: Mapped[bool] = mapped_column(default=True)  # counted as a DV consultation (うちDV)
    status: Mapped[str] = mapped_column(String(12), default=ReferralStatus.REFERRED)
    updated_on: Mapped[dt.date] = mapped_column(Date)  # date of the latest event
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # Bumped by SQLAlchemy on every UPDATE (``version_id_col``): two desks moving the same referral
    # at once cannot both win, and a poller sees any change as a different sum of versions.
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    needs: Mapped[list[ReferralNeed]] = relationship(cascade="all, delete-orphan", order_by="ReferralNeed.sort_order")
    targets: Mapped[list[ReferralTarget]] = relationship(cascade="all, delete-orphan", order_by="ReferralTarget.id")
    events: Mapped[list[ReferralEvent]] = relationship(
        cascade="all, delete-orphan", order_by="[ReferralEvent.on_date, ReferralEvent.id]"
    )


class ReferralNeed(Base):
    __tablename__ = "referral_needs"

    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), primary_key=True)
    need_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    label: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(default=0)


class ReferralTarget(Base):
    """A service and/or department the client was referred to."""

    __tablename__ = "referral_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"))
    organization_id: Mapped[int | None] = mapped_column(  # indexed: a department's queue
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    service_name: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(120), default="")
    municipality: Mapped[str] = mapped_column(String(50), default="", server_default="")  # the department's


class ReferralEvent(Base):
    """A dated step: a status change, a short note of what was done, or both."""

    __tablename__ = "referral_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    on_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(12), default=None)  # None: a note only
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # The receiving department that recorded this step from its queue; "" = the referring desk.
    desk: Mapped[str] = mapped_column(String(120), default="", server_default="")


class ConsultationCount(Base):
    """A count of consultations for one month, department, need, channel and DV/other. No people.

    A cell is one department's: the directory's row while it exists (``organization_id``), else
    the town and name kept here (a name typed in, or a department since deleted)."""

    __tablename__ = "consultation_counts"
    __table_args__ = (
        UniqueConstraint(
            "month", "organization_id", "municipality", "department", "need_key", "channel", "dv", name="uq_count_cell"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, index=True)  # the first day of the month
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    department: Mapped[str] = mapped_column(String(120))
    municipality: Mapped[str] = mapped_column(String(50), default="", server_default="")  # "" = none kept
    need_key: Mapped[str] = mapped_column(String(60), default="")  # "" = 未分類
    need_label: Mapped[str] = mapped_column(String(60), default="")
    channel: Mapped[str] = mapped_column(String(12), default=Channel.IN_PERSON)
    dv: Mapped[bool] = mapped_column(default=True)
    count: Mapped[int] = mapped_column(default=0)
