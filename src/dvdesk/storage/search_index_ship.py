"""The services' search index shipped in a data package, checked and installed instead of rebuilt.

A full build of the services' index is most of a national import (≈ 360 s of CPU at 350,000
services, docs/performance.md). The exporting PC already holds that index, built by the same code
from the same records: its rows (the FTS5 tables' shadow tables, ``search_order`` and
``search_list``) are copied into a small SQLite file (``write_file``) that the package carries,
covered by the signed manifest. An import that must build the index whole copies them in
(``install``) and then checks them (``verify``) against the services it has just written:

- the index version, and every shadow table's columns, as this code makes them; FTS5's settings
  (each table's ``_config``: page size, merges, a value read at every open) are not copied, the
  file's only naming the same FTS5 format version as this build's;
- ``search_order``: every live service exactly once, with its name, and slots strictly ascending
  in (length, name, id) order — the rank order every search relies on;
- the three services' FTS5 tables and ``search_list``: exactly one row per live service at its
  rank rowid (``search_list``: as many rows as its tags, each naming a live service);
- FTS5's own ``integrity-check`` on each: every posting is its row's stored text, no more (a
  shelter findable by words its text lacks, postings of a row not in the index), no less
  (≈ 28 s of CPU at 350,000 services, docs/performance.md);
- a seeded sample of services, and every shelter, re-read and re-tokenized here (``entry_of``, as
  ``rebuild`` makes them): each index row and ``search_list`` rows equal, and its name's tokens
  found through the FTS5 inverted index (the postings, not only the stored text) at its rowid.

The file is opened read-only and immutable, its schema untrusted, and refused unless it holds
only its tables (``plain``: no view or trigger runs in place of a read).

Any mismatch: the copied rows are rolled back (a savepoint) and the caller rebuilds. Departments'
and procedures' indexes are small and always built here. SQLite only.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dvdesk.domain.integrity_findings import shown
from dvdesk.domain.integrity_rules import shelter_need_ids
from dvdesk.domain.models import service_needs
from dvdesk.domain.search import ALL_TAG, ID_BITS, LIST_TABLE, rowid_of
from dvdesk.storage.search_index_rows import (
    CREATE_FTS,
    CREATE_LIST_INDEX,
    CREATE_NAMES,
    CREATE_ORDER_INDEX,
    CREATE_PROVIDERS,
    FTS_TABLE,
    INDEX_VERSION,
    NAMES_TABLE,
    ORDER_TABLE,
    PROVIDERS_TABLE,
    entry_of,
    read_sources,
)

# The services' FTS5 tables and their shadow tables (what FTS5 keeps on disk for a table).
SERVICE_FTS = (FTS_TABLE, NAMES_TABLE, PROVIDERS_TABLE)
_SHADOWS = ("data", "idx", "content", "docsize", "config")
TABLES = (*(f"{t}_{s}" for t in SERVICE_FTS for s in _SHADOWS), ORDER_TABLE, LIST_TABLE)
# Each FTS table's stored columns, in order (``index_row``'s keys).
_COLUMNS = {FTS_TABLE: ("n", "o", "b", "t"), NAMES_TABLE: ("n", "t"), PROVIDERS_TABLE: ("o", "t")}
_POSTINGS = ((FTS_TABLE, "body", "b"), (NAMES_TABLE, "name", "n"), (PROVIDERS_TABLE, "org", "o"))
SAMPLE = 400  # services re-tokenized and compared (seeded: the same sample for the same package)
_ROWS = 2_000  # rows per executemany while copying


# The file's own tables besides the index's (``record_ids``: ``package_index``), each made by exactly
# this statement: ``plain`` refuses any other (a computed column would run in the import's connection).
EXTRA_TABLES = {
    "shipped_meta": "CREATE TABLE shipped_meta (key TEXT PRIMARY KEY, value TEXT)",
    "record_ids": "CREATE TABLE record_ids (kind TEXT NOT NULL, key TEXT NOT NULL, id INTEGER NOT NULL)",
}

USED = "同梱の索引を検査して使いました"
ALIAS = "dvdesk_shipped_index"  # the shipped file's schema name while it is attached
ATTACHED = "dvdesk_shipped_index_attached"  # marks a pooled connection that holds it attached


class Refused(Exception):
    """The shipped index does not match what was imported: str() says why (Japanese)."""


def write_file(session: Session, path: Path) -> int:
    """Copy this database's services' index into a new SQLite file at ``path`` (from the session's
    transaction: the same snapshot as the records exported with it). Returns the rows copied."""
    out = sqlite3.connect(path)
    copied = 0
    try:
        out.execute("PRAGMA journal_mode = OFF")
        out.execute("PRAGMA synchronous = OFF")
        out.execute(EXTRA_TABLES["shipped_meta"])
        out.execute("INSERT INTO shipped_meta VALUES ('index_version', ?)", (INDEX_VERSION,))
        conn = session.connection()
        for table in TABLES:
            columns = _columns(conn.exec_driver_sql(f"PRAGMA table_info('{table}')").all())
            # Made as here (types, keys, WITHOUT ROWID): the import's ``INSERT … SELECT *`` then
            # copies each row's record as it is (SQLite's transfer of identical tables).
            create = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
            out.execute(create.scalar_one())
            out.execute("INSERT INTO shipped_meta VALUES (?, ?)", (f"columns:{table}", ",".join(columns)))
            insert = f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(columns))})'
            result = conn.exec_driver_sql(f'SELECT * FROM "{table}"')
            while rows := result.fetchmany(_ROWS):
                out.executemany(insert, [tuple(r) for r in rows])
                copied += len(rows)
        out.commit()
    finally:
        out.close()
    return copied


def open_shipped(path: Path) -> sqlite3.Connection:
    """The shipped file, read-only: no lock, journal or WAL file beside it (``immutable``), and its
    schema not trusted to run functions (``trusted_schema``); ``plain`` checks that it has no views
    or triggers, so that a read of a table runs nothing else."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    con.execute("PRAGMA trusted_schema = OFF")
    con.execute("PRAGMA query_only = ON")
    return con


