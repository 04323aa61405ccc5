"""Backups of the database, kept beside it in ``backups/``, and restoring them.

A backup is a consistent snapshot taken with SQLite's online backup API (never a file copy of a
live database, which can catch a half-written WAL). Backups are taken on a start that follows a
change, before the command line's first write of the day (``take_if_due``), before every migration,
before every import and before a restore.

A backup counts only once it is verified: it is written to ``….partial`` (owner-only), opened,
``PRAGMA quick_check``-ed and its tables counted against the source, fsynced, and only then renamed
into place. Any failure (a full disk, a read-only folder, a check that fails) removes the partial
file and raises a ``StorageError`` that says which.

Retention: the newest ``KEEP_RECENT`` backups, the newest of each of the last ``KEEP_DAYS`` days,
the newest taken before a migration (the way back to the previous dvdesk), and — while the current
database holds no referral — the newest that holds any (never the referral log lost through retention).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from dvdesk import files, paths
from dvdesk.storage import backup_schema, errors, hot_journal, referral_numbers, restore_note
from dvdesk.storage.errors import BackupFailed, DatabaseUnavailable, DiskFull, DriveUnavailable, ReadOnly, StorageError
from dvdesk.storage.restore_note import TAKEN_OUT as TAKEN_OUT  # re-exported
from dvdesk.storage.restore_note import taken_out_by_restore
from dvdesk.storage.schema_revision import is_from_newer_dvdesk
from dvdesk.storage.uri import sqlite_uri

log = logging.getLogger(__name__)

KEEP_RECENT = 10
KEEP_DAYS = 30
_NAME = re.compile(r"^dvdesk-(\d{8}-\d{6}-\d{6})-([a-z-]+)\.sqlite3$")
STAMP = "%Y%m%d-%H%M%S-%f"  # a backup's and a damaged file's (recovery.set_aside) time stamp
SUMMARY_TABLES = ("municipalities", "organizations", "services", "procedures")
# What an import calls to back up first: ``take``, or a test's stand-in. (db path, reason) -> copy
Backup = Callable[[Path, str], Path]


def connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection that never creates a file, whatever characters the path holds.

    A hot journal beside the file (a write in rollback-journal mode cut short by a crash: a national
    import, ``storage.large_write``) is rolled back first, as any read-write open would: a read-only
    connection cannot ("attempt to write a readonly database"), and every read here (a backup, a
    restore's safety copy and its count of what it takes out) would find the file unreadable."""
    hot_journal.roll_back(path)
    return sqlite3.connect(sqlite_uri(path, read_only=True), uri=True)


class BackupInfo(NamedTuple):  # a named tuple: its module is imported before the first search
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int

    def summary(self) -> dict[str, object]:
        """What the backup holds, read without touching the live database."""
        try:
            con = connect_ro(self.path)
            try:
                counts = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in SUMMARY_TABLES}
                revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            return {"error": str(exc)}
        return {**counts, "referrals": referral_count(self.path) or 0, "schema": revision[0] if revision else None}


def change_count(path: Path, connect: Callable[[Path], sqlite3.Connection] | None = None) -> str | None:
    """The database's persistent change counter (see storage.db), read-only; None if unreadable.
    ``connect``: how to open it (``salvage.connect`` for a damaged file); default ``connect_ro``."""
    try:
        con = (connect or connect_ro)(path)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'change_count'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else "0"


def referral_count(path: Path) -> int | None:
    """How many referrals ``path`` holds; 0 for a schema without the log, None if unreadable."""
    try:
        con = connect_ro(path)
        try:
            if not _has_table(con, "referrals"):
                return 0
            return int(con.execute("SELECT count(*) FROM referrals").fetchone()[0])
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None


