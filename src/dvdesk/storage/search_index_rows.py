"""What the search index holds and how its rows are written (``storage.search_index`` tells why).

The tables and their DDL, one service's index source (``IndexSource``, read from an ORM object by
``source_of`` or a chunk at a time from plain columns by ``read_sources``), its FTS row
(``index_row``) and ``search_list`` rows (``list_rows``), rank slots (``spread_slots``) and the
writes shared by the full build (``search_index_build``) and the incremental update
(``search_index_update``): FTS5 on SQLite, ``storage.pg_search``'s token tables on a server.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any

from sqlalchemy import TextClause, select, text
from sqlalchemy.orm import Session, aliased

from dvdesk.domain import search_layout
from dvdesk.domain.japanese import index_tokens
from dvdesk.domain.models import (
    Initiative,
    Municipality,
    Need,
    Organization,
    Service,
    service_initiatives,
    service_needs,
)
from dvdesk.domain.search import (
    ALL_TAG,
    ID_BITS,
    KIND_RANK,
    LIST_TABLE,
    kind_tag,
    list_tag,
    municipality_tag,
    need_tag,
    rowid_of,
)
from dvdesk.storage import start_open
from dvdesk.storage.driver_rows import execute_many

FTS_TABLE = "search_fts"
NAMES_TABLE = "search_fts_names"
_OPTIONS = "tokenize='unicode61 remove_diacritics 0', prefix='1'"
CREATE_FTS = f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(name, org, body, tags, {_OPTIONS})"
CREATE_NAMES = f"CREATE VIRTUAL TABLE IF NOT EXISTS {NAMES_TABLE} USING fts5(name, tags, {_OPTIONS})"
PROCEDURES_TABLE = "search_fts_procedures"
CREATE_PROCEDURES = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {PROCEDURES_TABLE} USING fts5(name, org, body, tags, {_OPTIONS})"
)
ORGS_TABLE = "search_fts_orgs"
# Each service's provider name and tags (SQLite only; a server looks providers up in its services
# table): a provider lookup reads providers only, instead of every service that mentions the words.
PROVIDERS_TABLE = search_layout.PROVIDERS_TABLE
CREATE_PROVIDERS = f"CREATE VIRTUAL TABLE IF NOT EXISTS {PROVIDERS_TABLE} USING fts5(org, tags, {_OPTIONS})"
_INSERT_PROVIDER = text(f"INSERT INTO {PROVIDERS_TABLE}(rowid, org, tags) VALUES (:id, :o, :t)")
# The discreet name in a column of its own: a department is named by its own name (``{name}:``).
CREATE_ORGS = f"CREATE VIRTUAL TABLE IF NOT EXISTS {ORGS_TABLE} USING fts5(name, other, tags, {_OPTIONS})"
ORDER_TABLE = "search_order"
CREATE_ORDER = (
    f"CREATE TABLE IF NOT EXISTS {ORDER_TABLE} (service_id INTEGER PRIMARY KEY, "
    "len INTEGER NOT NULL, name TEXT NOT NULL, slot INTEGER NOT NULL)"
)
CREATE_ORDER_INDEX = f"CREATE INDEX IF NOT EXISTS ix_{ORDER_TABLE}_key ON {ORDER_TABLE}(len, name, service_id)"
CREATE_LIST = (
    f"CREATE TABLE IF NOT EXISTS {LIST_TABLE} (tag TEXT NOT NULL, kind INTEGER NOT NULL, "
    "name TEXT NOT NULL, service_id INTEGER NOT NULL, PRIMARY KEY (tag, kind, name, service_id)) "
    "WITHOUT ROWID"
)
CREATE_LIST_INDEX = f"CREATE INDEX IF NOT EXISTS ix_{LIST_TABLE}_service ON {LIST_TABLE}(service_id)"
_INSERT_ORDER = text(f"INSERT INTO {ORDER_TABLE}(service_id, len, name, slot) VALUES (:id, :len, :name, :slot)")
_INSERT_LIST = text(f"INSERT INTO {LIST_TABLE}(tag, kind, name, service_id) VALUES (:tag, :kind, :name, :id)")
# Slots are spread over this many values so that an edited name usually fits between two others.
SLOT_SPACE = 1 << (63 - ID_BITS)
_INSERT = text(f"INSERT INTO {FTS_TABLE}(rowid, name, org, body, tags) VALUES (:id, :n, :o, :b, :t)")
_INSERT_NAME = text(f"INSERT INTO {NAMES_TABLE}(rowid, name, tags) VALUES (:id, :n, :t)")
CHUNK = 5000


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


def list_rows(src: IndexSource) -> list[dict[str, object]]:
    """The service's rows in ``search_list``: everything, its municipality, each need (with its
    ancestors), and each need within its municipality."""
    muni = municipality_tag(src.municipality_code)
    tags = [ALL_TAG, muni]
    for n in src.needs:
        tags += [need_tag(n.id), list_tag(need_tag(n.id), muni)]
    kind = KIND_RANK[src.kind]
    return [{"tag": t, "kind": kind, "name": src.name, "id": src.id} for t in tags]


def index_row(src: IndexSource) -> dict[str, object]:
    body_parts = [
        *src.texts,
        *(f"{n.label_ja} {n.label_en}" for n in src.needs),
        *(f"{label} {title} {content}" for label, title, content in src.initiatives),
        src.provider_parent,
    ]
    tags = [municipality_tag(src.municipality_code), *(need_tag(n.id) for n in src.needs), kind_tag(src.kind)]
    return {
        "id": src.id,
        "n": index_tokens(src.name),
        "o": part_tokens(src.provider),
        "b": joined_tokens(body_parts),
        "t": " ".join(tags),
    }


@lru_cache(maxsize=16_384)
def part_tokens(part: str) -> str:
    """``index_tokens`` of one part of a row, kept: most parts recur across thousands of services
    (a need's labels, a plan's measures, a provider, 月〜金 8:30〜17:15), and tokenizing was a
    quarter of a full build's time."""
    return index_tokens(part)


