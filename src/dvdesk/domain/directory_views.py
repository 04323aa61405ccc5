"""The directory's read-side records: plain, immutable views of municipalities' departments and
services, without SQLAlchemy (``dvdesk.domain.directory`` builds them inside a session and
re-exports them), so the desk's first window can be drawn before SQLAlchemy is imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from dvdesk.domain import japanese
from dvdesk.domain.record_kinds import Confidentiality, ServiceKind

if TYPE_CHECKING:
    from dvdesk.domain.models import ContactPoint, Organization

STALE_AFTER = dt.timedelta(days=365)
SHELTER_NEED = "safety.shelter"
DESK_MUNICIPALITY = "desk_municipality"  # meta key: the municipality this desk set up (first-run setup)


class NotFound(LookupError):
    """An id, key or name that is not in the directory."""


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
            c.label, c.phone, c.extension, c.window, c.hours, c.email, c.note, Confidentiality.of(c.confidentiality)
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
            staff_note=o.staff_note,
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


def phone_key(phone: str) -> str:
    """What makes two written numbers one line: 0766-20-1234, (0766)20-1234 and 0766201234 are one."""
    return re.sub(r"[^0-9#]", "", phone) or phone


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


@dataclass(frozen=True)
class NeedNode:
    key: str
    label_ja: str
    label_en: str
    description: str
    service_count: int
    children: tuple[NeedNode, ...] = field(default=())


def names_municipality(ref: str, code: str, name: str) -> bool:
    """Whether ``ref`` names this municipality: its 6-digit code, the 5 digits without the check
    digit, or its name with or without 市・区・町・村 (``directory.find_municipality``)."""
    ref = ref.strip()
    wanted = japanese.normalize(ref)
    names = {japanese.normalize(name), japanese.normalize(name.rstrip("市区町村"))}
    return ref in (code, code[:5]) or wanted in names


class NeedRecord(Protocol):
    """What ``need_nodes`` reads of a need: an ORM ``Need`` or a plain row (the quick start)."""

    @property
    def id(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def label_ja(self) -> str: ...
    @property
    def label_en(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def parent_id(self) -> int | None: ...


def need_nodes(needs: Sequence[NeedRecord], direct: Mapping[int, int]) -> list[NeedNode]:
    """The tree of the (live, ordered) ``needs``, each counting its own ``direct`` services and
    its sub-needs' (``directory.need_tree``)."""
    children: dict[int | None, list[NeedRecord]] = {}
    for n in needs:
        children.setdefault(n.parent_id, []).append(n)

    built: set[int] = set()

    def build(n: NeedRecord) -> NeedNode:
        built.add(n.id)
        kids = tuple(build(c) for c in children.get(n.id, []) if c.id not in built)
        total = direct.get(n.id, 0) + sum(k.service_count for k in kids)
        return NeedNode(n.key, n.label_ja, n.label_en, n.description, total, kids)

    roots = [build(n) for n in children.get(None, [])]
    # A parent loop (an old backup, a hand edit) has no way up to a root: its needs are shown at
    # the top level, once each, instead of vanishing from the desk.
    live = {n.id for n in needs}  # a child of a retired category stays hidden, as before
    return roots + [build(n) for n in needs if n.id not in built and n.parent_id in live]
