"""How the desk reads its directory: one fresh read snapshot per call (the quick start's plain
``sqlite3`` connection until SQLAlchemy is built, then a session), and the ``Searcher`` kept across
calls and rebuilt only after the data changed. ``DeskReads`` is the base of ``DeskData``. A desk
reading on another thread (the window's count) can be told to stop its reads (``stop_reads_when``).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Self

from dvdesk.app import safety_first
from dvdesk.domain.search import Searcher
from dvdesk.domain.sql_rows import PlainRows, SessionRows, SqlRows
from dvdesk.storage.errors import DatabaseUnavailable
from dvdesk.storage.start_open import StartDatabase

if TYPE_CHECKING:
    from dvdesk.storage.db import Database

log = logging.getLogger(__name__)

_CHANGE_COUNT_SQL = "SELECT value FROM meta WHERE key = 'change_count'"
# A stoppable read asks whether to stop every this many SQLite virtual-machine steps (well under a
# millisecond; the check is a Python call, so rarely enough to cost a count ~1 %).
_STOP_STEPS = 10_000


class ReadStopped(Exception):
    """A read stopped on purpose (``DeskReads.stop_reads_when``): not a failure, nothing to show."""


class DeskReads:
    """``db``: the ordinary ``Database``, or the desk's quick start (``StartDatabase``), whose plain
    connection answers what the first paint reads until SQLAlchemy is built (``db`` builds it)."""

    def __init__(self, db: Database | StartDatabase):
        self._db = db
        self._searcher: Searcher | None = None
        self._searcher_version: object = None
        self._vocabulary: safety_first.NeedVocabulary | None = None
        # What "now" is for "open at this hour" when a query names no time (tests set their own).
        self.clock: Callable[[], datetime] = datetime.now
        self._stop: threading.Event | None = None

    def stop_reads_when(self, stop: threading.Event | None) -> None:
        """From now on a read of this desk on a local SQLite file ends with ``ReadStopped`` soon
        after ``stop`` is set (from any thread; SQLite asks between its steps), and a read begun
        while it is set ends at its first steps. The window's count: a newer list makes it moot."""
        self._stop = stop

    @property
    def db(self) -> Database:
        """The ordinary ``Database`` (built now, importing SQLAlchemy, after a quick start)."""
        return self._db.full() if isinstance(self._db, StartDatabase) else self._db

    @property
    def opened(self) -> Database | StartDatabase:
        """What the desk was given, as it is (nothing is built): e.g. to tell shared mode."""
        return self._db

    @property
    def reads_on_another_thread(self) -> bool:
        """Whether ``for_another_thread`` may be used: a local SQLite file only. Shared mode's
        database tells the window when the server goes away (its banner: widgets, the window's
        thread only), so its reads stay on the window's thread."""
        if isinstance(self._db, StartDatabase):  # before the import: the quick start has no SQLAlchemy yet
            return True
        from dvdesk.storage.db import Database

        return type(self._db) is Database and not self._db.is_server

    def for_another_thread(self, kept: Self | None = None) -> Self:
        """A desk over the same data for one other thread at a time (the window counts on a
        worker): its own connection and searcher, neither of which may be shared between threads.
        On the quick start a plain connection of its own (SQLAlchemy still not imported: the first
        paint and the start tasks decide when it is); else the ordinary database, a session per call.
        ``kept``: the one made before, returned as it is unless the quick start has ended since (its
        plain connection is then closed, as the window's own is: a file held open cannot be
        replaced by a restore on Windows)."""
        quick = self._quick()
        if kept is not None:
            twin = kept._db if isinstance(kept._db, StartDatabase) else None
            if twin is None or quick is not None:
                return kept
            twin.release_connection()
        return type(self)(quick.twin() if quick is not None else self._db)

    def _quick(self) -> StartDatabase | None:
        """The quick start, while the ordinary ``Database`` is not built yet."""
        db = self._db
        return db if isinstance(db, StartDatabase) and not db.is_full else None

    def _plain(self, quick: StartDatabase, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            with quick.reading() as con:
                return con.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise DatabaseUnavailable.from_sqlite(quick.path, exc) from exc

    @contextlib.contextmanager
    def _reading(self) -> Iterator[PlainRows | SessionRows]:
        """One read snapshot for the searcher: the quick start's plain connection while the
        ordinary database is not built, else a session. A driver error (locked, full, damaged)
        comes out as a StorageError either way."""
        quick = self._quick()
        if quick is not None:
            try:
                with quick.reading() as con, self._stoppable(con):
                    yield PlainRows(con)
            except sqlite3.Error as exc:
                log.error("read failed in the driver: %s", type(exc).__name__)
                raise DatabaseUnavailable.from_sqlite(quick.path, exc) from exc
            return
        from sqlalchemy.exc import DBAPIError

        try:
            with self.db.read() as session:
                rows = SessionRows(session, read_only=True)
                with self._stoppable(rows.driver_connection() if self._stop is not None else None):
                    yield rows
        except (DBAPIError, sqlite3.Error) as exc:  # sqlite3's own: read_only rows run on the driver
            log.error("read failed in the driver: %s", type(getattr(exc, "orig", exc)).__name__)
            raise DatabaseUnavailable.from_sqlite(self._db.path, exc) from exc

    @contextlib.contextmanager
    def _stoppable(self, con: sqlite3.Connection | None) -> Iterator[None]:
        """While the block runs, ``con``'s statements end soon after ``self._stop`` is set
        (``ReadStopped``); the connection is left as it was (a pooled one serves other reads after)."""
        stop = self._stop
        if stop is None or con is None:
            yield
            return
        con.set_progress_handler(stop.is_set, _STOP_STEPS)  # true: SQLite ends the statement
        try:
            yield
        except sqlite3.OperationalError as exc:
            if stop.is_set() and "interrupt" in str(exc):
                raise ReadStopped() from exc
            raise
        finally:
            con.set_progress_handler(None, 0)

    def _searcher_for(self, source: SqlRows) -> Searcher:
        """The searcher (synonyms and need ids in memory), rebuilt only after the data changed.

        Building one costs more than a search; every write bumps the database's change counter.
        The same searcher goes on from the quick start's connection to the ordinary sessions.
        """
        found = source.rows(_CHANGE_COUNT_SQL)
        version = found[0][0] if found else None
        if self._searcher is None or version != self._searcher_version:
            self._searcher, self._searcher_version = Searcher(source), version
            self._vocabulary = _need_vocabulary(source)
        else:
            self._searcher.use(source)
        return self._searcher

    def change_count(self) -> object:
        """The database's change counter (every write through dvdesk bumps it)."""
        with self._reading() as source:
            found = source.rows(_CHANGE_COUNT_SQL)
            return found[0][0] if found else None

    def knows_need(self, key: str) -> bool:
        with self._reading() as source:
            return self._searcher_for(source).knows_need(key)


def _need_vocabulary(source: SqlRows) -> safety_first.NeedVocabulary:
    """Which typed words name which need (synonym groups keyed by a need; see app.safety_first)."""
    rows = tuple(
        (str(g), str(t)) for g, t in source.rows("SELECT group_key, term FROM synonyms ORDER BY group_key, id")
    )
    needs = frozenset(str(k) for (k,) in source.rows("SELECT key FROM needs WHERE NOT retired"))
    return safety_first.vocabulary(rows, needs)