def plain(path: Path) -> str:
    """Why the shipped file is not just its tables ("" when it is): a view, a trigger, an index or a
    table of its own would run or answer in place of the rows written by ``write_file``."""
    if not path.is_file():
        return f"同梱の索引を読めません（{path.name} がありません）"
    try:
        con = open_shipped(path)
        try:
            objects = con.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"索引のファイルを読めません（{exc}）"
    expected = {*TABLES, *EXTRA_TABLES}
    for kind, name, sql in objects:
        if (kind, name) == ("index", "sqlite_autoindex_shipped_meta_1"):
            continue
        if kind != "table" or name not in expected:
            return f"索引のファイルに余分なもの（{kind}「{str(name)[:40]}」）があります"
        if name in EXTRA_TABLES and sql != EXTRA_TABLES[name]:  # (the index's tables: in ``install``)
            return f"索引のファイルに作りの違う表（{name}）があります"
    return ""


def _columns(info: Sequence[Any]) -> list[str]:  # PRAGMA table_info rows: (cid, name, type, …)
    return [str(r[1]) for r in info]


def copy_rows(table: str, schema: str) -> tuple[str, str]:
    """The statements that copy ``table``'s rows from the attached ``schema`` into ``main``'s table
    made as here: the import's copy and the scratch copy of ``postings_on_copy`` run these same two."""
    return (
        f'DELETE FROM main."{table}"',  # FTS5 wrote its own first rows
        f'INSERT INTO main."{table}" SELECT * FROM {schema}."{table}"',
    )


