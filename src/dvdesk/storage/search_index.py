"""The full-text index behind search: one FTS5 row per service that counselors may see.

Rows hold bigram tokens (see ``dvdesk.domain.japanese``) in four columns: the service's name,
its provider, the rest of its public text, and tag tokens for municipality, needs and kind.
Secret fields (a shelter's location) and staff notes are never indexed. ``prefix='1'`` keeps a
second index of every token's first character, so a one-character query is one doclist read
(and can skip along a municipality filter) instead of a merge of every bigram it starts.
``search_fts_names`` repeats only the name and the tags: name matches are looked up there, at a
cost that does not grow with how often the words occur in descriptions; ``search_fts_providers``
likewise repeats the provider's name and the tags (SQLite; a server reads its services' table).
After a rebuild every FTS5 index is merged into one segment (``merge_segments``).

``search_fts_orgs`` holds departments' and agencies' names.
``search_fts_procedures`` holds the checklist's procedures (name, department, public text, tags),
so that 住民票 or マイナンバー finds the procedure itself; it is rebuilt with the rest (an edit of a
procedure rebuilds the index, see ``dvdesk.admin.editing.reindex``).

``refresh`` indexes one edited service from its ORM object; ``rebuild`` re-indexes everything
from plain column reads, a chunk at a time, so a national-scale directory (350,000 services)
indexes in bounded memory. Both go through ``index_row``.

**Rowids are rank positions, not ids.** A search ranks by (where the words are, kind, length of
the name, name, id); the last three are fixed per record, so every FTS row's rowid is
``slot << ID_BITS | id`` with slots in (length, name, id) order (``dvdesk.domain.search.rowid_of``).
FTS5 returns matches in rowid order, so ``MATCH … ORDER BY rowid LIMIT k`` is the exact top k of
a lookup and stops after k rows, at any scale. ``search_order`` keeps each service's slot (an
edited name gets a slot between its new neighbours; when there is no gap left, everything is
renumbered). ``search_list`` answers searches without words (a need, a municipality): one row
per service and filter tag, keyed (tag, kind, name, id), so the exact first page is an index
range read.

On a PostgreSQL server (shared mode) the same rows go to ``storage.pg_search``'s token tables,
keyed by the same rank positions; ``search_order`` and ``search_list`` are the server's own
tables (migration 0011, never dropped here: a desk's role may not create tables), emptied and
refilled by ``rebuild``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from sqlalchemy import TextClause, bindparam, select, text
from sqlalchemy.orm import Session, aliased

from dvdesk.domain import search_layout
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
_INSERT_ORG = text(f"INSERT INTO {ORGS_TABLE}(rowid, name, other, tags) VALUES (:id, :n, :d, :t)")
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
_INSERT_PROCEDURE = text(f"INSERT INTO {PROCEDURES_TABLE}(rowid, name, org, body, tags) VALUES (:id, :n, :o, :b, :t)")
_INSERT = text(f"INSERT INTO {FTS_TABLE}(rowid, name, org, body, tags) VALUES (:id, :n, :o, :b, :t)")
_INSERT_NAME = text(f"INSERT INTO {NAMES_TABLE}(rowid, name, tags) VALUES (:id, :n, :t)")
_CHUNK = 5000


@dataclass(frozen=True)
class NeedLabel:
    id: int
    label_ja: str
    label_en: str


class NoSlotLeft(Exception):
    """An edited name has no free slot between its neighbours: renumber (rebuild)."""


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


def _sources(session: Session, only: Sequence[int] | None = None) -> Iterator[IndexSource]:
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
        .limit(_CHUNK)
    )
    for rows in _chunks(session, columns, only):
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
                    for i in _with_ancestors(need_ids.get(sid, ()), parents)
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


def is_current(session: Session) -> bool:
    stored = session.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": VERSION_KEY}).scalar()
    return stored == INDEX_VERSION


def rebuild(session: Session) -> int:
    """Rewrite the whole index from the services table, in the caller's transaction."""
    session.flush()
    session.execute(
        text("INSERT INTO meta(key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v"),
        {"k": VERSION_KEY, "v": INDEX_VERSION},
    )
    server = _server(session)
    if server:  # the server's tables are its schema's (migration 0011): emptied, never dropped
        for table in (FTS_TABLE, NAMES_TABLE, PROCEDURES_TABLE, ORGS_TABLE):
            server.clear(session, table)
        for table in (ORDER_TABLE, LIST_TABLE):
            session.execute(text(f"DELETE FROM {table}"))
    else:
        # Older layouts (the departments' index gained a column) are dropped, not emptied.
        for table in (ORGS_TABLE, ORDER_TABLE, LIST_TABLE, PROVIDERS_TABLE):
            session.execute(text(f"DROP TABLE IF EXISTS {table}"))
        for table, create in (
            (FTS_TABLE, CREATE_FTS),
            (NAMES_TABLE, CREATE_NAMES),
            (PROVIDERS_TABLE, CREATE_PROVIDERS),
            (PROCEDURES_TABLE, CREATE_PROCEDURES),
            (ORGS_TABLE, CREATE_ORGS),
            (ORDER_TABLE, CREATE_ORDER),
            (LIST_TABLE, CREATE_LIST),
        ):
            session.execute(text(create))
            session.execute(text(f"DELETE FROM {table}"))
    slots = _slots(session.execute(select(Service.id, Service.name).where(Service.retired.is_(False))).all())
    count = 0
    batch: list[_Entry] = []
    for src in _sources(session):
        batch.append(_entry(src, slots[src.id]))
        if len(batch) >= _CHUNK:
            _insert(session, batch)
            count += len(batch)
            batch = []
    if batch:
        _insert(session, batch)
        count += len(batch)
    if not server:  # indexes after the rows: one sort instead of 350,000 random inserts
        session.execute(text(CREATE_ORDER_INDEX))
        session.execute(text(CREATE_LIST_INDEX))
    _index_procedures(session)
    _index_organizations(session)
    if server:
        server.analyze(session)
    else:
        merge_segments(session)
    return count


