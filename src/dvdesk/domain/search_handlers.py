"""Departments found by what they handle (issue 14.1): a counselor asking "who handles housing?"
(住宅) expects 建築政策課, whose 市営住宅 service and procedure hold the word, though its own name does
not. ``handling_departments`` lists the departments of the services and procedures whose *names*
hold the typed words (as typed or through a synonym; a description's mention is too loose), in the
order of those rows, at most ``HANDLER_LIMIT`` of them: below every row whose own name holds the words
(a service, a procedure, a department found by ``Searcher.search_organizations``), above the rows
that only mention them. One (2026-12, tuned set): at two or three each row pushed a relevant row out of
the first five for more queries than it answered (recall@5 0.861 against 0.863). Two short reads after
the names' lookup the list already made: a keystroke's cost hardly moves.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

from dvdesk.domain import japanese, search_sql
from dvdesk.domain.search_places import NAME_SYNONYM, item_hit
from dvdesk.domain.search_records import ORGANIZATION, PROCEDURE, SERVICE, SearchHit, SearchQuery
from dvdesk.domain.search_words import SynonymTable, _is_act, _is_phrase, phrase_words

if TYPE_CHECKING:
    from dvdesk.domain.search import Searcher

HANDLED_ROWS = 20  # the services whose names hold the words, read for their departments
HANDLER_LIMIT = 1  # departments found this way, at most: a common word (DV, 相談) names many rows
# Within its place a department found this way comes after the ones whose name holds the words:
# their scores are place + len(name) / 1000 (a name is at most 200 characters).
_AFTER_NAMED = 0.5

SERVICE_DEPARTMENTS_SQL = """
    SELECT s.id, s.organization_id FROM {ids} j JOIN services s ON s.id = j.value
    WHERE s.organization_id IS NOT NULL
"""
PROCEDURE_DEPARTMENTS_SQL = """
    SELECT p.id, p.organization_id FROM {ids} j JOIN procedures p ON p.id = j.value
    WHERE p.organization_id IS NOT NULL
"""


def names_a_topic(text: str, synonyms: SynonymTable) -> bool:
    """Whether every typed word is a word as such (住宅, 生活保護, すとーかー), none a phrase of what a
    client says (離婚したい, 子どもが虐待されている; a term of the vocabulary or not): a department
    answers a topic; for what she says the services are the answer (tuned set: a department in the
    first rows of 離婚したい or 電話で相談したい pushed a service she needed out of the first five)."""
    words = synonyms.split_words(text, True)
    return bool(words) and all(_as_such(w, synonyms) for w in words)


def _as_such(word: str, synonyms: SynonymTable) -> bool:
    """Not reduced to other words (a phrase), nor a term ending as a verb or an adjective does
    (離婚したい, 家がない: what she says; 子ども, すとーかー: topics; 住まい reads as the former)."""
    norm = japanese.normalize(word)
    return phrase_words(word, synonyms) == [norm] and not (_is_phrase(word) and _is_act(norm))


def handling_departments(
    searcher: Searcher,
    query: SearchQuery,
    procedures: list[SearchHit],
    named: list[SearchHit],
    limit: int = HANDLER_LIMIT,
) -> list[SearchHit]:
    """The departments (at most ``limit``) of the services (of ``query.kinds``) and ``procedures``
    whose names hold the words, other than the departments ``named`` (found by their own name).
    Each is placed no higher than the name-through-a-synonym place, and after the ``named``."""
    if not query.text.strip() or limit <= 0:
        return []
    services = searcher.search_named(dataclasses.replace(query, limit=HANDLED_ROWS), rank_only=True)
    rows = services + [h for h in procedures if h.place <= NAME_SYNONYM]
    if not rows:
        return []
    rows.sort(key=lambda h: (h.place, h.item != SERVICE, h.score, h.name, h.service_id))
    department_of = {
        (SERVICE, sid): oid
        for sid, oid in _read(searcher, SERVICE_DEPARTMENTS_SQL, [h.service_id for h in rows if h.is_service])
    }
    procedure_ids = [h.service_id for h in rows if not h.is_service]
    department_of |= {(PROCEDURE, pid): oid for pid, oid in _read(searcher, PROCEDURE_DEPARTMENTS_SQL, procedure_ids)}
    # Below every row whose own name holds the words (a department named too): above what merely mentions them.
    lowest = max((h.place for h in named), default=NAME_SYNONYM)
    shown = {h.service_id for h in named}
    places: dict[int, int] = {}
    for hit in rows:
        oid = department_of.get((hit.item, hit.service_id))
        if oid is None or oid in shown or oid in places:
            continue
        places[oid] = max(hit.place, lowest, NAME_SYNONYM)
        if len(places) >= limit:
            break
    if not places:
        return []
    found = {r[0]: r for r in _read(searcher, search_sql.ORG_HITS_SQL, list(places))}
    hits = []
    for oid, place in places.items():
        if oid in found:  # a retired department is not listed
            hit = item_hit(found[oid], place, ORGANIZATION)
            hits.append(dataclasses.replace(hit, score=place + _AFTER_NAMED + len(hit.name) / 10_000))
    return hits


def _read(searcher: Searcher, template: str, ids: list[int]) -> list[tuple[int, ...]]:
    if not ids:
        return []
    return [tuple(r) for r in searcher._rows(template, {"ids": json.dumps(ids)})]