def _rows(path: Path, table: str, columns: str) -> set[tuple[object, ...]] | None:
    """The rows of ``table`` (empty when the file has no such table); None when the file cannot be read."""
    try:
        con = connect_ro(path)
        try:
            if not _has_table(con, table):
                return set()
            return {tuple(r) for r in con.execute(f"SELECT {columns} FROM {table}")}  # the names are ours, never typed
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None


def _compared(backup: Path, db_path: Path, table: str, columns: str) -> tuple[set, set] | None:
    now = _rows(db_path, table, columns) if db_path.exists() else set()
    then = _rows(backup, table, columns)
    return None if now is None or then is None else (now, then)


def referrals_not_in(backup: Path, db_path: Path) -> int:
    """How many referrals of the database at ``db_path`` the backup does not hold (by id and time
    of entry): what a restore of it takes out of the log. 0 when either file cannot be read."""
    both = _compared(backup, db_path, "referrals", "id, created_at")
    return len(both[0] - both[1]) if both else 0


def referrals_back_from(backup: Path, db_path: Path) -> int:
    """How many referrals the backup holds that the database at ``db_path`` does not (deleted after
    the backup, or taken out by an earlier restore): a restore of it puts them back in the log and
    the statistics. No deletion is logged, so which of the two cannot be told."""
    both = _compared(backup, db_path, "referrals", "id, created_at")
    return len(both[1] - both[0]) if both else 0


def directory_edits_not_in(backup: Path, db_path: Path) -> tuple[int, int]:
    """(edits, records) in the change history of the database at ``db_path`` that the backup lacks:
    the administrator's edits, imports and loads a restore of it takes back. (0, 0) when either
    file cannot be read."""
    both = _compared(backup, db_path, "change_history", "edit_id, table_name, record_key")
    if not both:
        return 0, 0
    gone = both[0] - both[1]
    return len({r[0] for r in gone}), len({r[1:] for r in gone})


def casework_not_in(backup: Path | None, db_path: Path) -> tuple[int, int]:
    """(status moves and notes of referrals the backup holds, month entries of consultation counts)
    that the database at ``db_path`` has and the backup does not: what a restore takes back besides
    whole referrals (``referrals_not_in``). A count entry is one month, department and DV/other, as
    the grid saves it (the department by its id: two towns' 住宅課 are two entries); no backup: an
    empty log. (0, 0) when either file cannot be read."""

    def read(path: Path) -> tuple[set[int], dict[int, int], set[tuple[object, ...]]] | None:
        try:
            con = connect_ro(path)
            try:
                referrals: set[int] = set()
                events: dict[int, int] = {}
                counts: set[tuple[object, ...]] = set()
                if _has_table(con, "referrals"):
                    referrals = {int(r[0]) for r in con.execute("SELECT id FROM referrals")}
                if _has_table(con, "referral_events"):
                    events = {int(i): int(r) for i, r in con.execute("SELECT id, referral_id FROM referral_events")}
                if _has_table(con, "consultation_counts"):
                    query = (
                        "SELECT month, organization_id, department, dv, need_key, channel, count "
                        "FROM consultation_counts"
                    )
                    counts = {tuple(r) for r in con.execute(query)}
                return referrals, events, counts
            finally:
                con.close()
        except sqlite3.DatabaseError:
            return None

    now = read(db_path) if db_path.exists() else (set(), {}, set())
    then = read(backup) if backup is not None else (set(), {}, set())
    if now is None or then is None:
        return 0, 0
    moves = sum(1 for e, referral in now[1].items() if e not in then[1] and referral in then[0])
    entries = {row[:4] for row in now[2] - then[2]}
    return moves, len(entries)


def _has_table(con: sqlite3.Connection, name: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _table_count(con: sqlite3.Connection) -> int:
    return int(con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0])


def changed_since_last_backup(db_path: Path) -> bool:
    backups = list_backups(db_path)
    if not backups:
        return db_path.exists()
    return change_count(db_path) != change_count(backups[0].path)