def joined_tokens(parts: Iterable[str]) -> str:
    """``index_tokens(" ".join(parts))``, a part at a time: no token spans the space between two
    parts (a test holds the two equal), so each part's tokens can come from ``part_tokens``."""
    return " ".join(t for t in map(part_tokens, parts) if t)


def _texts(
    discreet_name: str,
    description: str,
    access: str,
    schedule: str,
    eligibility: str,
    what_to_bring: str,
    cost: str,
    languages: Iterable[str] | None,
    phone: str,
) -> list[str]:
    # The line's own number too: counselors type 8008 or 189 for DV相談ナビ or the child line.
    return [
        discreet_name,
        description,
        access,
        schedule,
        eligibility,
        what_to_bring,
        cost,
        " ".join(languages or []),
        phone,
    ]


def with_ancestors(need_ids: Iterable[int], parents: dict[int, int | None]) -> list[int]:
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
        texts=_texts(
            service.discreet_name,
            service.description,
            service.access,
            service.schedule,
            service.eligibility,
            service.what_to_bring,
            service.cost,
            service.languages,
            service.phone,
        ),
        needs=[labels[i] for i in sorted(labels)],
        initiatives=sorted((i.label, i.title, i.content) for i in service.initiatives),
    )


def read_sources(session: Session, only: Sequence[int] | None = None) -> Iterator[IndexSource]:
    """Every service that counselors may see (or those of ``only``), read a chunk at a time by id."""
    needs = {n.id: n for n in session.execute(select(Need.id, Need.parent_id, Need.label_ja, Need.label_en))}
    parents = {i: n.parent_id for i, n in needs.items()}
    parent_org = aliased(Organization)
    columns = (
        select(
            Service.id,
            Service.name,
            Service.kind,
            Municipality.code,
            Organization.name,
            parent_org.name,
            Service.discreet_name,
            Service.description,
            Service.access,
            Service.schedule,
            Service.eligibility,
            Service.what_to_bring,
            Service.cost,
            Service.languages,
            Service.phone,
        )
        .outerjoin(Municipality, Municipality.id == Service.municipality_id)
        .outerjoin(Organization, Organization.id == Service.organization_id)
        .outerjoin(parent_org, parent_org.id == Organization.parent_id)
        .where(Service.retired.is_(False))
        .order_by(Service.id)
        .limit(CHUNK)
    )
    for rows in chunks(session, columns, only):
        first, last = rows[0][0], rows[-1][0]
        ids = [r[0] for r in rows]  # a sparse ``only`` reads its own links, not the range's
        linked = service_needs.c.service_id
        in_chunk = linked.between(first, last) if only is None else linked.in_(ids)
        need_ids: dict[int, list[int]] = {}
        for sid, nid in session.execute(select(service_needs.c.service_id, service_needs.c.need_id).where(in_chunk)):
            need_ids.setdefault(sid, []).append(nid)
        inits: dict[int, list[tuple[str, str, str]]] = {}
        for sid, label, title, content in session.execute(
            select(service_initiatives.c.service_id, Initiative.label, Initiative.title, Initiative.content)
            .join(Initiative, Initiative.id == service_initiatives.c.initiative_id)
            .where(
                service_initiatives.c.service_id.between(first, last)
                if only is None
                else service_initiatives.c.service_id.in_(ids)
            )
        ):
            inits.setdefault(sid, []).append((label, title, content))
        for sid, name, kind, code, provider, parent, *texts in rows:
            yield IndexSource(
                id=sid,
                name=name,
                kind=kind,
                municipality_code=code,
                provider=provider or "",
                provider_parent=parent or "",
                texts=_texts(*texts),
                needs=[
                    NeedLabel(i, needs[i].label_ja, needs[i].label_en)
                    for i in with_ancestors(need_ids.get(sid, ()), parents)
                ],
                initiatives=sorted(inits.get(sid, ())),
            )


