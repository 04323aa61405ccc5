"""The full build of the search index: every service, procedure and department re-indexed from
the tables, a chunk at a time (bounded memory at 350,000 services), in the caller's transaction.
Rows are made by ``search_index_rows``; the FTS5 indexes are merged at the end
(``search_index_segments``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from dvdesk.domain.japanese import index_tokens
from dvdesk.domain.models import Municipality, Need, Organization, Procedure, Service, procedure_needs
from dvdesk.domain.search import LIST_TABLE, municipality_tag, need_tag, rowid_of
from dvdesk.storage import search_index_ship as ship
from dvdesk.storage.search_index_rows import (
    CHUNK,
    CREATE_FTS,
    CREATE_LIST,
    CREATE_LIST_INDEX,
    CREATE_NAMES,
    CREATE_ORDER,
    CREATE_ORDER_INDEX,
    CREATE_ORGS,
    CREATE_PROCEDURES,
    CREATE_PROVIDERS,
    FTS_TABLE,
    INDEX_VERSION,
    NAMES_TABLE,
    ORDER_TABLE,
    ORGS_TABLE,
    PROCEDURES_TABLE,
    PROVIDERS_TABLE,
    VERSION_KEY,
    Entry,
    entry_of,
    insert_entries,
    read_sources,
    server_of,
    spread_slots,
    with_ancestors,
    write_fts,
)
from dvdesk.storage.search_index_segments import FTS_TABLES, merge_segments

_INSERT_PROCEDURE = text(f"INSERT INTO {PROCEDURES_TABLE}(rowid, name, org, body, tags) VALUES (:id, :n, :o, :b, :t)")
_INSERT_ORG = text(f"INSERT INTO {ORGS_TABLE}(rowid, name, other, tags) VALUES (:id, :n, :d, :t)")


def is_current(session: Session) -> bool:
    stored = session.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": VERSION_KEY}).scalar()
    return stored == INDEX_VERSION


@dataclass
class Shipped:
    """A services' index that came with the records (``search_index_ship``): ``load`` makes its file
    ready when a full build is due (extracted and its checksum checked; None and ``outcome`` set
    when it cannot be used), ``seed`` picks the checks' sample, and ``outcome`` says what happened
    (Japanese, for the import's report)."""

    load: Callable[[Shipped], Path | None]
    seed: str
    outcome: str = ""
    postings: ship.Postings | None = None  # FTS5's integrity-check already run elsewhere (``verify``)


def rebuild(session: Session, shipped: Shipped | None = None) -> int:
    """Rewrite the whole index from the services table, in the caller's transaction. With a
    ``shipped`` index (SQLite), the services' rows are copied from it and checked instead of
    written; if they do not match, they are rolled back and written here."""
    session.flush()
    session.execute(
        text("INSERT INTO meta(key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v"),
        {"k": VERSION_KEY, "v": INDEX_VERSION},
    )
    server = server_of(session)
    if server:  # the server's tables are its schema's (migration 0011): emptied, never dropped
        for table in (FTS_TABLE, NAMES_TABLE, PROCEDURES_TABLE, ORGS_TABLE):
            server.clear(session, table)
        for table in (ORDER_TABLE, LIST_TABLE):
            session.execute(text(f"DELETE FROM {table}"))
    else:
        # Dropped, not emptied: older layouts go (the departments' index gained a column), and
        # deleting 350,000 FTS5 rows one by one costs more than writing them.
        for table in (FTS_TABLE, NAMES_TABLE, PROCEDURES_TABLE, ORGS_TABLE, ORDER_TABLE, LIST_TABLE, PROVIDERS_TABLE):
            session.execute(text(f"DROP TABLE IF EXISTS {table}"))
        for create in (
            CREATE_FTS,
            CREATE_NAMES,
            CREATE_PROVIDERS,
            CREATE_PROCEDURES,
            CREATE_ORGS,
            CREATE_ORDER,
            CREATE_LIST,
        ):
            session.execute(text(create))
    with bulk_writes(session):
        count = _shipped_services(session, shipped) if shipped and not server else None
        if count is None:
            count = _index_services(session)
        index_procedures(session)
        index_organizations(session)
    if server:
        server.analyze(session)
    else:
        # The shipped indexes were merged by the exporter (``optimize`` of one segment: a no-op).
        merge_segments(session, skip=ship.SERVICE_FTS if shipped and shipped.outcome == ship.USED else ())
    return count


def _shipped_services(session: Session, shipped: Shipped) -> int | None:
    """The services' index copied from ``shipped`` and checked, in a savepoint: None (rolled back,
    the reason in ``shipped.outcome``) when it cannot be used."""
    path = shipped.load(shipped)
    if path is None:
        return None
    savepoint = session.begin_nested()
    try:
        count = ship.install(session, path, shipped.seed, shipped.postings)
    except (ship.Refused, DatabaseError) as exc:  # FTS5 reports a damaged index as a corrupt database
        savepoint.rollback()
        why = exc if isinstance(exc, ship.Refused) else f"索引が壊れています（{getattr(exc, 'orig', exc)}）"
        shipped.outcome = f"同梱の索引を使えないため作り直しました: {why}"
        return None
    except BaseException:
        savepoint.rollback()
        raise
    savepoint.commit()
    shipped.outcome = ship.USED
    return count


def _index_services(session: Session) -> int:
    server = server_of(session)
    slots = spread_slots(session.execute(select(Service.id, Service.name).where(Service.retired.is_(False))).all())
    # Written in rowid (rank) order, a chunk of services at a time: FTS5 flushes the terms it
    # holds in memory whenever a row's rowid is lower than the last one, so rows in id order
    # (random rowids) made one small segment per row — 3× the CPU of one FTS5 index (19,730 services:
    # 14.4 → 4.9 s in benchmarks' measurement).
    ranked = sorted(slots, key=slots.__getitem__)
    count = 0
    for start in range(0, len(ranked), CHUNK):
        part = ranked[start : start + CHUNK]
        batch: list[Entry] = [entry_of(src, slots[src.id]) for src in read_sources(session, part)]
        batch.sort(key=lambda e: e.slot)
        insert_entries(session, batch)
        count += len(batch)
    if not server:  # indexes after the rows: one sort instead of 350,000 random inserts
        session.execute(text(CREATE_ORDER_INDEX))
        session.execute(text(CREATE_LIST_INDEX))
    return count


# SQLite's page cache while the whole index is written (the default is 2 MB): the rank-ordered
# search_list and FTS5's segments are written all over the file. Per connection, set back after.
BULK_CACHE_KIB = 256 * 1024
AUTOMERGE = 4  # FTS5's default


@contextmanager
def bulk_writes(session: Session) -> Iterator[None]:
    """While the whole index is written (SQLite): a larger page cache, and FTS5's automerge off —
    it merges segments as rows arrive, work that ``merge_segments``' one merge at the end redoes
    (one FTS5 index of 19,730 services: 12.1 → 7.0 s of CPU with both). The automerge setting is
    stored in each index, inside the caller's transaction: a failed import rolls it back too."""
    if server_of(session):
        yield
        return
    old_cache = int(session.execute(text("PRAGMA cache_size")).scalar() or 0)
    session.execute(text(f"PRAGMA cache_size = -{BULK_CACHE_KIB}"))
    try:
        for table in FTS_TABLES:
            session.execute(text(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)"))
        yield
        for table in FTS_TABLES:
            session.execute(text(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', {AUTOMERGE})"))
    finally:
        session.execute(text(f"PRAGMA cache_size = {old_cache}"))


def index_organizations(session: Session) -> None:
    """Departments and agencies by name (their discreet name too), for the desk's search."""
    rows = session.execute(
        select(Organization.id, Organization.name, Organization.discreet_name, Municipality.code)
        .outerjoin(Municipality, Municipality.id == Organization.municipality_id)
        .where(Organization.retired.is_(False))
    ).all()
    ranked = spread_slots([(oid, name) for oid, name, _, _ in rows])
    rows = sorted(rows, key=lambda r: ranked[r[0]])  # rowid order (see _index_services)
    batch = [
        {
            "id": rowid_of(ranked[oid], oid),
            "n": index_tokens(name),
            "d": index_tokens(discreet),
            "t": municipality_tag(code),
        }
        for oid, name, discreet, code in rows
    ]
    for start in range(0, len(batch), CHUNK):
        write_fts(session, _INSERT_ORG, ORGS_TABLE, batch[start : start + CHUNK])


def index_procedures(session: Session) -> None:
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
    ranked = spread_slots([(r[0], r[1]) for r in rows])
    rows = sorted(rows, key=lambda r: ranked[r[0]])  # rowid order (see _index_services)
    batch: list[dict[str, object]] = []
    for pid, name, description, caution, bring, hint, department, code in rows:
        tags = [municipality_tag(code), *(need_tag(n) for n in with_ancestors(need_ids.get(pid, ()), needs))]
        batch.append(
            {
                "id": rowid_of(ranked[pid], pid),
                "n": index_tokens(name),
                "o": index_tokens(department or hint or ""),
                "b": index_tokens(" ".join([description, caution, " ".join(bring or []), hint])),
                "t": " ".join(tags),
            }
        )
        if len(batch) >= CHUNK:
            write_fts(session, _INSERT_PROCEDURE, PROCEDURES_TABLE, batch)
            batch = []
    if batch:
        write_fts(session, _INSERT_PROCEDURE, PROCEDURES_TABLE, batch)
