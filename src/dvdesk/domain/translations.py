"""Translations of directory records for the client copy, checked against the Japanese they translate.

A translation is used only while it still matches: it carries the fingerprint of the Japanese it
was written from, and the copy compares it with the fingerprint of what it would print in
Japanese. When the Japanese was corrected since, the translation is treated as missing — the copy
then prints the Japanese with a note in her language, never an out-of-date translation and never
translated text mixed silently with untranslated text.

The fingerprint covers exactly the fields the client copy prints for an item (name, description,
what to bring, caution, hours), as ``dvdesk.domain.checklist`` builds them, so "matches" means
"translates what would be on the page". An organisation's translation covers its name, a need
category's its Japanese label.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.domain.checklist import ChecklistItem, Department, ItemKind, live_service_items, procedure_item
from dvdesk.domain.models import Need, Organization, Procedure
from dvdesk.domain.translation_models import Translation

# The client-copy languages whose records are translated (Japanese is the source).
LANGUAGES = ("en", "pt", "easy", "zh", "vi")
# A record's discreet wording (discreet_name and discreet_line) is translated under KEY#discreet.
DISCREET = "#discreet"


def record_key(key: str) -> str:
    """The record a translation key belongs to (without #discreet)."""
    return key.removesuffix(DISCREET)


def _norm(text: str) -> str:
    return " ".join(text.split())


def fingerprint(
    name: str, description: str = "", what_to_bring: Iterable[str] = (), caution: str = "", hours: str = ""
) -> str:
    """12 hex digits of SHA-256 over the Japanese fields (whitespace-insensitive)."""
    payload = json.dumps(
        [_norm(name), _norm(description), [_norm(w) for w in what_to_bring], _norm(caution), _norm(hours)],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


def item_fingerprint(item: ChecklistItem) -> str:
    return fingerprint(item.name, item.description, item.what_to_bring, item.caution, item.hours)


def department_fingerprint(name: str) -> str:
    return fingerprint(name)


@dataclass(frozen=True)
class Entry:
    """One record's translation into one language."""

    source_hash: str
    name: str
    description: str = ""
    what_to_bring: tuple[str, ...] = ()
    caution: str = ""
    hours: str = ""

    @classmethod
    def of(cls, row: Translation) -> Entry:
        return cls(row.source_hash, row.name, row.description, tuple(row.what_to_bring or ()), row.caution, row.hours)


@dataclass(frozen=True)
class Translations:
    """The translations of one language, ready for a printout (no database needed there)."""

    lang: str
    entries: Mapping[str, Entry] = field(default_factory=dict)

    def for_item(self, item: ChecklistItem) -> Entry | None:
        """The item's translation if it translates exactly what the item says; else None."""
        if item.kind is ItemKind.TEXT:
            return None
        digest = item_fingerprint(item)
        # The ordinary or the discreet wording: whichever translates exactly what is printed.
        for entry in (self.entries.get(item.key), self.entries.get(item.key + DISCREET)):
            if entry is not None and entry.source_hash == digest and covers(entry, item):
                return entry
        return None

    def department(self, dept: Department) -> str:
        """The department's translated name, or "" (its Japanese name is printed either way)."""
        if dept.organization is None:
            return ""
        entry = self.entries.get(dept.key)
        return entry.name if entry is not None and entry.source_hash == department_fingerprint(dept.name) else ""

    def need(self, key: str, label_ja: str) -> str:
        """A need category's translated label, or "" (the Japanese label is printed either way)."""
        entry = self.entries.get(key)
        return entry.name if entry is not None and entry.source_hash == department_fingerprint(label_ja) else ""


NONE = Translations("ja")


def covers(entry: Entry, item: ChecklistItem) -> bool:
    """The translation says something wherever the Japanese does (a caution, the hours, each
    thing to bring): a matching fingerprint alone would let a translator's gap drop a caution."""
    pairs = ((item.description, entry.description), (item.caution, entry.caution), (item.hours, entry.hours))
    return all(bool(ja.strip()) <= bool(other.strip()) for ja, other in pairs) and len(item.what_to_bring) == len(
        entry.what_to_bring
    )


def load(session: Session, lang: str) -> Translations:
    """Every translation into ``lang`` (an empty set for Japanese or a language without any)."""
    if lang not in LANGUAGES:
        return Translations(lang)
    rows = session.scalars(select(Translation).where(Translation.lang == lang))
    return Translations(lang, {r.record_key: Entry.of(r) for r in rows})


# --- what the shipped data should have, for tests and the administrator ----------------------


def current_fingerprints(session: Session) -> dict[str, str]:
    """key → fingerprint of the Japanese a client copy prints, for every live record."""
    from dvdesk.domain.disclosure import Audience, item_for  # disclosure imports this module's users

    found: dict[str, str] = {}
    items = [procedure_item(p) for p in session.scalars(select(Procedure).where(Procedure.retired.is_(False)))]
    items += live_service_items(session)
    for item in items:
        found[item.key] = item_fingerprint(item)
        shown = item_for(item, Audience.CLIENT, discreet=True) if item.discreet_name else None
        if shown is not None:  # what a discreet copy prints for it (nothing, for a staff-only service)
            found[item.key + DISCREET] = item_fingerprint(shown)
    for org in session.scalars(select(Organization).where(Organization.retired.is_(False))):
        found[org.key] = department_fingerprint(org.name)
    for need in session.scalars(select(Need).where(Need.retired.is_(False))):
        found[need.key] = department_fingerprint(need.label_ja)
    return found


@dataclass(frozen=True)
class Problem:
    lang: str
    key: str
    reason: str  # "stale": the Japanese changed; "orphan": no such record; "missing"

    def __str__(self) -> str:
        return f"{self.lang}: {self.key} ({self.reason})"


def problems(session: Session, wanted: Iterable[str] = ()) -> list[Problem]:
    """Stale and orphan translations, and the ``wanted`` keys with no translation, per language."""
    current = current_fingerprints(session)
    have: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    found = []
    for row in session.scalars(select(Translation).order_by(Translation.lang, Translation.record_key)):
        have.setdefault(row.lang, set()).add(row.record_key)
        if row.record_key not in current:
            found.append(Problem(row.lang, row.record_key, "orphan"))
        elif current[row.record_key] != row.source_hash:
            found.append(Problem(row.lang, row.record_key, "stale"))
    wanted = list(wanted)
    for lang in LANGUAGES:
        found += [Problem(lang, k, "missing") for k in wanted if k not in have[lang]]
    return found
