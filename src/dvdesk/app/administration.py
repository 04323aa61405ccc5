"""Administration for the admin window and the command line: the editor and the reports.

The editing itself (validation, history, undo) is ``dvdesk.admin.editing.Editor``, which opens
its own sessions; data exchange (packages, sheets, HSDS) is ``dvdesk.admin`` too and takes the
``Database``. What a window would otherwise read with a session of its own is here.
"""

from __future__ import annotations

from dvdesk.admin import history, verification
from dvdesk.admin.editing import Editor
from dvdesk.domain import integrity
from dvdesk.storage.db import Database


class Administration:
    def __init__(self, db: Database):
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