def install(session: Session, path: Path, seed: str, postings: Postings | None = None) -> int:
    """Copy the shipped rows into this database's freshly created (empty) services' index tables
    and check them (module docstring). Returns the services indexed; raises ``Refused``. The caller
    runs it in a savepoint and rebuilds on ``Refused``.

    The file is checked to hold only its tables (``plain``), then attached to the import's
    connection and each table copied by one ``INSERT … SELECT *`` in SQLite (no row passes through
    Python: 3.25 GB at 350,000 services). Each table must be made exactly as here (its ``CREATE``
    statement, so no generated column or constraint of the file's own runs in the copy) and its
    column names must be the manifest's, so ``*`` maps each column to its own. SQLite detaches a
    database only outside a transaction: ``detach_after`` is called by the pool when the
    connection is handed back (``storage.db``)."""
    if problem := plain(path):  # also a missing file, before ATTACH could make an empty one
        raise Refused(problem)
    conn = session.connection()
    try:
        conn.exec_driver_sql(f"ATTACH DATABASE ? AS {ALIAS}", (str(path),))
        conn.connection.info[ATTACHED] = True
        # Only its own keys, each cut short: the file may hold gigabytes of other rows.
        keys = ("index_version", *(f"columns:{table}" for table in TABLES))
        read = (
            f"SELECT key, substr(value, 1, 4000) FROM {ALIAS}.shipped_meta WHERE key IN ({', '.join('?' * len(keys))})"
        )
        meta = {str(k): str(v) for k, v in conn.exec_driver_sql(read, keys)}
        if meta.get("index_version") != INDEX_VERSION:
            said = shown(str(meta.get("index_version")))  # the file's words: one short line
            raise Refused(f"同梱の索引の版が違います（{said}、この dvdesk は {INDEX_VERSION}）")
        for table in TABLES:
            columns = _columns(conn.exec_driver_sql(f"PRAGMA main.table_info('{table}')").all())
            shipped = _columns(conn.exec_driver_sql(f"PRAGMA {ALIAS}.table_info('{table}')").all())
            made = [
                conn.exec_driver_sql(f"SELECT sql FROM {schema}.sqlite_master WHERE name = ?", (table,)).scalar()
                for schema in ("main", ALIAS)
            ]
            if not meta.get(f"columns:{table}") == ",".join(columns) == ",".join(shipped) or made[0] != made[1]:
                raise Refused(f"同梱の索引の形が違います（{table}）")
            if table.endswith("_config"):  # FTS5's settings (page size, merges): this build's, never the file's
                if _fts5_version(conn, "main", table) != _fts5_version(conn, ALIAS, table):
                    raise Refused(f"同梱の索引の FTS5 の版が違います（{table}）")
                continue
            for statement in copy_rows(table, ALIAS):
                conn.exec_driver_sql(statement)
    except DBAPIError as exc:
        raise Refused(f"同梱の索引を読めません（{shown(str(exc.orig), 120)}）") from None
    conn.exec_driver_sql(CREATE_ORDER_INDEX)  # as rebuild: the indexes after the rows
    conn.exec_driver_sql(CREATE_LIST_INDEX)
    # FTS5 keeps each table's segment structure and totals in memory and does not expect its shadow
    # tables written under it; a rollback to a savepoint is where it drops them and reads them anew.
    conn.exec_driver_sql("SAVEPOINT shipped_index_reload")
    conn.exec_driver_sql("ROLLBACK TO shipped_index_reload")
    conn.exec_driver_sql("RELEASE shipped_index_reload")
    return verify(session, seed, postings)


def _fts5_version(conn: Any, schema: str, table: str) -> object:
    return conn.exec_driver_sql(f"SELECT v FROM {schema}.\"{table}\" WHERE k = 'version'").scalar()


def detach_after(dbapi_connection: Any, info: dict[Any, Any]) -> None:
    """Detach the shipped index from a connection the pool takes back, its transaction over
    (``storage.db`` calls it at every check-in; a dictionary lookup unless ``install`` ran)."""
    if info.pop(ATTACHED, False):
        try:
            dbapi_connection.execute(f"DETACH DATABASE {ALIAS}")
        except sqlite3.Error:  # never attached (ATTACH failed): nothing to let go of
            pass


def _one(session: Session, sql: str, **params: object) -> int:
    return int(session.execute(text(sql), params).scalar() or 0)


def verify(session: Session, seed: str, postings: Postings | None = None) -> int:
    """Check the services' index against the services table (module docstring). Returns the number
    of services indexed; raises ``Refused`` saying what does not match. ``postings``: FTS5's
    ``integrity-check`` already run on a scratch copy of the same rows (``postings_on_copy``)."""
    live = _one(session, "SELECT count(*) FROM services WHERE retired = 0")
    order = _one(session, f"SELECT count(*) FROM {ORDER_TABLE}")
    named = _one(
        session,
        f"SELECT count(*) FROM {ORDER_TABLE} o JOIN services s ON s.id = o.service_id "
        "AND s.retired = 0 AND s.name = o.name AND o.len = length(s.name)",
    )
    if not live == order == named:
        raise Refused(f"索引の並び順が取り込んだサービスと一致しません（サービス{live:,}件、索引{order:,}件）")
    # Slots ascend in rank order (length, name, id): every search's order rests on it.
    unordered = _one(
        session,
        "SELECT count(*) FROM (SELECT slot, lag(slot) OVER (ORDER BY len, name, service_id) AS prev "
        f"FROM {ORDER_TABLE}) WHERE prev >= slot",
    )
    if unordered:
        raise Refused(f"索引の並び順が正しくありません（{unordered:,}件）")
    for table in SERVICE_FTS:
        for shadow in ("content", "docsize"):
            rows = _one(session, f"SELECT count(*) FROM {table}_{shadow}")
            placed = _one(
                session,
                f"SELECT count(*) FROM {ORDER_TABLE} o JOIN {table}_{shadow} c "
                "ON c.id = ((o.slot << :bits) | o.service_id)",
                bits=ID_BITS,
            )
            if not rows == placed == live:
                raise Refused(f"索引の行が取り込んだサービスと一致しません（{table}: {rows:,}件、サービス{live:,}件）")
    postings_match_text(session, postings)
    lists = _one(session, f"SELECT count(*) FROM {LIST_TABLE}")
    listed = _one(
        session,
        f"SELECT count(*) FROM {LIST_TABLE} l JOIN services s ON s.id = l.service_id "
        "AND s.retired = 0 AND s.name = l.name",
    )
    everything = _one(session, f"SELECT count(*) FROM {LIST_TABLE} WHERE tag = :t", t=ALL_TAG)
    if not lists == listed == _list_rows_expected(session) or everything != live:
        raise Refused(f"索引の一覧が取り込んだサービスと一致しません（{lists:,}件）")
    _sample(session, seed)
    return live


