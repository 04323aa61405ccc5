"""Translations in a data package: exported with the records, planned and applied with them.

``directory.json`` carries ``translations``: a list of ``{lang, key, source_hash, name,
description, what_to_bring, caution, hours}``, validated like the bundled translation files. An
import lists each added or changed translation beside the record changes (kind 「翻訳」) and
writes them in the same transaction; translations the package does not mention are kept. The
preview refuses what the gate's translation rule will refuse (``findings``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin.diff import FieldChange
from dvdesk.admin.packed import PackedSnapshots, keys_of
from dvdesk.admin.records import Snapshot
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
    shelter's or its provider's place), and the translations a shelter or its provider will have of
    every service and department the package writes or makes a shelter by moving a need (its place,
    as the package leaves it)."""
    written = {d.key for d in planned if d.kind == KIND}
    services = {d.key for d in planned if d.kind == "service"}
    orgs = {d.key for d in planned if d.kind == "organization"}
    links = ShelterLinks(session, providers=False)
    for snap in records.get("need", ()):
        links.add("need", snap)
    if moved := links.moved_below():  # the directory's services a moved need makes shelters
        query = select(Service.key).where(Service.needs.any(Need.key.in_(sorted(moved))))
        services |= set(session.scalars(query))
    held = _places(session, records, services, orgs, links)
    doing = {key: by for key, place in held.items() if (by := _doing(place, services, orgs)) is not None}
    final: dict[tuple[str, str], TranslationRow | Translation] = {}
    if doing:  # all of them, kept by key: a national package's 350,000 keys make no IN list
        for t in session.scalars(select(Translation)):
            if it.record_key(t.record_key) in doing:
                final[(t.lang, t.record_key)] = t
    for row in rows:
        if f"{row.lang}:{row.key}" in written or it.record_key(row.key) in doing:
            final[(row.lang, row.key)] = row
    out = []
    for (lang, key), held_row in final.items():
        texts = {
            f: list(getattr(held_row, f)) if f == "what_to_bring" else getattr(held_row, f) for f in it.FIELD_LABELS
        }
        place = held.get(it.record_key(key))
        if f"{lang}:{key}" in written:
            out += [
                Finding(it.TABLE, key, it.title(lang, held_row.name), problem, remedy)
                for problem, remedy in it.problems(lang, texts, place)
            ]
        elif place is not None:  # the record's doing: a shelter or its provider now, or given another place
            table, record, name = doing[it.record_key(key)]
            out += [
                Finding(table, record, name, problem, remedy)
                for problem, remedy in it.place_problems(lang, texts, place)
            ]
    return out


def _doing(place: it.Place, services: set[str], orgs: set[str]) -> tuple[str, str, str] | None:
    """As the gate's ``_doing``, by key: the package's record that holds ``place``'s translations to it."""
    if place.table == "organizations" and place.key in orgs:
        return ("organizations", place.key, place.name)
    if place.provider is not None:  # a provider's other service: itself (moved to it), its department
        if place.key in services:
            return ("services", place.key, place.name)
        if place.provider[1] in orgs:
            return ("organizations", place.provider[1], place.provider[2])
        return None
    return next((("services", key, name) for _, key, name in place.shelters if key in services), None)


