"""Read-side views of the directory: plain, immutable records built inside a session.

Views are what the window, the command line and the printouts show. They carry every field,
including staff-only and secret ones with their confidentiality level; ``disclosure`` decides
what each audience may see.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

# The views live apart from SQLAlchemy (detail_views, directory_views); imported from here as before.
from dvdesk.domain import phone_notes
from dvdesk.domain.detail_views import ContactView as ContactView
from dvdesk.domain.detail_views import OrganizationView as OrganizationView
from dvdesk.domain.detail_views import ServiceDetail as ServiceDetail
from dvdesk.domain.detail_views import SourceView as SourceView
from dvdesk.domain.detail_views import dialable
from dvdesk.domain.directory_views import DESK_MUNICIPALITY as DESK_MUNICIPALITY
from dvdesk.domain.directory_views import SHELTER_NEED as SHELTER_NEED
from dvdesk.domain.directory_views import STALE_AFTER as STALE_AFTER
from dvdesk.domain.directory_views import NeedNode as NeedNode
from dvdesk.domain.directory_views import NotFound as NotFound
from dvdesk.domain.directory_views import names_municipality, need_nodes
from dvdesk.domain.models import (
    Confidentiality,
    Municipality,
    Need,
    Organization,
    Procedure,
    Service,
    ServiceKind,
    service_needs,
)


def _service_options() -> tuple[ExecutableOption, ...]:
    return (
        selectinload(Service.organization).selectinload(Organization.contacts),
        selectinload(Service.organization).selectinload(Organization.parent),
        selectinload(Service.organization).selectinload(Organization.municipality),
        selectinload(Service.needs),
        selectinload(Service.initiatives),
        selectinload(Service.municipality),
    )


def service_detail(session: Session, ref: int | str) -> ServiceDetail:
    """A service by numeric id or by key."""
    stmt = select(Service).options(*_service_options())
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        stmt = stmt.where(Service.id == int(ref))
    else:
        stmt = stmt.where(Service.key == ref)
    s = session.scalar(stmt)
    if s is None:
        raise NotFound(f"service {ref}")
    return detail_of(s)


def details(session: Session, stmt: Select[Service]) -> list[ServiceDetail]:
    """Every service ``stmt`` selects, loaded in one go."""
    return [detail_of(s) for s in session.scalars(stmt.options(*_service_options()))]


def detail_of(s: Service) -> ServiceDetail:
    return ServiceDetail(
        id=s.id,
        key=s.key,
        name=s.name,
        discreet_name=s.discreet_name,
        kind=ServiceKind.of(s.kind),
        municipality=s.municipality.name if s.municipality else "",
        municipality_code=s.municipality.code if s.municipality else "",
        description=s.description,
        access=s.access,
        schedule=s.schedule,
        eligibility=s.eligibility,
        what_to_bring=s.what_to_bring,
        languages=tuple(s.languages or ()),
        cost=s.cost,
        phone=s.phone,
        location=s.location,
        location_confidentiality=_location_level(s),
        confidentiality=Confidentiality.of(s.confidentiality),
        staff_note=phone_notes.current(s.staff_note, has_phone=bool(s.phone) or dialable(s.organization)),
        needs=tuple((n.key, n.label_ja, n.label_en) for n in s.needs),
        initiatives=tuple(f"{i.plan.title} {i.label} {i.title}" for i in s.initiatives),
        provider=OrganizationView.of(s.organization) if s.organization else None,
        provenance=SourceView(s.source, s.source_note, s.verified_on, s.verified_by),
        retired=s.retired,
        discreet_line=s.discreet_line,
        shelter=any(is_shelter(n) for n in s.needs),
        circumstances=tuple(s.circumstances or ()),
    )


def _location_level(s: Service) -> Confidentiality:
    """A shelter's location is never public, even in a record that slipped past the gate."""
    level = Confidentiality.of(s.location_confidentiality)
    if level is Confidentiality.PUBLIC and any(is_shelter(n) for n in s.needs):
        return Confidentiality.SECRET
    return level


