"""The verification report: what nobody has checked for a year, and who cannot be phoned.

Phone numbers and hours change every April; a counselor must know which facts are old. The
report lists live records never verified or verified more than a year ago
(``directory.STALE_AFTER``), client services with no phone number of their own or through their
provider, and organisations with no phone at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dvdesk.admin.kinds import KINDS
from dvdesk.domain.directory import STALE_AFTER
from dvdesk.domain.models import Organization, Service, ServiceKind
from dvdesk.domain.translatable import N_

STALE = "stale"
NEVER = "never"
NO_PHONE = "no_phone"
PROBLEM_LABELS = {
    NEVER: N_("AdminLabels", "未確認"),
    STALE: N_("AdminLabels", "1年以上確認なし"),
    NO_PHONE: N_("AdminLabels", "電話番号なし"),
}
CHECKED = ("municipality", "organization", "service", "procedure")


@dataclass(frozen=True)
class ReportRow:
    kind: str
    key: str
    title: str
    municipality: str
    problem: str
    verified_on: dt.date | None
    verified_by: str

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].label

    @property
    def problem_label(self) -> str:
        return PROBLEM_LABELS[self.problem]


def _municipality_name(obj: object) -> str:
    muni = getattr(obj, "municipality", None)
    if muni is not None:
        return muni.name
    return "" if hasattr(obj, "municipality_id") else getattr(obj, "name", "")


def report(session: Session, today: dt.date | None = None) -> list[ReportRow]:
    today = today or dt.date.today()
    rows: list[ReportRow] = []
    for name in CHECKED:
        k = KINDS[name]
        for obj in session.scalars(select(k.model).where(k.model.retired.is_(False))):
            if obj.verified_on is not None and today - obj.verified_on <= STALE_AFTER:
                continue
            rows.append(
                ReportRow(
                    name,
                    getattr(obj, k.key_attr),
                    getattr(obj, k.title_field),
                    _municipality_name(obj),
                    NEVER if obj.verified_on is None else STALE,
                    obj.verified_on,
                    obj.verified_by,
                )
            )
    orgs = session.scalars(
        select(Organization).where(Organization.retired.is_(False)).options(selectinload(Organization.contacts))
    )
    for org in orgs:
        if not any(c.phone.strip() for c in org.contacts):
            rows.append(
                ReportRow(
                    "organization",
                    org.key,
                    org.name,
                    _municipality_name(org),
                    NO_PHONE,
                    org.verified_on,
                    org.verified_by,
                )
            )
    services = session.scalars(
        select(Service)
        .where(Service.retired.is_(False), Service.kind == ServiceKind.CLIENT.value)
        .options(selectinload(Service.organization).selectinload(Organization.contacts))
    )
    for svc in services:
        provider_phones = [c.phone for c in svc.organization.contacts if c.phone.strip()] if svc.organization else []
        if not svc.phone.strip() and not provider_phones:
            rows.append(
                ReportRow(
                    "service", svc.key, svc.name, _municipality_name(svc), NO_PHONE, svc.verified_on, svc.verified_by
                )
            )
    order = {NEVER: 0, STALE: 1, NO_PHONE: 2}
    return sorted(
        rows, key=lambda r: (order[r.problem], r.municipality == "", r.municipality, CHECKED.index(r.kind), r.title)
    )