def _places(
    session: Session, records: Incoming, services: set[str], orgs: set[str], links: ShelterLinks
) -> dict[str, it.Place]:
    """``integrity_translations.places`` as the package leaves them: the directory's, with the
    package's ``services`` (and those a moved need makes shelters) and ``orgs`` in their places."""
    stored = it.places(session)
    shelter: dict[str, tuple[str, str, str, str]] = {}  # key -> (name, location, level, provider)
    for place in stored.values():
        if place.provider is not None:
            continue  # a provider's other service: below, once the providers are known
        if place.table == "services":
            shelter.setdefault(place.key, (place.name, place.address, place.level, ""))
        else:
            for _, key, _name in place.shelters:
                shelter[key] = (*shelter.get(key, stored[key][3:6])[:3], place.key)
    provided = {p.key: (p.name, p.provider[1]) for p in stored.values() if p.provider is not None}
    for key, (name, location, level, needs, provider) in _services(session, records, services).items():
        shelter.pop(key, None)
        provided.pop(key, None)
        if links.is_shelter(needs):
            shelter[key] = (name, location, level, provider)
        elif provider:
            provided[key] = (name, provider)
    out = {key: it.Place("services", 0, key, *s[:3], ((0, key, s[0]),)) for key, s in shelter.items()}
    providers: dict[str, list[tuple[int, str, str]]] = {}
    for key, s in sorted(shelter.items()):
        if s[3]:
            providers.setdefault(s[3], []).append((0, key, s[0]))
    changed = _orgs(session, records, orgs & set(providers))
    for key, served in providers.items():
        was = stored.get(key)
        name, address, level = changed.get(key) or ((was.name, was.address, was.level) if was else _org(session, key))
        out[key] = it.Place("organizations", 0, key, name, address, level, tuple(served))
    for key, (name, provider) in provided.items():  # a provider's other services: held to its place
        if (dept := out.get(provider)) is not None and dept.table == "organizations" and key not in out:
            hidden = tuple((out[k].address, out[k].level) for _, k, _n in dept.shelters)
            out[key] = it.Place(
                "services", 0, key, name, dept.address, dept.level, dept.shelters, (0, provider, dept.name), hidden
            )
    return out


def _services(session: Session, records: Incoming, keys: set[str]) -> dict[str, tuple[str, str, str, list[str], str]]:
    """key -> (name, location, level, needs, provider) of the services among ``keys`` as the package
    leaves them: its snapshot, else the directory's."""
    state: dict[str, tuple[str, str, str, list[str], str]] = {}
    for snap in _picked(records.get("service", ()), keys):
        state[snap["key"]] = (
            str(snap.get("name") or ""),
            str(snap.get("location") or ""),
            str(snap.get("location_confidentiality") or ""),
            list(snap.get("needs") or ()),
            str(snap.get("provider") or ""),
        )
    rest = sorted(keys - set(state))
    for chunk in (rest[i : i + 500] for i in range(0, len(rest), 500)):
        for svc in session.scalars(select(Service).where(Service.key.in_(chunk))):
            level = getattr(svc.location_confidentiality, "value", svc.location_confidentiality)
            provider = svc.organization.key if svc.organization is not None else ""
            state[svc.key] = (svc.name, svc.location or "", str(level or ""), [n.key for n in svc.needs], provider)
    return state


def _orgs(session: Session, records: Incoming, keys: set[str]) -> dict[str, tuple[str, str, str]]:
    """key -> (name, address, level) of the package's departments among ``keys``."""
    return {
        snap["key"]: (
            str(snap.get("name") or ""),
            str(snap.get("address") or ""),
            str(snap.get("address_confidentiality") or ""),
        )
        for snap in _picked(records.get("organization", ()), keys)
    }


def _org(session: Session, key: str) -> tuple[str, str, str]:
    """(name, address, level) of the directory's department ``key`` (("", "", "") if none)."""
    o = Organization
    row = session.execute(select(o.name, o.address, o.address_confidentiality).where(o.key == key)).first()
    if row is None:
        return ("", "", "")
    return (row[0] or "", row[1] or "", str(getattr(row[2], "value", row[2]) or ""))


def _picked(incoming: Sequence[Snapshot], keys: set[str]) -> Iterable[Snapshot]:
    """The snapshots among ``incoming`` of ``keys`` (of a packed kind, only the chunks holding them unpacked)."""
    if isinstance(incoming, PackedSnapshots):
        return (snap for _, snap in incoming.picked(i for i, key in enumerate(incoming.keys) if key in keys))
    return (snap for snap in incoming if snap["key"] in keys)
