"""The referral log for the window, the slip and the command line: each call one short session.

Every rule (case reference shape, no client details, dates) lives in ``dvdesk.domain.referrals``
and ``dvdesk.domain.privacy``; here they are only reached without a session in the caller.
"""

from __future__ import annotations

import builtins  # the method "list" below hides the built-in in the class body
import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.domain import directory, privacy, referrals, slip_referrals
from dvdesk.domain.casework_models import Channel, ReferralStatus
from dvdesk.domain.checklist import Section
from dvdesk.domain.directory import OrganizationView
from dvdesk.domain.directory_views import DESK_MUNICIPALITY
from dvdesk.domain.models import Meta, Organization, Service
from dvdesk.domain.referral_choices import ServiceChoice, need_choices, service_choices
from dvdesk.domain.referrals import ReferralView
from dvdesk.storage.db import Database

T = TypeVar("T")
MAX_ID = 2**63 - 1  # the largest id a database column holds
# On a city's server the log's latest referral is often another desk's: the form then offers the
# counselor who last recorded through this desk's database object (its window), kept on it here.
_LAST_HERE = "_dvdesk_last_counselor_here"


class UnknownTarget(LookupError):
    """A service or department asked for by id or key is not in the directory."""


@dataclass(frozen=True)
class ReferralFormData:
    """What the form to record a referral starts from."""

    municipalities: list[tuple[str, str]]  # (code, name)
    needs: list[tuple[str, str, int]]  # (key, Japanese label, depth), in taxonomy order
    need_labels: dict[str, tuple[str, str]]  # key → (Japanese, English)
    last_counselor: str
    public_numbers: frozenset[str]
    case_pattern: privacy.CasePattern
    desk_municipality: str = ""  # this PC's (first-run setup), where the form starts when given none


def _desk_municipality(s: Session) -> str:
    meta = s.get(Meta, DESK_MUNICIPALITY)
    return meta.value if meta and meta.value else ""


@dataclass(frozen=True)
class ReferralLog:
    """One reading of the log: the rows shown, the ones overdue, the reminder in days."""

    rows: list[ReferralView]
    stale: list[ReferralView]
    reminder_days: int
    need_labels: dict[str, tuple[str, str]]


