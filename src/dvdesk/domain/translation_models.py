"""Translations of directory records for the client copy, as a typed SQLAlchemy table.

One row translates one record (a procedure, service or organisation, by its key) into one
language. ``source_hash`` is the fingerprint of the Japanese the row was written from
(``dvdesk.domain.translations.fingerprint``): when the Japanese changes, the row no longer matches
and the copy falls back to the Japanese with a note in her language — never a stale translation.
"""

from __future__ import annotations

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dvdesk.domain.models import Base


class Translation(Base):
    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("lang", "record_key", name="uq_translation_lang_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(8), index=True)  # en, pt, easy, zh, vi
    record_key: Mapped[str] = mapped_column(String(80))  # procedure, service or organization key
    source_hash: Mapped[str] = mapped_column(String(16))  # fingerprint of the Japanese translated
    name: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    what_to_bring: Mapped[list] = mapped_column(default=list)
    caution: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[str] = mapped_column(Text, default="")
