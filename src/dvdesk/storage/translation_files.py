"""Reading the bundled translations (resources/directory/translations/*.toml) into the database.

One file per language (``en.toml``, ``pt.toml``, ``easy.toml``, ``zh.toml``, ``vi.toml``)::

    lang = "en"

    [[translation]]
    key = "takaoka.proc.tennyu"     # a procedure, service, organisation or need key
                                    # (KEY#discreet: the discreet wording of a procedure or service)
    source_hash = "1a2b3c4d5e6f"    # dvdesk.domain.translations.fingerprint of the Japanese
    name = "..."
    description = "..."
    what_to_bring = ["...", "..."]
    caution = "..."
    hours = "..."

Validated with the rest of the bundle before anything is written (``BundleError`` names file and
record). A translation whose Japanese has changed since (``source_hash`` no longer matches) is
still loaded: the printout ignores it and shows the Japanese with a note, and
``dvdesk.domain.translations.problems`` lists it for whoever updates the translation.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.domain.translation_models import Translation
from dvdesk.domain.translations import LANGUAGES, record_key

HASH = re.compile(r"[0-9a-f]{12}")
TEXT_FIELDS = ("description", "caution", "hours")


class TranslationFileError(ValueError):
    """Raised as the bundle's BundleError by the caller; the message names file and record."""


@dataclass(frozen=True)
class TranslationRow:
    lang: str
    key: str
    source_hash: str
    name: str
    description: str
    what_to_bring: tuple[str, ...]
    caution: str
    hours: str


def _text(data: dict, name: str, where: str, required: bool = False) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise TranslationFileError(f"{where}: '{name}' must be text")
    if required and not value.strip():
        raise TranslationFileError(f"{where}: '{name}' is required")
    return value.strip()


def parse_row(lang: str, data: object, file: str) -> TranslationRow:
    if not isinstance(data, dict):
        raise TranslationFileError(f"{file}: 'translation' must be a list of tables ([[translation]])")
    where = f"{file}: translation '{data.get('key', '?')}'"
    unknown = sorted(set(data) - {"key", "source_hash", "name", "what_to_bring", *TEXT_FIELDS})
    if unknown:
        raise TranslationFileError(f"{where}: unknown field(s): {', '.join(unknown)}")
    digest = _text(data, "source_hash", where, required=True)
    if not HASH.fullmatch(digest):
        raise TranslationFileError(f"{where}: 'source_hash' must be 12 hex digits")
    bring = data.get("what_to_bring", [])
    if not isinstance(bring, list) or not all(isinstance(b, str) and b.strip() for b in bring):
        raise TranslationFileError(f"{where}: 'what_to_bring' must be a list of text")
    return TranslationRow(
        lang,
        _text(data, "key", where, required=True),
        digest,
        _text(data, "name", where, required=True),
        _text(data, "description", where),
        tuple(b.strip() for b in bring),
        _text(data, "caution", where),
        _text(data, "hours", where),
    )


def read(folder: Path) -> list[TranslationRow]:
    """Every translation under ``folder/translations``; [] if there is no such folder."""
    rows: list[TranslationRow] = []
    sub = folder / "translations"
    for path in sorted(sub.glob("*.toml")) if sub.is_dir() else ():
        file = f"translations/{path.name}"
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise TranslationFileError(f"{file}: not valid UTF-8 TOML: {exc}") from exc
        lang = doc.get("lang")
        if lang not in LANGUAGES or path.stem != lang:
            raise TranslationFileError(f"{file}: 'lang' must be the file's name, one of {', '.join(LANGUAGES)}")
        tables = doc.get("translation", [])
        if not isinstance(tables, list):
            raise TranslationFileError(f"{file}: 'translation' must be a list of tables ([[translation]])")
        seen: set[str] = set()
        for data in tables:
            row = parse_row(lang, data, file)
            if row.key in seen:
                raise TranslationFileError(f"{file}: translation '{row.key}' is given twice")
            seen.add(row.key)
            rows.append(row)
    return rows


def check_keys(rows: list[TranslationRow], known: set[str]) -> None:
    for row in rows:
        if record_key(row.key) not in known:
            raise TranslationFileError(
                f"translations/{row.lang}.toml: translation '{row.key}': "
                "no procedure, service, organization or need has this key"
            )


def apply(session: Session, rows: list[TranslationRow]) -> int:
    """Insert or replace each (lang, key); translations not in the files are kept."""
    existing = {(t.lang, t.record_key): t for t in session.scalars(select(Translation))}
    for row in rows:
        t = existing.get((row.lang, row.key))
        if t is None:
            t = Translation(lang=row.lang, record_key=row.key)
            session.add(t)
        t.source_hash, t.name, t.description = row.source_hash, row.name, row.description
        t.what_to_bring, t.caution, t.hours = list(row.what_to_bring), row.caution, row.hours
    return len(rows)
