"""The desk's quick start: the database opened with plain ``sqlite3``, SQLAlchemy only later.

Importing SQLAlchemy and building its engine and ORM costs more than Qt's whole start (see
docs/performance.md). On almost every start there is nothing for it to do before the window shows:
the schema is current, the directory is loaded, the search index is of this version. ``open_quickly``
makes the same file checks as ``storage.db.open_database`` (``storage.sqlite_file.prepare``), asks
those three questions with ``sqlite3``, and returns a ``StartDatabase``: reads for the first paint go
through its plain connection, and ``full()`` builds the ordinary ``Database`` when the desk has time
(after the first paint) or when something needs it sooner. Whenever anything is due (a migration,
the first fill, a re-index, a server URL) it returns None and the caller opens the usual way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from dvdesk import files
from dvdesk.storage import backup, open_marker, schema_revision, sqlite_file, vocabulary
from dvdesk.storage.sqlite_file import CACHE_KIB
from dvdesk.storage.uri import is_server_url, sqlite_uri

if TYPE_CHECKING:
    from dvdesk.storage.db import Database

log = logging.getLogger(__name__)

# The search index's version, defined here for storage.search_index too (it imports SQLAlchemy,
# this module must not); a different stored version only sends the start the usual way (re-index).
INDEX_VERSION = "5"
INDEX_VERSION_KEY = "search_index_version"
BUSY_TIMEOUT_MS = 10_000  # as storage.db's connections


class StartDatabase:
    """A database file checked and marked open, read through one plain connection until ``full()``.

    The connection belongs to the thread that opened it (the window's). ``full()`` may be called
    from any thread, once or many times; the ``Database`` it returns keeps this open-marker.
    """

    url = None
    is_server = False

    def __init__(
        self, path: Path, checked: bool, marker: open_marker.OpenMarker | None, connection: sqlite3.Connection
    ) -> None:
        self.path, self.checked, self.marker = path, checked, marker
        self._connection: sqlite3.Connection | None = connection
        self._full: Database | None = None
        self._lock = threading.Lock()
        self._parent: StartDatabase | None = None  # see ``twin``

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def is_full(self) -> bool:
        return self._full is not None

    def full(self) -> Database:
        """The ordinary ``Database`` on the same file (imports SQLAlchemy the first time)."""
        if self._parent is not None:
            return self._parent.full()
        with self._lock:
            if self._full is None:
                from dvdesk.storage.db import Database, _make_engine

                self._full = Database(self.path, _make_engine(self.path), marker=self.marker, checked=self.checked)
            return self._full

    def twin(self) -> StartDatabase:
        """The same file through a plain connection of its own, for one other thread at a time (the
        window's count runs on a worker: a connection may not be shared between threads). It stays
        on that connection; ``full()`` is this one's ordinary database. Closing it closes only its
        connection."""
        twin = StartDatabase(self.path, self.checked, None, connect(self.path, any_thread=True))
        twin._parent = self
        return twin

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """One read snapshot on the plain connection (its reads agree with each other)."""
        con = self._connection
        if con is None:
            raise RuntimeError("the start connection is closed")
        con.execute("BEGIN")
        try:
            yield con
        finally:
            con.execute("ROLLBACK")

    def release_connection(self) -> None:
        """Close the plain connection (in its own thread) once the desk reads through ``full()``."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def keep_check_mark(self) -> None:
        if self._full is not None:
            self._full.keep_check_mark()
        elif self.marker is not None:
            self.marker.keep = True

    def close(self) -> None:
        self.release_connection()
        if self._full is not None:
            self._full.close()  # releases the marker too
        elif self.marker is not None:
            self.marker.release()


def connect(path: Path, any_thread: bool = False) -> sqlite3.Connection:
    """A read-only plain connection: ``query_only``, autocommit (``reading`` issues BEGIN).
    ``any_thread``: usable from another thread than the one that opened it (one at a time)."""
    con = sqlite3.connect(sqlite_uri(path), uri=True, isolation_level=None, check_same_thread=not any_thread)
    con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    con.execute("PRAGMA query_only = ON")
    con.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # as the ordinary connections (storage.db)
    return con


def ready_to_read(con: sqlite3.Connection) -> bool:
    """Whether the file needs nothing before the desk reads it: the newest schema, a loaded
    directory, the current search index and search vocabulary (an update's synonyms, see
    ``storage.vocabulary``). Anything it cannot tell counts as 'no'."""
    head = schema_revision.head_revision()
    try:
        revisions = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
        if head is None or revisions != [head]:
            return False
        if con.execute("SELECT 1 FROM municipalities LIMIT 1").fetchone() is None:
            return False
        stored = con.execute("SELECT value FROM meta WHERE key = ?", (INDEX_VERSION_KEY,)).fetchone()
        if stored is None or stored[0] != INDEX_VERSION:
            return False
        return vocabulary.vocabulary_is_current(con)
    except sqlite3.Error:
        return False


def open_quickly(path: Path | str | None = None) -> StartDatabase | None:
    """The desk's database with plain ``sqlite3`` (see the module doc), or None to open it the
    usual way (``open_database``). Raises ``StorageError`` as ``open_database`` does for a file
    that cannot be used; the quick check runs only after an unclean end, as the desk asks."""
    target = os.environ.get("DVDESK_DB", "") if path is None else path
    if is_server_url(target):
        return None
    path, checked = sqlite_file.prepare(path, check_only_after_unclean_end=True)
    if not path.exists() or path.stat().st_size == 0:
        return None  # first start: migrations and the bundled directory
    try:
        con = connect(path)
    except sqlite3.Error:
        return None  # open_database says what is wrong
    if not ready_to_read(con):
        con.close()
        return None
    try:
        files.create_private(path)
    except OSError as exc:
        con.close()
        raise backup.storage_error(path, exc) from exc
    return StartDatabase(path, checked, open_marker.mark_open(path), con)
