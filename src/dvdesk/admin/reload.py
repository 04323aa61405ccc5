"""Loading the bundled directory again over a directory in use (``dvdesk load``).

The load matches records by key and writes the bundle's values: a record an administrator had
edited (in the window, or by an import) got the shipped text back, with no backup and with the
history still saying the edit was in place. Now, like every import: a backup first, and each
record the load wrote over that the history knows is named and its changes recorded in the
history in the load's own transaction (so they can be read, and undone, as any edit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from dvdesk.admin import history
from dvdesk.admin.diff import FieldChange, field_changes
from dvdesk.admin.kinds import EDITABLE, Kind, kind
from dvdesk.admin.records import Snapshot, Writer, snapshot
from dvdesk.domain.change_log import ChangeRecord
from dvdesk.storage import bundled
from dvdesk.storage.backup import Backup
from dvdesk.storage.backup import take as backup_database
from dvdesk.storage.bundle_files import read_bundle

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dvdesk.storage.db import Database

ADMIN = "dvdesk load"  # who the history names for the load's changes
NOTE = "同梱の資料を読み込み直して上書き"


@dataclass
class Overwritten:
    kind: Kind
    key: str
    title: str
    changes: list[FieldChange]


@dataclass
class ReloadReport:
    load: bundled.LoadReport
    backup: Path | None
    overwritten: list[Overwritten] = field(default_factory=list)


def reload_bundled(db: Database, folder: Path | None = None, backup: Backup | None = backup_database) -> ReloadReport:
    """``bundled.load_into`` after a backup of a file that holds a directory, recording what it
    wrote over in records the history knows. Raises BundleError (nothing changed; the backup stays)."""
    keys = _bundle_keys(folder)
    with db.read() as s:
        before = _known_snapshots(s, keys)
    copy = backup(db.path, "before-load") if backup and before is not None and not db.is_server else None
    found: list[Overwritten] = []

    def record(session: Session) -> None:
        writer = Writer(session)
        for (name, key), old in (before or {}).items():
            k = kind(name)
            obj = writer.find(k, key)
            new = snapshot(k, obj) if obj is not None else None
            changes = field_changes(k, old, new)
            if changes:
                found.append(Overwritten(k, key, str(old.get(k.title_field) or ""), changes))
        if found:
            edit = history.Edit(ADMIN, "import", note=NOTE)
            history.record_many(session, edit, [(o.kind, o.key, o.changes) for o in found])

    report = bundled.load_into(db, folder, before_commit=record)
    return ReloadReport(report, copy, found)


def _bundle_keys(folder: Path | None) -> set[str]:
    bundle = read_bundle(folder)
    records = [
        *bundle.needs,
        *bundle.municipalities,
        *(r for r, *_ in bundle.organizations),
        *(r for r, *_ in bundle.services),
        *(r for r, *_ in bundle.procedures),
    ]
    return {str(r.data.get("key") or r.data.get("code") or "") for r in records} - {""}


def _known_snapshots(session: Session, keys: set[str]) -> dict[tuple[str, str], Snapshot] | None:
    """The records of the bundle that the history knows (edited or imported here), as they are
    now; None when the file holds no directory yet (a first load: nothing to back up)."""
    from dvdesk.domain.models import Municipality

    if session.scalar(select(Municipality.id).limit(1)) is None:
        return None
    tables = {kind(name).table: kind(name) for name in EDITABLE}
    wanted = sorted(keys)
    found: dict[tuple[str, str], Snapshot] = {}  # (kind name, key): a Kind is not hashable
    writer = Writer(session)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = session.execute(
            select(ChangeRecord.table_name, ChangeRecord.record_key)
            .where(ChangeRecord.record_key.in_(chunk), ChangeRecord.table_name.in_(list(tables)))
            .distinct()
        )
        for table, key in rows:
            k = tables[table]
            obj = writer.find(k, key)
            if obj is not None:
                found[(k.name, key)] = snapshot(k, obj)
    return found
