"""Backups of the database, kept beside it in ``backups/``, and restoring them.

A backup is a consistent snapshot taken with SQLite's online backup API (never a file copy of a
live database, which can catch a half-written WAL). Backups are taken on a start that follows a
change, before every migration, before every import and before a restore. Retention: the newest
``KEEP_RECENT`` backups, plus the newest backup of each of the last ``KEEP_DAYS`` days.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from dvdesk import paths

log = logging.getLogger(__name__)

KEEP_RECENT = 10
KEEP_DAYS = 30
_NAME = re.compile(r"^dvdesk-(\d{8}-\d{6}-\d{6})-([a-z-]+)\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int

    def summary(self) -> dict[str, object]:
        """What the backup holds, read without touching the live database."""
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                counts = {
                    table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in ("municipalities", "organizations", "services", "procedures")
                }
                revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            return {"error": str(exc)}
        return {**counts, "schema": revision[0] if revision else None}


def change_count(path: Path) -> str | None:
    """The database's persistent change counter (see storage.db), read-only; None if unreadable."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'change_count'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else "0"


def changed_since_last_backup(db_path: Path) -> bool:
    backups = list_backups(db_path)
    if not backups:
        return db_path.exists()
    return change_count(db_path) != change_count(backups[0].path)


def take(db_path: Path, reason: str) -> Path:
    """Snapshot ``db_path`` into the backups folder and thin old backups. Returns the new file."""
    folder = paths.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime(_STAMP)
    target = folder / f"dvdesk-{stamp}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, target)  # a backup is either complete or absent
    log.info("backup taken (%s): %s", reason, target.name)
    thin(db_path)
    return target


def list_backups(db_path: Path | None = None) -> list[BackupInfo]:
    """Newest first."""
    folder = paths.backups_dir(db_path)
    found = []
    for p in folder.glob("dvdesk-*.sqlite3") if folder.is_dir() else []:
        m = _NAME.match(p.name)
        if m:
            taken = dt.datetime.strptime(m.group(1), _STAMP)
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
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)


def is_good(path: Path) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            has_data = con.execute("SELECT count(*) FROM municipalities").fetchone()[0] > 0
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False
    return ok and has_data


def newest_good(db_path: Path) -> BackupInfo | None:
    return next((b for b in list_backups(db_path) if is_good(b.path)), None)


def restore(backup: Path, db_path: Path) -> Path | None:
    """Replace the database's contents with ``backup``. The current state is backed up first
    (if it is readable) so a restore can itself be undone. Returns that safety backup."""
    if not is_good(backup):
        raise ValueError(f"backup is damaged or empty: {backup}")
    safety = take(db_path, "before-restore") if db_path.exists() and is_good(db_path) else None
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(db_path)
        try:
            src.backup(dst)  # page-by-page into the live file, under SQLite's own locking
        finally:
            dst.close()
    finally:
        src.close()
    log.info("restored from %s", backup.name)
    return safety


def set_aside(db_path: Path) -> Path:
    """Move a damaged database (and its WAL/SHM) out of the way, keeping it for inspection."""
    stamp = dt.datetime.now().strftime(_STAMP)
    aside = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{db_path}{suffix}")
        if part.exists():
            os.replace(part, Path(f"{aside}{suffix}"))
    log.warning("damaged database set aside as %s", aside.name)
    return aside