# Every FTS5 index of this module (SQLite). A bulk write leaves each as a stack of segments that
# every lookup term must seek one by one; merged into one, a need + words lookup at 350k went from
# 17 ms to 1 ms (docs/performance.md, "Keystroke at 350k: merged segments").
FTS_TABLES = (FTS_TABLE, NAMES_TABLE, PROVIDERS_TABLE, PROCEDURES_TABLE, ORGS_TABLE)


def _insert_providers(session: Session, fts_rows: list[dict[str, object]]) -> None:
    """The providers' rows of these services' FTS rows (``index_row``'s ``o`` and ``t``), on SQLite."""
    if not _server(session):
        session.execute(_INSERT_PROVIDER, [{"id": r["id"], "o": r["o"], "t": r["t"]} for r in fts_rows])


def _delete_provider(session: Session, rowid: int) -> None:
    session.execute(text(f"DELETE FROM {PROVIDERS_TABLE} WHERE rowid = :r"), {"r": rowid})


def merge_segments(session: Session) -> None:
    """Merge each FTS5 index into a single segment (FTS5's ``optimize``), on SQLite.

    Same rows, same answers: only how the index is laid out on disk. Later single edits
    (``refresh``) add small segments that FTS5's automerge folds in as it goes."""
    if _server(session):
        return
    for table in FTS_TABLES:
        session.execute(text(f"INSERT INTO {table}({table}) VALUES ('optimize')"))


# Stored version -> this version, when the rows are the same and only the layout differs.
_UPGRADABLE = {"4": "5"}


def upgrade(session: Session) -> bool:
    """Bring an index of the previous version (4: the same rows, no providers' index, segments not
    merged) to this one without re-indexing: the providers' index copied from the services' index,
    every index merged, the version stamped (minutes at 350k instead of a 17-minute re-index).
    False, nothing done, for any other stored version: ``rebuild`` is due."""
    stored = session.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": VERSION_KEY}).scalar()
    if stored is None or _UPGRADABLE.get(stored) != INDEX_VERSION or _server(session):
        return False
    # The providers' index holds the same rows as the services' own index's provider column.
    session.execute(text(f"DROP TABLE IF EXISTS {PROVIDERS_TABLE}"))
    session.execute(text(CREATE_PROVIDERS))
    session.execute(text(f"INSERT INTO {PROVIDERS_TABLE}(rowid, org, tags) SELECT rowid, org, tags FROM {FTS_TABLE}"))
    merge_segments(session)
    session.execute(text("UPDATE meta SET value = :v WHERE key = :k"), {"k": VERSION_KEY, "v": INDEX_VERSION})
    return True