def postings_match_text(session: Session, postings: Postings | None = None) -> None:
    """FTS5's own ``integrity-check`` on the services' three tables: every posting is its row's
    stored text, no more, no less (re-tokenizes every row: the largest of the checks). When
    ``postings`` answers (the check run on a scratch copy of the same rows while the records were
    written), that answer is taken; when it says it was not run (None), the check runs here."""
    answer = postings() if postings is not None else None
    if answer is not None:
        table, problem = answer
        if problem:
            raise Refused(f"索引の検索語が索引の行と一致しません（{table}: {problem}）")
        return
    for table in SERVICE_FTS:
        try:
            session.connection().exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        except DBAPIError as exc:
            raise Refused(f"索引の検索語が索引の行と一致しません（{table}: {getattr(exc, 'orig', exc)}）") from None


# FTS5's integrity-check of a scratch copy: ("", "") passed, (table, what FTS5 said) failed, None not run.
Postings = Callable[[], "tuple[str, str] | None"]
_SCRATCH = "shipped"  # the member's schema name in the scratch connection


def postings_on_copy(path: Path, scratch: Path, busy: list[sqlite3.Connection]) -> tuple[str, str] | None:
    """FTS5's ``integrity-check`` of the services' three tables, on a private database at ``scratch``
    holding a copy of the member's rows: the tables made by this build's own ``CREATE`` statements
    (as ``rebuild`` makes the desk's), each shadow table refused unless made exactly as the member's
    (as ``install`` refuses it), its rows copied by ``copy_rows`` (the import's own statements: the
    desk then holds the same rows). Run in a background thread while the import writes the records
    (SQLite's C code: no GIL). Returns None, and the import runs the check itself, when the copy
    could not be made (another layout, a full disk, interrupted). ``busy`` holds the connection
    while it runs, for ``close`` to interrupt it."""
    if plain(path):
        return None
    con = sqlite3.connect(scratch.resolve().as_uri(), uri=True, check_same_thread=False)  # (attaches a URI)
    busy.append(con)
    try:
        con.execute("PRAGMA trusted_schema = OFF")
        con.execute("PRAGMA journal_mode = OFF")  # a private file, thrown away after the check
        con.execute("PRAGMA synchronous = OFF")
        con.execute(f"ATTACH DATABASE ? AS {_SCRATCH}", (f"{path.resolve().as_uri()}?mode=ro&immutable=1",))
        for create in (CREATE_FTS, CREATE_NAMES, CREATE_PROVIDERS):
            con.execute(create)
        for table in SERVICE_FTS:
            for shadow in _SHADOWS:
                name = f"{table}_{shadow}"
                made = [
                    con.execute(f"SELECT sql FROM {schema}.sqlite_master WHERE name = ?", (name,)).fetchone()
                    for schema in ("main", _SCRATCH)
                ]
                if made[0] is None or made[0] != made[1]:
                    return None  # ``install`` refuses it, naming the table
                if shadow != "config":  # FTS5's settings: this build's, as in the desk
                    for statement in copy_rows(name, _SCRATCH):
                        con.execute(statement)
        con.commit()
        con.execute(f"DETACH DATABASE {_SCRATCH}")
        # A new connection: FTS5 reads the copied segment structure anew (``install``'s savepoint).
        busy.remove(con)
        con.close()
        con = sqlite3.connect(scratch, check_same_thread=False)
        busy.append(con)
        con.execute("PRAGMA trusted_schema = OFF")
        for table in SERVICE_FTS:
            try:
                con.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
            except sqlite3.OperationalError:  # interrupted, out of memory or disk: not an answer
                return None
            except sqlite3.DatabaseError as exc:  # what ``postings_match_text`` says in the desk
                return table, str(exc)
        return "", ""
    except sqlite3.Error:
        return None
    finally:
        if con in busy:
            busy.remove(con)
        con.close()


