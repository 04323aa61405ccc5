"""Closed-loop referrals between desks: the receiving department's queue and its moves. Qt-free.

A referral recorded at one desk (the women's desk, say) names the departments it goes to
(``ReferralTarget.organization_id``). Each PC in shared mode has its own department (settings);
its queue lists the referrals addressed to that department, and the desk moves them on:
紹介済み → 受付 → 連絡済み → 対応完了 / 不調, each step a dated event with a short note that passes
the same privacy net as every note (``dvdesk.domain.privacy``) and names the desk that made it.

The referring counselor sees the change without reloading: her window polls ``fingerprint``,
one cheap aggregate that changes whenever any referral is added, moved, noted or deleted (every
step updates the referral row, whose ``version`` SQLAlchemy bumps). It works the same on SQLite
and PostgreSQL, needs no server feature and no clock agreement between PCs.

A move carries the version the desk saw: if another desk moved the referral in the meantime the
move is refused with a message (``ReferralConflict``), never applied on top of a state nobody saw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral, ReferralStatus, ReferralTarget
from dvdesk.domain.models import Municipality, Organization
from dvdesk.domain.referrals import ReferralConflict as ReferralConflict
from dvdesk.domain.referrals import ReferralError, ReferralView
from dvdesk.storage.database_protocol import DatabaseLike

# What the receiving desk may do from its queue, in the order its buttons show.
QUEUE_MOVES: tuple[ReferralStatus, ...] = (
    ReferralStatus.RECEIVED,
    ReferralStatus.CONTACTED,
    ReferralStatus.DONE,
    ReferralStatus.FAILED,
)

Fingerprint = tuple[int, int, int]


@dataclass(frozen=True)
class Desk:
    """A department a PC can be set to receive referrals for."""

    id: int
    key: str
    name: str
    municipality: str

    @property
    def label(self) -> str:
        return f"{self.municipality}　{self.name}" if self.municipality else self.name


def desks(session: Session, municipality_code: str | None = None) -> list[Desk]:
    """Departments and agencies to choose from in settings (those of one municipality if given)."""
    stmt = select(Organization, Municipality.name).outerjoin(
        Municipality, Organization.municipality_id == Municipality.id
    )
    if municipality_code:
        stmt = stmt.where(Municipality.code == municipality_code)
    rows = [Desk(o.id, o.key, o.name, m or "") for o, m in session.execute(stmt)]
    return sorted(rows, key=lambda d: (d.municipality == "", d.municipality, d.name))


def find_desk(session: Session, ref: str) -> Desk:
    """A department by id, key or exact name (the CLI's ``--department``)."""
    ref = ref.strip()
    stmt = select(Organization, Municipality.name).outerjoin(
        Municipality, Organization.municipality_id == Municipality.id
    )
    if ref.isdigit() and len(ref) < 10:
        stmt = stmt.where(Organization.id == int(ref))
    else:
        stmt = stmt.where((Organization.key == ref) | (Organization.name == ref))
    found = [Desk(o.id, o.key, o.name, m or "") for o, m in session.execute(stmt.limit(3))]
    if not found:
        raise ReferralError(f"担当課・機関が見つかりません: {ref[:60]}")
    if len(found) > 1:
        raise ReferralError(
            f"同じ名前の担当課・機関が複数あります。キーで指定してください: {ref[:60]}"
            f"（{'、'.join(d.key for d in found)}）"
        )
    return found[0]


def queue(session: Session, desk_id: int, *, open_only: bool = True) -> list[ReferralView]:
    """Referrals addressed to this department, oldest open first (the order a desk works them)."""
    ids = select(ReferralTarget.referral_id).where(ReferralTarget.organization_id == desk_id)
    stmt = referrals._query().where(Referral.id.in_(ids))
    if open_only:
        stmt = stmt.where(Referral.status.in_([s for s in ReferralStatus if s.is_open]))
    rows = [ReferralView.of(r) for r in session.scalars(stmt)]
    return sorted(rows, key=lambda r: (not r.is_open, r.referred_on, r.id))


def allowed_moves(view: ReferralView) -> tuple[ReferralStatus, ...]:
    return tuple(s for s in QUEUE_MOVES if s in view.allowed_next())


def move(
    session: Session,
    referral_id: int,
    status: ReferralStatus | str,
    *,
    desk: Desk,
    note: str = "",
    on: dt.date | None = None,
    seen_version: int | None = None,
    today: dt.date | None = None,
) -> ReferralView:
    """The receiving desk moves a referral addressed to it one step on, with its dated note.

    ``seen_version``: the version the desk's screen showed; a newer one in the database means
    another desk moved it meanwhile, and the move is refused (``ReferralConflict``).
    """
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise ReferralError(f"紹介記録が見つかりません（ID: {referral_id}）。")
    if not any(t.organization_id == desk.id for t in referral.targets):
        raise ReferralError(f"この紹介（{referral.case_ref}）は{desk.name}宛てではありません。")
    # Sent to two departments of one name (two towns' 住宅課): the step names the town that made it.
    shared_name = sum(t.department == desk.name for t in referral.targets) > 1
    signed = desk.label[:120] if shared_name else desk.name
    # A stale screen, or another desk's step committed between our read and our UPDATE: ReferralConflict.
    return referrals.change_status(
        session, referral_id, status, on=on, note=note, today=today, desk=signed, seen_version=seen_version
    )


def fingerprint(session: Session) -> Fingerprint:
    """Changes whenever a referral is added, moved, noted or deleted: (count, sum of ids, sum of
    versions). One aggregate over the referrals table; cheap enough to poll every few seconds."""
    row = session.execute(
        select(
            func.count(Referral.id),
            func.coalesce(func.sum(Referral.id), 0),
            func.coalesce(func.sum(Referral.version), 0),
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


class ChangeWatch:
    """Tells a window whether the referrals changed since it last looked (poll ``changed()``).

    ``read`` is a callable returning a context manager over a session (``db.read``). The first
    call after creation or ``reset`` reports a change, so the window fills itself once.
    """

    def __init__(self, read: Callable) -> None:
        self.read = read
        self.seen: Fingerprint | None = None

    def changed(self) -> bool:
        with self.read() as session:
            now = fingerprint(session)
        changed, self.seen = now != self.seen, now
        return changed

    def reset(self) -> None:
        self.seen = None


class ReferralQueue:
    """The queue for the window and the command line: each call one short read or write.

    ``db`` is a ``Database`` or a ``shared_mode.SharedDatabase``; while the server is away its
    reads of referrals and every write raise ``ServerAway`` with the message to show.
    """

    def __init__(self, db: DatabaseLike) -> None:
        self.db = db

    @property
    def online(self) -> bool:
        return bool(getattr(self.db, "online", True))

    def desks(self, municipality_code: str | None = None) -> list[Desk]:
        with self.db.read() as s:
            return desks(s, municipality_code) or desks(s)

    def find_desk(self, ref: str) -> Desk:
        with self.db.read() as s:
            return find_desk(s, ref)

    def need_labels(self) -> dict[str, tuple[str, str]]:
        """key → (Japanese, English), for the window's need column (from the directory)."""
        from dvdesk.domain import directory

        with self.db.read() as s:
            return directory.need_labels(s)

    def rows(self, desk: Desk, *, open_only: bool = True) -> list[ReferralView]:
        with self.db.read() as s:
            return queue(s, desk.id, open_only=open_only)

    def move(
        self,
        referral_id: int,
        status: ReferralStatus | str,
        *,
        desk: Desk,
        note: str = "",
        on: dt.date | None = None,
        seen_version: int | None = None,
        today: dt.date | None = None,
    ) -> ReferralView:
        with self.db.write() as s:
            return move(s, referral_id, status, desk=desk, note=note, on=on, seen_version=seen_version, today=today)

    def watch(self) -> ChangeWatch:
        return ChangeWatch(self.db.read)
