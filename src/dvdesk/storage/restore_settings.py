"""The desk's own settings that live in the database, and which of them a restore changes.

A backup holds, with the directory and the referral log, four settings of the PC that made it
(``meta``): its municipality (first-run setup), the administrator's passphrase, the form of a case
number and the days before a reminder. Restoring this PC's own backup takes them back to that day;
restoring another PC's (a backup carried on a USB stick) puts that PC's in place of this one's. The
restore says which changed, from what to what (the passphrase only by name), so that neither is
silent. Read-only, with plain ``sqlite3``; the keys are the ones ``domain`` and ``admin`` write
(``tests/test_restore_between_desks.py`` holds them equal).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

DESK_MUNICIPALITY = "desk_municipality"  # domain.directory_views
PASSPHRASE = "admin_passphrase"  # admin.passphrase.META_KEY
CASE_PATTERN = "referrals.case_pattern"  # domain.referrals
REMINDER_DAYS = "referrals.reminder_days"  # domain.referrals

LABELS: dict[str, str] = {
    DESK_MUNICIPALITY: "この PC の市区町村",
    PASSPHRASE: "管理者のパスフレーズ",
    CASE_PATTERN: "事例番号の形",
    REMINDER_DAYS: "リマインドまでの日数",
}
UNSET = "（未設定）"


def _read(path: Path, connect: Callable[[Path], sqlite3.Connection]) -> dict[str, str] | None:
    try:
        con = connect(path)
        try:
            keys = tuple(LABELS)
            found = dict(
                con.execute(f"SELECT key, value FROM meta WHERE key IN ({', '.join('?' * len(keys))})", keys).fetchall()
            )
            if REMINDER_DAYS in found:
                found[REMINDER_DAYS] = f"{found[REMINDER_DAYS]}日"
            if code := found.get(DESK_MUNICIPALITY):
                row = con.execute("SELECT name FROM municipalities WHERE code = ?", (code,)).fetchone()
                found[DESK_MUNICIPALITY] = f"{row[0]}（{code}）" if row else code
            return {str(k): str(v) for k, v in found.items()}
        finally:
            con.close()
    except sqlite3.Error:
        return None


def changed_by_restore(backup: Path, db_path: Path, connect: Callable[[Path], sqlite3.Connection]) -> list[str]:
    """Each setting the restore of ``backup`` over ``db_path`` changes, in words: 「ラベル 旧 → 新」
    (the passphrase by its label alone). Nothing when either file cannot be read."""
    now, then = _read(db_path, connect), _read(backup, connect)
    if now is None or then is None:
        return []
    said = []
    for key, label in LABELS.items():
        if now.get(key) == then.get(key):
            continue
        if key == PASSPHRASE:
            said.append(f"{label}（このバックアップを作った PC のものになります）")
        else:
            said.append(f"{label} {now.get(key, UNSET)} → {then.get(key, UNSET)}")
    return said
