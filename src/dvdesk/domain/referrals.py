"""The referral log: record a referral, follow it through its statuses, remind of stale ones.

Statuses move 紹介済み → 連絡済み → 対応完了, and an open referral can end as 不調; nothing else.
Every change is a dated event with an optional short note of what was done. A referral is
"stale" when it is still open and nothing has been recorded for ``reminder_days`` days
(configurable, kept in the ``meta`` table).

All functions take a session: the caller owns the transaction (``with db.write() as s``), so the
referral slip can print and record in one go. Bad input raises an ``InputError``
(``ReferralError``, or ``PersonalDataError`` from ``dvdesk.domain.privacy``) with a Japanese
``message`` before anything is added to the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from dvdesk.domain import privacy
from dvdesk.domain.casework_models import (
    Channel,
    Referral,
    ReferralEvent,
    ReferralNeed,
    ReferralStatus,
    ReferralTarget,
)
from dvdesk.domain.department_keys import DepartmentKey, department_labels
from dvdesk.domain.models import ContactPoint, Meta, Need, Organization, Service
from dvdesk.domain.referral_conflicts import ReferralConflict as ReferralConflict
from dvdesk.domain.referral_conflicts import ReferralError as ReferralError
from dvdesk.domain.referral_conflicts import ReferralGone as ReferralGone
from dvdesk.domain.referral_conflicts import check_seen, flushed, new_id, note_given

if TYPE_CHECKING:  # checklist imports this module
    from dvdesk.domain.checklist import Section

REMINDER_DAYS_KEY = "referrals.reminder_days"
CASE_PATTERN_KEY = "referrals.case_pattern"
DEFAULT_REMINDER_DAYS = 14

# 受付 is the receiving department's acknowledgement (shared mode, ``dvdesk.app.referral_queue``);
# a single desk still goes straight from 紹介済み to 連絡済み.
TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.REFERRED: frozenset({ReferralStatus.RECEIVED, ReferralStatus.CONTACTED, ReferralStatus.FAILED}),
    ReferralStatus.RECEIVED: frozenset({ReferralStatus.CONTACTED, ReferralStatus.FAILED}),
    ReferralStatus.CONTACTED: frozenset({ReferralStatus.DONE, ReferralStatus.FAILED}),
    ReferralStatus.DONE: frozenset(),
    ReferralStatus.FAILED: frozenset(),
}


@dataclass(frozen=True)
class TargetView:
    service_id: int | None
    organization_id: int | None
    service: str
    department: str
    municipality: str = ""  # the department's, kept with its name

    @property
    def key(self) -> DepartmentKey:
        """The department this target counts under in the statistics (a service with none: itself)."""
        return DepartmentKey(self.organization_id, self.municipality, self.department or self.service)

    @property
    def label(self) -> str:
        if self.service and self.department:
            return f"{self.department}（{self.service}）"
        return self.department or self.service


@dataclass(frozen=True)
class EventView:
    on: dt.date
    status: ReferralStatus | None
    note: str
    desk: str = ""  # the receiving department that recorded it from its queue; "" = the referring desk


@dataclass(frozen=True)
class ReferralView:
    id: int
    case_ref: str
    referred_on: dt.date
    counselor: str
    channel: Channel
    dv: bool
    status: ReferralStatus
    updated_on: dt.date
    needs: tuple[tuple[str, str], ...]  # (key, label)
    targets: tuple[TargetView, ...]
    events: tuple[EventView, ...]
    version: int = 1  # the row's version when read: a move from a stale view is refused

    @classmethod
    def of(cls, r: Referral) -> ReferralView:
        return cls(
            id=r.id,
            case_ref=r.case_ref,
            referred_on=r.referred_on,
            counselor=r.counselor,
            channel=Channel(r.channel),
            dv=r.dv,
            status=ReferralStatus(r.status),
            updated_on=r.updated_on,
            needs=tuple((n.need_key, n.label) for n in r.needs),
            targets=tuple(
                TargetView(t.service_id, t.organization_id, t.service_name, t.department, t.municipality)
                for t in r.targets
            ),
            events=tuple(
                EventView(e.on_date, ReferralStatus(e.status) if e.status else None, e.note, e.desk) for e in r.events
            ),
            version=r.version or 1,
        )

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def departments(self) -> tuple[str, ...]:
        """Distinct departments referred to, in the order they were chosen; two of one name (two
        towns' 子育て支援課) both listed, each with its town."""
        keys = list(dict.fromkeys(t.key for t in self.targets))
        labels = department_labels(keys)
        return tuple(labels[k] for k in keys)

    def age_days(self, today: dt.date) -> int:
        return (today - self.referred_on).days

    def idle_days(self, today: dt.date) -> int:
        return (today - self.updated_on).days

    def is_stale(self, today: dt.date, reminder_days: int) -> bool:
        return self.is_open and self.idle_days(today) >= reminder_days

    def allowed_next(self) -> frozenset[ReferralStatus]:
        return TRANSITIONS[self.status]


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def public_numbers(session: Session) -> frozenset[str]:
    """Digits of every phone number in the directory: public lines may appear in notes."""
    phones = [*session.scalars(select(ContactPoint.phone)), *session.scalars(select(Service.phone))]
    return frozenset(d for d in (privacy.digits_of(p) for p in phones) if d)


def _check_date(on: dt.date | None, today: dt.date, *, not_before: dt.date | None = None) -> dt.date:
    on = on or today
    if on > today:
        raise ReferralError("未来の日付は記録できません。")
    if not_before and on < not_before:
        raise ReferralError(f"{not_before:%Y-%m-%d} より前の日付は記録できません。")
    return on


def record_referral(
    session: Session,
    *,
    case_ref: str,
    counselor: str,
    service_ids: Iterable[int] = (),
    organization_ids: Iterable[int] = (),
    need_keys: Iterable[str] = (),
    referred_on: dt.date | None = None,
    channel: Channel | str = Channel.IN_PERSON,
    dv: bool = True,
    note: str = "",
    today: dt.date | None = None,
) -> ReferralView:
    """Record a referral to services and/or departments; the one entry point (the slip uses it too).

    A service brings its department with it; a department may also be given on its own.
    """
    today = today or dt.date.today()
    ref = privacy.normalize_case_ref(case_ref, case_pattern(session))
    who = privacy.check_counselor(counselor)
    text = privacy.check_note(note, public_numbers(session), today) if note.strip() else ""
    on = _check_date(referred_on, today)
    try:
        channel = Channel(channel)
    except ValueError:
        raise ReferralError(f"相談方法が正しくありません: {channel}") from None
    targets = _targets(session, list(dict.fromkeys(service_ids)), list(dict.fromkeys(organization_ids)))
    needs = _needs(session, list(dict.fromkeys(need_keys)))
    referral = Referral(
        id=new_id(session),  # never a deleted referral's number again
        case_ref=ref,
        referred_on=on,
        counselor=who,
        channel=channel,
        dv=bool(dv),
        status=ReferralStatus.REFERRED,
        updated_on=on,
        created_at=_now(),
        needs=needs,
        targets=targets,
        events=[ReferralEvent(on_date=on, status=ReferralStatus.REFERRED, note=text, created_at=_now())],
    )
    session.add(referral)
    session.flush()
    note_given(session, referral.id)
    return ReferralView.of(referral)


def _targets(session: Session, service_ids: list[int], organization_ids: list[int]) -> list[ReferralTarget]:
    if not service_ids and not organization_ids:
        raise ReferralError("紹介先（サービスまたは担当課・機関）を1つ以上選んでください。")
    services = {
        s.id: s
        for s in session.scalars(
            select(Service).where(Service.id.in_(service_ids)).options(selectinload(Service.organization))
        )
    }
    orgs = {o.id: o for o in session.scalars(select(Organization).where(Organization.id.in_(organization_ids)))}
    missing = [str(i) for i in service_ids if i not in services]
    missing += [str(i) for i in organization_ids if i not in orgs]
    if missing:
        raise ReferralError(f"紹介先がディレクトリにありません（ID: {', '.join(missing)}）。")
    targets = [
        ReferralTarget(
            service_id=s.id,
            organization_id=s.organization_id,
            service_name=s.name,
            department=s.organization.name if s.organization else "",
            municipality=_town(s.organization),
        )
        for s in (services[i] for i in service_ids)
    ]
    covered = {t.organization_id for t in targets}
    targets += [
        ReferralTarget(organization_id=o.id, department=o.name, municipality=_town(o))
        for o in (orgs[i] for i in organization_ids)
        if o.id not in covered
    ]
    return targets


def _town(org: Organization | None) -> str:
    return org.municipality.name if org is not None and org.municipality is not None else ""


def _needs(session: Session, keys: list[str]) -> list[ReferralNeed]:
    found = {n.key: n for n in session.scalars(select(Need).where(Need.key.in_(keys)))}
    unknown = [k for k in keys if k not in found]
    if unknown:
        raise ReferralError(f"ニーズ分類がありません: {', '.join(unknown)}")
    return [ReferralNeed(need_key=k, label=found[k].label_ja, sort_order=found[k].sort_order) for k in keys]


def _load(session: Session, referral_id: int) -> Referral:
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise ReferralGone(f"紹介記録が見つかりません（ID: {referral_id}）。")
    return referral


def change_status(
    session: Session,
    referral_id: int,
    new_status: ReferralStatus | str,
    *,
    on: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
    desk: str = "",
    seen_version: int | None = None,
) -> ReferralView:
    """Move a referral to its next status (see ``TRANSITIONS``), with an optional note.

    ``desk``: the receiving department recording the step from its queue (kept on the event);
    ``seen_version``: the version the screen showed (``referral_conflicts``)."""
    today = today or dt.date.today()
    referral = _load(session, referral_id)
    check_seen(referral, seen_version)
    current, new = ReferralStatus(referral.status), ReferralStatus(new_status)
    if new not in TRANSITIONS[current]:
        allowed = "・".join(s.label for s in ReferralStatus if s in TRANSITIONS[current]) or "なし（終了しています）"
        raise ReferralError(f"「{current.label}」から「{new.label}」には変更できません。変更できる状況: {allowed}")
    return _add_event(session, referral, new, on, note, today, desk)


def add_note(
    session: Session,
    referral_id: int,
    note: str,
    *,
    on: dt.date | None = None,
    today: dt.date | None = None,
    desk: str = "",
    seen_version: int | None = None,
) -> ReferralView:
    """A dated note of what was done; it counts as an update for the reminders."""
    if not note.strip():
        raise ReferralError("記録の内容を入力してください。")
    check_seen(referral := _load(session, referral_id), seen_version)
    return _add_event(session, referral, None, on, note, today or dt.date.today(), desk)


def _add_event(
    session: Session,
    referral: Referral,
    status: ReferralStatus | None,
    on: dt.date | None,
    note: str,
    today: dt.date,
    desk: str = "",
) -> ReferralView:
    text = privacy.check_note(note, public_numbers(session), today) if note.strip() else ""
    on = _check_date(on, today, not_before=referral.referred_on)
    referral.events.append(ReferralEvent(on_date=on, status=status, note=text, created_at=_now(), desk=desk[:120]))
    if status is not None:
        referral.status = status
    referral.updated_on = max(referral.updated_on, on)
    # Every step updates the referral row, so its version moves: another desk's stale move is
    # refused, and a desk watching the log sees the change (``referral_queue.fingerprint``).
    flag_modified(referral, "updated_on")
    flushed(session, referral)
    return ReferralView.of(referral)


def delete_referral(session: Session, referral_id: int, seen_version: int | None = None) -> None:
    """Remove a referral entered by mistake, with its events (not one changed since it was shown)."""
    check_seen(referral := _load(session, referral_id), seen_version)
    session.delete(referral)
    flushed(session, referral)


def _query() -> Select[Referral]:
    return select(Referral).options(
        selectinload(Referral.needs), selectinload(Referral.targets), selectinload(Referral.events)
    )


def get_referral(session: Session, referral_id: int) -> ReferralView:
    return ReferralView.of(_load(session, referral_id))


def list_referrals(
    session: Session, *, open_only: bool = False, since: dt.date | None = None, until: dt.date | None = None
) -> list[ReferralView]:
    """Newest first; ``since``/``until`` bound the referral date (inclusive)."""
    stmt = _query().order_by(Referral.referred_on.desc(), Referral.id.desc())
    if open_only:
        stmt = stmt.where(Referral.status.in_([s for s in ReferralStatus if s.is_open]))
    if since:
        stmt = stmt.where(Referral.referred_on >= since)
    if until:
        stmt = stmt.where(Referral.referred_on <= until)
    return [ReferralView.of(r) for r in session.scalars(stmt)]


def stale_referrals(session: Session, today: dt.date | None = None, days: int | None = None) -> list[ReferralView]:
    """Open referrals with no update for ``days`` (default: the configured reminder), oldest first."""
    today = today or dt.date.today()
    days = reminder_days(session) if days is None else days
    stale = [r for r in list_referrals(session, open_only=True) if r.is_stale(today, days)]
    return sorted(stale, key=lambda r: (r.updated_on, r.id))


def reminder_days(session: Session) -> int:
    meta = session.get(Meta, REMINDER_DAYS_KEY)
    try:
        return max(1, int(meta.value)) if meta else DEFAULT_REMINDER_DAYS
    except ValueError:
        return DEFAULT_REMINDER_DAYS


def case_pattern(session: Session) -> privacy.CasePattern:
    """The office's shape of a case reference (set once in administration)."""
    meta = session.get(Meta, CASE_PATTERN_KEY)
    try:
        return privacy.CasePattern.parse(meta.value if meta else privacy.DEFAULT_CASE_PATTERN)
    except privacy.PersonalDataError:  # a hand-edited value: the default keeps the net closed
        return privacy.CasePattern.parse(privacy.DEFAULT_CASE_PATTERN)


def set_case_pattern(session: Session, template: str) -> privacy.CasePattern:
    """Store the office's shape; PersonalDataError if it cannot be read or would let a person in."""
    pattern = privacy.CasePattern.parse(template)
    meta = session.get(Meta, CASE_PATTERN_KEY) or Meta(key=CASE_PATTERN_KEY)
    meta.value = pattern.template
    session.add(meta)
    return pattern


def set_reminder_days(session: Session, days: int) -> None:
    if not 1 <= days <= 365:
        raise ReferralError("リマインドの日数は1〜365日で指定してください。")
    meta = session.get(Meta, REMINDER_DAYS_KEY) or Meta(key=REMINDER_DAYS_KEY)
    meta.value = str(days)
    session.add(meta)


def last_counselor(session: Session) -> str:
    """The counselor of the latest referral, to prefill the form at a shared desk PC."""
    return session.scalar(select(Referral.counselor).order_by(Referral.id.desc()).limit(1)) or ""


def record_for_slip(
    session: Session,
    section: Section,
    *,
    case_ref: str,
    counselor: str,
    need_keys: Iterable[str] = (),
    channel: Channel | str = Channel.IN_PERSON,
    dv: bool = True,
    today: dt.date | None = None,
) -> ReferralView:
    """The referral a printed slip (連絡票) stands for: the slip's department and the directory
    services listed under it, under the needs of its own items (``slip_referrals.slip_needs``:
    of ``need_keys``, the client's, those they are filed under), with the channel and DV the
    counselor chose on the slip. ``section`` is a ``dvdesk.domain.checklist.Section``."""
    from dvdesk.domain.checklist import ItemKind
    from dvdesk.domain.slip_referrals import slip_needs

    service_keys = [i.key for i in section.items if i.kind is ItemKind.SERVICE]
    service_ids = list(session.scalars(select(Service.id).where(Service.key.in_(service_keys)))) if service_keys else []
    org = section.department.organization
    if org is None and not service_ids:
        raise ReferralError(
            f"「{section.department.name}」はディレクトリにない窓口のため、紹介の記録には"
            "残せません（連絡票は印刷できます）。"
        )
    return record_referral(
        session,
        case_ref=case_ref,
        counselor=counselor,
        service_ids=service_ids,
        organization_ids=[org.id] if org else [],
        need_keys=slip_needs(session, section, need_keys),
        channel=channel,
        dv=dv,
        today=today,
    )
