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
    # Status moves of referrals the restored state holds, and month entries of consultation counts,
    # that the damaged file had and the restored state lacks (``backup.casework_not_in``).
    moves_left_behind: int = 0
    counts_left_behind: int = 0

    def warning(self) -> str:
        """One line when the referral log or the counts may have lost something by the recovery, else ""."""
        if self.damaged_copy is None:
            return ""
        if self.referrals_left_behind is None:
            return (
                "注意: 壊れたファイルは読めなかったため、復元したデータより後に記録した紹介記録や相談件数があったかは"
                f"分かりません（壊れたファイルは {self.damaged_copy} に保管しています）"
            )
        lost = [f"紹介記録 {self.referrals_left_behind}件"] if self.referrals_left_behind else []
        lost += casework_words(self.moves_left_behind, self.counts_left_behind)
        if not lost:
            return ""
        return (
            f"注意: 壊れたファイルにあった{'、'.join(lost)} は、復元したデータにありません"
            f"（壊れたファイルは {self.damaged_copy} に保管しています。消さずに管理者に相談してください）"
        )


def casework_words(moves: int, entries: int) -> list[str]:
    """What a restore takes back besides whole referrals (counted by ``backup.casework_not_in``), in
    the words the window's recovery, ``dvdesk recover`` and ``dvdesk restore`` all use."""
    words = [f"紹介の状況の変更 {moves}件"] if moves else []
    return words + ([f"相談件数の入力 {entries}件（月・課・区分ごと）"] if entries else [])


def recover(db_path: Path) -> Recovery:
    """Set the damaged file aside, then restore the newest good backup or fill from the bundle.

    Every failure is a ``StorageError`` naming its cause (a read-only folder is not damage, and
    nothing is moved when the folder cannot be written)."""
    if db_path.parent.is_dir() and not os.access(db_path.parent, os.W_OK):
        raise ReadOnly.folder(db_path.parent, "folder not writable")
    damaged = backup.set_aside(db_path) if db_path.exists() else None
    good = backup.newest_good(db_path)
    left, moves, counts = _left_behind(damaged, good.path if good else None)
    if good is not None:
        backup.restore(good.path, db_path)
    return Recovery(open_database(db_path), damaged, good.path if good else None, left, moves, counts)


def _left_behind(damaged: Path | None, good: Path | None) -> tuple[int | None, int, int]:
    """(referrals, status moves, month entries of counts) of the damaged file the restored state
    will not hold (the bundled directory holds none); referrals None when the damaged file cannot be read."""
    if damaged is None:
        return 0, 0, 0
    held = backup.referral_count(damaged)
    if held is None:
        return None, 0, 0
    moves, counts = backup.casework_not_in(good, damaged)
    return (backup.referrals_not_in(good, damaged) if good is not None else held), moves, counts