def _index_organizations(session: Session) -> None:
    """Departments and agencies by name (their discreet name too), for the desk's search."""
    rows = session.execute(
        select(Organization.id, Organization.name, Organization.discreet_name, Municipality.code)
        .outerjoin(Municipality, Municipality.id == Organization.municipality_id)
        .where(Organization.retired.is_(False))
    ).all()
    ranked = _slots([(oid, name) for oid, name, _, _ in rows])
    batch = [
        {
            "id": rowid_of(ranked[oid], oid),
            "n": index_tokens(name),
            "d": index_tokens(discreet),
            "t": municipality_tag(code),
        }
        for oid, name, discreet, code in rows
    ]
    for start in range(0, len(batch), _CHUNK):
        _execute(session, _INSERT_ORG, ORGS_TABLE, batch[start : start + _CHUNK])


def _index_procedures(session: Session) -> None:
    """Every procedure counselors may see; the staff note is never indexed."""
    needs = {i: p for i, p in session.execute(select(Need.id, Need.parent_id))}
    need_ids: dict[int, list[int]] = {}
    for pid, nid in session.execute(select(procedure_needs.c.procedure_id, procedure_needs.c.need_id)):
        need_ids.setdefault(pid, []).append(nid)
    rows = session.execute(
        select(
            Procedure.id,
            Procedure.name,
            Procedure.description,
            Procedure.caution,
            Procedure.what_to_bring,
            Procedure.department_hint,
            Organization.name,
            Municipality.code,
        )
        .outerjoin(Organization, Organization.id == Procedure.organization_id)
        .outerjoin(Municipality, Municipality.id == Procedure.municipality_id)
        .where(Procedure.retired.is_(False))
    ).all()
    ranked = _slots([(r[0], r[1]) for r in rows])
    batch: list[dict[str, object]] = []
    for pid, name, description, caution, bring, hint, department, code in rows:
        tags = [municipality_tag(code), *(need_tag(n) for n in _with_ancestors(need_ids.get(pid, ()), needs))]
        batch.append(
            {
                "id": rowid_of(ranked[pid], pid),
                "n": index_tokens(name),
                "o": index_tokens(department or hint or ""),
                "b": index_tokens(" ".join([description, caution, " ".join(bring or []), hint])),
                "t": " ".join(tags),
            }
        )
        if len(batch) >= _CHUNK:
            _execute(session, _INSERT_PROCEDURE, PROCEDURES_TABLE, batch)
            batch = []
    if batch:
        _execute(session, _INSERT_PROCEDURE, PROCEDURES_TABLE, batch)


def _slots(records: Iterable[tuple[int, str]]) -> dict[int, int]:
    """Each record's slot, evenly spread in (length of the name, name, id) order."""
    ordered = sorted(records, key=lambda r: (len(r[1]), r[1], r[0]))
    if ordered and max(r[0] for r in ordered) >> ID_BITS:
        raise ValueError(f"record id above 2**{ID_BITS}: the search index cannot hold it")
    gap = SLOT_SPACE // (len(ordered) + 1)
    return {rid: (n + 1) * gap for n, (rid, _) in enumerate(ordered)}


@dataclass(frozen=True)
class _Entry:
    """One service's rows: its FTS row (``index_row``), its rank slot, its ``search_list`` rows."""

    id: int
    name: str
    slot: int
    row: dict[str, object]
    lists: list[dict[str, object]]


def _entry(src: IndexSource, slot: int) -> _Entry:
    return _Entry(src.id, src.name, slot, index_row(src), list_rows(src))


def _insert(session: Session, entries: list[_Entry]) -> None:
    fts = [e.row | {"id": rowid_of(e.slot, e.id)} for e in entries]
    _execute(session, _INSERT, FTS_TABLE, fts)
    _execute(session, _INSERT_NAME, NAMES_TABLE, fts)
    _insert_providers(session, fts)
    session.execute(_INSERT_ORDER, [{"id": e.id, "len": len(e.name), "name": e.name, "slot": e.slot} for e in entries])
    session.execute(_INSERT_LIST, [lr for e in entries for lr in e.lists])


