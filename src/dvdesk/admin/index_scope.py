"""Which services' search-index rows an import changes, so that only those are re-indexed.

A service's index row holds its own fields, its municipality's code, its organisation's name and
that organisation's parent's name, its needs with all their ancestors, and its plan measures
(``storage.search_index.index_row``). So besides the services an import adds, changes, retires or
restores, a changed organisation touches its services and its child organisations' services, a
changed municipality its services, a changed need the services of the need and of every need
under it, a changed plan the services linked to its measures. Read before the writes (the links
as they were) and after them (as they are now): a service that lost a link is re-indexed too.
Departments and procedures have small indexes of their own, rewritten whenever one of the kinds
they are made of changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin.kinds import KINDS
from dvdesk.domain.models import Initiative, Need, Organization, Service, service_initiatives, service_needs

_CHUNK = 500  # keys per IN (…)
_DEPARTMENT_KINDS = {"organization", "procedure", "municipality", "need"}


class Touched:
    """The services to re-index after writing ``diffs`` (anything with ``kind`` and ``key``)."""

    def __init__(self, diffs: Iterable[Any]):
        self.keys: dict[str, list[str]] = {}
        for d in diffs:
            if d.kind in KINDS:
                self.keys.setdefault(d.kind, []).append(d.key)
        self.departments = bool(_DEPARTMENT_KINDS & self.keys.keys())
        self.services: set[int] = set()

    def collect(self, session: Session) -> None:
        """Add the services touched as the database stands now (call before and after writing)."""
        session.flush()
        self.services |= set(_ids(session, "service", self.keys.get("service", [])))
        orgs = set(_ids(session, "organization", self.keys.get("organization", [])))
        if orgs:  # a child's services carry their parent's name too
            orgs |= set(_in(session, select(Organization.id), Organization.parent_id, sorted(orgs)))
            self.services |= set(_in(session, select(Service.id), Service.organization_id, sorted(orgs)))
        munis = _ids(session, "municipality", self.keys.get("municipality", []))
        self.services |= set(_in(session, select(Service.id), Service.municipality_id, munis))
        needs = _ids(session, "need", self.keys.get("need", []))
        if needs:
            below = _descendants(session, needs)
            self.services |= set(_in(session, select(service_needs.c.service_id), service_needs.c.need_id, below))
        plans = _ids(session, "plan", self.keys.get("plan", []))
        if plans:
            measures = _in(session, select(Initiative.id), Initiative.plan_id, plans)
            link = service_initiatives.c
            self.services |= set(_in(session, select(link.service_id), link.initiative_id, measures))


def _ids(session: Session, kind_name: str, keys: Sequence[str]) -> list[int]:
    kind = KINDS[kind_name]
    return _in(session, select(kind.model.id), getattr(kind.model, kind.key_attr), list(keys))


def _in(session: Session, query: Any, column: Any, values: Sequence[Any]) -> list[int]:
    found: list[int] = []
    for start in range(0, len(values), _CHUNK):
        found += session.scalars(query.where(column.in_(values[start : start + _CHUNK])))
    return found


def _descendants(session: Session, need_ids: Iterable[int]) -> list[int]:
    """The needs and every need under them (the taxonomy is small: read whole)."""
    children: dict[int | None, list[int]] = {}
    for nid, parent in session.execute(select(Need.id, Need.parent_id)):
        children.setdefault(parent, []).append(nid)
    found: set[int] = set()
    todo = list(need_ids)
    while todo:  # a parent loop ends here too: each need is visited once
        nid = todo.pop()
        if nid not in found:
            found.add(nid)
            todo += children.get(nid, [])
    return sorted(found)
