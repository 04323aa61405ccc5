"""Where the typed words lie in a row, and the rank of rows read whole: the Python side of the
searcher's few-matches paths (``domain.search``), which rank what one lookup found instead of
reading one lookup per place and kind. The places and the order are those of the index's lookups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dvdesk.domain.record_kinds import ServiceKind
from dvdesk.domain.search_layout import KIND_ORDER
from dvdesk.domain.search_records import SearchHit
from dvdesk.domain.search_words import found_in, words_expression

# Where the words were found, best first (``SearchHit.place``).
PLACES = ("name", "name through a synonym", "provider", "elsewhere")
NAME, NAME_SYNONYM, PROVIDER, ELSEWHERE = range(len(PLACES))  # PROVIDER = ELSEWHERE - 1
KINDS = len(KIND_ORDER)
Words = list[list[list[str]]]


def place_of(name: str, provider: str, words: Words, typed: Words) -> int:
    """The best place of a row's name and provider holding the words (``typed``: as typed)."""
    if found_in(name, typed):
        return NAME
    if found_in(name, words):
        return NAME_SYNONYM
    return PROVIDER if found_in(provider, words) else ELSEWHERE


def rank_found(rows: Sequence[Sequence[Any]], words: Words) -> list[tuple[int, int]]:
    """(service id, group) of ``search_sql.RANK_ROWS_SQL`` rows (id, name, kind, provider), each
    placed where the words lie in it, ranked as the index is: place, kind, length of the name, name, id."""
    typed = [options[:1] for options in words]
    ranked = []
    for sid, name, kind, provider in rows:
        place = place_of(name, provider, words, typed)
        kind_rank = KIND_ORDER[ServiceKind.of(kind)]
        ranked.append(((place, kind_rank, len(name), name, sid), place * KINDS + kind_rank))
    ranked.sort()
    return [(key[-1], group) for key, group in ranked]


def by_name(rows: Sequence[Sequence[Any]], words: Words) -> list[tuple[int, int]]:
    """(service id, group) of names' index rows (``RANK_ROWS_SQL``), placed as the names' lookups
    place them: as typed (all of them when the words have no synonym), else through a synonym; in
    the order those lookups read them, place by place and kind by kind."""
    typed = [options[:1] for options in words]
    synonyms = words_expression(typed) != words_expression(words)
    ranked = []
    for sid, name, kind, _ in rows:
        place = NAME_SYNONYM if synonyms and not found_in(name, typed) else NAME
        kind_rank = KIND_ORDER[ServiceKind.of(kind)]
        ranked.append(((place, kind_rank, len(name), name, sid), place * KINDS + kind_rank))
    ranked.sort()
    return [(key[-1], group) for key, group in ranked]


def item_hit(row: Sequence[Any], place: int, item: str) -> SearchHit:
    """A procedure's or department's hit from a row of ``PROCEDURE_HITS_SQL`` / ``ORG_HITS_SQL``."""
    rid, key, name, department, municipality = row
    return SearchHit(
        service_id=rid,
        name=name,
        provider=department,
        municipality=municipality,
        kind=ServiceKind.CLIENT,
        has_phone=False,
        score=place + len(name) / 1000,
        item=item,
        key=key,
    )
