"""A desk's whole directory replaced by a package's: the real desk's first national import.

Every desk loads the bundled directory at its first start, so a national package never lands in
an empty directory, and its shipped search index (``package_index``: its rows name the exporting
PC's ids) could not be used: the import rebuilt the index for minutes. When the package holds
every record the desk has (same kind, same key), the directory after an ordinary import is the
package's, record for record (each record the desk has is changed to the package's, or already
equal to it); only the ids would differ. So, when the ordinary import would rebuild the index whole
anyway, the desk's directory rows are deleted and the package's records written as into an empty
directory, with the exporting PC's ids, and the shipped index is copied and checked.

What makes it safe, checked here before anything is deleted (``why_not``; any doubt keeps the
ordinary import, and its report says why):

- every record of every kind on this desk is in the package (a desk's own records are kept), with
  the same id on the exporting PC (the same bundled directory loaded first): a record keeps its id,
  so a list or an editor still open in a window never finds another record behind an id it holds;
- nothing outside the directory refers to a record by id (a referral's or a count's target would
  be set to nothing: a silent loss), checked from the schema's foreign keys;
- SQLite (the bulk writer), a shipped index, and enough services changing that the ordinary
  import would rebuild the whole index (``INCREMENTAL_SHARE``).

The gate before commit holds against the import what the ordinary import would write: the records
the plan adds or changes (``unchanged``: the others are written again exactly as they were, and a
problem already on one, as from a restored old backup, never blocked the ordinary import either).

The history is the ordinary import's: each record the plan adds or changes gets its field changes
(the desk's record against the package's); an unchanged record gets none. A row that had an id on
this desk gets a higher ``version`` than any it had: an editor still holding a record from before
the import (optimistic locking) fails instead of writing over the package's record.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, delete, exists, func, select, update
from sqlalchemy.orm import Session

from dvdesk.admin import bulk
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.packed import keys_of
from dvdesk.domain import casework_models as _casework  # noqa: F401  (its tables refer to the directory's)
from dvdesk.domain import models
from dvdesk.storage.search_index_update import INCREMENTAL_SHARE

if TYPE_CHECKING:
    from dvdesk.admin.records import Snapshot

_LINKS = (models.service_needs, models.service_initiatives, models.initiative_departments, models.procedure_needs)
REPLACED = "この PC の一覧の記録はすべてパッケージにあるため、一覧をパッケージのもので置き換えました"
NO_INDEX, EMPTY, FEW = "同梱の索引がありません", "この PC の一覧は空です", "変わるサービスが少ないため"
QUIET = frozenset({NO_INDEX, EMPTY, FEW})  # nothing for the report: the ordinary import is the quick one
DIRECTORY: frozenset[Table] = frozenset(
    [
        *(cast(Table, kind.model.__table__) for kind in KINDS.values()),
        cast(Table, models.ContactPoint.__table__),
        cast(Table, models.Initiative.__table__),
        *_LINKS,
    ]
)


def why_not(
    session: Session, incoming: Mapping[str, Sequence[Snapshot]], touched_services: int, preset: bulk.Preset | None
) -> str:
    """ "" when the desk's directory may be replaced whole by ``incoming``, whose exporting PC's ids
    ``preset`` gives (the shipped index's); else why not (Japanese)."""
    if preset is None or not bulk.usable(session):
        return NO_INDEX
    desk = session.scalar(select(func.count()).select_from(models.Service)) or 0
    if not desk:
        return EMPTY  # the ordinary import is already a first import
    if touched_services * INCREMENTAL_SHARE <= desk:
        return FEW
    for name, kind in KINDS.items():
        theirs = set(keys_of(incoming.get(name, ())))
        ids = preset(name)
        col = getattr(kind.model, kind.key_attr)
        for key, own_id in session.execute(select(col, kind.model.id)):
            if key not in theirs:
                return f"この PC の{kind.label}「{key}」がパッケージにありません（この PC の記録は残します）"
            if ids.get(key) != own_id:  # a window's list or an editor may hold the id: it must stay this record's
                return f"{kind.label}「{key}」の番号（ID）が書き出した PC と違います"
    for table, column in _outside_refs():
        if session.scalar(select(exists().where(column.isnot(None)))):
            return f"一覧の外（{table.name}）からこの PC の記録を参照しています"
    return ""


def _outside_refs() -> Iterable[tuple[Table, Any]]:
    """Every column outside the directory that holds a directory record's id."""
    for table in models.Base.metadata.sorted_tables:
        if table in DIRECTORY:
            continue
        for fk in table.foreign_keys:
            if fk.column.table in DIRECTORY:
                yield table, fk.parent


def unchanged(session: Session, planned: Container[tuple[str, str]]) -> dict[str, set[int]]:
    """table → ids of the desk's records that the plan (its (kind, key) pairs) leaves as they are:
    written again exactly as they were and with the same ids, they are not the replacement's to
    answer for at the gate (``integrity.untouch``), as the ordinary import never touches them."""
    out: dict[str, set[int]] = {}
    for name, kind in KINDS.items():
        col = getattr(kind.model, kind.key_attr)
        out[kind.table] = {i for key, i in session.execute(select(col, kind.model.id)) if (name, key) not in planned}
    return out


class Cleared:
    """The desk's directory rows, deleted; what ``guard`` needs afterwards (per table with a
    ``version`` column: the highest id and version it had)."""

    def __init__(self, session: Session):
        self.s = session
        self.highest: dict[Table, tuple[int, int]] = {}
        for table in DIRECTORY:
            if "version" in table.c:
                row = session.execute(select(func.max(table.c.id), func.max(table.c.version))).one()
                self.highest[table] = (row[0] or 0, row[1] or 0)
        session.flush()
        for table in reversed(models.Base.metadata.sorted_tables):  # what refers first, then what it refers to
            if table in DIRECTORY:
                session.execute(delete(table))
        session.expire_all()

    def guard(self) -> None:
        """Every row that took an id this desk had used gets a version above any it had."""
        for table, (top_id, top_version) in self.highest.items():
            if top_id:
                self.s.execute(update(table).where(table.c.id <= top_id).values(version=top_version + 1))
