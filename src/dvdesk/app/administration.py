"""Administration for the admin window and the command line: the editor and the reports.

The editing itself (validation, history, undo) is ``dvdesk.admin.editing.Editor``, which opens
its own sessions; data exchange (packages, sheets, HSDS) is ``dvdesk.admin`` too and takes the
database (``DatabaseLike``: a desk's own or the shared one). What a window would otherwise read
with a session of its own is here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select

from dvdesk.admin import history, verification
from dvdesk.admin.editing import Editor
from dvdesk.domain import integrity
from dvdesk.domain.models import Municipality
from dvdesk.storage.database_protocol import DatabaseLike


class Scope(enum.Enum):
    """Where an import's records that name no municipality go."""

    AS_WRITTEN = "as_written"  # nowhere by default: each record's own municipality, or she is asked
    MUNICIPALITY = "municipality"
    NATIONWIDE = "nationwide"  # the whole country: only ever by choosing it


@dataclass(frozen=True)
class ScopeChoice:
    """One entry of the municipality chooser of the sheet and HSDS imports."""

    scope: Scope
    code: str = ""  # Scope.MUNICIPALITY: its code
    name: str = ""


class Administration:
    def __init__(self, db: DatabaseLike):
        self.db = db

    def editor(self, admin_name: str) -> Editor:
        return Editor(self.db, admin_name)

    def verification_report(self) -> list[verification.ReportRow]:
        """Records not verified within a year, or never (要確認), for the report window and CLI."""
        with self.db.read() as s:
            return verification.report(s)

    def history_of(self, key: str) -> list[history.ChangeView]:
        with self.db.read() as s:
            return history.for_key(s, key)

    def check(self) -> list[integrity.Finding]:
        """Every record that breaks a rule of the gate."""
        with self.db.read() as s:
            return integrity.check(s)

    def import_scopes(self) -> list[ScopeChoice]:
        """The chooser's entries: as written first (the default), the directory's municipalities
        by code, 全国 last — never preselected."""
        with self.db.read() as s:
            places = [
                ScopeChoice(Scope.MUNICIPALITY, m.code, m.name)
                for m in s.scalars(select(Municipality).order_by(Municipality.code))
            ]
        return [ScopeChoice(Scope.AS_WRITTEN), *places, ScopeChoice(Scope.NATIONWIDE)]