def _server(session: Session) -> ModuleType | None:
    """``storage.pg_search`` on a PostgreSQL server (shared mode), None on SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    from dvdesk.storage import pg_search

    return pg_search


def _execute(session: Session, insert: TextClause, table: str, rows: list[dict[str, object]]) -> None:
    """Write FTS rows: the FTS5 INSERT on SQLite, the same rows as tokens on a server."""
    server = _server(session)
    if server:
        server.insert(session, table, rows)
    else:
        session.execute(insert, rows)


def refresh(session: Session, service: Service) -> None:
    """Re-index one service after an edit (or drop it if it was retired)."""
    session.flush()
    old = session.execute(text(f"SELECT slot FROM {ORDER_TABLE} WHERE service_id = :id"), {"id": service.id}).scalar()
    server = _server(session)
    if old is not None:
        for table in (FTS_TABLE, NAMES_TABLE):
            if server:
                server.delete(session, table, rowid_of(old, service.id))
            else:
                session.execute(text(f"DELETE FROM {table} WHERE rowid = :r"), {"r": rowid_of(old, service.id)})
    if old is not None and not server:
        _delete_provider(session, rowid_of(old, service.id))
    for table in (ORDER_TABLE, LIST_TABLE):
        session.execute(text(f"DELETE FROM {table} WHERE service_id = :id"), {"id": service.id})
    if service.retired:
        return
    src = source_of(service)
    try:
        slot = _free_slot(session, src.name, src.id)
    except NoSlotLeft:
        rebuild(session)
        return
    _insert(session, [_entry(src, slot)])


_BEFORE = text(
    f"SELECT slot FROM {ORDER_TABLE} WHERE (len, name, service_id) < (:len, :name, :id) "
    "ORDER BY len DESC, name DESC, service_id DESC LIMIT 1"
)
_AFTER = text(
    f"SELECT slot FROM {ORDER_TABLE} WHERE (len, name, service_id) > (:len, :name, :id) "
    "ORDER BY len, name, service_id LIMIT 1"
)


def _free_slot(session: Session, name: str, service_id: int) -> int:
    """A slot between the service's neighbours in (length, name, id) order."""
    key = {"len": len(name), "name": name, "id": service_id}
    low = session.execute(_BEFORE, key).scalar() or 0
    high = session.execute(_AFTER, key).scalar() or SLOT_SPACE
    if high - low < 2:
        raise NoSlotLeft
    return (low + high) // 2


# --- incremental indexing (an import re-indexes what it touched, not 350,000 services) ---------

# More than one service in this many changed: one sorted rebuild is quicker than row-by-row edits
# (and an empty index, a first import, is always rebuilt).
INCREMENTAL_SHARE = 3
_IN_CHUNK = 500  # ids per IN (…): far under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class IndexUpdate:
    """What ``update_services`` did, for the import's report."""

    services: int  # services (re-)indexed
    rebuilt: str = ""  # "" when only the given services were indexed, else why all was rebuilt (Japanese)


def _chunks(session: Session, columns: Any, only: Sequence[int] | None) -> Iterator[Sequence[Any]]:
    """``columns`` a chunk at a time: by id range over every service, or ``only``'s ids."""
    if only is None:
        last = 0
        while rows := session.execute(columns.where(Service.id > last)).all():
            yield rows
            last = rows[-1][0]
        return
    ids = sorted(set(only))
    for start in range(0, len(ids), _IN_CHUNK):
        rows = session.execute(columns.where(Service.id.in_(ids[start : start + _IN_CHUNK]))).all()
        if rows:
            yield rows


def update_services(session: Session, service_ids: Iterable[int], *, departments: bool = False) -> IndexUpdate:
    """Re-index only ``service_ids`` (added, changed, retired or restored ones; a retired one is
    dropped), in the caller's transaction, and the departments' and procedures' indexes too when
    ``departments``. Each service gets a rank slot between its neighbours, so the rowids stay rank
    positions exactly as after ``rebuild`` (a test compares both). Falls back to ``rebuild`` and
    says why when the index is of an older version, when many services changed, or when a gap in
    the rank order has no slot left."""
    session.flush()
    ids = sorted(set(service_ids))
    stored = session.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": VERSION_KEY}).scalar()
    if stored is None:  # a first import into an empty database
        return IndexUpdate(rebuild(session), "索引がまだないため、索引全体を作りました")
    if stored != INDEX_VERSION:
        return IndexUpdate(rebuild(session), "検索索引の版が古いため、索引全体を作り直しました")
    indexed = session.execute(text(f"SELECT count(*) FROM {ORDER_TABLE}")).scalar() or 0
    if ids and len(ids) * INCREMENTAL_SHARE > indexed:
        return IndexUpdate(
            rebuild(session),
            f"変わったサービスが多いため（{len(ids):,}件、索引は{indexed:,}件）、索引全体を作り直しました",
        )
    try:
        count = _reindex(session, ids)
    except NoSlotLeft:
        return IndexUpdate(rebuild(session), "並び順の空きがなくなったため、索引全体を作り直しました")
    if departments:
        _reindex_departments(session)
    return IndexUpdate(count)


