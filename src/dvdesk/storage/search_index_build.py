"""The full build of the search index: every service, procedure and department re-indexed from
the tables, a chunk at a time (bounded memory at 350,000 services), in the caller's transaction.
Rows are made by ``search_index_rows``; the FTS5 indexes are merged at the end
(``search_index_segments``).
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dvdesk.domain.japanese import index_tokens
from dvdesk.domain.models import Municipality, Need, Organization, Procedure, Service, procedure_needs
from dvdesk.domain.search import LIST_TABLE, municipality_tag, need_tag, rowid_of
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
from dvdesk.storage.search_index_segments import merge_segments

_INSERT_PROCEDURE = text(f"INSERT INTO {PROCEDURES_TABLE}(rowid, name, org, body, tags) VALUES (:id, :n, :o, :b, :t)")
_INSERT_ORG = text(f"INSERT INTO {ORGS_TABLE}(rowid, name, other, tags) VALUES (:id, :n, :d, :t)")


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
    server = server_of(session)
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
    slots = spread_slots(session.execute(select(Service.id, Service.name).where(Service.retired.is_(False))).all())
    count = 0
    batch: list[Entry] = []
    for src in read_sources(session):
        batch.append(entry_of(src, slots[src.id]))
        if len(batch) >= CHUNK:
            insert_entries(session, batch)
            count += len(batch)
            batch = []
    if batch:
        insert_entries(session, batch)
        count += len(batch)
    if not server:  # indexes after the rows: one sort instead of 350,000 random inserts
        session.execute(text(CREATE_ORDER_INDEX))
        session.execute(text(CREATE_LIST_INDEX))
    index_procedures(session)
    index_organizations(session)
    if server:
        server.analyze(session)
    else:
        merge_segments(session)
    return count


def index_organizations(session: Session) -> None:
    """Departments and agencies by name (their discreet name too), for the desk's search."""
    rows = session.execute(
        select(Organization.id, Organization.name, Organization.discreet_name, Municipality.code)
        .outerjoin(Municipality, Municipality.id == Organization.municipality_id)
        .where(Organization.retired.is_(False))
    ).all()
    ranked = spread_slots([(oid, name) for oid, name, _, _ in rows])
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
