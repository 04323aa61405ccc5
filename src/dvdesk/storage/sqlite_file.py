"""The SQLite file itself, before any SQL library: the checks every open makes first.

``storage.db.open_database`` and the desk's quick start (``storage.start_open``) both call
``prepare``: SQLite new enough, not a server URL, a usable folder and file, ``PRAGMA quick_check``
when due (``storage.open_marker``), no empty file standing in for a good backup, the start backup
when asked. Plain ``sqlite3`` only, so the desk can do this before SQLAlchemy is imported.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from dvdesk import files, paths
from dvdesk.storage import backup, hot_journal, open_marker
from dvdesk.storage.errors import (
    CorruptDatabase,
    DatabaseUnavailable,
    EmptyDatabase,
    MissingDatabase,
    MissingWithWrites,
    ReadOnly,
    ServerUrl,
    StorageError,
)
from dvdesk.storage.uri import sqlite_uri

# Each connection's page cache (KiB; ``storage.db`` and the quick start's). SQLite's default,
# 2 MB, is smaller than what one keystroke reads at 350,000 services (a word's synonym phrases
# sought at each candidate, the rows shown), so every lookup read its pages again from the OS:
# 16 MB took a third off the CPU of a lookup of a word with many phrases (docs/performance.md,
# "Keystroke at 350k, session 8"). The memory is taken only as pages are read.
CACHE_KIB = 16_384

# UPSERT (the change counter) needs 3.24; FTS5 with bm25 and the unicode61 options needs 3.9.
# Search does not use the trigram tokenizer, so the 3.40/3.41 trigram LIKE bug does not apply.
MIN_SQLITE = (3, 24, 0)


class SqliteTooOld(DatabaseUnavailable):
    message = "この PC の SQLite は古すぎるか全文検索（FTS5）がありません。dvdesk の配布版をお使いください。"


# "postgresql://…" (Path() folds "//" into "/"); two letters at least, so "C:/…" is still a path.
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")


def check_sqlite(version: tuple[int, int, int] = sqlite3.sqlite_version_info) -> None:
    """Refuse, with a message, an SQLite that lacks what dvdesk needs."""
    if version < MIN_SQLITE:
        raise SqliteTooOld(Path(":memory:"), f"SQLite {'.'.join(map(str, version))}")
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 0')")
    except sqlite3.OperationalError as exc:
        raise SqliteTooOld(Path(":memory:"), str(exc)) from exc
    finally:
        con.close()


def quick_check(path: Path) -> str:
    """'ok', or what SQLite says is wrong with the file. Never raises for a damaged file; raises
    ``DiskFull`` / ``DriveUnavailable`` when the drive fails it (a full disk, a USB stick pulled out).

    Opened read-write when possible, so SQLite can first roll back a hot journal or replay a WAL
    left by a process that was killed; a read-only file is checked read-only. Raises ``DatabaseBusy``
    when another process's write keeps it from reading (a large write in rollback-journal mode,
    ``storage.large_write``, locks readers out for minutes): a file in use is not a damaged one.
    """
    for uri in (sqlite_uri(path), sqlite_uri(path, read_only=True)):
        try:
            conn = sqlite3.connect(uri, uri=True)
            try:
                rows = conn.execute("PRAGMA quick_check").fetchall()
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc) or "unable to open" in str(exc):
                continue
            # The drive, not the file; or another dvdesk's write holding it (a national import's
            # rollback journal): no damage either way.
            if any(said in str(exc) for said in ("disk I/O error", "disk is full", "locked", "busy")):
                raise DatabaseUnavailable.from_sqlite(path, exc) from exc
            return str(exc)
        except sqlite3.DatabaseError as exc:
            return str(exc)
        return "; ".join(r[0] for r in rows)
    return "unable to open database file"


def _refuse_read_only(path: Path) -> None:
    """Name a read-only folder or file as such (SQLite would call it 'unable to open', which
    reads as damage, and recovery cannot help)."""
    if not os.access(path.parent, os.W_OK):
        raise ReadOnly.folder(path.parent, "folder not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise ReadOnly.file(path, "file not writable")


def _refuse_empty_with_backup(path: Path, *, missing: bool) -> None:
    """A database with nothing in it while a good backup exists is damage, not a first start:
    refilling it from the bundle would silently drop the referral log the backup still holds.
    So is a database file that is gone (``missing``: checked before anything creates it)."""
    if not missing and not _holds_nothing(path):
        return
    good = backup.newest_good(path)
    if good is not None and missing:
        raise MissingDatabase(path, f"no database file; newest good backup {good.path.name}")
    if missing and any(Path(f"{path}{side}").exists() for side in ("-wal", "-journal")):
        raise MissingWithWrites(path, "no database file, no good backup; its WAL or journal left beside it")
    if good is not None:
        raise EmptyDatabase(path, f"empty database; newest good backup {good.path.name}")


def _was_here(path: Path) -> bool:
    """Whether a missing ``path`` is the desk's database that was there (its default name, or a file
    of its own left beside it: the scan's verdict, an open marker, a -wal), not a new file an
    administrator names in a folder whose backups belong to another (``--db test.sqlite3``)."""
    if path.name == paths.DATABASE_NAME:
        return True
    try:
        return any(p.name.startswith((f"{path.name}.", f"{path.name}-")) for p in path.parent.iterdir())
    except OSError:
        return False


def _holds_nothing(path: Path) -> bool:
    if path.stat().st_size == 0:
        return True
    try:
        con = backup.connect_ro(path)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "municipalities" not in tables:
                return True
            return con.execute("SELECT 1 FROM municipalities LIMIT 1").fetchone() is None and (
                "referrals" not in tables or con.execute("SELECT 1 FROM referrals LIMIT 1").fetchone() is None
            )
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False  # quick_check has already judged the file


def _backup_or_explain(path: Path, reason: str) -> Path:
    try:
        return backup.take(path, reason)
    except StorageError:
        raise
    except (OSError, sqlite3.Error) as exc:
        raise backup.storage_error(path, exc) from exc


def prepare(
    path: Path | str | None,
    *,
    backup_if_changed: bool = False,
    check_only_after_unclean_end: bool = False,
    check: Callable[[Path], str] = quick_check,
    missing_is_damage: bool = True,
) -> tuple[Path, bool]:
    """The database file to open (``path``, else ``DVDESK_DB``'s or the default) and whether
    ``check`` (``quick_check``) ran on it; raises a ``StorageError`` naming what is wrong.
    See ``storage.db.open_database`` for the arguments (``missing_is_damage``: its ``fill``)."""
    check_sqlite()
    if path is None and URL_SCHEME.match(os.environ.get("DVDESK_DB", "")):
        # A URL would otherwise become a folder named "postgresql:" holding a new, empty SQLite file.
        raise ServerUrl(Path(os.environ["DVDESK_DB"]))
    path = Path(path or paths.database_path())
    if URL_SCHEME.match(str(path)):
        raise ServerUrl(path)
    try:
        files.private_folder(path.parent)
    except OSError as exc:
        raise backup.storage_error(path.parent, exc) from exc
    if path.exists() and not path.is_file():
        raise DatabaseUnavailable(path, "not a file")
    _refuse_read_only(path)
    hot_journal.refuse_while_written(path)  # a national import's lock, or its journal after a crash
    unclean = open_marker.left_uncleanly(path)
    checked = not path.exists() or path.stat().st_size == 0
    if not checked and (not check_only_after_unclean_end or unclean):
        verdict = check(path)
        if verdict != "ok":
            raise CorruptDatabase(path, verdict)  # the stale marker stays: the next start checks again
        checked = True
    open_marker.forget(unclean)
    if path.exists() or (missing_is_damage and _was_here(path)):
        _refuse_empty_with_backup(path, missing=not path.exists())
    if backup_if_changed and path.exists() and path.stat().st_size > 0 and backup.changed_since_last_backup(path):
        _backup_or_explain(path, "start")
    try:
        files.create_private(path)  # owner-only; SQLite gives its -wal and -shm the same mode
    except OSError as exc:
        raise backup.storage_error(path, exc) from exc
    return path, checked
