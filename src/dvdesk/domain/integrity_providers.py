"""The gate's rule on what a shelter's provider says of itself where a client or the public reads it.

The department or agency that provides an 一時保護・シェルター service is where the shelter is
(``integrity_rules.shelter_providers`` keeps its address from being public). The same address
typed into a text that leaves the desk — the department's name, its discreet name, its description
(the HSDS export, ``dvdesk show --client``), a public contact's name, window, hours or note (the
client copy, the referral slip she carries, the HSDS export) — gave it away all the same. This rule
refuses, for such a department: words of its own hidden address (``secret_echo.echo``), else any
street address (``secret_echo.street_address``: 丁目, 番地, 7番50号, a place name before 1-7).

The texts and the words are ``provider_place``'s, shared with the previews (``admin.shelter_links``),
the HSDS export and the client copy, which refuse a file that already holds one (an old backup).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.domain.integrity_findings import Finding
from dvdesk.domain.integrity_rules import Touched, _among, _rows, shelter_need_ids, shelter_provider_join
from dvdesk.domain.models import ContactPoint
from dvdesk.domain.provider_place import CONTACT_TEXTS, ORG_TEXTS, found_in, provider_address_texts


def contacts_of(session: Session, org_ids: Iterable[int]) -> dict[int, list[dict[str, object]]]:
    """The contacts of each department in ``org_ids``, in their order, as ``client_texts`` reads them."""
    ids = sorted(set(org_ids))
    out: dict[int, list[dict[str, object]]] = {i: [] for i in ids}
    if not ids:
        return out
    c = ContactPoint
    rows = session.execute(
        select(c.organization_id, c.label, c.window, c.hours, c.note, c.confidentiality)
        .where(c.organization_id.in_(ids))
        .order_by(c.organization_id, c.id)
    )
    for org_id, *values in rows:
        out[org_id].append(dict(zip((*CONTACT_TEXTS, "confidentiality"), values, strict=True)))
    return out


def shelter_providers(session: Session) -> frozenset[str]:
    """The keys of the departments that provide a shelter (a service under 一時保護・シェルター)."""
    join = shelter_provider_join(session)
    return frozenset(r[0] for r in _rows(session, f"SELECT DISTINCT o.key {join}")) if join else frozenset()


def provider_echoes(session: Session, touched: Touched) -> Iterator[Finding]:
    """A department providing a shelter whose name, description or public contact gives its
    place away (module docstring): on the department when the write touched it, else on the
    shelter service that made it a provider."""
    orgs, services = _among(touched, "organizations", "o.id"), _among(touched, "services", "s.id")
    if orgs is None and services is None:
        return
    join = shelter_provider_join(session)
    if join is None:
        return
    among = " OR ".join(c.removeprefix(" AND ") for c in (orgs, services) if c)
    rows = _rows(
        session,
        "SELECT DISTINCT o.id, o.key, o.name, s.id, s.key, s.name, o.discreet_name, o.description, o.address, "
        f"o.address_confidentiality {join}" + (f" WHERE ({among})" if among else ""),
    )
    contacts = contacts_of(session, (r[0] for r in rows))
    seen: set[int] = set()
    for r in sorted(rows, key=lambda r: (r[1], r[4])):
        org = dict(zip((*ORG_TEXTS, "address", "address_confidentiality"), (r[2], *r[6:10]), strict=True))
        found = found_in(org, contacts[r[0]])
        if found is None:
            continue
        org_touched = touched is None or r[0] in touched.get("organizations", ())
        if org_touched and r[0] in seen:
            continue
        seen.add(r[0])
        table, key, name, row_id = ("organizations", *r[1:3], r[0]) if org_touched else ("services", *r[4:6], r[3])
        yield Finding(
            table, key, name, *provider_address_texts(str(r[5] or ""), str(r[2] or ""), found), frozenset({row_id})
        )


def hidden_shelter_places(session: Session) -> tuple[tuple[str, str, str], ...]:
    """(key, location, its level) of each shelter whose location is written and not public: what no
    other record a copy prints may carry either (``disclosure.no_shelter_place_elsewhere``)."""
    ids = shelter_need_ids(session)
    if not ids:
        return ()
    listed = ", ".join(str(i) for i in sorted(ids))
    return tuple(
        (str(r[0]), str(r[1]), str(r[2]))
        for r in _rows(
            session,
            "SELECT DISTINCT s.key, s.location, s.location_confidentiality FROM services s "
            f"JOIN service_needs sn ON sn.service_id = s.id AND sn.need_id IN ({listed}) "
            "WHERE trim(s.location) != '' AND s.location_confidentiality != 'public'",
        )
    )


def shelter_places(session: Session) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each department providing a shelter (its key) with the (location, level) of its shelters:
    what a copy must not print in its other services (``provider_services``)."""
    join = shelter_provider_join(session)
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for key, location, level in (
        _rows(session, f"SELECT DISTINCT o.key, s.location, s.location_confidentiality {join}") if join else ()
    ):
        out[key] = (*out.get(key, ()), (str(location or ""), str(getattr(level, "value", level) or "")))
    return out
