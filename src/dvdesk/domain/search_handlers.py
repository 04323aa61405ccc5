"""Departments found by what they handle (issue 14.1): a counselor asking "who handles housing?"
(住宅) expects 建築政策課, where the 市営住宅 application is made, though its own name does not hold the
word. ``handling_departments`` lists the department of the first procedures whose *names* hold the
typed words (as typed or through their own synonyms, ``own_words``: not through the other groups of
those synonyms, session 13: ひとり親 listed 市民課 through プレシングル, a word of the divorce group too,
whose 不受理申出 named 離婚届の不受理申出): a procedure's department is the window where it is done.
Not a service's: the service's row names its provider already, and some are recorded with a department
inferred from a plan (国立市's 市長室, 要確認), which then took the second row for すとーかー (tuned set:
recall@5 0.871 with services' departments too, 0.873 with procedures' only). One department, not one
already named: below every row whose own name holds the words, above the rows that only mention them;
at two or three each pushed a row she needed out of the first five more often than it answered. Only
for topic words (``names_a_topic``): for what a client says the services are the answer. One short
read of the procedures the list found already: a keystroke's cost hardly moves.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from dvdesk.domain import japanese, search_sql
from dvdesk.domain.search_places import NAME_SYNONYM, item_hit
from dvdesk.domain.search_records import ORGANIZATION, SearchHit, SearchQuery
from dvdesk.domain.search_words import SynonymTable, _is_act, _is_phrase, found_in, phrase_words, searched_words

if TYPE_CHECKING:
    from dvdesk.domain.search import Searcher

HANDLER_LIMIT = 1  # departments found this way, at most: a common word (DV, 相談) names many rows
# Within its place a department found this way comes after the ones whose name holds the words:
# their scores are place + len(name) / 1000 (a name is at most 200 characters).
_AFTER_NAMED = 0.5

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
    """The departments (at most ``limit``) of the ``procedures`` whose names hold the words, other
    than the departments ``named`` (found by their own name), in the procedures' order. Each is placed
    no higher than the name-through-a-synonym place, and after the ``named``."""
    if not query.text.strip() or limit <= 0:
        return []
    own = own_words(query.text, searcher.synonyms)
    rows = [h for h in procedures if h.place <= NAME_SYNONYM and found_in(h.name, own)]
    if not rows:
        return []
    rows.sort(key=lambda h: (h.place, h.score, h.name, h.service_id))
    ids = [h.service_id for h in rows]
    department_of = {pid: oid for pid, oid in _read(searcher, PROCEDURE_DEPARTMENTS_SQL, ids)}
    lowest = max((h.place for h in named), default=NAME_SYNONYM)
    shown = {h.service_id for h in named}
    places: dict[int, int] = {}
    for hit in rows:
        oid = department_of.get(hit.service_id)
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
            hits.append(hit._replace(score=place + _AFTER_NAMED + len(hit.name) / 10_000))
    return hits


def own_words(text: str, synonyms: SynonymTable) -> list[list[list[str]]]:
    """The typed words as ``search_words.typed_words`` has them, each with only its own synonyms: the
    terms of its groups (a term inside a compound replaced by its own), not the groups of those terms
    (``SynonymTable.spellings`` follows them: ひとり親 → プレシングル → the divorce group's 不受理申出)."""
    known: dict[str, list[list[list[str]]]] = synonyms._derived("own", dict)
    if text not in known:
        if len(known) > 4096:
            known.clear()
        words = []
        for word in searched_words(text, synonyms):
            word = synonyms.ties.get(word, word)
            options = dict.fromkeys([word, *sorted(synonyms.alternatives(word))])
            for term in synonyms.terms_longest_first():
                if term != word and term in word:
                    options.update(
                        dict.fromkeys(word.replace(term, alt) for alt in sorted(synonyms.alternatives(term)))
                    )
            runs = [r for r in (japanese.word_runs(o) for o in options) if r]
            if runs:
                words.append(runs)
        known[text] = words
    return known[text]


def _read(searcher: Searcher, template: str, ids: list[int]) -> list[tuple[int, ...]]:
    if not ids:
        return []
    return [tuple(r) for r in searcher._rows(template, {"ids": json.dumps(ids)})]
