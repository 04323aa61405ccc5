"""The full-text index behind search: one FTS5 row per service that counselors may see.

Rows hold bigram tokens (see ``dvdesk.domain.japanese``) in four columns: the service's name,
its provider, the rest of its public text, and tag tokens for municipality, needs and kind.
Secret fields (a shelter's location) and staff notes are never indexed. ``prefix='1'`` keeps a
second index of every token's first character, so a one-character query is one doclist read
(and can skip along a municipality filter) instead of a merge of every bigram it starts.
``search_fts_names`` repeats only the name and the tags: name matches are looked up there, at a
cost that does not grow with how often the words occur in descriptions.

``search_fts_orgs`` holds departments' and agencies' names.
``search_fts_procedures`` holds the checklist's procedures (name, department, public text, tags),
so that 住民票 or マイナンバー finds the procedure itself; it is rebuilt with the rest (an edit of a
procedure rebuilds the index, see ``dvdesk.admin.editing.reindex``).

``refresh`` indexes one edited service from its ORM object; ``rebuild`` re-indexes everything
from plain column reads, a chunk at a time, so a national-scale directory (350,000 services)
indexes in bounded memory. Both go through ``index_row``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType

from sqlalchemy import select, text
from sqlalchemy.orm import Session, aliased

from dvdesk.domain.japanese import index_tokens
from dvdesk.domain.models import (
    Initiative,
    Municipality,
    Need,
    Organization,
    Procedure,
    Service,
    procedure_needs,
    service_initiatives,
    service_needs,
)
from dvdesk.domain.search import kind_tag, municipality_tag, need_tag

FTS_TABLE = "search_fts"
NAMES_TABLE = "search_fts_names"
_OPTIONS = "tokenize='unicode61 remove_diacritics 0', prefix='1'"
CREATE_FTS = f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(name, org, body, tags, {_OPTIONS})"
CREATE_NAMES = f"CREATE VIRTUAL TABLE IF NOT EXISTS {NAMES_TABLE} USING fts5(name, tags, {_OPTIONS})"
PROCEDURES_TABLE = "search_fts_procedures"
CREATE_PROCEDURES = (f"CREATE VIRTUAL TABLE IF NOT EXISTS {PROCEDURES_TABLE} "
                     f"USING fts5(name, org, body, tags, {_OPTIONS})")
ORGS_TABLE = "search_fts_orgs"
CREATE_ORGS = f"CREATE VIRTUAL TABLE IF NOT EXISTS {ORGS_TABLE} USING fts5(name, tags, {_OPTIONS})"
_INSERT_ORG = text(f"INSERT INTO {ORGS_TABLE}(rowid, name, tags) VALUES (:id, :n, :t)")
_INSERT_PROCEDURE = text(f"INSERT INTO {PROCEDURES_TABLE}(rowid, name, org, body, tags) VALUES (:id, :n, :o, :b, :t)")
_INSERT = text(f"INSERT INTO {FTS_TABLE}(rowid, name, org, body, tags) VALUES (:id, :n, :o, :b, :t)")
_INSERT_NAME = text(f"INSERT INTO {NAMES_TABLE}(rowid, name, tags) VALUES (:id, :n, :t)")
_CHUNK = 5000


@dataclass(frozen=True)
class NeedLabel:
    id: int
    label_ja: str
    label_en: str


@dataclass(frozen=True)
class IndexSource:
    """Everything one index row is made of, however it was read."""

    id: int
    name: str
    kind: str
    municipality_code: str | None
    provider: str
    provider_parent: str
    texts: Sequence[str]  # discreet name, description, access, schedule, eligibility, …
    needs: Sequence[NeedLabel]  # the service's needs and all their ancestors
    initiatives: Sequence[tuple[str, str, str]]  # (label, title, content) of the plan's measures


def index_row(src: IndexSource) -> dict[str, object]:
    body_parts = [
        *src.texts,
        " ".join(f"{n.label_ja} {n.label_en}" for n in src.needs),
        " ".join(f"{label} {title} {content}" for label, title, content in src.initiatives),
        src.provider_parent,
    ]
    tags = [municipality_tag(src.municipality_code), *(need_tag(n.id) for n in src.needs), kind_tag(src.kind)]
    return {
        "id": src.id,
        "n": index_tokens(src.name),
        "o": index_tokens(src.provider),
        "b": index_tokens(" ".join(p for p in body_parts if p)),
        "t": " ".join(tags),
    }


def _texts(discreet_name: str, description: str, access: str, schedule: str, eligibility: str,
           what_to_bring: str, cost: str, languages: Iterable[str] | None, phone: str) -> list[str]:
    # The line's own number too: counselors type 8008 or 189 for DV相談ナビ or the child line.
    return [discreet_name, description, access, schedule, eligibility, what_to_bring, cost,
            " ".join(languages or []), phone]


def _with_ancestors(need_ids: Iterable[int], parents: dict[int, int | None]) -> list[int]:
    found: dict[int, None] = {}
    for need_id in need_ids:
        node: int | None = need_id
        while node is not None and node not in found:
            found[node] = None
            node = parents.get(node)
    return sorted(found)


def source_of(service: Service) -> IndexSource:
    """The index source of one ORM service (for ``refresh``)."""
    org: Organization | None = service.organization
    labels: dict[int, NeedLabel] = {}
    for need in service.needs:
        node: Need | None = need
        while node is not None and node.id not in labels:  # a parent loop ends the walk
            labels[node.id] = NeedLabel(node.id, node.label_ja, node.label_en)
            node = node.parent
    return IndexSource(
        id=service.id,
        name=service.name,
        kind=service.kind,
        municipality_code=service.municipality.code if service.municipality else None,
        provider=org.name if org else "",
        provider_parent=org.parent.name if org and org.parent else "",
        texts=_texts(service.discreet_name, service.description, service.access, service.schedule,
                     service.eligibility, service.what_to_bring, service.cost, service.languages,
                     service.phone),
        needs=[labels[i] for i in sorted(labels)],
        initiatives=sorted((i.label, i.title, i.content) for i in service.initiatives),
    )


def _sources(session: Session) -> Iterator[IndexSource]:
    """Every service that counselors may see, read a chunk at a time by id."""
    needs = {n.id: n for n in session.execute(select(Need.id, Need.parent_id, Need.label_ja, Need.label_en))}
    parents = {i: n.parent_id for i, n in needs.items()}
    parent_org = aliased(Organization)
    columns = select(
        Service.id, Service.name, Service.kind, Municipality.code, Organization.name, parent_org.name,
        Service.discreet_name, Service.description, Service.access, Service.schedule,
        Service.eligibility, Service.what_to_bring, Service.cost, Service.languages, Service.phone,
    ).outerjoin(Municipality, Municipality.id == Service.municipality_id
    ).outerjoin(Organization, Organization.id == Service.organization_id
    ).outerjoin(parent_org, parent_org.id == Organization.parent_id
    ).where(Service.retired.is_(False)).order_by(Service.id).limit(_CHUNK)
    last = 0
    while rows := session.execute(columns.where(Service.id > last)).all():
        first, last = rows[0][0], rows[-1][0]
        in_chunk = service_needs.c.service_id.between(first, last)
        need_ids: dict[int, list[int]] = {}
        for sid, nid in session.execute(select(service_needs.c.service_id, service_needs.c.need_id).where(in_chunk)):
            need_ids.setdefault(sid, []).append(nid)
        inits: dict[int, list[tuple[str, str, str]]] = {}
        for sid, label, title, content in session.execute(
            select(service_initiatives.c.service_id, Initiative.label, Initiative.title, Initiative.content)
            .join(Initiative, Initiative.id == service_initiatives.c.initiative_id)
            .where(service_initiatives.c.service_id.between(first, last))
        ):
            inits.setdefault(sid, []).append((label, title, content))
        for sid, name, kind, code, provider, parent, *texts in rows:
            yield IndexSource(
                id=sid, name=name, kind=kind, municipality_code=code, provider=provider or "",
                provider_parent=parent or "", texts=_texts(*texts),
                needs=[NeedLabel(i, needs[i].label_ja, needs[i].label_en)
                       for i in _with_ancestors(need_ids.get(sid, ()), parents)],
                initiatives=sorted(inits.get(sid, ())),
            )


# Bump when what index_row() stores changes; databases with an older index are re-indexed at open.
# 2: a service's own phone number is searchable; 3: procedures and departments are indexed
INDEX_VERSION = "3"
VERSION_KEY = "search_index_version"


def is_current(session: Session) -> bool:
    stored = session.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": VERSION_KEY}).scalar()
    return stored == INDEX_VERSION


def rebuild(session: Session) -> int:
    """Rewrite the whole index from the services table, in the caller's transaction."""
    session.flush()
    session.execute(text("INSERT INTO meta(key, value) VALUES (:k, :v) "
                         "ON CONFLICT(key) DO UPDATE SET value = :v"), {"k": VERSION_KEY, "v": INDEX_VERSION})
    server = _server(session)
    for table, create in ((FTS_TABLE, CREATE_FTS), (NAMES_TABLE, CREATE_NAMES),
                          (PROCEDURES_TABLE, CREATE_PROCEDURES), (ORGS_TABLE, CREATE_ORGS)):
        if server:
            server.clear(session, table)
            continue
        session.execute(text(create))
        session.execute(text(f"DELETE FROM {table}"))
    count = 0
    batch: list[dict[str, object]] = []
    for src in _sources(session):
        batch.append(index_row(src))
        if len(batch) >= _CHUNK:
            _insert(session, batch)
            count += len(batch)
            batch = []
    if batch:
        _insert(session, batch)
        count += len(batch)
    _index_procedures(session)
    _index_organizations(session)
    return count


