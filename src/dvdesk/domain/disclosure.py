"""Who may see what: the one place that removes staff-only and secret fields.

Every path that shows a record to someone other than the counselor at her own screen — the
client copy, the staff copy, exports, the clipboard — takes its views through ``for_audience``.
Nothing downstream re-implements the rule.
"""

from __future__ import annotations

import dataclasses
import enum

from dvdesk.domain.directory import ContactView, OrganizationView, ServiceDetail
from dvdesk.domain.models import Confidentiality


class Audience(enum.Enum):
    """Ordered by how much they may see."""

    CLIENT = Confidentiality.PUBLIC  # the client's printout, anything that may leave the office
    STAFF = Confidentiality.STAFF  # staff copy, referral slip, department exports
    SCREEN = Confidentiality.SECRET  # the counselor's own screen: everything, visibly marked

    def may_see(self, level: Confidentiality | str) -> bool:
        return Confidentiality(level).rank <= self.value.rank


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
