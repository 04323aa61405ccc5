"""A copy of the database taken before a bulk change (an import), so it can be undone whole.

Uses SQLite's online backup API, which copies a consistent snapshot even while the database is
open in WAL mode (a plain file copy of a live database can be torn). Kept as one small function
so the rotating backups of the data-safety work can replace it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from dvdesk import paths


def backup_database(db_path: Path, reason: str = "import") -> Path:
    """Copy the database at ``db_path`` into ``paths.backups_dir`` and return the copy's path."""
    folder = paths.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_path.stem}-{stamp}-before-{reason}.sqlite3"
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target