def is_shelter(need: Need) -> bool:
    """``safety.shelter`` or any need below it (by key or by parent; a parent loop ends the walk)."""
    seen: set[int] = set()
    node: Need | None = need
    while node is not None and node.id not in seen:
        if node.key == SHELTER_NEED or node.key.startswith(SHELTER_NEED + "."):
            return True
        seen.add(node.id)
        node = node.parent
    return False


def municipalities(session: Session) -> list[Municipality]:
    return list(
        session.scalars(select(Municipality).where(Municipality.retired.is_(False)).order_by(Municipality.code))
    )


def need_labels(session: Session) -> dict[str, tuple[str, str]]:
    """Every need's (Japanese, English) label by key, retired ones too (old records name them)."""
    return {key: (ja, en) for key, ja, en in session.execute(select(Need.key, Need.label_ja, Need.label_en))}


def record_counts(session: Session) -> dict[str, int]:
    """How many municipalities, organizations, services and procedures the database holds."""
    models = (
        ("municipalities", Municipality),
        ("organizations", Organization),
        ("services", Service),
        ("procedures", Procedure),
    )
    return {name: session.scalar(select(func.count()).select_from(model)) or 0 for name, model in models}


def find_municipality(session: Session, ref: str) -> Municipality:
    """By 6-digit code, 5-digit code (no check digit), or name with or without 市・区・町・村."""
    for m in municipalities(session):
        if names_municipality(ref, m.code, m.name):
            return m
    raise NotFound(f"municipality {ref}")


def organization_detail(session: Session, ref: int | str) -> OrganizationView:
    stmt = select(Organization).options(
        selectinload(Organization.contacts), selectinload(Organization.parent), selectinload(Organization.municipality)
    )
    if isinstance(ref, int) or ref.isdigit():
        stmt = stmt.where(Organization.id == int(ref))
    else:
        stmt = stmt.where(Organization.key == ref)
    org = session.scalar(stmt)
    if org is None:
        raise NotFound(f"organization {ref}")
    return OrganizationView.of(org)


def organizations(
    session: Session, municipality_code: str | None = None, national_only: bool = False
) -> list[OrganizationView]:
    """Departments and agencies of a municipality (with the national ones), by kind then name;
    ``national_only``: just the national agencies (no municipality chosen in a national directory)."""
    stmt = (
        select(Organization)
        .where(Organization.retired.is_(False))
        .options(
            selectinload(Organization.contacts),
            selectinload(Organization.parent),
            selectinload(Organization.municipality),
        )
    )
    if national_only:
        stmt = stmt.where(Organization.municipality_id.is_(None))
    elif municipality_code:
        stmt = stmt.outerjoin(Municipality).where(
            (Municipality.code == municipality_code) | Organization.municipality_id.is_(None)
        )
    orgs = session.scalars(stmt).all()
    return sorted((OrganizationView.of(o) for o in orgs), key=lambda o: (o.municipality == "", o.kind, o.name))


def services_of(session: Session, organization_id: int) -> list[Service]:
    return list(
        session.scalars(
            select(Service)
            .where(Service.organization_id == organization_id, Service.retired.is_(False))
            .order_by(Service.kind, Service.name)
        )
    )


def need_tree(session: Session, municipality_code: str | None = None) -> list[NeedNode]:
    """The need taxonomy with how many visible services each need has (sub-needs included)."""
    needs = list(session.scalars(select(Need).where(Need.retired.is_(False)).order_by(Need.sort_order)))
    count_stmt = (
        select(service_needs.c.need_id, func.count())
        .join(Service, Service.id == service_needs.c.service_id)
        .where(Service.retired.is_(False))
        .group_by(service_needs.c.need_id)
    )
    if municipality_code:
        count_stmt = count_stmt.outerjoin(Municipality, Municipality.id == Service.municipality_id).where(
            (Municipality.code == municipality_code) | Service.municipality_id.is_(None)
        )
    direct: dict[int, int] = {need_id: n for need_id, n in session.execute(count_stmt)}
    return need_nodes(needs, direct)
