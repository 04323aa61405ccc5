"""Who may see what: the one place that removes staff-only and secret fields.

Every path that shows a record to someone other than the counselor at her own screen — the
client copy, the staff copy, exports, the clipboard — takes its views through ``for_audience``.
Nothing downstream re-implements the rule.
"""

from __future__ import annotations

import dataclasses
import enum

from dvdesk.domain import discreet as discreet_words
from dvdesk.domain.checklist import Checklist, ChecklistItem, Department, Section
from dvdesk.domain.directory import ContactView, OrganizationView, ServiceDetail
from dvdesk.domain.models import Confidentiality


class Audience(enum.Enum):
    """Ordered by how much they may see."""

    CLIENT = Confidentiality.PUBLIC  # the client's printout, anything that may leave the office
    STAFF = Confidentiality.STAFF  # staff copy, referral slip, department exports
    SCREEN = Confidentiality.SECRET  # the counselor's own screen: everything, visibly marked

    def may_see(self, level: Confidentiality | str) -> bool:
        return Confidentiality.of(level).rank <= self.value.rank


def contact_for(contact: ContactView, audience: Audience) -> ContactView | None:
    if not audience.may_see(contact.confidentiality):
        return None
    if audience.may_see(Confidentiality.STAFF):
        return contact
    return dataclasses.replace(contact, extension="")  # 内線 is always internal


def organization_for(org: OrganizationView, audience: Audience) -> OrganizationView:
    staff = audience.may_see(Confidentiality.STAFF)
    return dataclasses.replace(
        org,
        address=org.address if audience.may_see(org.address_confidentiality) else "",
        staff_note=org.staff_note if staff else "",
        contacts=tuple(c for c in (contact_for(c, audience) for c in org.contacts) if c),
    )


def for_audience(service: ServiceDetail, audience: Audience) -> ServiceDetail | None:
    """The service as ``audience`` may see it, or None if the whole service is hidden from it."""
    if not audience.may_see(service.confidentiality):
        return None
    staff = audience.may_see(Confidentiality.STAFF)
    return dataclasses.replace(
        service,
        location=service.location if audience.may_see(service.location_confidentiality) else "",
        staff_note=service.staff_note if staff else "",
        provider=organization_for(service.provider, audience) if service.provider else None,
    )


# --- printouts: the checklist and the referral slip --------------------------------------
# The printing code accepts only what these functions return (``Printable``), so no printout
# can skip the rule. ``discreet`` is applied here too: discreet names, then the vocabulary
# filter of ``dvdesk.domain.discreet`` over every string that will be printed.

_SEAL = object()


@dataclasses.dataclass(frozen=True)
class Printable:
    """A checklist (or a slip's items) as ``audience`` may see it. Made only by ``checklist_for``."""

    checklist: Checklist
    audience: Audience
    discreet: bool
    seal: object = dataclasses.field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.seal is not _SEAL:
            raise TypeError("a Printable is made by disclosure.checklist_for, nothing else")


def _text(value: str, discreet: bool) -> str:
    return discreet_words.clean(value) if discreet and value else value


def department_for(dept: Department, audience: Audience, discreet: bool = False) -> Department:
    name = (dept.discreet_name or dept.name) if discreet else dept.name
    org = dept.organization
    if org is not None:
        org = organization_for(org, audience)
        if not audience.may_see(Confidentiality.STAFF):
            # Provenance and record descriptions are for the people who keep the directory.
            org = dataclasses.replace(org, description="", contacts=tuple(
                dataclasses.replace(c, note="") for c in org.contacts))
        if discreet:
            org = dataclasses.replace(
                org, name=_text(name, True), discreet_name="", parent="",
                description=_text(org.description, True), staff_note=_text(org.staff_note, True),
                contacts=tuple(dataclasses.replace(
                    c, label=_text(c.label, True), window=_text(c.window, True),
                    hours=_text(c.hours, True), note=_text(c.note, True)) for c in org.contacts))
    return Department(dept.key, _text(name, discreet), "", org)


def item_for(item: ChecklistItem, audience: Audience, discreet: bool = False) -> ChecklistItem | None:
    """The item as ``audience`` may see it, or None when the whole item is hidden from it."""
    if not audience.may_see(item.confidentiality):
        return None
    staff = audience.may_see(Confidentiality.STAFF)
    name = (item.discreet_name or item.name) if discreet else item.name
    return dataclasses.replace(
        item,
        name=_text(name, discreet), discreet_name="",
        department=department_for(item.department, audience, discreet),
        description=_text(item.description, discreet),
        what_to_bring=tuple(_text(w, discreet) for w in item.what_to_bring),
        caution=_text(item.caution, discreet),
        hours=_text(item.hours, discreet),
        location=_text(item.location, discreet) if audience.may_see(item.location_confidentiality) else "",
        staff_note=_text(item.staff_note, discreet) if staff else "",
    )


def checklist_for(checklist: Checklist, audience: Audience, *, discreet: bool = False) -> Printable:
    """What may be printed for ``audience``; ``discreet`` also rewords everything neutrally."""
    if audience is Audience.SCREEN:
        raise ValueError("printouts are for CLIENT or STAFF, never the full screen view")
    sections = []
    for s in checklist.sections:
        items = tuple(i for i in (item_for(i, audience, discreet) for i in s.items) if i)
        sections.append(Section(department_for(s.department, audience, discreet), items))
    shown = dataclasses.replace(checklist, client_note=_text(checklist.client_note, discreet))
    return Printable(shown.with_sections(sections), audience, discreet, _SEAL)
