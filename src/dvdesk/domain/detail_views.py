"""The directory's detail records: a service, a department or agency, a contact line and where a
record comes from, as plain, immutable views (``dvdesk.domain.directory`` builds them inside a
session). Apart from ``directory_views`` (which re-exports them) because the desk's first window
and first search need none of them: their four frozen dataclasses (~1 ms each to create, the
generated methods are compiled) are made when the first record is read, by the start tasks'
database layer or the first detail shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dvdesk.domain import phone_notes
from dvdesk.domain.directory_views import STALE_AFTER, phone_key
from dvdesk.domain.record_kinds import Confidentiality, ServiceKind

if TYPE_CHECKING:
    from dvdesk.domain.models import ContactPoint, Organization


def dialable(o: Organization | None) -> bool:
    """A number a counselor sees for this department (a secret line is not one she can give)."""
    return o is not None and any(
        c.phone and Confidentiality.of(c.confidentiality) is not Confidentiality.SECRET for c in o.contacts
    )


@dataclass(frozen=True)
class ContactView:
    label: str
    phone: str
    extension: str
    window: str
    hours: str
    email: str
    note: str
    confidentiality: Confidentiality

    @classmethod
    def of(cls, c: ContactPoint) -> ContactView:
        return cls(
            c.label,
            c.phone,
            c.extension,
            c.window,
            c.hours,
            c.email,
            phone_notes.current(c.note, has_phone=bool(c.phone)),
            Confidentiality.of(c.confidentiality),
        )


@dataclass(frozen=True)
class SourceView:
    source: str
    source_note: str
    verified_on: dt.date | None
    verified_by: str

    def is_stale(self, today: dt.date | None = None) -> bool:
        """Never verified, or verified more than a year ago."""
        today = today or dt.date.today()
        return self.verified_on is None or today - self.verified_on > STALE_AFTER


@dataclass(frozen=True)
class OrganizationView:
    id: int
    key: str
    name: str
    discreet_name: str
    kind: str
    municipality: str
    parent: str
    description: str
    address: str
    address_confidentiality: Confidentiality
    staff_note: str
    contacts: tuple[ContactView, ...]
    provenance: SourceView

    @classmethod
    def of(cls, o: Organization) -> OrganizationView:
        return cls(
            id=o.id,
            key=o.key,
            name=o.name,
            discreet_name=o.discreet_name,
            kind=str(o.kind),
            municipality=o.municipality.name if o.municipality else "",
            parent=o.parent.name if o.parent else "",
            description=o.description,
            address=o.address,
            address_confidentiality=Confidentiality.of(o.address_confidentiality),
            staff_note=phone_notes.current(o.staff_note, has_phone=dialable(o)),
            contacts=tuple(ContactView.of(c) for c in o.contacts),
            provenance=SourceView(o.source, o.source_note, o.verified_on, o.verified_by),
        )

    @property
    def phones(self) -> list[str]:
        return [c.phone for c in self.contacts if c.phone]

    def needs_check(self, today: dt.date | None = None) -> bool:
        """要確認 where it means something: a phone or hours on record that nobody has verified
        within a year. A department with nothing to dial shows 「電話番号の記載なし」 instead."""
        return any(c.phone or c.hours for c in self.contacts) and self.provenance.is_stale(today)


@dataclass(frozen=True)
class ServiceDetail:
    id: int
    key: str
    name: str
    discreet_name: str
    kind: ServiceKind
    municipality: str
    municipality_code: str
    description: str
    access: str
    schedule: str
    eligibility: str
    what_to_bring: str
    languages: tuple[str, ...]
    cost: str
    phone: str
    location: str
    location_confidentiality: Confidentiality
    confidentiality: Confidentiality
    staff_note: str
    needs: tuple[tuple[str, str, str], ...]  # (key, 日本語, English)
    initiatives: tuple[str, ...]  # "高岡市DV対策基本計画の取組について 今後の取り組み4 相談体制の充実"
    provider: OrganizationView | None
    provenance: SourceView
    retired: bool = False
    discreet_line: str = ""
    shelter: bool = False  # a need under 一時保護・シェルター (its location is never printed)
    circumstances: tuple[str, ...] = ()  # 該当する事情 (SERVICE_CIRCUMSTANCES keys): a place for a child

    @property
    def phones(self) -> list[str]:
        """Its own line, then its provider's, each number once: a service often carries its
        department's number, and a counselor reading it twice would think there are two lines."""
        own = [self.phone] if self.phone else []
        out: list[str] = []
        seen: set[str] = set()
        for phone in own + (self.provider.phones if self.provider else []):
            if phone_key(phone) not in seen:
                seen.add(phone_key(phone))
                out.append(phone)
        return out

    def needs_check(self, today: dt.date | None = None) -> bool:
        """A phone or hours shown for it that nobody verified within a year: its own line, or its
        provider's contacts (checked when either the provider or this service was verified)."""
        if not self.provenance.is_stale(today):
            return False
        return bool(self.phone) or (self.provider is not None and self.provider.needs_check(today))

    @property
    def hours(self) -> str:
        if self.schedule:
            return self.schedule
        if self.provider:
            return " / ".join(c.hours for c in self.provider.contacts if c.hours)
        return ""
