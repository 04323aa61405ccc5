"""Shared mode when the server is away: a read-only local copy, and no referral write it could lose.

A PC in shared mode works on one server database (PostgreSQL; any ``Database`` works, which is how
the tests also run it on SQLite). Whenever the server answers, this module keeps a copy of the
directory in a local SQLite file (``local_copy_path()``, in the per-user data folder): the
directory, the checklist's procedures, the synonyms, translations and templates, with its own
search index — never the referral log, the consultation counts, the change history or the
administrator's passphrase.

``SharedDatabase`` stands where the window expects a ``Database``. Reads go to the server; when
the server cannot be reached, to the local copy, and ``online`` turns False (the window shows a
banner). Writes go to the server only: while it is away every write — a referral, a status
move, a note, an edit — is refused with ``ServerAway`` and its Japanese message, so nothing is
kept on one PC that the others would never see and nothing is silently lost. (Queueing writes
locally was rejected: a move replayed later can contradict what another desk did meanwhile.)
``probe()`` (the window calls it every few seconds) notices the server's return, refreshes the
copy and switches back; while the server answers it retakes the copy when the server's data
changed since, at most every ``COPY_EVERY_S`` seconds.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dvdesk import files, paths
from dvdesk.domain.models import Base, ContactPoint, Organization, Service
from dvdesk.storage import search_index
from dvdesk.storage.errors import CommitUncertain, DatabaseUnavailable, ServerUnavailable, StorageError

if TYPE_CHECKING:
    from sqlalchemy import Table

    from dvdesk.storage.db import Database

log = logging.getLogger(__name__)

# Never copied to a PC: who was referred (the log), counts, who changed what, the passphrase hash.
NOT_COPIED = frozenset(
    {"referrals", "referral_needs", "referral_targets", "referral_events", "consultation_counts", "change_history"}
)
PRIVATE_META = frozenset({"admin_passphrase", "change_count"})
# While the server answers, the copy is retaken when the server's data changed since, at most this
# often (a full read of the directory; the window asks every few seconds).
COPY_EVERY_S = 600.0


class ServerAway(StorageError):
    """The server cannot be reached: shown to the counselor, nothing was saved."""

    message = (
        "サーバーに接続できないため保存できません（この PC には保存していません）。"
        "入力した内容を控えておき、サーバーが戻ってから（画面上の表示が消えてから）もう一度保存してください。"
    )

    # A read (a search, a list, a checklist for printing) the server left in the middle of: nothing
    # was being saved; the desk is on its copy now, so the same step again works at once.
    READ = (
        "共有サーバーとの接続が途中で切れたため、表示を更新できませんでした。この PC の控えに切り替えたので、"
        "もう一度操作してください（紹介記録と相談件数は、サーバーが戻ると表示されます）。"
    )

    RECORDS = (
        "サーバーに接続できないため、紹介記録と相談件数は表示できません（この PC の控えには"
        "ディレクトリだけを置いています）。サーバーが戻ると表示されます。"
    )

    def __init__(self, detail: str = "", message: str | None = None) -> None:
        if message:
            self.message = message
        super().__init__(Path("<server>"), detail)


def read_lost(exc: BaseException) -> bool:
    """A read the server left half-way (``ServerAway.READ``): the desk is on its copy now, and the
    same read done again answers from it."""
    return isinstance(exc, ServerAway) and exc.message == ServerAway.READ


def commit_uncertain(exc: BaseException) -> bool:
    """The connection went while the save's COMMIT was on its way (directly, or as the ServerAway a
    shared desk raises for it): the server may hold the save, and nothing may say it was not made."""
    return isinstance(exc, CommitUncertain) or getattr(exc, "message", None) == CommitUncertain.message


def server_vocabulary_behind(db: Any) -> int:
    """The search words this dvdesk ships that the shared database lacks (its owner runs
    ``server-setup`` to bring them; a PC never writes the server's vocabulary). 0 when it has them,
    or when it cannot be told (the server away and no copy yet): a hint, never an error."""
    from dvdesk.storage import vocabulary

    try:
        with db.read() as session:
            return vocabulary.missing_terms(session)
    except (StorageError, DBAPIError, vocabulary.VocabularyError) as exc:
        log.warning("could not compare the server's search words: %s", type(exc).__name__)
        return 0


def client_view_mark(session: Session) -> tuple[int, ...]:
    """One row that changes when a client may see less (or more) of the directory: which services,
    service locations, contacts and department addresses are public, and the length of each public
    location and address. ``probe`` retakes the copy at once when it moved: a location an
    administrator made secret, erased or hid with its service must not wait up to ``COPY_EVERY_S``
    in the copy a client's printout is made from while the server is away. (Sums of ids and of
    their squares: two changes cancelling out would need ids that add up alike in both.)"""
    public = "public"
    parts = (
        (Service.id, (Service.confidentiality == public) & Service.retired.is_(False), None),
        (Service.id, Service.location_confidentiality == public, Service.location),
        (ContactPoint.id, ContactPoint.confidentiality == public, None),
        (Organization.id, Organization.address_confidentiality == public, Organization.address),
    )
    columns = []
    for key, where, text_column in parts:
        aggregates = [func.count(key), func.coalesce(func.sum(key), 0), func.coalesce(func.sum(key * key), 0)]
        if text_column is not None:
            aggregates.append(func.coalesce(func.sum(func.length(text_column) * key), 0))
        columns += [select(a).where(where).scalar_subquery() for a in aggregates]
    return tuple(int(v) for v in session.execute(select(*columns)).one())


def local_copy_path() -> Path:
    """In a folder of its own, so its backups never mix with a local desk's database's."""
    return paths.data_dir() / "shared-copy" / "directory.sqlite3"


def _copied_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_COPIED]


def write_local_copy(server: Database, path: Path) -> int:
    """Copy the server's directory into a fresh SQLite file and put it in place at once.

    Built beside the target and renamed over it, so a copy interrupted half-way (the server
    leaving mid-copy) never replaces the last good one. Returns the number of rows copied.
    """
    from dvdesk.storage.db import open_database  # storage.db imports much; only needed here

    # The copy holds what the counselor's screen shows (shelters' locations, staff notes): its folder,
    # and the data folder a shared-mode PC makes for it, are owner-only like a desk's own database's.
    files.private_folder(path.parent.parent)
    files.private_folder(path.parent)
    files.make_private(path.parent)  # one an earlier version made with the default mode
    tmp = path.with_name(path.name + ".new")
    for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
        leftover.unlink(missing_ok=True)
    rows: dict[str, list[dict]] = {}
    # One snapshot of the server (``Database.read``: REPEATABLE READ there): a consistent copy, never
    # an administrator's save split between two tables (a service whose new department it did not hold).
    with server.read() as s:
        for table in _copied_tables():
            rows[table.name] = [dict(r) for r in s.execute(select(table)).mappings()]
    rows["meta"] = [r for r in rows.get("meta", []) if r["key"] not in PRIVATE_META]
    copy = open_database(tmp, fill=False)
    try:
        with copy.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            for table in _copied_tables():
                if table.name == "meta":
                    conn.execute(table.delete())
                if rows[table.name]:
                    conn.execute(insert(table), rows[table.name])
        with copy.write() as s:
            search_index.rebuild(s)
        with copy.engine.begin() as conn:
            # Absent, not empty: while the server is away a referral list must fail with a message
            # (``ServerAway.RECORDS``), never show "no referrals" (a silent wrong answer).
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            for name in NOT_COPIED:
                conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
        with copy.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        copy.close()
    os.replace(tmp, path)
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
        tmp.with_name(tmp.name + side).unlink(missing_ok=True)
    return sum(len(v) for v in rows.values())


def _unreachable(exc: BaseException) -> bool:
    """A failure that means the server is away, not a bug or a refused input."""
    if isinstance(exc, ServerAway):
        return True
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated) or type(exc.orig).__name__ in (
            "OperationalError",
            "InterfaceError",
            "AdminShutdown",
            "ConnectionFailure",
        )
    if isinstance(exc, ServerUnavailable):  # storage.server's mapping of a connection failure
        return True
    if isinstance(exc, StorageError):
        return type(exc) is DatabaseUnavailable
    return isinstance(exc, (ConnectionError, TimeoutError))


class SharedDatabase:
    """A server database with a read-only local copy behind it (see the module doc).

    ``connect`` opens the server database (it may raise while the server is away);
    ``copy_path`` is the local copy; ``on_change(online)`` is called when the state flips.
    """

    def __init__(
        self,
        connect: Callable[[], Database],
        copy_path: Path | None = None,
        on_change: Callable[[bool], None] | None = None,
    ) -> None:
        self.connect = connect
        self.copy_path = copy_path or local_copy_path()
        self.listeners: list[Callable[[bool], None]] = [on_change] if on_change else []
        self.server: Database | None = None
        self.copy: Database | None = None
        self.online = False
        self.copied = False  # the local copy was refreshed from the server in this session
        self.copied_at: object = None  # the server's change counter when the copy was taken
        self.copied_mark: tuple[int, ...] | None = None  # what a client could see then (client_view_mark)
        self.copied_when = 0.0
        if not self.probe() and not self.copy_path.exists():
            raise ServerAway("server away and no local copy yet")

    # -- what the window uses instead of Database.read / write ---------------------------------
    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session on the server, or on the local copy while it is away. The server is pinged
        first (one round trip), so a stopped server falls back before the caller's first query;
        if it leaves in the middle of the caller's reads, ``ServerAway`` is raised once."""
        with contextlib.ExitStack() as stack:
            session = self._server_session(stack) if self.online else None
            if session is None:
                session = stack.enter_context(self._local().read())
                try:
                    yield session
                except Exception as exc:
                    if any(f"no such table: {name}" in str(exc) for name in NOT_COPIED):
                        raise ServerAway(str(exc), ServerAway.RECORDS) from exc
                    raise
                return
            try:
                yield session
            except Exception as exc:
                if not _unreachable(exc):
                    raise
                self._went_away(exc)
                raise ServerAway(str(exc), ServerAway.READ) from exc

    def _server_session(self, stack: contextlib.ExitStack) -> Session | None:
        assert self.server is not None  # online only once probe() has connected it
        try:
            session = stack.enter_context(self.server.read())
            session.execute(text("SELECT 1"))
            return session
        except Exception as exc:
            if not _unreachable(exc):
                raise
            stack.close()
            self._went_away(exc)
            return None

    @contextlib.contextmanager
    def write(self, *, large: bool = False) -> Iterator[Session]:  # (``large``: SQLite's only)
        if not self.online:
            raise ServerAway("offline")
        assert self.server is not None  # online only once probe() has connected it
        try:
            with self.server.write() as session:
                yield session
        except Exception as exc:
            if not _unreachable(exc):
                raise
            self._went_away(exc)
            # Lost while the COMMIT was on its way: the server may hold it, never "not saved".
            said = CommitUncertain.message if isinstance(exc, CommitUncertain) else None
            raise ServerAway(str(exc), said) from exc

    @property
    def path(self) -> Path:
        return self._current().path

    @property
    def is_server(self) -> bool:
        return self._current().is_server

    def _current(self) -> Database:
        """The server while it answers, the local copy while it is away."""
        return self.server if self.online and self.server is not None else self._local()

    if not TYPE_CHECKING:  # hidden from mypy, so it checks this class against DatabaseLike for real

        def __getattr__(self, name: str) -> Any:
            # engine, location, forget_deleted …: the server's (or the copy's while away)
            return getattr(self._current(), name)

    # -- state ------------------------------------------------------------------------------
    def probe(self) -> bool:
        """Is the server there? On its return, refresh the local copy and switch back to it."""
        try:
            if self.server is None:
                self.server = self.connect()
            with self.server.read() as s:
                changes = s.execute(text("SELECT value FROM meta WHERE key = 'change_count'")).scalar()
                mark = client_view_mark(s)
        except Exception as exc:
            if not _unreachable(exc):
                raise
            self._went_away(exc)
            return False
        if not self.online:
            self.refresh_copy(changes, mark)
            self._set(True)
        elif mark != self.copied_mark:
            self.refresh_copy(changes, mark)  # a client may see less (or more) now: not in 10 minutes
        elif changes != self.copied_at and time.monotonic() - self.copied_when >= COPY_EVERY_S:
            self.refresh_copy(changes, mark)  # the server changed since the copy: keep the copy close to it
        return True

    def refresh_copy(self, changes: object = None, mark: tuple[int, ...] | None = None) -> bool:
        """Refresh the local copy from the server; False (logged) if that failed.
        ``changes``, ``mark``: the server's change counter and ``client_view_mark`` read just before
        (the copy is as new or newer), remembered with the copy."""
        if self.copy is not None:
            self.copy.close()
            self.copy = None
        try:
            if self.server is None:
                raise ServerAway("not connected")
            write_local_copy(self.server, self.copy_path)
        except Exception as exc:  # the old copy stays; the server may have left mid-copy
            log.warning("local copy not refreshed: %s", exc)
            return False
        self.copied = True
        self.copied_at, self.copied_when, self.copied_mark = changes, time.monotonic(), mark
        return True

    def _local(self) -> Database:
        if self.copy is None:
            from dvdesk.storage.db import open_database

            if not self.copy_path.exists():
                raise ServerAway("no local copy")
            self.copy = open_database(self.copy_path, fill=False)
        return self.copy

    def _went_away(self, exc: BaseException) -> None:
        log.warning("server unreachable: %s", exc)
        if self.server is not None:
            with contextlib.suppress(Exception):
                self.server.close()  # fresh connections when it is back
            self.server = None
        self._set(False)

    def _set(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            for listener in list(self.listeners):
                listener(online)

    def close(self) -> None:
        for db in (self.server, self.copy):
            if db is not None:
                db.close()


if TYPE_CHECKING:
    from dvdesk.storage.database_protocol import DatabaseLike

    def _satisfies_protocol(db: SharedDatabase) -> DatabaseLike:
        return db  # mypy: the window's shared database is what the app layer and the administration take
