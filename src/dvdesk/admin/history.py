"""Recording and reading the change history (table ``change_history``)."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from dvdesk.admin.diff import WHOLE, FieldChange
from dvdesk.admin.kinds import BY_TABLE, Kind
from dvdesk.admin.records import Snapshot
from dvdesk.domain.change_log import ChangeRecord
from dvdesk.domain.translatable import N_
from dvdesk.storage import driver_rows

ACTION_LABELS = {
    "create": N_("AdminLabels", "追加"),
    "update": N_("AdminLabels", "変更"),
    "retire": N_("AdminLabels", "廃止"),
    "restore": N_("AdminLabels", "復元"),
    "verify": N_("AdminLabels", "確認済み"),
    "undo": N_("AdminLabels", "取り消し"),
    "import": N_("AdminLabels", "取り込み"),
}


def new_edit_id() -> str:
    return uuid.uuid4().hex


# ``json.dumps(value, ensure_ascii=False, sort_keys=True)``'s encoder, made once: dumps makes one per
# call with these options (a national import dumps 431,000 records).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _dump(value: Any) -> str | None:
    return None if value is None else _ENCODER.encode(value)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


@dataclass(frozen=True)
class Edit:
    """Who is changing the directory now, and under which edit id."""

    admin: str
    action: str
    edit_id: str = ""
    note: str = ""
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    def __post_init__(self) -> None:
        if not self.admin.strip():
            raise ValueError("管理者名がありません")
        if not self.edit_id:
            object.__setattr__(self, "edit_id", new_edit_id())


def record(session: Session, edit: Edit, kind: Kind, key: str, changes: list[FieldChange]) -> int:
    for c in changes:
        session.add(
            ChangeRecord(
                edit_id=edit.edit_id,
                at=edit.at,
                admin=edit.admin.strip(),
                action=edit.action,
                table_name=kind.table,
                record_key=key,
                field=c.path,
                old_value=_dump(c.old),
                new_value=_dump(c.new),
                note=edit.note,
                undone_by="",
                db_user=_os_user(),
            )
        )
    return len(changes)


def record_many(session: Session, edit: Edit, records: list[tuple[Kind, str, list[FieldChange]]]) -> int:
    """``record`` for many records at once (a bulk import), one Core insert per chunk."""
    return _insert(
        session, edit, [(kind.table, key, c.path, c.old, c.new) for kind, key, changes in records for c in changes]
    )


def record_added(session: Session, edit: Edit, records: Iterable[tuple[Kind, Snapshot]]) -> int:
    """The history of records a bulk import adds: one row each, the whole record as its new value —
    the rows ``record_many`` writes for ``field_changes(kind, None, snap)``, without a
    ``FieldChange`` per record (a national package adds 430,000)."""
    return _insert(session, edit, [(kind.table, snap["key"], WHOLE, None, snap) for kind, snap in records])


def record_imported(
    session: Session, edit: Edit, records: Iterable[tuple[Kind, Snapshot, Sequence[FieldChange] | None]]
) -> int:
    """Each record's rows in order: an added one's (changes None) as ``record_added`` writes them,
    without a ``FieldChange`` each; a changed one's as ``record_many``."""
    return _insert(
        session,
        edit,
        [
            row
            for kind, snap, changes in records
            for row in (
                [(kind.table, snap["key"], WHOLE, None, snap)]
                if changes is None
                else [(kind.table, snap["key"], c.path, c.old, c.new) for c in changes]
            )
        ],
    )


def _insert(session: Session, edit: Edit, changes: list[tuple[str, str, str, Any, Any]]) -> int:
    """One history row per (table, key, path, old, new), at the driver, 20,000 at a time."""
    user, admin = _os_user(), edit.admin.strip()
    rows = [
        {
            "edit_id": edit.edit_id,
            "at": edit.at,
            "admin": admin,
            "action": edit.action,
            "table_name": table,
            "record_key": key,
            "field": path,
            "old_value": _dump(old),
            "new_value": _dump(new),
            "note": edit.note,
            "undone_by": "",
            "db_user": user,
        }
        for table, key, path, old, new in changes
    ]
    for start in range(0, len(rows), 20_000):
        driver_rows.insert_rows(session, cast(Table, ChangeRecord.__table__), rows[start : start + 20_000])
    return len(rows)


def _os_user() -> str:
    """The PC's login name (a server replaces it with the database role, see migration 0009)."""
    try:
        return getpass.getuser()[:100]
    except (KeyError, OSError):  # no name for this uid (a container): the admin name still says who
        return ""


@dataclass(frozen=True)
class ChangeView:
    id: int
    edit_id: str
    at: dt.datetime
    admin: str
    action: str
    kind: str
    record_key: str
    path: str
    label: str
    old: Any
    new: Any
    note: str
    undone_by: str
    db_user: str = ""

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @classmethod
    def of(cls, row: ChangeRecord) -> ChangeView:
        kind = BY_TABLE.get(row.table_name)
        return cls(
            id=row.id,
            edit_id=row.edit_id,
            at=row.at,
            admin=row.admin,
            action=row.action,
            kind=kind.name if kind else row.table_name,
            record_key=row.record_key,
            path=row.field,
            label=kind.label_of(row.field) if kind else row.field,
            old=_load(row.old_value),
            new=_load(row.new_value),
            note=row.note,
            undone_by=row.undone_by,
            db_user=row.db_user,
        )


def for_record(session: Session, kind: Kind, key: str) -> list[ChangeView]:
    """Newest first."""
    rows = session.scalars(
        select(ChangeRecord)
        .where(ChangeRecord.table_name == kind.table, ChangeRecord.record_key == key)
        .order_by(ChangeRecord.id.desc())
    )
    return [ChangeView.of(r) for r in rows]


def for_key(session: Session, key: str) -> list[ChangeView]:
    """Every change to records with this key, whatever their kind (for the command line)."""
    rows = session.scalars(select(ChangeRecord).where(ChangeRecord.record_key == key).order_by(ChangeRecord.id.desc()))
    return [ChangeView.of(r) for r in rows]


def rows_of_edit(session: Session, edit_id: str) -> list[ChangeRecord]:
    return list(session.scalars(select(ChangeRecord).where(ChangeRecord.edit_id == edit_id).order_by(ChangeRecord.id)))


def row(session: Session, change_id: int) -> ChangeRecord | None:
    return session.get(ChangeRecord, change_id)


def rows_of_record(session: Session, table: str, key: str, after: int) -> list[ChangeRecord]:
    """The history rows of one record written after row ``after``, oldest first."""
    query = select(ChangeRecord).where(
        ChangeRecord.table_name == table, ChangeRecord.record_key == key, ChangeRecord.id > after
    )
    return list(session.scalars(query.order_by(ChangeRecord.id)))
