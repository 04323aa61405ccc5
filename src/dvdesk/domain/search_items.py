"""Procedures and departments named by the typed words (``Searcher.search_procedures`` and
``search_organizations``): ranked like services, by where the words lie (name, department, elsewhere),
then the length of the name, name and id; their index's rowids are rank positions too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from dvdesk.domain.search_layout import NATIONAL_TAG, id_of, municipality_tag, need_tag
from dvdesk.domain.search_places import ELSEWHERE, NAME, NAME_SYNONYM, PROVIDER, item_hit, place_of
from dvdesk.domain.search_records import ORGANIZATION, PROCEDURE, SearchHit, SearchQuery
from dvdesk.domain.search_words import typed_words, words_expression

if TYPE_CHECKING:
    from dvdesk.domain.search import Searcher


def other_items(
    searcher: Searcher, query: SearchQuery, limit: int, item: str, table: str, rows_sql: str, few_first: bool | None
) -> list[SearchHit]:
    """Procedures or departments, exact top ``limit`` by (place, length of the name, name, id),
    read best first like services. ``few_first``: whether to try reading every match at once
    first (None: unless departments nationwide)."""
    from dvdesk.domain import search  # its FEW, read at each call (tests set it)

    few = search.FEW
    words = typed_words(query.text, searcher.synonyms)
    text_expr = words_expression(words)
    if not text_expr:
        return []
    filters = []
    if query.municipality_code:
        filters.append(f"({municipality_tag(query.municipality_code)} OR {NATIONAL_TAG})")
    if query.need_key and item == PROCEDURE:
        filters.append(need_tag(searcher.need_id(query.need_key)))
    elif query.need_key:
        return []  # a department has no need of its own
    typed = [options[:1] for options in words]
    last = NAME_SYNONYM if item == ORGANIZATION else ELSEWHERE  # a department: named by its name
    # Departments nationwide: a word matches more than ``FEW`` of them almost always (住, 相談, ＤＶ),
    # and their two name lookups, a page of 5 deep, cost less than reading FEW + 1 to learn it.
    if few_first is None:
        few_first = item != ORGANIZATION or bool(query.municipality_code)
    everything = searcher._lookup(table, " AND ".join([f"({text_expr})", *filters]), few + 1) if few_first else []
    if few_first and len(everything) <= few:  # few matches (a municipality chosen): all ranked here, exactly
        rows = searcher._rows(rows_sql, {"ids": json.dumps([id_of(r) for r in everything])})
        placed_rows = []
        for row in rows:
            place = place_of(row[2], row[3], words, typed)
            if place <= last:
                placed_rows.append(((place, len(row[2]), row[2], row[0]), row))
        placed_rows.sort(key=lambda pr: pr[0])
        return [item_hit(row, key[0], item) for key, row in placed_rows[:limit]]
    as_typed = words_expression(typed)
    places = [(f"{{name}} : ({as_typed})", NAME), (f"{{name}} : ({text_expr})", NAME_SYNONYM)]
    if item == PROCEDURE:
        places += [(f"{{org}} : ({text_expr})", PROVIDER), (text_expr, ELSEWHERE)]
    placed: dict[int, int] = {}
    for expr, place in places:
        match = " AND ".join([f"({expr})", *filters])
        for rowid in searcher._lookup(table, match, limit):
            placed.setdefault(id_of(rowid), place)
        if len(placed) >= limit:
            break
    ids = list(placed)[:limit]
    by_id = {r[0]: r for r in searcher._rows(rows_sql, {"ids": json.dumps(ids)})}
    return [item_hit(by_id[rid], placed[rid], item) for rid in ids if rid in by_id]
