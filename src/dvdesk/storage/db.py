"""Opening the SQLite database: pragmas, integrity check, migrations, first fill.

Durability: WAL journal with ``synchronous=FULL``. WAL lets a second dvdesk on the same file
read while the first writes (no 'database is locked' for readers); FULL makes every committed
change survive a power cut at the wall, which NORMAL does not promise in WAL mode. The directory
changes a few times a year, so the cost of an fsync per commit is invisible.

Transactions: pysqlite's own implicit transaction handling is switched off and dvdesk issues
BEGIN itself, so migrations (DDL) are atomic too. Writers use ``BEGIN IMMEDIATE`` to take the
write lock up front and wait up to ``BUSY_TIMEOUT_MS`` for another instance instead of failing
half-way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from dvdesk.domain import integrity
from dvdesk.domain.models import Municipality
from dvdesk.storage import (
    checkpoint_behind,
    large_write,
    open_marker,
    schema_revision,
    search_index,
    search_index_ship,
    server,
    sqlite_file,
    statement_cache,
    vocabulary,
)
from dvdesk.storage.errors import (
    CommitUncertain,
    DamagedWhileOpen,
    DamagedWhileSaving,
    DatabaseGone,
    DatabaseUnavailable,
    SchemaTooNew,
    ServerNotReady,
    ServerUnavailable,
)
from dvdesk.storage.errors import CorruptDatabase as CorruptDatabase

# The file's own checks, done before SQLAlchemy (the desk's quick start shares them); their names
# are imported from here as before.
from dvdesk.storage.sqlite_file import CACHE_KIB
from dvdesk.storage.sqlite_file import MIN_SQLITE as MIN_SQLITE
from dvdesk.storage.sqlite_file import URL_SCHEME as URL_SCHEME
from dvdesk.storage.sqlite_file import SqliteTooOld as SqliteTooOld
from dvdesk.storage.sqlite_file import check_sqlite as check_sqlite
from dvdesk.storage.sqlite_file import quick_check as quick_check

if TYPE_CHECKING:
    from dvdesk.storage.database_protocol import DatabaseLike
    from dvdesk.storage.schema_upgrade import Announce

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def _make_engine(path: Path) -> Engine:
    # One compiled-statement cache for every file the process opens (storage.statement_cache).
    engine = create_engine(statement_cache.url(path), execution_options={"compiled_cache": statement_cache.COMPILED})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # dvdesk issues BEGIN itself (see module doc)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute(f"PRAGMA wal_autocheckpoint = {checkpoint_behind.AUTO}")  # (SQLite's default)
        cur.execute("PRAGMA secure_delete = ON")  # a deleted note is overwritten, not left in a free page
        cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cur.close()

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_conn: sqlite3.Connection, record: ConnectionPoolEntry) -> None:
        search_index_ship.detach_after(dbapi_conn, record.info)  # an import's shipped index, if attached
        large_write.end(dbapi_conn, record.info)  # a national import's journal mode or checkpoint, back

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get("large", False):  # before BEGIN: the journal mode cannot change inside a transaction
            large_write.begin(conn.connection.dbapi_connection, conn.connection.info, BUSY_TIMEOUT_MS)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get("immediate", False) else "BEGIN")

    return engine


@dataclass(eq=False)
class Database:
    path: Path  # the SQLite file; for a server, a stand-in naming the server (see ``location``)
    engine: Engine
    url: str | None = None  # shared mode: the PostgreSQL URL (``storage.server``)
    marker: open_marker.OpenMarker | None = None  # removed at a clean close (see storage.open_marker)
    checked: bool = False  # whether open_database ran PRAGMA quick_check on the file
    # Called once, before the first write opens its transaction (the command line's daily backup).
    before_first_write: Callable[[], None] | None = None

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def location(self) -> str:
        """Where the data is, for a user: the file, or the server's URL without its password."""
        return server.display(self.url) if self.url else str(self.path)

    def __post_init__(self) -> None:
        # One snapshot per read, as SQLite's WAL gives: PostgreSQL's READ COMMITTED takes one per
        # statement, and a checklist, a search or a year's statistics built while an import or another
        # desk's delete committed between two of its statements mixed the directory (the log) before
        # and after it. A REPEATABLE READ transaction that only reads never fails or waits for a writer.
        # (Not ``postgresql_readonly``: SQLAlchemy resets it to an explicit READ WRITE when the connection
        # goes back to the pool, which overrode a server's ``default_transaction_read_only``.)
        reading = self.engine.execution_options(isolation_level="REPEATABLE READ")
        self._reader = sessionmaker(reading if self.is_server else self.engine, expire_on_commit=False)
        self._writer = sessionmaker(self.engine.execution_options(immediate=True), expire_on_commit=False)
        large = self.engine.execution_options(immediate=True, large=True)
        self._large_writer = sessionmaker(large, expire_on_commit=False)
        # Every directory record a write flushes is noted, for the gate before commit.
        for writer in (self._writer, self._large_writer):
            event.listen(writer, "before_flush", lambda session, _ctx, _objs: integrity.track(session))
        self._identity = None if self.is_server else _file_identity(self.path)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only session: one snapshot of the database from its first statement to the
        end of the block (SQLite's WAL; REPEATABLE READ on a server)."""
        try:
            with _environment_errors(self.path, self.is_server), self._reader() as session:
                try:
                    yield session
                finally:
                    session.rollback()
        except CorruptDatabase as exc:
            self.keep_check_mark()  # damaged while open: the next start checks it first (and offers recovery)
            if type(exc) is CorruptDatabase:
                raise DamagedWhileOpen(exc.path, exc.detail) from exc
            raise

    @contextlib.contextmanager
    def write(self, *, large: bool = False) -> Iterator[Session]:
        """One all-or-nothing transaction: committed at the end of the block, rolled back on error.

        ``large``: gigabytes (a national import): in SQLite's rollback-journal mode when no other
        connection has the file open, else in WAL mode with the checkpoint run behind the commit
        (``storage.large_write``). A server ignores it.

        A write that changed directory records passes ``integrity.gate`` first: a record that
        breaks a rule raises ``DirectoryRefused`` and nothing is written.
        A full disk, a read-only folder or another instance holding the lock for longer than
        ``BUSY_TIMEOUT_MS`` raise a ``StorageError`` with a message for the user; the database
        keeps its state from before the block.
        """
        hook, self.before_first_write = self.before_first_write, None
        if hook is not None:
            hook()
        committing = False
        try:
            writer = self._large_writer if large and not self.is_server else self._writer
            with _environment_errors(self.path, self.is_server), writer() as session, session.begin():
                yield session
                session.flush()
                integrity.gate(session)  # raises DirectoryRefused: the whole block is rolled back
                self._refuse_if_gone()
                _count_change(session)
                committing = True  # only the COMMIT is left (the end of ``session.begin()``)
        except CorruptDatabase as exc:
            self.keep_check_mark()  # damaged while open: the next start checks it first (and offers recovery)
            if type(exc) is CorruptDatabase:
                raise DamagedWhileSaving(exc.path, exc.detail) from exc
            raise
        except ServerUnavailable as exc:
            if committing and type(exc) is ServerUnavailable:
                # The server may have applied it before the connection went: never "not saved".
                raise CommitUncertain(exc.path, exc.detail) from exc
            raise
        if large and not self.is_server:
            self.checkpoint_behind()  # (a WAL left empty by the rollback journal: nothing to copy)

    def _refuse_if_gone(self) -> None:
        """The file deleted or moved while open (a cleaning tool, someone in the file manager): SQLite
        would write on into the unlinked file (POSIX) and the save be lost at close, in silence."""
        if self._identity is not None and _file_identity(self.path) != self._identity:
            raise DatabaseGone(self.path, "the database file was deleted or replaced while open")

    def forget_deleted(self) -> None:
        """Copy the WAL into the database and empty it, so a deleted row's old pages are gone from
        both files at once (with secure_delete the freed space is zeroed). Call after a delete.
        On a server the rows are gone for every other session at commit; VACUUM is the server's."""
        if self.is_server:
            return
        checkpoint_behind.settle(self.path)  # (one running could keep TRUNCATE from finishing)
        with _environment_errors(self.path), self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def checkpoint_behind(self) -> None:
        """After a write whose commit deferred its checkpoint (``large_write.begin`` in WAL mode): copy the
        WAL into the file in a background thread; ``close`` waits for it."""
        if not self.is_server:
            checkpoint_behind.start(self.path, BUSY_TIMEOUT_MS)

    def close(self) -> None:
        if not self.is_server:
            checkpoint_behind.settle(self.path)
        self.engine.dispose()
        if self.marker is not None:
            self.marker.release()

    def keep_check_mark(self) -> None:
        """The file was found damaged while open: the next start checks it (and offers recovery)."""
        if self.marker is not None:
            self.marker.keep = True


def _file_identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode; None when it is gone. On Windows only whether it is there (an
    open SQLite file cannot be deleted or renamed there; a network drive's file ids need not be stable)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (0, 0) if os.name == "nt" else (st.st_dev, st.st_ino)


CHANGE_COUNTER = "change_count"


def _count_change(session: Session) -> None:
    """Bump the persistent change counter; backups remember the count they were taken at."""
    session.execute(
        text(
            "INSERT INTO meta(key, value) VALUES (:k, '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(meta.value AS INTEGER) + 1"
        ),
        {"k": CHANGE_COUNTER},
    )


@contextlib.contextmanager
def _environment_errors(path: Path, on_server: bool = False) -> Iterator[None]:
    """Turn SQLite's environment failures (locked, full, read-only, corrupt), or a server's
    (unreachable, refused by the role's grants), into StorageErrors."""
    if on_server:
        with _server_errors(path):
            yield
        return
    try:
        yield
    except OperationalError as exc:
        raise DatabaseUnavailable.from_sqlite(path, exc) from exc
    except DBAPIError as exc:
        if isinstance(getattr(exc, "orig", None), sqlite3.DatabaseError) and not isinstance(
            getattr(exc, "orig", None), sqlite3.IntegrityError
        ):
            raise DatabaseUnavailable.from_sqlite(path, exc) from exc
        raise


@contextlib.contextmanager
def _server_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except DBAPIError as exc:
        sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None) or ""
        if sqlstate.startswith("23") or sqlstate.startswith("40"):
            raise  # a constraint or a serialization conflict: the caller's to handle, as on SQLite
        raise server.storage_error(path, exc) from exc


def open_database(
    path: Path | str | None = None,
    *,
    fill: bool = True,
    backup_if_changed: bool = False,
    check_only_after_unclean_end: bool = False,
    announce: Announce | None = None,
) -> Database:
    """Open (creating and migrating as needed) the database at ``path``.

    Raises ``CorruptDatabase`` for a damaged file, ``SchemaTooNew`` for a file written by a newer
    dvdesk, ``DatabaseUnavailable`` when the folder or file cannot be used. ``backup_if_changed``
    takes a start backup when the file changed since the newest one (the window does that in the
    background instead, see ``gui.background``). ``fill`` brings what this version ships: the
    bundled directory into an empty file, and the search vocabulary after an update
    (``storage.vocabulary``); False for shared mode's local copy, a mirror of the server's words.

    ``PRAGMA quick_check`` runs first; with ``check_only_after_unclean_end`` only when the last
    process that had the file open did not close it (``storage.open_marker``) — the window then
    checks in the background (``app.start_checks``), and a file damaged in its header or schema
    still fails at the first read. ``announce`` is told before a migration, once its backup is
    taken (``storage.schema_upgrade``).
    """
    target = os.environ.get("DVDESK_DB", "") if path is None else path
    if server.is_server_url(target):
        return open_server(str(target), fill=fill)
    path, checked = sqlite_file.prepare(
        path,
        backup_if_changed=backup_if_changed,
        check_only_after_unclean_end=check_only_after_unclean_end,
        check=quick_check,
        missing_is_damage=fill,  # shared mode's local copy (fill=False) is remade from the server
    )
    engine = _make_engine(path)
    db = Database(path, engine, marker=open_marker.mark_open(path), checked=checked)
    try:
        if not schema_revision.is_current(engine):  # Alembic is imported only when a migration may be due
            from dvdesk.storage import schema_upgrade

            schema_upgrade.bring_up_to_date(path, engine, announce)  # backup, notice, one transaction
        if fill and _is_empty(db):
            from dvdesk.storage import bundled  # the loader is only needed on first start

            bundled.load_into(db)
        if fill:  # not in a mirror of the server (shared mode's local copy): it holds the server's words
            _update_vocabulary_if_outdated(db)
        _reindex_if_outdated(db)
    except (OperationalError, DBAPIError) as exc:
        db.close()
        raise DatabaseUnavailable.from_sqlite(path, exc) from exc
    except DamagedWhileOpen as exc:  # found while opening: the start's own offer follows, not "start again"
        db.close()
        raise CorruptDatabase(exc.path, exc.detail) from exc
    except Exception:
        db.close()
        raise
    return db


def open_server(url: str, *, fill: bool = True) -> Database:
    """Connect to a shared database on a PostgreSQL server, set up by ``admin server-setup``.

    A counselor's PC never migrates or fills the server (its role may not create tables): a server
    at an older revision, or one not set up, is refused in one line naming the administrator's
    command. ``fill`` is accepted for symmetry with ``open_database`` and ignored.
    """
    where = Path(server.display(url))
    engine = server.make_engine(url)
    db = Database(where, engine, url=url)
    _OPEN_SERVERS.add(db)
    try:
        with _server_errors(where):
            revision = schema_revision.stored_revision(engine)
        head = schema_revision.head_revision()
        if revision is None:
            raise ServerNotReady(where, "no dvdesk schema")
        if revision != head:
            from dvdesk.storage import migrations

            if revision not in migrations.known_revisions():
                raise SchemaTooNew(where, f"revision {revision}")
            raise ServerNotReady(where, f"revision {revision}, dvdesk needs {head}")
        with _server_errors(where):
            if _is_empty(db):
                raise ServerNotReady(where, "no directory loaded")
    except Exception:
        engine.dispose()
        raise
    return db


# Server connections left to the garbage collector warn (psycopg): a command closes them at its end.
_OPEN_SERVERS: weakref.WeakSet[Database] = weakref.WeakSet()


def close_servers() -> None:
    """Close the connections of every server database opened by this process (end of a command)."""
    for db in list(_OPEN_SERVERS):
        db.close()


def _update_vocabulary_if_outdated(db: Database) -> None:
    """A database loaded by an older dvdesk gets this one's search vocabulary (storage.vocabulary):
    one small read when it is current; otherwise one transaction (synonyms merged; the index is
    untouched: synonyms widen the query, they are not in it)."""
    with db.read() as session:
        if _is_empty_session(session) or vocabulary.is_current(session):
            return
    with db.write() as session:
        if vocabulary.update(session):
            log.info("search vocabulary brought up to this version's")


def _reindex_if_outdated(db: Database) -> None:
    """A database indexed by an older dvdesk gets the current search index (one transaction)."""
    with db.read() as session:
        if _is_empty_session(session) or search_index.is_current(session):
            return
    with db.write() as session:
        if not search_index.upgrade(session):  # 4 -> 5 in place (minutes at 350k), else a re-index
            search_index.rebuild(session)


def _is_empty_session(session: Session) -> bool:
    return session.scalar(select(Municipality.id).limit(1)) is None


def _is_empty(db: Database) -> bool:
    with db.read() as session:
        return session.scalar(select(Municipality.id).limit(1)) is None


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()


def scalar(db: Database, sql: str) -> object:
    with db.read() as session:
        return session.execute(text(sql)).scalar()


if TYPE_CHECKING:

    def _satisfies_protocol(db: Database) -> DatabaseLike:
        return db  # mypy: a Database is what the app layer and the administration take
