"""The names' index read once for every place and kind (``Searcher._names_if_few``): with a need
or a municipality, the services whose name holds the words are often few, and one lookup of them
all costs what each lookup per place and kind costs even when it finds nothing (法律相談 with a
need: 0.7 + 1.1 ms, and 0.8 more for the other kinds' names).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from dvdesk.domain import search_sql
from dvdesk.domain.record_kinds import ServiceKind
from dvdesk.domain.search_layout import NAMES_TABLE, id_of, kind_tag
from dvdesk.domain.search_words import words_expression

if TYPE_CHECKING:
    from dvdesk.domain.search import Searcher


def names_if_few(
    searcher: Searcher, words: list[list[list[str]]], filters: str, kinds: list[ServiceKind]
) -> list[tuple[Any, ...]] | None:
    """``RANK_ROWS_SQL`` rows of the services of ``kinds`` whose name holds the words (as typed or
    through a synonym), from one lookup of the names' index when it finds at most ``FEW``; None when
    more. Within ``Searcher.names_shared`` the lookup is made once for every kind and kept."""
    from dvdesk.domain import search  # its FEW, read at each call (tests set it)

    expr = words_expression(words)
    memo = searcher._names_memo
    key = (expr or "", filters)
    if memo is not None and key in memo:
        rows = memo[key]
    else:
        asked = list(ServiceKind) if memo is not None else kinds  # shared: every kind, read once
        kind_filter = "" if len(asked) == len(ServiceKind) else "(" + " OR ".join(kind_tag(k) for k in asked) + ")"
        match = " AND ".join(p for p in (f"({expr})", filters, kind_filter) if p)
        rowids = searcher._lookup(NAMES_TABLE, match, search.FEW + 1)
        ids = json.dumps([id_of(r) for r in rowids])
        rows = None if len(rowids) > search.FEW else searcher._rows(search_sql.RANK_ROWS_SQL, {"ids": ids})
        if memo is not None:
            memo[key] = rows
    if rows is None:
        return None
    wanted = {str(k) for k in kinds}
    return [r for r in rows if r[2] in wanted]
