"""The change history of the directory: one row per changed field, grouped into edits.

Values are stored as JSON text exactly as they appear in a record's snapshot
(``dvdesk.admin.records``), so any change can be shown, compared and undone. A row is never
deleted or rewritten except to note which later edit undid it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dvdesk.domain.models import Base


class ChangeRecord(Base):
    __tablename__ = "change_history"
    __table_args__ = (Index("ix_change_history_record", "table_name", "record_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edit_id: Mapped[str] = mapped_column(String(36), index=True)  # one save, import or undo
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    admin: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # create update retire restore verify undo import
    table_name: Mapped[str] = mapped_column(String(40))
    record_key: Mapped[str] = mapped_column(String(120))
    field: Mapped[str] = mapped_column(String(80), default="")  # "" = the whole record
    old_value: Mapped[str | None] = mapped_column(Text, default=None)  # JSON; NULL = did not exist
    new_value: Mapped[str | None] = mapped_column(Text, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    undone_by: Mapped[str] = mapped_column(String(36), default="")  # edit_id of the undo
    # Who, as the database knows them: the login role on a server (set by a trigger there, see
    # migration 0009), the OS user on a PC's own SQLite file.
    db_user: Mapped[str] = mapped_column(String(100), default="", server_default="")
