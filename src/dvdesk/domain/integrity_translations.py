"""The gate's rule over the records' translations for the client copy (``translations`` table).

A translation is printed on the client's copy in her language, in place of the Japanese: the
same rules hold for it as for the Japanese it stands for. Its texts carry no control character
(a terminal escape, a bidirectional override that reorders a printed phone number) and no length
a page cannot hold, and a shelter's place is never written in the translation of that shelter,
nor of the department that provides it — 「It is at 西新宿2-8-1」 is on the paper as surely as
「西新宿2-8-1にあります」, and 「Women's Center, Hirokoji 7-50」 under the department's heading as
surely as its Japanese name would be (h18). The place is found as the Japanese rules find it
(``printed_location`` for a shelter, ``provider_place.address_words`` for its provider): words of
the hidden location or address, else any street address (``secret_echo.street_address``, which
knows a Latin-script one). The provider's other services are printed under its heading: their
translations hold no words of the provider's hidden address nor of its shelters' hidden locations
(h19: 「Room A, 秘密の場所 1-2-3」, the shelter's secret location, as the English description of the
provider's 法律相談 was printed). A street address is theirs to name, as in Japanese (a service may
be held elsewhere).

Translations come from data packages and the bundled directory's files. The gate holds the ones a
write touched, and those of the shelters and providers it touched (a service made a shelter, a
department its provider, either given another location or address, a service moved to a provider,
is checked against the translations it already has). The package's preview asks ``problems`` of each incoming row, with
the place as it will be (``admin.translation_sync``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from dvdesk.domain import rules
from dvdesk.domain.integrity_findings import Finding, shown
from dvdesk.domain.integrity_rules import EveryRow, Touched, printed_location, shelter_need_ids, shelter_provider_join
from dvdesk.domain.provider_place import Found, address_words, hidden_words

TABLE = "translations"
LANG_LABELS = {"en": "英語", "pt": "ポルトガル語", "easy": "やさしい日本語", "zh": "中国語", "vi": "ベトナム語"}
FIELD_LABELS = {"name": "名称", "description": "内容", "what_to_bring": "持ち物", "caution": "注意", "hours": "時間"}
REMEDY = "パッケージや翻訳のファイルの翻訳を直してください"
DISCREET = "#discreet"  # a record's discreet wording, translated under KEY#discreet
_COLUMNS = "t.id, t.lang, t.record_key, t.name, t.description, t.what_to_bring, t.caution, t.hours"


def record_key(key: str) -> str:
    return key.removesuffix(DISCREET)


def title(lang: str, name: str) -> str:
    """How a translation is named in a finding: its language and its name."""
    return f"{LANG_LABELS.get(lang, lang)}: {name}"


class Place(NamedTuple):
    """What a translation must not give away: a shelter's place (``table`` services: its location)
    or that of the department providing one (organizations: its address); ``shelter`` names the
    shelter service (for a department, one it provides). A provider's other service is a
    ``services`` place with ``provider`` (the department's id, key, name), its address and level,
    and ``hidden``, its shelters' (location, level)."""

    table: str
    id: int
    key: str
    name: str
    address: str
    level: str
    shelters: tuple[tuple[int, str, str], ...]  # (id, key, name) of the shelter service(s), by key
    provider: tuple[int, str, str] | None = None  # a provider's service (no shelter): the department
    hidden: tuple[tuple[str, str], ...] = ()  # and the (location, level) of the department's shelters


def problems(lang: str, texts: dict[str, str | Sequence[str]], place: Place | None) -> list[tuple[str, str]]:
    """(what is wrong, what to do) for one translation: ``texts`` by field (``FIELD_LABELS``);
    ``place``: the shelter's or its provider's it translates (None: neither)."""
    return [*text_problems(lang, texts), *place_problems(lang, texts, place)]


def text_problems(lang: str, texts: dict[str, str | Sequence[str]]) -> Iterator[tuple[str, str]]:
    """A control character or a length a page cannot hold, the first in each field."""
    for field, value in texts.items():
        for v in _values(value):
            multiline = field not in ("name", "what_to_bring")
            if msg := rules.text_problem(v, rules.MAX_TEXT, multiline=multiline):
                yield f"{LANG_LABELS.get(lang, lang)}の翻訳の「{FIELD_LABELS.get(field, field)}」: {msg}", REMEDY
                break


def place_problems(lang: str, texts: dict[str, str | Sequence[str]], place: Place | None) -> Iterator[tuple[str, str]]:
    """A shelter's place written in its translation or its provider's, as the gate's rules on the
    Japanese find it (``printed_location``, ``provider_place.address_words``): words of its hidden
    location or address, else any street address; in a provider's other service, words of the
    hidden ones only."""
    if place is None:
        return
    lang_label = LANG_LABELS.get(lang, lang)
    if place.table == "services" and place.provider is None:
        values = [v for value in texts.values() for v in _values(value)]
        if said := printed_location(place.address, place.level, values):
            yield f"{lang_label}の翻訳: {said[0]}", REMEDY
        return
    fields = [(f, FIELD_LABELS.get(f, f), v) for f, value in texts.items() for v in _values(value)]
    department = place.name if place.provider is None else place.provider[2]
    if place.provider is None:
        found = address_words(place.address, place.level, fields)
    elif found := hidden_words(((place.address, place.level), *place.hidden), fields):
        found = found._replace(where=f"サービス「{shown(place.name)}」の{found.where}")  # printed under the department
    if found:
        yield (
            f"一時保護・シェルター（「{shown(place.shelters[0][2])}」）を提供する"
            + provider_words(lang, department, found),
            REMEDY,
        )


def provider_words(lang: str, department: str, found: Found) -> str:
    """「…」の英語の翻訳の「名称」に、住所らしい語「…」が書かれています: ``found`` (``address_words``
    of the translation of ``department``, a shelter's provider) as the gate and the copy say it."""
    what = "所在地（非公開）の一部" if found.hidden else "住所らしい語"
    return (
        f"「{shown(department)}」の{LANG_LABELS.get(lang, lang)}の翻訳の「{found.where}」に、"
        f"{what}「{shown(found.word, 40)}」が書かれています（相談者の控えに印刷されます）"
    )


def _values(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


def _texts(row: Sequence[Any]) -> dict[str, str | Sequence[str]]:
    bring = row[5]
    if isinstance(bring, str):  # SQLite gives the JSON column's text
        try:
            bring = json.loads(bring)
        except ValueError:
            bring = [bring]
    return {
        "name": row[3] or "",
        "description": row[4] or "",
        "what_to_bring": bring if isinstance(bring, list) else [],
        "caution": row[6] or "",
        "hours": row[7] or "",
    }


def _chunks(values: Iterable[Any], size: int = 500) -> Iterator[list[Any]]:
    values = sorted(values)
    for i in range(0, len(values), size):
        yield values[i : i + size]


def places(session: Session) -> dict[str, Place]:
    """key -> ``Place`` of every shelter service and every department providing one: the records
    whose translations must not give a place away (a few hundred rows, read whole)."""
    shelter = shelter_need_ids(session)
    join = shelter_provider_join(session)
    if not shelter or join is None:
        return {}
    need_ids = ", ".join(str(i) for i in sorted(shelter))
    out: dict[str, Place] = {}
    for r in session.execute(
        text(
            "SELECT DISTINCT s.id, s.key, s.name, s.location, s.location_confidentiality FROM services s "
            f"JOIN service_needs sn ON sn.service_id = s.id AND sn.need_id IN ({need_ids})"
        )
    ):
        shelter_of = ((r[0], r[1], r[2] or ""),)
        out[r[1]] = Place("services", r[0], r[1], r[2] or "", r[3] or "", str(r[4] or ""), shelter_of)
    rows = session.execute(
        text(f"SELECT DISTINCT o.id, o.key, o.name, o.address, o.address_confidentiality, s.id, s.key, s.name {join}")
    )
    for r in sorted(rows, key=lambda r: (r[1], r[6])):
        had = out.get(r[1])
        served = (had.shelters if had else ()) + ((r[5], r[6], r[7] or ""),)
        out[r[1]] = Place("organizations", r[0], r[1], r[2] or "", r[3] or "", str(r[4] or ""), served)
    providers = {p.id: p for p in out.values() if p.table == "organizations"}
    for chunk in _chunks(providers):
        listed = ", ".join(str(int(i)) for i in chunk)
        for r in session.execute(
            text(f"SELECT id, key, name, organization_id FROM services WHERE organization_id IN ({listed})")
        ):
            if r[1] not in out:  # a shelter is held to its own location
                org = providers[r[3]]
                hidden = tuple((out[k].address, out[k].level) for _, k, _n in org.shelters)
                out[r[1]] = Place(
                    "services",
                    r[0],
                    r[1],
                    r[2] or "",
                    org.address,
                    org.level,
                    org.shelters,
                    (org.id, org.key, org.name),
                    hidden,
                )
    return out


def _rows_of_keys(session: Session, keys: Iterable[str]) -> Iterator[Sequence[Any]]:
    wanted = {k for key in keys for k in (key, key + DISCREET)}
    for chunk in _chunks(wanted):
        marks = ", ".join(f":k{i}" for i in range(len(chunk)))
        yield from session.execute(
            text(f"SELECT {_COLUMNS} FROM translations t WHERE t.record_key IN ({marks})"),
            {f"k{i}": k for i, k in enumerate(chunk)},
        )


def translations(session: Session, touched: Touched) -> Iterator[Finding]:
    """The touched translations' texts and places (as themselves), and the places the translations
    of the touched shelters and providers give away (as those records': made a shelter or its
    provider, given another location or address)."""
    if touched is None:
        written: set[int] | None = None
        rows: list[Sequence[Any]] = list(session.execute(text(f"SELECT {_COLUMNS} FROM translations t")))
        held = places(session)
    else:
        written = set(touched.get(TABLE, ()))
        services, orgs = touched.get("services") or set(), touched.get("organizations") or set()
        if not written and not services and not orgs:
            return
        rows = [
            tuple(r)
            for chunk in _chunks(written)
            for r in session.execute(
                text(f"SELECT {_COLUMNS} FROM translations t WHERE t.id IN ({', '.join(str(int(i)) for i in chunk)})")
            )
        ]
        if not rows and not _translated(session, services, orgs):
            return  # an edit of records no translation is of (most of them): no place to read
        held = places(session)
        doing = [k for k, p in held.items() if _doing(p, services, orgs) is not None]
        seen = {r[0] for r in rows}
        rows += [r for r in _rows_of_keys(session, doing) if r[0] not in seen]
    for r in rows:
        key = record_key(r[2])
        place = held.get(key)
        if written is None or r[0] in written:
            for problem, remedy in problems(r[1], _texts(r), place):
                yield Finding(TABLE, r[2], title(r[1], r[3] or ""), problem, remedy, frozenset({r[0]}))
        elif place is not None and (by := _doing(place, services, orgs)) is not None:
            for problem, remedy in place_problems(r[1], _texts(r), place):
                yield Finding(by[0], by[1], by[2], problem, remedy, frozenset({by[3]}))


def _translated(session: Session, services: set[int], orgs: set[int]) -> bool:
    """Whether a translation is of one of the touched ``services`` or ``orgs``, or of a touched
    service's department (whose translations it may hold to its place, ``_doing``)."""
    if isinstance(services, EveryRow) or isinstance(orgs, EveryRow):
        return True  # most of a table (a national import): asked whole
    keys: set[str] = set()
    for table, ids in (("services", services), ("organizations", orgs)):
        for chunk in _chunks(ids):
            listed = ", ".join(str(int(i)) for i in chunk)
            keys |= {str(k) for (k,) in session.execute(text(f"SELECT key FROM {table} WHERE id IN ({listed})"))}
            # The department's texts and its services': printed under its heading (``place_problems``).
            org_ids = (
                listed if table == "organizations" else f"SELECT organization_id FROM services WHERE id IN ({listed})"
            )
            for query in (
                f"SELECT key FROM organizations WHERE id IN ({org_ids})",
                f"SELECT key FROM services WHERE organization_id IN ({org_ids})",
            ):
                keys |= {str(k) for (k,) in session.execute(text(query))}
    return next(iter(_rows_of_keys(session, keys)), None) is not None


def _doing(place: Place, services: Iterable[int], orgs: Iterable[int]) -> tuple[str, str, str, int] | None:
    """(table, key, name, id) of the touched record that holds ``place``'s translations to it: the
    department itself, else a shelter service of it (or the shelter itself); for a provider's other
    service, itself (moved to it) or its department; None: untouched."""
    if place.table == "organizations" and place.id in orgs:
        return ("organizations", place.key, place.name, place.id)
    if place.provider is not None:
        if place.id in services:
            return ("services", place.key, place.name, place.id)
        if place.provider[0] in orgs:
            return ("organizations", place.provider[1], place.provider[2], place.provider[0])
    for sid, skey, sname in place.shelters:
        if sid in services:
            return ("services", skey, sname, sid)
    return None