def _reindex(session: Session, ids: list[int]) -> int:
    server = _server(session)
    for start in range(0, len(ids), _IN_CHUNK):
        part = {"ids": ids[start : start + _IN_CHUNK]}
        rowids = [rowid_of(slot, sid) for sid, slot in session.execute(_OLD_SLOTS, part)]
        for table in (FTS_TABLE, NAMES_TABLE):
            if server:
                for rowid in rowids:
                    server.delete(session, table, rowid)
            elif rowids:
                session.execute(_DELETE_ROWIDS[table], {"r": rowids})
        if rowids and not server:  # the providers' index (SQLite only) moves with the others
            session.execute(_DELETE_ROWIDS[PROVIDERS_TABLE], {"r": rowids})
        for delete in _DELETE_SERVICES:
            session.execute(delete, part)
    named: list[tuple[int, str]] = []
    for start in range(0, len(ids), _IN_CHUNK):
        named += [
            (sid, name)
            for sid, name in session.execute(
                select(Service.id, Service.name).where(
                    Service.id.in_(ids[start : start + _IN_CHUNK]), Service.retired.is_(False)
                )
            )
        ]
    slots = _slots_between(session, named)
    count = 0
    batch: list[_Entry] = []
    for src in _sources(session, ids):
        batch.append(_entry(src, slots[src.id]))
        if len(batch) >= _CHUNK:
            _insert(session, batch)
            count, batch = count + len(batch), []
    if batch:
        _insert(session, batch)
        count += len(batch)
    return count


_OLD_SLOTS = text(f"SELECT service_id, slot FROM {ORDER_TABLE} WHERE service_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_DELETE_ROWIDS = {
    t: text(f"DELETE FROM {t} WHERE rowid IN :r").bindparams(bindparam("r", expanding=True))
    for t in (FTS_TABLE, NAMES_TABLE, PROVIDERS_TABLE)
}
_DELETE_SERVICES = [
    text(f"DELETE FROM {t} WHERE service_id IN :ids").bindparams(bindparam("ids", expanding=True))
    for t in (ORDER_TABLE, LIST_TABLE)
]
_NEXT = text(
    f"SELECT len, name, service_id, slot FROM {ORDER_TABLE} WHERE (len, name, service_id) > (:len, :name, :id) "
    "ORDER BY len, name, service_id LIMIT 1"
)


def _slots_between(session: Session, records: Iterable[tuple[int, str]]) -> dict[int, int]:
    """Slots for records not in ``search_order`` yet: the new records that fall between the same
    two indexed neighbours share that gap evenly, in (length, name, id) order — the order of
    ``_slots`` (Python compares code points, as SQLite's BINARY and PostgreSQL's "C" collation do).
    Raises NoSlotLeft when a gap is too narrow for them."""
    ordered = sorted(((len(name), name, rid) for rid, name in records))
    if ordered and max(r[2] for r in ordered) >> ID_BITS:
        raise ValueError(f"record id above 2**{ID_BITS}: the search index cannot hold it")
    out: dict[int, int] = {}
    i = 0
    while i < len(ordered):
        length, name, rid = ordered[i]
        key = {"len": length, "name": name, "id": rid}
        low = session.execute(_BEFORE, key).scalar() or 0
        after = session.execute(_NEXT, key).first()
        high = after[3] if after else SLOT_SPACE
        j = i + 1
        while j < len(ordered) and (after is None or ordered[j] < (after[0], after[1], after[2])):
            j += 1
        gap = (high - low) // (j - i + 1)
        if gap < 1:
            raise NoSlotLeft
        for n in range(i, j):
            out[ordered[n][2]] = low + (n - i + 1) * gap
        i = j
    return out


def _reindex_departments(session: Session) -> None:
    """The departments' and procedures' indexes, rewritten (tens of thousands of rows at most)."""
    server = _server(session)
    for table in (PROCEDURES_TABLE, ORGS_TABLE):
        if server:
            server.clear(session, table)
        else:
            session.execute(text(f"DELETE FROM {table}"))
    _index_procedures(session)
    _index_organizations(session)
