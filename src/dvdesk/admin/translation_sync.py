"""Translations in a data package: exported with the records, planned and applied with them.

``directory.json`` carries ``translations``: a list of ``{lang, key, source_hash, name,
description, what_to_bring, caution, hours}``, validated like the bundled translation files. An
import lists each added or changed translation beside the record changes (kind 「翻訳」) and
writes them in the same transaction; translations the package does not mention are kept. The
preview refuses what the gate's translation rule will refuse (``findings``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin.diff import FieldChange
from dvdesk.admin.packed import PackedSnapshots, keys_of
from dvdesk.admin.shelter_links import ShelterLinks
from dvdesk.admin.sync import ADDED, CHANGED, Incoming, RecordDiff
from dvdesk.domain import integrity_translations as it
from dvdesk.domain.integrity_findings import Finding
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


def findings(
    session: Session, rows: list[TranslationRow], records: Incoming, planned: list[RecordDiff]
) -> list[Finding]:
    """What the gate's translation rule (``integrity_translations``) will say once the package is
    in, asked before anything is written: the added and changed translations (their texts, and a
    shelter's location), and the translations a shelter will have of every service the package
    writes or makes a shelter by moving a need (its location, as the package leaves it)."""
    written = {d.key for d in planned if d.kind == KIND}
    services = {d.key for d in planned if d.kind == "service"}
    links = ShelterLinks(session, providers=False)
    for snap in records.get("need", ()):
        links.add("need", snap)
    if moved := links.moved_below():  # the directory's services a moved need makes shelters
        query = select(Service.key).where(Service.needs.any(Need.key.in_(sorted(moved))))
        services |= set(session.scalars(query))
    final: dict[tuple[str, str], TranslationRow | Translation] = {}
    if services:  # all of them, kept by key: a national package's 350,000 keys make no IN list
        for t in session.scalars(select(Translation)):
            if it.record_key(t.record_key) in services:
                final[(t.lang, t.record_key)] = t
    for row in rows:
        if f"{row.lang}:{row.key}" in written or it.record_key(row.key) in services:
            final[(row.lang, row.key)] = row
    if not final:
        return []
    hidden = _hidden_locations(session, records, {it.record_key(key) for _, key in final}, links)
    out = []
    for (lang, key), held in final.items():
        texts = {f: list(getattr(held, f)) if f == "what_to_bring" else getattr(held, f) for f in it.FIELD_LABELS}
        name, location = hidden.get(it.record_key(key), ("", None))
        if f"{lang}:{key}" in written:
            out += [
                Finding(it.TABLE, key, it.title(lang, held.name), problem, remedy)
                for problem, remedy in it.problems(lang, texts, location)
            ]
        elif location is not None:  # the service's doing: a shelter now, or given another location
            out += [
                Finding("services", it.record_key(key), name, problem, remedy)
                for problem, remedy in it.echo_problems(lang, texts, location)
            ]
    return out


def _hidden_locations(
    session: Session, records: Incoming, keys: set[str], links: ShelterLinks
) -> dict[str, tuple[str, str]]:
    """key -> (name, location) of the services among ``keys`` that will be shelters with a hidden
    location (filled, not public), each as the package leaves it: its snapshot, else the directory's."""
    state: dict[str, tuple[str, str, str, list[str]]] = {}  # key -> (name, location, level, needs)
    incoming = records.get("service", ())
    if isinstance(incoming, PackedSnapshots):  # only the chunks holding them are unpacked
        snaps = (snap for _, snap in incoming.picked(i for i, key in enumerate(incoming.keys) if key in keys))
    else:
        snaps = (snap for snap in incoming if snap["key"] in keys)
    for snap in snaps:
        state[snap["key"]] = (
            str(snap.get("name") or ""),
            str(snap.get("location") or ""),
            str(snap.get("location_confidentiality") or ""),
            list(snap.get("needs") or ()),
        )
    rest = sorted(keys - set(state))
    for chunk in (rest[i : i + 500] for i in range(0, len(rest), 500)):
        for svc in session.scalars(select(Service).where(Service.key.in_(chunk))):
            level = getattr(svc.location_confidentiality, "value", svc.location_confidentiality)
            state[svc.key] = (svc.name, svc.location or "", str(level or ""), [n.key for n in svc.needs])
    return {
        key: (name, location)
        for key, (name, location, level, needs) in state.items()
        if location.strip() and level != "public" and links.is_shelter(needs)
    }
