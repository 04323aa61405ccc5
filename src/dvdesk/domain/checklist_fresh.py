"""Whether a checklist still says what the directory says, just before it is printed.

A checklist holds its items as they were read when proposed or added (``checklist.procedure_item``,
``service_item``), and the dialog may stay open for an hour. Meanwhile another desk (shared mode)
or the administration window may correct a phone, mark a contact or a whole service 職員のみ, or
retire a record: the copy printed from the held items showed the old phone, or the now staff-only
line, on the client's paper, and a list with items read before and after the edit mixed both.
``changed`` re-reads every directory item of the list in one session and names those whose printed
fields (their own and their department's) are no longer what the directory holds; the printing
path refuses such a copy (``app.checklists.Checklists.render``). What the counselor chose (order,
the department she named for an unconfirmed one, her notes) is hers and not compared.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dvdesk.domain.checklist_values import Checklist, ChecklistItem, ItemKind


def _items(checklist: Checklist) -> Iterator[ChecklistItem]:
    for section in checklist.sections:
        yield from section.items
    for group in checklist.contacts:
        yield from group.services


def printed_fields(item: ChecklistItem) -> tuple[object, ...]:
    """What of an item reaches paper, as read from the directory (the department's record too)."""
    return (
        item.name,
        item.discreet_name,
        item.discreet_line,
        item.description,
        item.what_to_bring,
        item.caution,
        item.phone,
        item.hours,
        item.location,
        item.location_confidentiality,
        item.confidentiality,
        item.shelter,
        item.department.organization,
    )


def changed(session: Session, checklist: Checklist) -> list[str]:
    """The names of the list's directory items whose record changed or was retired since read."""
    from dvdesk.domain.checklist import procedure_item
    from dvdesk.domain.checklist_places import service_item_of as _service_item
    from dvdesk.domain.directory import details
    from dvdesk.domain.models import Organization, Procedure, Service

    items = [i for i in _items(checklist) if i.key and i.kind is not ItemKind.TEXT]
    procedures = {i.key for i in items if i.kind is ItemKind.PROCEDURE}
    services = {i.key for i in items if i.kind is ItemKind.SERVICE}
    fresh: dict[tuple[ItemKind, str], ChecklistItem] = {}
    if procedures:
        stmt = (
            select(Procedure)
            .where(Procedure.key.in_(procedures), Procedure.retired.is_(False))
            .options(
                selectinload(Procedure.organization).selectinload(Organization.contacts),
                selectinload(Procedure.organization).selectinload(Organization.parent),
                selectinload(Procedure.organization).selectinload(Organization.municipality),
            )
        )
        fresh.update({(ItemKind.PROCEDURE, p.key): procedure_item(p) for p in session.scalars(stmt)})
    if services:
        stmt_s = select(Service).where(Service.key.in_(services), Service.retired.is_(False))
        fresh.update({(ItemKind.SERVICE, d.key): _service_item(d) for d in details(session, stmt_s)})
    out: list[str] = []
    for item in items:
        now = fresh.get((item.kind, item.key))
        if (now is None or printed_fields(now) != printed_fields(item)) and item.name not in out:
            out.append(item.name)
    return out