def take_if_due(db_path: Path, reason: str) -> Path | None:
    """A backup unless the newest was taken today or the file has not changed since it: the command
    line's before its first write of the day (``cli_support.open_db``), as the window's start backup
    does for the window. At most one a day, so a national file (3 GB, seconds to copy) does not stall
    every command; when none is due this costs a listing and two reads of the change counter. A file
    that holds neither a directory nor a referral (a first ``dvdesk load``'s) has nothing to keep."""
    backups = list_backups(db_path)
    if backups and backups[0].taken_at.date() == dt.date.today():
        return None
    if not changed_since_last_backup(db_path) or not _holds_anything(db_path):
        return None
    return take(db_path, reason)


def _holds_anything(path: Path) -> bool:
    try:
        con = connect_ro(path)
        try:
            tables = [t for t in ("municipalities", "referrals") if _has_table(con, t)]
            return any(con.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0] for t in tables)
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return True  # unreadable here: the backup's own checks say why


def storage_error(path: Path, exc: BaseException) -> StorageError:
    """A full disk, a read-only folder or anything else, as the StorageError that names it."""
    if isinstance(exc, StorageError):
        return exc
    if files.is_disk_full(exc):
        return DiskFull(path, str(exc))
    if isinstance(exc, PermissionError) or getattr(exc, "errno", None) == 30:  # EROFS
        return ReadOnly.folder(path, str(exc))
    if files.is_device_gone(exc):  # a USB stick pulled out, a network drive lost
        return DriveUnavailable(path, str(exc))
    if isinstance(exc, sqlite3.Error):
        return DatabaseUnavailable.from_sqlite(path, exc)
    return DatabaseUnavailable(path, f"{type(exc).__name__}: {exc}")


_ONE_AT_A_TIME = threading.Lock()  # the window's start backup runs in a worker thread (gui.start_tasks)


def take(db_path: Path, reason: str) -> Path:
    """Snapshot ``db_path`` into the backups folder, verify it, then thin old backups.

    Returns the new file. Raises a ``StorageError`` (``DiskFull``, ``ReadOnly``, ``BackupFailed``)
    and leaves no partial file when the backup cannot be made whole. Backups in one process are
    taken one at a time (each would remove the other's partial file).
    """
    with _ONE_AT_A_TIME:
        return _take(db_path, reason)


def _take(db_path: Path, reason: str) -> Path:
    folder = paths.backups_dir(db_path)
    stamp = dt.datetime.now().strftime(STAMP)
    target = folder / f"dvdesk-{stamp}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        files.private_folder(folder)
        _remove_leftovers(folder)
        files.create_private(partial)
        with files.removed_on_failure(partial):
            src = connect_ro(db_path)
            try:
                tables = _table_count(src)
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                    # A backup is a plain file: opening it never leaves -wal/-shm files beside it.
                    dst.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
            _verify(partial, tables)
            _fsync(partial)
            os.replace(partial, target)  # a backup is either complete and checked, or absent
            files.fsync_folder(folder)
    except (OSError, sqlite3.Error) as exc:
        raise storage_error(folder, exc) from exc
    log.info("backup taken (%s): %s", reason, target.name)
    thin(db_path)
    return target


def _verify(path: Path, tables: int) -> None:
    """Open the new copy, quick_check it and count its tables against the source's."""
    con = sqlite3.connect(path)
    try:
        verdict = "; ".join(r[0] for r in con.execute("PRAGMA quick_check").fetchall())
        found = _table_count(con)
    finally:
        con.close()
    if verdict != "ok":
        raise BackupFailed(path, f"quick_check: {verdict}")
    if tables == 0 or found != tables:
        raise BackupFailed(path, f"{found} tables in the copy, {tables} in the database")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_leftovers(folder: Path) -> None:
    """A backup interrupted by a kill left a ``.partial``: it never counted, so it goes."""
    for p in folder.glob("dvdesk-*.partial"):
        with contextlib.suppress(OSError):
            p.unlink()