def _list_rows_expected(session: Session) -> int:
    """How many ``search_list`` rows the live services make (``list_rows``: two, and two per need
    with its ancestors — ``with_ancestors``, here a recursive query whose UNION keeps each
    (service, need) once and ends at a parent loop)."""
    needs = _one(
        session,
        "WITH RECURSIVE up(service_id, need_id) AS ("
        " SELECT sn.service_id, sn.need_id FROM service_needs sn JOIN services s ON s.id = sn.service_id"
        " WHERE s.retired = 0"
        " UNION SELECT up.service_id, n.parent_id FROM up JOIN needs n ON n.id = up.need_id"
        " WHERE n.parent_id IS NOT NULL"
        ") SELECT count(*) FROM up",
    )
    return 2 * _one(session, "SELECT count(*) FROM services WHERE retired = 0") + 2 * needs


def _shelters(session: Session) -> list[int]:
    """The live services under 一時保護・シェルター: their rows are always compared, text and list."""
    needs = shelter_need_ids(session)
    if not needs:
        return []
    return list(
        session.scalars(select(service_needs.c.service_id).where(service_needs.c.need_id.in_(needs)).distinct())
    )


def _sample(session: Session, seed: str) -> None:
    """A seeded sample of services, re-tokenized here, against the shipped rows (text and postings).

    Each sampled service is compared as before (its three stored rows, its list rows, two tokens per
    column through the inverted index), in id order; the stored rows are read a chunk of services
    at a time and the postings asked at the driver (at 350,000 services every shelter is sampled:
    ~12,500 services, ten queries each, which through SQLAlchemy's ``text()`` cost more than the
    lookups themselves)."""
    slots: dict[int, int] = {
        sid: slot for sid, slot in session.execute(text(f"SELECT service_id, slot FROM {ORDER_TABLE}"))
    }
    ids = sorted(random.Random(seed).sample(sorted(slots), min(SAMPLE, len(slots))))
    ids = sorted({*ids, *(i for i in _shelters(session) if i in slots)})  # every shelter, whatever the sample
    cursor = session.connection().connection.cursor()
    try:
        for start in range(0, len(ids), _SAMPLE_CHUNK):
            _compare(cursor, session, ids[start : start + _SAMPLE_CHUNK], slots)
    except sqlite3.DatabaseError as exc:  # FTS5 reports damaged postings as a corrupt database
        raise Refused(f"索引が壊れています（{exc}）") from None
    finally:
        cursor.close()


_SAMPLE_CHUNK = 500  # sampled services whose stored rows are read at once


def _compare(cursor: DBAPICursor, session: Session, ids: list[int], slots: dict[int, int]) -> None:
    """``_sample`` for one chunk of service ids (ascending)."""
    rowids = [rowid_of(slots[i], i) for i in ids]
    marks = ", ".join("?" * len(ids))
    stored: dict[str, dict[int, tuple[Any, ...]]] = {}
    for table, keys in _COLUMNS.items():
        columns = ", ".join(f"c{i}" for i in range(len(keys)))
        found = cursor.execute(f"SELECT id, {columns} FROM {table}_content WHERE id IN ({marks})", rowids)
        stored[table] = {r[0]: tuple(r[1:]) for r in found}
    listed: dict[int, set[tuple[Any, ...]]] = {i: set() for i in ids}
    for row in cursor.execute(
        f"SELECT tag, kind, name, service_id FROM {LIST_TABLE} WHERE service_id IN ({marks})", ids
    ):
        listed[row[3]].add(tuple(row))
    for src in read_sources(session, ids):
        entry = entry_of(src, slots[src.id])
        rowid = rowid_of(entry.slot, entry.id)
        for table, keys in _COLUMNS.items():
            row = stored[table].get(rowid)
            if row is None or row != tuple(entry.row[k] for k in keys):
                raise Refused(f"索引の内容が取り込んだサービスと一致しません（{table}、サービス {src.id}）")
        if listed.get(src.id) != {(r["tag"], r["kind"], r["name"], r["id"]) for r in entry.lists}:
            raise Refused(f"索引の一覧が取り込んだサービスと一致しません（サービス {src.id}）")
        for table, column, key in _POSTINGS:  # the inverted index itself, not only the stored text
            for token in str(entry.row[key]).split()[:2]:
                found = cursor.execute(
                    f"SELECT count(*) FROM {table} WHERE {table} MATCH ? AND rowid = ?",
                    (f'{column}:"' + token.replace('"', '""') + '"', rowid),
                ).fetchone()[0]
                if not found:
                    raise Refused(f"索引の検索語が取り込んだサービスと一致しません（{table}、サービス {src.id}）")
