"""The gate's rule over the records' translations for the client copy (``translations`` table).

A translation is printed on the client's copy in her language, in place of the Japanese: the
same rules hold for it as for the Japanese it stands for. Its texts carry no control character
(a terminal escape, a bidirectional override that reorders a printed phone number) and no length
a page cannot hold, and a shelter's hidden location is never written in the translation of that
shelter — 「It is at 西新宿2-8-1」 is on the paper as surely as 「西新宿2-8-1にあります」.

Translations come from data packages and the bundled directory's files. The gate holds the ones a
write touched, and those of the services it touched that are shelters (a service made a shelter,
or given another location, is checked against the translations it already has). The package's
preview asks ``problems`` of each incoming row, with the shelter's location as it will be.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from dvdesk.domain import rules
from dvdesk.domain.integrity_findings import Finding
from dvdesk.domain.integrity_rules import EveryRow, Touched, echo_texts, shelter_need_ids
from dvdesk.domain.secret_echo import echo

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


def problems(lang: str, texts: dict[str, str | Sequence[str]], shelter_location: str | None) -> list[tuple[str, str]]:
    """(what is wrong, what to do) for one translation: ``texts`` by field (``FIELD_LABELS``);
    ``shelter_location``: the hidden location of the shelter it translates (None: not a shelter's)."""
    return [*text_problems(lang, texts), *echo_problems(lang, texts, shelter_location)]


def text_problems(lang: str, texts: dict[str, str | Sequence[str]]) -> Iterator[tuple[str, str]]:
    """A control character or a length a page cannot hold, the first in each field."""
    for field, value in texts.items():
        for v in _values(value):
            multiline = field not in ("name", "what_to_bring")
            if msg := rules.text_problem(v, rules.MAX_TEXT, multiline=multiline):
                yield f"{LANG_LABELS.get(lang, lang)}の翻訳の「{FIELD_LABELS.get(field, field)}」: {msg}", REMEDY
                break


def echo_problems(
    lang: str, texts: dict[str, str | Sequence[str]], shelter_location: str | None
) -> Iterator[tuple[str, str]]:
    """The shelter's hidden location, a giveaway word of it, written in its translation."""
    values = [v for value in texts.values() for v in _values(value)]
    if shelter_location and (word := echo(shelter_location, values)):
        yield f"{LANG_LABELS.get(lang, lang)}の翻訳: {echo_texts(word)[0]}", REMEDY


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


def _hidden_shelters(session: Session, service_ids: set[int] | None) -> dict[str, tuple[int, str, str]]:
    """key -> (id, name, location) of the shelters (among ``service_ids``; None: all) whose
    location is filled and not public: those a translation must not give away."""
    shelter = shelter_need_ids(session)
    if not shelter or service_ids == set():
        return {}
    need_ids = ", ".join(str(i) for i in sorted(shelter))
    sql = (
        "SELECT DISTINCT s.id, s.key, s.name, s.location FROM services s "
        f"JOIN service_needs sn ON sn.service_id = s.id AND sn.need_id IN ({need_ids}) "
        "WHERE trim(s.location) != '' AND s.location_confidentiality != 'public'"
    )
    if service_ids is None:
        return {r[1]: (r[0], r[2], r[3]) for r in session.execute(text(sql))}
    out = {}
    for chunk in _chunks(service_ids):
        for r in session.execute(text(sql + f" AND s.id IN ({', '.join(str(int(i)) for i in chunk)})")):
            out[r[1]] = (r[0], r[2], r[3])
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
    """The touched translations' texts and echoes (as themselves), and the shelters' locations the
    translations of the touched services give away (as those services')."""
    if touched is None:
        written: set[int] | None = None
        rows: list[Sequence[Any]] = list(session.execute(text(f"SELECT {_COLUMNS} FROM translations t")))
        shelters = _hidden_shelters(session, None)
    else:
        written = set(touched.get(TABLE, ()))
        services = touched.get("services") or set()
        if not written and not services:
            return
        rows = [
            tuple(r)
            for chunk in _chunks(written)
            for r in session.execute(
                text(f"SELECT {_COLUMNS} FROM translations t WHERE t.id IN ({', '.join(str(int(i)) for i in chunk)})")
            )
        ]
        mine = {record_key(r[2]) for r in rows}
        if isinstance(services, EveryRow):  # most of the table (a national import): read whole, once
            shelters = _hidden_shelters(session, None)
        else:
            shelters = _hidden_shelters(session, {int(i) for (i,) in _ids_of_keys(session, mine)} | set(services))
        by_service = [s for s in shelters if shelters[s][0] in services]
        seen = {r[0] for r in rows}
        rows += [r for r in _rows_of_keys(session, by_service) if r[0] not in seen]
    for r in rows:
        key = record_key(r[2])
        shelter = shelters.get(key)
        location = shelter[2] if shelter else None
        if written is None or r[0] in written:
            for problem, remedy in problems(r[1], _texts(r), location):
                yield Finding(TABLE, r[2], title(r[1], r[3] or ""), problem, remedy, frozenset({r[0]}))
        elif shelter is not None:  # the service's doing: made a shelter, or given another location
            for problem, remedy in echo_problems(r[1], _texts(r), location):
                yield Finding("services", key, shelter[1], problem, remedy, frozenset({shelter[0]}))


def _ids_of_keys(session: Session, keys: set[str]) -> Iterator[Sequence[Any]]:
    for chunk in _chunks(keys):
        marks = ", ".join(f":k{i}" for i in range(len(chunk)))
        yield from session.execute(
            text(f"SELECT id FROM services WHERE key IN ({marks})"), {f"k{i}": k for i, k in enumerate(chunk)}
        )
