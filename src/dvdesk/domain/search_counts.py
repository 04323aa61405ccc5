"""How many rows a search has, without ranking them: the desk's total (「N件」), the need tree's
counts, the other kinds left out of the list. Counting reads every match's rowid (a common word
nationally: 100,000), so the desk counts after its first page is on the screen, and a count can
stop at ``at_most`` where "at least" is all the window says.

Several chosen needs are one union (a service on two of them is counted once); ``table`` is the
services' whole index, or their names only (the items of other kinds the list shows by name).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dvdesk.domain import search_sql
from dvdesk.domain.search_layout import FTS_TABLE, KIND_ORDER, NATIONAL_TAG, kind_tag, municipality_tag, need_tag
from dvdesk.domain.search_records import SearchQuery
from dvdesk.domain.search_words import match_expression

if TYPE_CHECKING:
    from dvdesk.domain.search import Searcher


def count(
    searcher: Searcher,
    query: SearchQuery,
    at_most: int | None = None,
    need_keys: Sequence[str] | None = None,
    table: str = FTS_TABLE,
) -> int:
    """Services matching (text, municipality, kinds, and any of ``need_keys``: ``query.need_key``
    when None); counting stops at ``at_most``. Raises KeyError for an unknown need."""
    needs = [query.need_key] if need_keys is None and query.need_key else list(need_keys or ())
    need_ids = [searcher.need_id(k) for k in needs]  # KeyError for an unknown need
    kinds = sorted(query.kinds, key=KIND_ORDER.__getitem__)
    if not kinds:
        return 0
    text_expr = match_expression(query.text, searcher.synonyms)
    if not text_expr and table == FTS_TABLE and len(needs) <= 1:  # no words: the list table counts
        tags = searcher.list_tags(SearchQuery("", query.municipality_code, needs[0] if needs else None))
        params = {f"t{i}": t for i, t in enumerate(tags)}
        sql = search_sql.list_count_sql(len(tags))
        return sum(int(searcher.sql.rows(sql, {**params, "kind": KIND_ORDER[k]})[0][0]) for k in kinds)
    parts = [f"({text_expr})"] if text_expr else []
    if query.municipality_code:
        parts.append(f"({municipality_tag(query.municipality_code)} OR {NATIONAL_TAG})")
    if need_ids:
        parts.append("(" + " OR ".join(need_tag(n) for n in need_ids) + ")")
    parts.append("(" + " OR ".join(kind_tag(k) for k in kinds) + ")")
    full = " AND ".join(parts)
    server = searcher.server
    if server:
        return int(server.count(searcher.session, table, full, at_most))
    if at_most is not None:
        return int(searcher.sql.rows(search_sql.count_at_most_sql(table), {"match": full, "cap": at_most})[0][0])
    return int(searcher.sql.rows(search_sql.count_sql(table), {"match": full})[0][0])