def _index_organizations(session: Session) -> None:
    """Departments and agencies by name (their discreet name too), for the desk's search."""
    rows = session.execute(select(Organization.id, Organization.name, Organization.discreet_name, Municipality.code)
                           .outerjoin(Municipality, Municipality.id == Organization.municipality_id)
                           .where(Organization.retired.is_(False)))
    batch = [{"id": oid, "n": index_tokens(f"{name} {discreet}"), "t": municipality_tag(code)}
             for oid, name, discreet, code in rows]
    for start in range(0, len(batch), _CHUNK):
        _execute(session, _INSERT_ORG, ORGS_TABLE, batch[start:start + _CHUNK])


def _index_procedures(session: Session) -> None:
    """Every procedure counselors may see; the staff note is never indexed."""
    needs = {i: p for i, p in session.execute(select(Need.id, Need.parent_id))}
    need_ids: dict[int, list[int]] = {}
    for pid, nid in session.execute(select(procedure_needs.c.procedure_id, procedure_needs.c.need_id)):
        need_ids.setdefault(pid, []).append(nid)
    rows = session.execute(
        select(Procedure.id, Procedure.name, Procedure.description, Procedure.caution, Procedure.what_to_bring,
               Procedure.department_hint, Organization.name, Municipality.code)
        .outerjoin(Organization, Organization.id == Procedure.organization_id)
        .outerjoin(Municipality, Municipality.id == Procedure.municipality_id)
        .where(Procedure.retired.is_(False)))
    batch: list[dict[str, object]] = []
    for pid, name, description, caution, bring, hint, department, code in rows:
        tags = [municipality_tag(code), *(need_tag(n) for n in _with_ancestors(need_ids.get(pid, ()), needs))]
        batch.append({"id": pid, "n": index_tokens(name), "o": index_tokens(department or hint or ""),
                      "b": index_tokens(" ".join([description, caution, " ".join(bring or []), hint])),
                      "t": " ".join(tags)})
        if len(batch) >= _CHUNK:
            _execute(session, _INSERT_PROCEDURE, PROCEDURES_TABLE, batch)
            batch = []
    if batch:
        _execute(session, _INSERT_PROCEDURE, PROCEDURES_TABLE, batch)


def _insert(session: Session, rows: list[dict[str, object]]) -> None:
    _execute(session, _INSERT, FTS_TABLE, rows)
    _execute(session, _INSERT_NAME, NAMES_TABLE, rows)


def _server(session: Session) -> ModuleType | None:
    """``storage.pg_search`` on a PostgreSQL server (shared mode), None on SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    from dvdesk.storage import pg_search

    return pg_search


def _execute(session: Session, insert: object, table: str, rows: list[dict[str, object]]) -> None:
    """Write index rows: the FTS5 INSERT on SQLite, the same rows as tokens on a server."""
    server = _server(session)
    if server:
        server.insert(session, table, rows)
    else:
        session.execute(insert, rows)  # type: ignore[call-overload]  # insert: the FTS5 INSERT statement, typed object by its callers


def refresh(session: Session, service: Service) -> None:
    """Re-index one service after an edit (or drop it if it was retired)."""
    session.flush()
    server = _server(session)
    for table in (FTS_TABLE, NAMES_TABLE):
        if server:
            server.delete(session, table, service.id)
            continue
        session.execute(text(f"DELETE FROM {table} WHERE rowid = :id"), {"id": service.id})
    if not service.retired:
        _insert(session, [index_row(source_of(service))])
