"""Export to Open Referral's Human Services Data Specification (HSDS 3.1, JSON).

HSDS is for exchange with other resource-directory systems, so everything goes through
``dvdesk.domain.disclosure`` for the CLIENT audience first: secret and staff-only fields (a
shelter's location, staff notes, 内線, staff-only contact points, staff-only services) never
leave. HSDS has no confidentiality flag; leaving such data out is the only safe mapping.

The file is one JSON document::

    {"hsds_version": "3.1", "generator": ..., "exported_at": ...,
     "taxonomies": [...], "taxonomy_terms": [...], "organizations": [...], "services": [...]}

each list holding full HSDS objects (services with their phones, schedules, languages,
service areas, required documents and need attributes nested). Identifiers are UUIDv5 of the
dvdesk key, so the same record always gets the same id and a re-import matches it. Need
categories become terms of the taxonomy "dvdesk-needs" (code = the need's key), linked to
services through attributes. A schedule is free text in dvdesk and goes to a schedule's
``description``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk import __version__, files
from dvdesk.admin.hsds_shelters import refuse_export
from dvdesk.domain.directory import ContactView, ServiceDetail, organization_detail, service_detail
from dvdesk.domain.disclosure import Audience, for_audience, organization_for
from dvdesk.domain.models import Municipality, Need, Organization, Service, ServiceKind
from dvdesk.domain.record_kinds import SERVICE_CIRCUMSTANCES

if TYPE_CHECKING:
    from dvdesk.storage.database_protocol import DatabaseLike

HSDS_VERSION = "3.1"
TAXONOMY = "dvdesk-needs"
NAMESPACE = uuid.UUID("9b0f7a53-3c4e-5a8e-9d51-6c1f0d1e2a47")  # dvdesk's, fixed forever


def hsds_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def record_id(kind: str, key: str) -> str:
    """The id an organization or service is exported under: a record imported from HSDS (key
    ``hsds.<id>``) keeps the id it came with, when that is a UUID as HSDS 3.1 requires, so that its
    own system (or the desk it came from) matches it on a re-import instead of adding a copy of it;
    any other record, the UUIDv5 of its key."""
    feed_id = key.removeprefix("hsds.")
    if feed_id != key:
        try:
            return str(uuid.UUID(feed_id))
        except ValueError:
            pass
    return hsds_id(kind, key)


def _drop_empty(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in ("", None, [])}


def taxonomy() -> dict[str, Any]:
    return {
        "id": hsds_id("taxonomy", TAXONOMY),
        "name": TAXONOMY,
        "description": "dvdesk のニーズ分類（DV・女性相談で相談者が必要とする支援の種類）",
        "version": "1",
    }


def taxonomy_term(need: Need) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": hsds_id("need", need.key),
            "code": need.key,
            "name": need.label_ja,
            "description": need.description or need.label_en,
            "parent_id": hsds_id("need", need.parent.key) if need.parent else None,
            "taxonomy": TAXONOMY,
            "taxonomy_id": hsds_id("taxonomy", TAXONOMY),
            "language": "ja",
        }
    )


KIND_TAXONOMY = "dvdesk-organization-kinds"  # code = OrgKind value
MUNICIPALITY_TAXONOMY = "jp-local-government-codes"  # code = 全国地方公共団体コード (JIS X 0402)
# Attribute link_types of dvdesk's documented extension (docs/hsds.md); values are plain strings.
KIND, MUNICIPALITY, ASSURED, WINDOW, HOURS, NOTE, CIRCUMSTANCE = (
    "dvdesk:organization_kind",
    "jp:municipality_code",
    "dvdesk:assured_date",
    "dvdesk:window",
    "dvdesk:hours",
    "dvdesk:note",
    "dvdesk:circumstance",  # a service's 該当する事情, one attribute each (value = the key)
)
_FAX = re.compile(r"fax|ファクス|ファックス|ＦＡＸ", re.IGNORECASE)


def is_fax(label: str) -> bool:
    """dvdesk has no phone type: a contact labelled FAX / ファクス is a fax line."""
    return bool(_FAX.search(label))


def _attribute(
    link_id: str, entity: str, link_type: str, value: str, label: str = "", term: dict[str, Any] | None = None
) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": hsds_id("attribute", f"{link_id}#{link_type}#{value}"),
            "link_id": link_id,
            "link_entity": entity,
            "link_type": link_type,
            "value": value,
            "label": label,
            "taxonomy_term_id": term["id"] if term else None,
            "taxonomy_term": term,
        }
    )


def kind_term(kind: str) -> dict[str, Any]:
    return {
        "id": hsds_id("org-kind", kind),
        "code": kind,
        "name": kind,
        "taxonomy": KIND_TAXONOMY,
        "taxonomy_id": hsds_id("taxonomy", KIND_TAXONOMY),
        "description": "dvdesk の組織の種類",
    }


def municipality_term(code: str, name: str) -> dict[str, Any]:
    return {
        "id": hsds_id("municipality", code),
        "code": code,
        "name": name,
        "taxonomy": MUNICIPALITY_TAXONOMY,
        "taxonomy_id": hsds_id("taxonomy", MUNICIPALITY_TAXONOMY),
        "language": "ja",
        "description": "全国地方公共団体コード（総務省）",
    }


def _contact(oid: str, key: str, i: int, c: ContactView) -> dict[str, Any]:
    """One dvdesk contact point as an HSDS contact: label → name, its phone typed fax or voice,
    window, hours and note as attributes (HSDS contacts have no fields for them)."""
    cid = hsds_id("contact", f"{key}#{i}")
    phones = (
        [
            {
                "id": hsds_id("phone", f"{key}#{i}"),
                "contact_id": cid,
                "number": c.phone,
                "type": "fax" if is_fax(c.label) else "voice",
            }
        ]
        if c.phone
        else []
    )
    attributes = [  # the client's view: a research note is not in it (disclosure.contact_for)
        _attribute(cid, "contact", t, v) for t, v in ((WINDOW, c.window), (HOURS, c.hours), (NOTE, c.note)) if v
    ]
    return _drop_empty(
        {
            "id": cid,
            "organization_id": oid,
            "name": c.label,
            "email": c.email,
            "phones": phones,
            "attributes": attributes,
        }
    )


def organization(org_ref: str | int, session: Session) -> dict[str, Any]:
    org = session.scalars(
        select(Organization).where(
            Organization.id == org_ref if isinstance(org_ref, int) else Organization.key == org_ref
        )
    ).one()
    view = organization_for(organization_detail(session, org.id), Audience.CLIENT)
    oid = record_id("organization", view.key)
    # Phones at the organization too, for systems that read only those; contacts carry the whole.
    phones = [
        _drop_empty(
            {
                "id": hsds_id("phone", f"{view.key}#org{i}"),
                "organization_id": oid,
                "number": c.phone,
                "type": "fax" if is_fax(c.label) else "voice",
                "description": " ".join(p for p in (c.label, c.window, c.hours) if p),
            }
        )
        for i, c in enumerate(view.contacts)
        if c.phone
    ]
    locations = []
    if view.address:  # only a public address survives organization_for
        muni, lid = org.municipality, hsds_id("location", view.key)
        address = {
            "id": hsds_id("address", view.key),
            "location_id": lid,
            "address_1": view.address,
            "city": muni.name if muni else "",
            "state_province": muni.prefecture if muni else "",
            "postal_code": "",
            "country": "JP",
            "address_type": "physical",
        }
        locations.append(
            {
                "id": lid,
                "location_type": "physical",
                "organization_id": oid,
                "name": view.name,
                "description": view.address,
                "addresses": [address],
            }
        )
    attributes = [_attribute(oid, "organization", KIND, view.kind, "組織の種類", kind_term(view.kind))]
    if org.municipality is not None:
        m = org.municipality
        attributes.append(
            _attribute(oid, "organization", MUNICIPALITY, m.code, m.name, municipality_term(m.code, m.name))
        )
    if view.provenance.verified_on:
        attributes.append(
            _attribute(oid, "organization", ASSURED, view.provenance.verified_on.isoformat(), "最終確認日")
        )
    return _drop_empty(
        {
            "id": oid,
            "name": view.name,
            "alternate_name": view.discreet_name,
            "description": view.description,
            "parent_organization_id": record_id("organization", org.parent.key) if org.parent else None,
            "contacts": [_contact(oid, view.key, i, c) for i, c in enumerate(view.contacts)],
            "phones": phones,
            "locations": locations,
            "attributes": attributes,
        }
    ) | {"description": view.description}  # required, even when empty


def service(detail: ServiceDetail, terms: dict[str, dict[str, Any]]) -> dict[str, Any]:
    sid = record_id("service", detail.key)
    attributes = [
        {
            "id": hsds_id("attribute", f"{detail.key}#{key}"),
            "link_id": sid,
            "link_type": "need",
            "link_entity": "service",
            "value": key,
            "label": ja,
            "taxonomy_term_id": terms[key]["id"],
            "taxonomy_term": terms[key],
        }
        for key, ja, _ in detail.needs
    ]
    if detail.municipality_code:  # the term is listed once in taxonomy_terms; here only its id
        attributes.append(
            _attribute(sid, "service", MUNICIPALITY, detail.municipality_code, detail.municipality)
            | {"taxonomy_term_id": municipality_term(detail.municipality_code, "")["id"]}
        )
    attributes += [  # HSDS has no field for whom a place is for: dvdesk's extension (a place for a child)
        _attribute(sid, "service", CIRCUMSTANCE, key, SERVICE_CIRCUMSTANCES.get(key, ""))
        for key in detail.circumstances
    ]
    at_locations = []
    if detail.location:  # for_audience(CLIENT) keeps it only where its confidentiality is public
        lid = hsds_id("location", f"service:{detail.key}")
        at_locations.append(
            {
                "id": hsds_id("service_at_location", detail.key),
                "service_id": sid,
                "location_id": lid,
                "location": {
                    "id": lid,
                    "location_type": "physical",
                    "name": detail.name,
                    "description": detail.location,
                },
            }
        )
    verified = detail.provenance.verified_on
    return _drop_empty(
        {
            "id": sid,
            "name": detail.name,
            "alternate_name": detail.discreet_name,
            "organization_id": record_id("organization", detail.provider.key) if detail.provider else None,
            "description": detail.description,
            "status": "active",
            "application_process": detail.access,
            "fees_description": detail.cost,
            "eligibility_description": detail.eligibility,
            "assured_date": verified.isoformat() if verified else None,
            "phones": [{"id": hsds_id("phone", detail.key), "service_id": sid, "number": detail.phone, "type": "voice"}]
            if detail.phone
            else [],
            "schedules": [{"id": hsds_id("schedule", detail.key), "service_id": sid, "description": detail.schedule}]
            if detail.schedule
            else [],
            "languages": [
                {"id": hsds_id("language", f"{detail.key}#{name}"), "service_id": sid, "name": name}
                for name in detail.languages
            ],
            "service_areas": [
                {
                    "id": hsds_id("area", detail.key),
                    "service_id": sid,
                    "name": detail.municipality or "全国",
                    "extent_type": "municipality",
                    "extent": detail.municipality_code or "JP",
                }
            ],
            "service_at_locations": at_locations,
            "required_documents": [
                {"id": hsds_id("document", detail.key), "service_id": sid, "document": detail.what_to_bring}
            ]
            if detail.what_to_bring
            else [],
            "attributes": attributes,
        }
    )


def export_document(session: Session) -> dict[str, Any]:
    """The HSDS document for every live client service a client may see, and their providers."""
    needs = list(session.scalars(select(Need).order_by(Need.sort_order)))
    terms = {n.key: taxonomy_term(n) for n in needs}
    services, provider_ids, rows_shown = [], set(), []
    rows = session.scalars(
        select(Service)
        .where(Service.retired.is_(False), Service.kind == ServiceKind.CLIENT.value)
        .order_by(Service.key)
    )
    for svc in rows:
        shown = for_audience(service_detail(session, svc.id), Audience.CLIENT)
        if shown is None:  # a staff-only or secret service
            continue
        services.append(service(shown, terms))
        rows_shown.append(svc)
        if shown.provider:
            provider_ids.add(shown.provider.id)
    # Providers and their parents, so that every organization_id in the file resolves.
    orgs = {o.id: o for o in session.scalars(select(Organization).where(Organization.id.in_(provider_ids)))}
    todo = list(orgs.values())
    while todo:
        parent = todo.pop().parent
        if parent is not None and parent.id not in orgs:
            orgs[parent.id] = parent
            todo.append(parent)
    written = {s.key for s in rows_shown}
    refuse_export(session, written, {o.key for o in orgs.values()})  # a file past the gate: nothing leaves
    organizations = [organization(i, session) for i in _parents_first(orgs)]
    extra_terms = {
        a["taxonomy_term"]["id"]: a["taxonomy_term"]
        for o in organizations
        for a in o.get("attributes", [])
        if "taxonomy_term" in a
    }
    with_term = {(m.code, m.name) for m in session.scalars(select(Municipality))}
    extra_terms |= {
        t["id"]: t
        for t in (municipality_term(c, n) for c, n in with_term)
        if any(a.get("taxonomy_term_id") == t["id"] for s in services for a in s.get("attributes", []))
    }
    return {
        "hsds_version": HSDS_VERSION,
        "generator": f"dvdesk {__version__}",
        "exported_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "taxonomies": [
            taxonomy(),
            *(
                _taxonomy(n, d)
                for n, d in (
                    (KIND_TAXONOMY, "dvdesk の組織の種類（city_department, prefecture, police …）"),
                    (MUNICIPALITY_TAXONOMY, "全国地方公共団体コード（総務省、JIS X 0402）"),
                )
            ),
        ],
        "taxonomy_terms": list(terms.values()) + sorted(extra_terms.values(), key=lambda t: (t["taxonomy"], t["code"])),
        "organizations": organizations,
        "services": services,
    }


def _taxonomy(name: str, description: str) -> dict[str, Any]:
    return {"id": hsds_id("taxonomy", name), "name": name, "description": description, "version": "1"}


def _parents_first(orgs: dict[int, Organization]) -> list[int]:
    """Organization ids ordered by key, each parent before its children (an importer can resolve
    ``parent_organization_id`` as it goes). A parent loop (an old backup the gate never saw) is
    cut where it closes, so the export still ends."""
    done: list[int] = []
    seen: set[int] = set()

    def visit(i: int) -> None:
        if i in seen:
            return
        seen.add(i)
        parent = orgs[i].parent
        if parent is not None and parent.id in orgs:
            visit(parent.id)
        done.append(i)

    for i in sorted(orgs, key=lambda i: orgs[i].key):
        visit(i)
    return done


def export_hsds(db: DatabaseLike, path: Path) -> dict[str, int]:
    with db.read() as session:
        doc = export_document(session)
    files.atomic_write(Path(path), json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
    return {
        "organizations": len(doc["organizations"]),
        "services": len(doc["services"]),
        "taxonomy_terms": len(doc["taxonomy_terms"]),
    }