class Referrals:
    def __init__(self, db: Database):
        self.db = db

    # --- reading -------------------------------------------------------------------------
    def case_pattern(self) -> privacy.CasePattern:
        with self.db.read() as s:
            return referrals.case_pattern(s)

    def reminder_days(self) -> int:
        with self.db.read() as s:
            return referrals.reminder_days(s)

    def log(self, today: dt.date, *, open_only: bool = False) -> ReferralLog:
        with self.db.read() as s:
            days = referrals.reminder_days(s)
            return ReferralLog(
                referrals.list_referrals(s, open_only=open_only),
                referrals.stale_referrals(s, today, days),
                days,
                directory.need_labels(s),
            )

    def list(
        self, *, open_only: bool = False, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[ReferralView]:
        with self.db.read() as s:
            return referrals.list_referrals(s, open_only=open_only, since=since, until=until)

    def stale(self, today: dt.date) -> tuple[builtins.list[ReferralView], int]:
        """Open referrals with no update within the reminder, and the reminder in days."""
        with self.db.read() as s:
            days = referrals.reminder_days(s)
            return referrals.stale_referrals(s, today, days), days

    def target_ids(self, refs: Iterable[str], *, departments: bool = False) -> builtins.list[int]:
        """Ids of services (or departments) given by id or key; raises ``UnknownTarget(ref)``."""
        model = Organization if departments else Service
        found = []
        with self.db.read() as s:
            for ref in refs:
                by_id = ref.isascii() and ref.isdigit()
                value: int | str | None = ref
                if by_id:
                    value = int(ref) if 0 < int(ref) <= MAX_ID else None  # 20 digits: no such id
                column = model.id if by_id else model.key
                row = None if value is None else s.scalar(select(model.id).where(column == value))
                if row is None:
                    raise UnknownTarget(ref)
                found.append(row)
        return found

    def get(self, referral_id: int) -> ReferralView:
        with self.db.read() as s:
            return referrals.get_referral(s, referral_id)

    def form_data(self) -> ReferralFormData:
        with self.db.read() as s:
            return ReferralFormData(
                [(m.code, m.name) for m in directory.municipalities(s)],
                need_choices(s),
                directory.need_labels(s),
                vars(self.db).get(_LAST_HERE, "") if self.db.is_server else referrals.last_counselor(s),
                referrals.public_numbers(s),
                referrals.case_pattern(s),
                _desk_municipality(s),
            )

    def choices_in(
        self, municipality_code: str | None
    ) -> tuple[builtins.list[ServiceChoice], builtins.list[OrganizationView]]:
        """The services and departments a referral in this municipality can go to."""
        with self.db.read() as s:
            return service_choices(s, municipality_code), directory.organizations(s, municipality_code)

    # --- writing ----------------------------------------------------------------------------
    def _write(self, action: Callable[[Session], T]) -> T:
        """Run one change of ``dvdesk.domain.referrals`` in its own write (all or nothing)."""
        with self.db.write() as s:
            return action(s)

    def _recorded(self, view: ReferralView) -> ReferralView:
        """Remember who recorded at this desk (see ``_LAST_HERE``)."""
        if self.db.is_server:
            setattr(self.db, _LAST_HERE, view.counselor)
        return view

    def record(
        self,
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
        """Record a referral (``domain.referrals.record_referral``: every rule is checked there)."""
        return self._recorded(
            self._write(
                lambda s: referrals.record_referral(
                    s,
                    case_ref=case_ref,
                    counselor=counselor,
                    service_ids=service_ids,
                    organization_ids=organization_ids,
                    need_keys=need_keys,
                    referred_on=referred_on,
                    channel=channel,
                    dv=dv,
                    note=note,
                    today=today,
                )
            )
        )

    def change_status(
        self,
        referral_id: int,
        status: ReferralStatus | str,
        *,
        on: dt.date | None = None,
        note: str = "",
        today: dt.date | None = None,
        seen_version: int | None = None,
    ) -> ReferralView:
        """``seen_version``: the version the screen showed; another desk's change since (or at the same
        moment) raises ``ReferralConflict`` and nothing is written."""
        return self._write(
            lambda s: referrals.change_status(
                s, referral_id, status, on=on, note=note, today=today, seen_version=seen_version
            )
        )

    def add_note(
        self,
        referral_id: int,
        note: str,
        *,
        on: dt.date | None = None,
        today: dt.date | None = None,
        seen_version: int | None = None,
    ) -> ReferralView:
        return self._write(
            lambda s: referrals.add_note(s, referral_id, note, on=on, today=today, seen_version=seen_version)
        )

    def delete(self, referral_id: int, *, seen_version: int | None = None) -> None:
        self._write(lambda s: referrals.delete_referral(s, referral_id, seen_version))

    def forget_deleted(self) -> None:
        """After a delete: the old pages gone from the database file and its journal too."""
        self.db.forget_deleted()

    def set_reminder_days(self, days: int) -> None:
        self._write(lambda s: referrals.set_reminder_days(s, days))

    def set_case_pattern(self, template: str) -> privacy.CasePattern:
        return self._write(lambda s: referrals.set_case_pattern(s, template))

    # --- the slip (連絡票) -----------------------------------------------------------------
    def check_slip(self, case_ref: str, counselor: str) -> str:
        """Raise InputError for a case reference or counselor name the log would refuse; return the
        case reference as the log stores it."""
        normalized = privacy.normalize_case_ref(case_ref, self.case_pattern())
        privacy.check_counselor(counselor)
        return normalized

    def record_for_slip(
        self,
        section: Section,
        *,
        case_ref: str,
        counselor: str,
        need_keys: Iterable[str] = (),
        channel: Channel | str = Channel.IN_PERSON,
        dv: bool = True,
    ) -> ReferralView:
        return self._recorded(
            self._write(
                lambda s: referrals.record_for_slip(
                    s, section, case_ref=case_ref, counselor=counselor, need_keys=need_keys, channel=channel, dv=dv
                )
            )
        )

    def correct_slip(self, referral_id: int, channel: Channel | str, dv: bool) -> ReferralView:
        """A slip's referral, recorded already: its 相談方法 and DV as the slip now says.

        Setting them does not depend on what another desk did meanwhile: a step of theirs landing at
        the same moment (``ReferralConflict``) is no reason to refuse, and the correction is made again
        on the referral as it is now (refused, the slip panel would forget the slip and log it anew)."""
        correct = lambda s: slip_referrals.correct_slip(s, referral_id, channel, dv)  # noqa: E731
        for _ in range(2):
            with contextlib.suppress(referrals.ReferralConflict):  # another desk's step: made again
                return self._write(correct)
        return self._write(correct)  # a third refusal is said