def list_backups(db_path: Path | None = None) -> list[BackupInfo]:
    """Newest first."""
    folder = paths.backups_dir(db_path)
    found = []
    for p in folder.glob("dvdesk-*.sqlite3") if folder.is_dir() else []:
        m = _NAME.match(p.name)
        if m:
            taken = dt.datetime.strptime(m.group(1), STAMP)
            found.append(BackupInfo(p, taken, m.group(2), p.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def thin(db_path: Path) -> None:
    backups = list_backups(db_path)
    keep = {b.path for b in backups[:KEEP_RECENT]}
    cutoff = dt.datetime.now() - dt.timedelta(days=KEEP_DAYS)
    seen_days: set[dt.date] = set()
    for b in backups:  # newest first: the first of each day is that day's newest
        if b.taken_at >= cutoff and b.taken_at.date() not in seen_days:
            keep.add(b.path)
            seen_days.add(b.taken_at.date())
    keep.update([b.path for b in backups if b.reason == "before-migration"][:1])  # the older dvdesk's file
    if any(b.path not in keep for b in backups) and not referral_count(db_path):
        holder = next((b for b in backups if referral_count(b.path)), None)
        if holder is not None:  # the referral log may live only there now
            keep.add(holder.path)
    if any(b.path not in keep for b in backups) and (taken := taken_out_by_restore(db_path)):
        # What a restore took out of the log may live only in its way back: for each such referral the
        # newest backup holding it (two restores of one day took out two lots, each in its own file).
        for b in backups:
            if not taken:
                break
            if held := taken & _keys(b.path):
                keep.add(b.path)
                taken -= held
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)


def is_good(path: Path) -> bool:
    """Opens, passes quick_check and holds a directory (an empty file is not a backup)."""
    try:
        con = connect_ro(path)
        try:
            ok = con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            has_data = (
                ok
                and _has_table(con, "municipalities")
                and con.execute("SELECT count(*) FROM municipalities").fetchone()[0] > 0
            )
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False
    return ok and has_data


def newest_good(db_path: Path) -> BackupInfo | None:
    return next((b for b in list_backups(db_path) if is_good(b.path) and not backup_schema.unrestorable(b.path)), None)


def restore(backup: Path, db_path: Path) -> Path | None:
    """Replace the database's contents with ``backup``. The current state is backed up first
    (if it is readable) so a restore can itself be undone. Returns that safety backup."""
    if is_from_newer_dvdesk(backup):
        raise errors.BackupTooNew(backup, "schema revision unknown to this dvdesk")
    if not is_good(backup):
        raise ValueError(f"backup is damaged or empty: {backup}")
    backup_schema.refuse_unless_restorable(backup)  # NotRestorable (a ValueError) says why (h19)
    safety = take(db_path, "before-restore") if db_path.exists() and is_good(db_path) else None
    given = referral_numbers.of_file(db_path, connect_ro) if safety is not None else 0  # stay given (h18)
    both = _compared(backup, db_path, "referrals", "id, created_at") if safety is not None else None
    try:
        with restore_note.put_back_on_failure(db_path):  # nothing is restored without the note, nor noted unrestored
            if both is not None:
                restore_note.write(db_path, *both)
            files.create_private(db_path)
            src = connect_ro(backup)
            try:
                dst = sqlite3.connect(db_path)
                try:
                    src.backup(dst)  # page-by-page into the live file, under SQLite's own locking
                finally:
                    dst.close()
            finally:
                src.close()
        referral_numbers.keep(db_path, given)
    except (OSError, sqlite3.Error) as exc:
        raise storage_error(db_path, exc) from exc
    log.info("restored from %s", backup.name)
    return safety


def _keys(path: Path) -> set[tuple[int, str]]:
    return {(int(str(i)), str(c)) for i, c in _rows(path, "referrals", "id, created_at") or set()}
