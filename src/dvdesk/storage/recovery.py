"""What to do with a database that cannot be opened: keep it aside, bring back the newest good
backup, or start again from the bundled directory. Nothing is deleted."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dvdesk.storage import backup
from dvdesk.storage.db import Database, open_database
from dvdesk.storage.errors import ReadOnly


@dataclass(frozen=True)
class Recovery:
    db: Database
    damaged_copy: Path | None
    restored_from: Path | None  # None: started from the bundled directory


def recover(db_path: Path) -> Recovery:
    """Set the damaged file aside, then restore the newest good backup or fill from the bundle.

    Every failure is a ``StorageError`` naming its cause (a read-only folder is not damage, and
    nothing is moved when the folder cannot be written)."""
    if db_path.parent.is_dir() and not os.access(db_path.parent, os.W_OK):
        raise ReadOnly.folder(db_path.parent, "folder not writable")
    damaged = backup.set_aside(db_path) if db_path.exists() else None
    good = backup.newest_good(db_path)
    if good is not None:
        backup.restore(good.path, db_path)
    return Recovery(open_database(db_path), damaged, good.path if good else None)