# Bump when what index_row() stores changes; databases with an older index are re-indexed at open.
# 2: a service's own phone number is searchable; 3: procedures and departments are indexed;
# 4: rowids are rank positions (exact top k at any scale), search_order, search_list
# 5: each FTS5 index merged into one segment after a rebuild (``merge_segments``), providers' own
#    index (search_fts_providers, SQLite); 4 is upgraded in place (``upgrade``)
# Defined with the quick start, which checks them through plain sqlite3 before SQLAlchemy exists.
INDEX_VERSION, VERSION_KEY = start_open.INDEX_VERSION, start_open.INDEX_VERSION_KEY


def spread_slots(records: Iterable[tuple[int, str]]) -> dict[int, int]:
    """Each record's slot, evenly spread in (length of the name, name, id) order."""
    ordered = sorted(records, key=lambda r: (len(r[1]), r[1], r[0]))
    if ordered and max(r[0] for r in ordered) >> ID_BITS:
        raise ValueError(f"record id above 2**{ID_BITS}: the search index cannot hold it")
    gap = SLOT_SPACE // (len(ordered) + 1)
    return {rid: (n + 1) * gap for n, (rid, _) in enumerate(ordered)}


@dataclass(frozen=True)
class Entry:
    """One service's rows: its FTS row (``index_row``), its rank slot, its ``search_list`` rows."""

    id: int
    name: str
    slot: int
    row: dict[str, object]
    lists: list[dict[str, object]]


def entry_of(src: IndexSource, slot: int) -> Entry:
    return Entry(src.id, src.name, slot, index_row(src), list_rows(src))


def insert_entries(session: Session, entries: list[Entry]) -> None:
    fts = [e.row | {"id": rowid_of(e.slot, e.id)} for e in entries]
    write_fts(session, _INSERT, FTS_TABLE, fts)
    write_fts(session, _INSERT_NAME, NAMES_TABLE, fts)
    insert_providers(session, fts)
    order = [{"id": e.id, "len": len(e.name), "name": e.name, "slot": e.slot} for e in entries]
    execute_many(session, _INSERT_ORDER, order)
    execute_many(session, _INSERT_LIST, [lr for e in entries for lr in e.lists])


def server_of(session: Session) -> ModuleType | None:
    """``storage.pg_search`` on a PostgreSQL server (shared mode), None on SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    from dvdesk.storage import pg_search

    return pg_search


def write_fts(session: Session, insert: TextClause, table: str, rows: list[dict[str, object]]) -> None:
    """Write FTS rows: the FTS5 INSERT on SQLite, the same rows as tokens on a server."""
    server = server_of(session)
    if server:
        server.insert(session, table, rows)
    else:
        execute_many(session, insert, rows)


def insert_providers(session: Session, fts_rows: list[dict[str, object]]) -> None:
    """The providers' rows of these services' FTS rows (``index_row``'s ``o`` and ``t``), on SQLite."""
    if not server_of(session):
        execute_many(session, _INSERT_PROVIDER, [{"id": r["id"], "o": r["o"], "t": r["t"]} for r in fts_rows])


def delete_provider(session: Session, rowid: int) -> None:
    session.execute(text(f"DELETE FROM {PROVIDERS_TABLE} WHERE rowid = :r"), {"r": rowid})


IN_CHUNK = 500  # ids per IN (…): far under SQLite's and PostgreSQL's parameter limits


def chunks(session: Session, columns: Any, only: Sequence[int] | None) -> Iterator[Sequence[Any]]:
    """``columns`` a chunk at a time: by id range over every service, or ``only``'s ids."""
    if only is None:
        last = 0
        while rows := session.execute(columns.where(Service.id > last)).all():
            yield rows
            last = rows[-1][0]
        return
    ids = sorted(set(only))
    for start in range(0, len(ids), IN_CHUNK):
        rows = session.execute(columns.where(Service.id.in_(ids[start : start + IN_CHUNK]))).all()
        if rows:
            yield rows
