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
    # Referrals of the damaged file that the restored state lacks; None when the file set aside
    # could not be read (then nobody can say, and the warning says that instead).
    referrals_left_behind: int | None = 0

    def warning(self) -> str:
        """One line when the referral log may have lost something by the recovery, else ""."""
        if self.damaged_copy is None or self.referrals_left_behind == 0:
            return ""
        if self.referrals_left_behind is None:
            return (
                "注意: 壊れたファイルは読めなかったため、復元したデータより後に記録した紹介記録があったかは"
                f"分かりません（壊れたファイルは {self.damaged_copy} に保管しています）"
            )
        return (
            f"注意: 壊れたファイルにあった紹介記録 {self.referrals_left_behind}件 は、復元したデータにありません"
            f"（壊れたファイルは {self.damaged_copy} に保管しています。消さずに管理者に相談してください）"
        )


def recover(db_path: Path) -> Recovery:
    """Set the damaged file aside, then restore the newest good backup or fill from the bundle.

    Every failure is a ``StorageError`` naming its cause (a read-only folder is not damage, and
    nothing is moved when the folder cannot be written)."""
    if db_path.parent.is_dir() and not os.access(db_path.parent, os.W_OK):
        raise ReadOnly.folder(db_path.parent, "folder not writable")
    damaged = backup.set_aside(db_path) if db_path.exists() else None
    good = backup.newest_good(db_path)
    left = _left_behind(damaged, good.path if good else None)
    if good is not None:
        backup.restore(good.path, db_path)
    return Recovery(open_database(db_path), damaged, good.path if good else None, left)


def _left_behind(damaged: Path | None, good: Path | None) -> int | None:
    """How many referrals of the damaged file the restored state will not hold (the bundled
    directory holds none); None when the damaged file cannot be read."""
    if damaged is None:
        return 0
    held = backup.referral_count(damaged)
    if held is None or good is None:
        return held
    return backup.referrals_not_in(good, damaged)
