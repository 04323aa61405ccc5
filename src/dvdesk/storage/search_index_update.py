"""Incremental updates of the search index: one edited service (``refresh``) or the services an
import touched (``update_services``), each given a rank slot between its indexed neighbours so
the rowids stay rank positions exactly as after a full build (``search_index_build.rebuild``,
which they fall back to when there is no slot left, the index is older, or much changed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from dvdesk.domain.models import Service
from dvdesk.domain.search import ID_BITS, LIST_TABLE, rowid_of
from dvdesk.storage import search_index_build as build
from dvdesk.storage.search_index_rows import (
    CHUNK,
    FTS_TABLE,
    IN_CHUNK,
    INDEX_VERSION,
    NAMES_TABLE,
    ORDER_TABLE,
    ORGS_TABLE,
    PROCEDURES_TABLE,
    PROVIDERS_TABLE,
    SLOT_SPACE,
    VERSION_KEY,
    Entry,
    delete_provider,
    entry_of,
    insert_entries,
    read_sources,
    server_of,
    source_of,
)


class NoSlotLeft(Exception):
    """An edited name has no free slot between its neighbours: renumber (rebuild)."""


def refresh(session: Session, service: Service) -> None:
    """Re-index one service after an edit (or drop it if it was retired)."""
    session.flush()
    old = session.execute(text(f"SELECT slot FROM {ORDER_TABLE} WHERE service_id = :id"), {"id": service.id}).scalar()
    server = server_of(session)
    if old is not None:
        for table in (FTS_TABLE, NAMES_TABLE):
            if server:
                server.delete(session, table, rowid_of(old, service.id))
            else:
                session.execute(text(f"DELETE FROM {table} WHERE rowid = :r"), {"r": rowid_of(old, service.id)})
    if old is not None and not server:
        delete_provider(session, rowid_of(old, service.id))
    for table in (ORDER_TABLE, LIST_TABLE):
        session.execute(text(f"DELETE FROM {table} WHERE service_id = :id"), {"id": service.id})
    if service.retired:
        return
    src = source_of(service)
    try:
        slot = _free_slot(session, src.name, src.id)
    except NoSlotLeft:
        build.rebuild(session)
        return
    insert_entries(session, [entry_of(src, slot)])


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


@dataclass(frozen=True)
class IndexUpdate:
    """What ``update_services`` did, for the import's report."""

    services: int  # services (re-)indexed
    rebuilt: str = ""  # "" when only the given services were indexed, else why all was rebuilt (Japanese)


def update_services(
    session: Session, service_ids: Iterable[int], *, departments: bool = False, shipped: build.Shipped | None = None
) -> IndexUpdate:
    """Re-index only ``service_ids`` (added, changed, retired or restored ones; a retired one is
    dropped), in the caller's transaction, and the departments' and procedures' indexes too when
    ``departments``. Each service gets a rank slot between its neighbours, so the rowids stay rank
    positions exactly as after ``rebuild`` (a test compares both). Falls back to ``rebuild`` and
    says why when the index is of an older version, when many services changed, or when a gap in
    the rank order has no slot left. A full rebuild uses a ``shipped`` index when it checks out
    (``search_index_ship``); the report says whether it did."""
    session.flush()
    ids = sorted(set(service_ids))

    def rebuilt(why: str) -> IndexUpdate:
        count = build.rebuild(session, shipped)
        return IndexUpdate(count, f"{why}（{shipped.outcome}）" if shipped and shipped.outcome else why)

    stored = session.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": VERSION_KEY}).scalar()
    if stored is None:  # a first import into an empty database
        return rebuilt("索引がまだないため、索引全体を作りました")
    if stored != INDEX_VERSION:
        return rebuilt("検索索引の版が古いため、索引全体を作り直しました")
    indexed = session.execute(text(f"SELECT count(*) FROM {ORDER_TABLE}")).scalar() or 0
    if ids and len(ids) * INCREMENTAL_SHARE > indexed:
        return rebuilt(f"変わったサービスが多いため（{len(ids):,}件、索引は{indexed:,}件）、索引全体を作り直しました")
    try:
        count = _reindex(session, ids)
    except NoSlotLeft:
        return rebuilt("並び順の空きがなくなったため、索引全体を作り直しました")
    if departments:
        _reindex_departments(session)
    return IndexUpdate(count)


def _reindex(session: Session, ids: list[int]) -> int:
    server = server_of(session)
    for start in range(0, len(ids), IN_CHUNK):
        part = {"ids": ids[start : start + IN_CHUNK]}
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
    for start in range(0, len(ids), IN_CHUNK):
        named += [
            (sid, name)
            for sid, name in session.execute(
                select(Service.id, Service.name).where(
                    Service.id.in_(ids[start : start + IN_CHUNK]), Service.retired.is_(False)
                )
            )
        ]
    slots = _slots_between(session, named)
    count = 0
    batch: list[Entry] = []
    for src in read_sources(session, ids):
        batch.append(entry_of(src, slots[src.id]))
        if len(batch) >= CHUNK:
            insert_entries(session, batch)
            count, batch = count + len(batch), []
    if batch:
        insert_entries(session, batch)
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
    ``spread_slots`` (Python compares code points, as SQLite's BINARY and PostgreSQL's "C" collation do).
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
    server = server_of(session)
    for table in (PROCEDURES_TABLE, ORGS_TABLE):
        if server:
            server.clear(session, table)
        else:
            session.execute(text(f"DELETE FROM {table}"))
    build.index_procedures(session)
    build.index_organizations(session)
