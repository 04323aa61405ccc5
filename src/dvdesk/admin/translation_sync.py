"""Translations in a data package: exported with the records, planned and applied with them.

``directory.json`` carries ``translations``: a list of ``{lang, key, source_hash, name,
description, what_to_bring, caution, hours}``, validated like the bundled translation files. An
import lists each added or changed translation beside the record changes (kind 「翻訳」) and
writes them in the same transaction; translations the package does not mention are kept.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin.diff import FieldChange
from dvdesk.admin.packed import keys_of
from dvdesk.admin.sync import ADDED, CHANGED, Incoming, RecordDiff
from dvdesk.domain.models import Need, Organization, Procedure, Service
from dvdesk.domain.translation_models import Translation
from dvdesk.domain.translations import LANGUAGES, record_key
from dvdesk.storage import translation_files
from dvdesk.storage.translation_files import TranslationRow

KIND = "translation"
FIELDS = ("source_hash", "name", "description", "what_to_bring", "caution", "hours")


def export_rows(session: Session, keys: set[str] | None = None) -> list[dict[str, Any]]:
    """Every translation (or those of ``keys``), as plain JSON values, in a stable order."""
    rows = session.scalars(select(Translation).order_by(Translation.lang, Translation.record_key))
    return [
        {"lang": t.lang, "key": t.record_key, **{f: getattr(t, f) for f in FIELDS}}
        for t in rows
        if keys is None or t.record_key in keys
    ]


def parse(raw: Any) -> list[TranslationRow]:
    """Raises ValueError (Japanese) for a list that is not well-formed translations."""
    if not isinstance(raw, list):
        raise ValueError("翻訳の一覧の形が正しくありません")
    rows, seen = [], set()
    for i, item in enumerate(raw):
        lang = item.get("lang") if isinstance(item, dict) else None
        if lang not in LANGUAGES:
            raise ValueError(f"翻訳の{i + 1}件目: 言語が正しくありません（{', '.join(LANGUAGES)}）")
        data = {k: v for k, v in item.items() if k != "lang"}
        try:
            row = translation_files.parse_row(lang, data, "directory.json")
        except translation_files.TranslationFileError as exc:
            raise ValueError(f"翻訳の{i + 1}件目に誤りがあります: {exc}") from None
        if (row.lang, row.key) in seen:
            raise ValueError(f"翻訳が重複しています: {row.lang} {row.key}")
        seen.add((row.lang, row.key))
        rows.append(row)
    return rows


def unknown_keys(session: Session, rows: list[TranslationRow], incoming: Incoming) -> list[str]:
    known = {key for snaps in incoming.values() for key in keys_of(snaps)}
    for model in (Procedure, Service, Organization, Need):
        known |= set(session.scalars(select(model.key)))
    return sorted({r.key for r in rows if record_key(r.key) not in known})


def _values(row: TranslationRow | Translation) -> dict[str, Any]:
    return {f: list(getattr(row, f)) if f == "what_to_bring" else getattr(row, f) for f in FIELDS}


def plan(session: Session, rows: list[TranslationRow]) -> tuple[list[RecordDiff], int]:
    """The added and changed translations, and how many are unchanged."""
    current = {(t.lang, t.record_key): t for t in session.scalars(select(Translation))}
    diffs, unchanged = [], 0
    for row in rows:
        old = current.get((row.lang, row.key))
        new, before = _values(row), _values(old) if old is not None else {}
        changes = tuple(FieldChange(f, f, before.get(f), new[f]) for f in FIELDS if before.get(f) != new[f])
        if old is not None and not changes:
            unchanged += 1
            continue
        diffs.append(RecordDiff(KIND, f"{row.lang}:{row.key}", row.name, ADDED if old is None else CHANGED, changes))
    return diffs, unchanged
