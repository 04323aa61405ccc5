"""Two administrators editing the same record at once: the second saver sees what changed.

The editor's form remembers the snapshot it was opened with (its *base*). On save, inside the
write transaction and with the record's row locked (``FOR UPDATE`` on PostgreSQL; SQLite's write
lock is already exclusive), the record as it is now is compared with that base. If someone else
saved in between, nothing is written: ``EditConflict`` lists, field by field, what they changed
(base → theirs) beside what this administrator typed, and she decides — overwrite (save again
with ``theirs`` as the new base) or discard (reload). The ``version`` column
(``version_id_col``) is the last guard: an UPDATE from a stale row fails instead of winning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dvdesk.admin.diff import FieldChange, field_changes, get_path
from dvdesk.admin.kinds import Kind
from dvdesk.admin.records import Snapshot


@dataclass(frozen=True)
class ConflictField:
    path: str
    label: str
    base: Any  # when this administrator opened the record
    theirs: Any  # saved by someone else since
    mine: Any  # what she is saving now


class EditConflict(Exception):
    """The record changed since it was opened; ``message`` is shown, ``fields`` say what changed."""

    def __init__(self, kind: Kind, key: str, fields: tuple[ConflictField, ...], theirs: Snapshot | None):
        self.kind, self.key, self.fields, self.theirs = kind, key, fields, theirs
        self.message = (
            f"{kind.label}「{key}」は、開いた後にほかの管理者が保存しています（{len(fields)}項目）。"
            "上書きするか、変更を破棄して読み直すかを選んでください。"
        )
        super().__init__(self.message)

    def lines(self) -> list[str]:
        """One line per field: 項目: 開いた時 → 相手の保存 ／ あなたの入力."""
        return [
            f"{f.label}: 「{_short(f.base)}」→ 相手「{_short(f.theirs)}」／ あなた「{_short(f.mine)}」"
            for f in self.fields
        ]


def _short(value: Any, limit: int = 40) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _value(snap: Snapshot | None, path: str) -> Any:
    if snap is None:
        return None
    try:
        return get_path(snap, path)
    except (KeyError, IndexError, ValueError, TypeError):
        return None


def check(kind: Kind, key: str, base: Snapshot, current: Snapshot | None, mine: Snapshot) -> None:
    """Raise ``EditConflict`` when ``current`` (now in the database) differs from ``base``."""
    if current == base:
        return
    theirs: list[FieldChange] = field_changes(kind, base, current)
    fields = tuple(
        ConflictField(c.path, c.label, c.old, c.new, _value(mine, c.path) if c.path else None) for c in theirs
    )
    raise EditConflict(kind, key, fields, current)
