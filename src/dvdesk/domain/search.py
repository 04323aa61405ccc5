"""Japanese search over the directory.

The query a counselor types is normalized like the indexed text, each word becomes a bigram
phrase (or a one-character prefix), counselor vocabulary is widened through the synonym list,
and municipality, need and kind filters become tag tokens in the same full-text query so that
an index lookup answers everything. Ranking: where the words were found first (name, provider,
elsewhere), then services a client can use before prevention and internal measures, then the
shorter name: an item whose name is what she typed comes before one that merely mentions it.
A synonym also applies inside a compound (障害者 finds 障がい者). Procedures (住民票 …) are
searched in their own index (``search_procedures``). The engine only ranks: a safety query's
order (lines reachable now first) is the desk's, applied over these pages (``app.safety_first``).

Why not bm25: its IDF statistics read the whole doclist of every phrase in the query, the
filter tags included, on every call, so one keystroke of a common word (相談) cost 30–360 ms in
a national-scale directory even with a municipality filter (docs/performance.md). These ranks
need no statistics.

Exact at any scale: the index's rowids are rank positions (length of the name, name, id; see
``dvdesk.storage.search_index``), so each lookup — one per place and kind, best first — reads its
matches best first and stops after ``limit`` rows; a later lookup skips what an earlier, better
one already placed. Every group before the last one read is read to its end, so the page is the
exact top of the ranking (``benchmarks/exact_ranking.py`` checks it against a brute-force ranking
of every match). Without words, ``search_list`` gives the first page of a need or municipality
by (kind, name, id) straight from its primary key.

This module is the ``Searcher`` (the lookups and the ranking); what the words mean is
``search_words``, the index's tags and rowids ``search_layout``, its SQL ``search_sql`` and the
records it returns ``search_records``. Every name callers used is still importable from here.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from dvdesk.domain import search_counts, search_items, search_names, search_sql
from dvdesk.domain.record_kinds import ServiceKind

# The search was one module: callers import every name from here still ("X as X": a re-export).
from dvdesk.domain.search_layout import (
    ALL_TAG,
    FTS_TABLE,
    KIND_ORDER,
    NAMES_TABLE,
    NATIONAL_TAG,
    ORGS_TABLE,
    PROCEDURES_TABLE,
    PROVIDERS_TABLE,
    id_of,
    kind_tag,
    list_tag,
    municipality_tag,
    need_tag,
)
from dvdesk.domain.search_layout import ID_BITS as ID_BITS
from dvdesk.domain.search_layout import KIND_RANK as KIND_RANK
from dvdesk.domain.search_layout import LIST_TABLE as LIST_TABLE
from dvdesk.domain.search_layout import rowid_of as rowid_of
from dvdesk.domain.search_places import (
    ELSEWHERE,
    NAME,
    NAME_SYNONYM,
    PROVIDER,
    by_name,
    rank_found,
)
from dvdesk.domain.search_records import (
    ORGANIZATION,
    PROCEDURE,
    SearchHit,
    SearchQuery,
    SearchResult,
    always_open,  # noqa: F401 (re-exported: callers import it from here)
    service_hit,
)
from dvdesk.domain.search_records import SERVICE as SERVICE
from dvdesk.domain.search_sql import id_list_sql as id_list_sql
from dvdesk.domain.search_words import MAX_SPELLINGS as MAX_SPELLINGS
from dvdesk.domain.search_words import (
    SynonymTable,
    match_expression,
    typed_words,
    words_expression,
)
from dvdesk.domain.search_words import found_in as found_in
from dvdesk.domain.sql_rows import SessionRows, SqlRows, rows_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


# Kept under the names benchmarks/exact_ranking.py imports (it also runs on a baseline checkout).
_KIND_RANK, _words = KIND_ORDER, typed_words
_KINDS = len(_KIND_RANK)
# Where the words were found, best first. The provider's name is looked up in the providers' own
# index (SQLite, ``Searcher._providers_table``), on a server in its services' table's provider column.
_NAME, _NAME_SYNONYM, _PROVIDER, _ELSEWHERE = NAME, NAME_SYNONYM, PROVIDER, ELSEWHERE
# Up to this many matches (a municipality chosen, most words) are all read and ranked at once.
FEW = 300


class Searcher:
    """Runs searches against one session. Keeps the synonym table and need ids in memory.

    Cheap to make (a window may make one per keystroke): three small column reads.
    """

    def __init__(self, source: Session | SqlRows):
        self.use(source)
        self.synonyms = SynonymTable.load(self.sql)
        # A retired need is unknown to the desk, like a key that never existed.
        self._need_ids: dict[str, int] = {key: need_id for key, need_id in self.sql.rows(search_sql.NEED_IDS_SQL)}
        self._item_indexes: bool | None = None
        # Within ``names_shared``: the names' index read once per (words, filters) for every kind.
        self._names_memo: dict[tuple[str, str], list[tuple[Any, ...]] | None] | None = None
        self._providers: bool | None = None
        # Shared mode: the same expressions, answered by the server's token tables (storage.pg_search).
        self._dialect = self.sql.dialect
        self._server = _server_search(self._dialect)

    def use(self, source: Session | SqlRows) -> None:
        """Read through ``source`` from now on (a window keeps its searcher across read sessions):
        a session, or a plain SQLite connection's ``domain.sql_rows.PlainRows`` (the quick start)."""
        self.sql: SqlRows = rows_of(source)

    @property
    def session(self) -> Session:
        """The session read through (shared mode's token tables are read with it)."""
        if not isinstance(self.sql, SessionRows):
            raise TypeError("this searcher reads a plain connection")
        return self.sql.session

    def knows_need(self, key: str) -> bool:
        """Whether ``key`` is a need the desk can filter by (a retired one is not)."""
        return key in self._need_ids

    def _filter_expression(self, query: SearchQuery) -> str:
        parts = []
        if query.municipality_code:
            parts.append(f"({municipality_tag(query.municipality_code)} OR {NATIONAL_TAG})")
        if query.need_key:
            parts.append(need_tag(self._need_ids[query.need_key]))
        return " AND ".join(parts)

    def match_for(self, query: SearchQuery) -> str | None:
        """The whole MATCH expression (text, municipality, need), or None to list without text."""
        if query.need_key is not None and query.need_key not in self._need_ids:
            raise KeyError(query.need_key)
        text_expr = match_expression(query.text, self.synonyms)
        filters = self._filter_expression(query)
        if text_expr and filters:
            return f"({text_expr}) AND {filters}"
        return text_expr or filters or None

    def search(self, query: SearchQuery, reach_only: bool = False) -> list[SearchHit]:
        """``reach_only``: name, kind, score, phone and hours only (what ranks and orders); see ``complete``."""
        return self.search_result(query, reach_only).hits

    def search_result(self, query: SearchQuery, reach_only: bool = False) -> SearchResult:
        """The exact top ``limit`` of the ranking.

        Rank: where the words were found (the service's name as typed, its name through a
        synonym, its provider's name, elsewhere), then kind (client first), then the shorter
        name (the more specific service), then name, then id. Without words: kind, name, id.
        """
        filters = self._filter_expression(query)  # KeyError for an unknown need
        words = typed_words(query.text, self.synonyms)
        kinds = sorted(query.kinds, key=_KIND_RANK.__getitem__)
        if words:
            ranked = self._ranked(words, filters, kinds, query.limit)
        else:
            ranked = self._listed(query, kinds, query.limit)
        return SearchResult(self._hits(ranked, bool(words), reach_only)[: query.limit], True)

    def search_named(self, query: SearchQuery, reach_only: bool = False, rank_only: bool = False) -> list[SearchHit]:
        """The exact top ``limit`` of the services whose name holds the words (as typed or through
        a synonym): the first two places of ``search``, read from the names' index only.
        ``rank_only``: name, provider, kind and score only, no phone (rows a safety order never
        lifts: the other kinds than those shown); see ``complete``."""
        filters = self._filter_expression(query)
        words = typed_words(query.text, self.synonyms)
        if not words:
            return []
        kinds = sorted(query.kinds, key=_KIND_RANK.__getitem__)
        if filters:  # a need or a municipality: the names are often few (see ``_names_if_few``)
            rows = self._names_if_few(words, filters, kinds)
            few = None if rows is None else rank_found(rows, words)
        else:
            few, _ = self._all_if_few(words, filters, kinds, NAMES_TABLE, query.limit)
        if few is None:
            few = self._ranked(words, filters, kinds, query.limit, _NAME_SYNONYM, names_at_once=False)
        return self._hits(few[: query.limit], True, reach_only, rank_only)[: query.limit]

    @contextlib.contextmanager
    def names_shared(self) -> Iterator[None]:
        """Within this block the names' index is read once per words and filters, for every kind
        (the desk's list asks it for the services shown, then again for the other kinds named):
        that answer is kept until the block ends, so it never outlives one read."""
        self._names_memo = {}
        try:
            yield
        finally:
            self._names_memo = None

    def _names_if_few(
        self, words: list[list[list[str]]], filters: str, kinds: list[ServiceKind]
    ) -> list[tuple[Any, ...]] | None:
        """The name matches of ``kinds`` from one lookup when few (``search_names.names_if_few``)."""
        return search_names.names_if_few(self, words, filters, kinds)

    def lookups(self, words: list[list[list[str]]]) -> list[tuple[str, str, int]]:
        """(MATCH expression, FTS table, place) for each place, best first."""
        text_expr = words_expression(words)
        as_typed = words_expression([options[:1] for options in words])  # without synonyms
        assert text_expr is not None and as_typed is not None
        found = []
        if as_typed != text_expr:
            found.append((as_typed, NAMES_TABLE, _NAME))
        found.append((text_expr, NAMES_TABLE, _NAME if as_typed == text_expr else _NAME_SYNONYM))
        found.append((f"{{org}} : ({text_expr})", self._providers_table(), _PROVIDER))
        found.append((text_expr, FTS_TABLE, _ELSEWHERE))
        return found

    def _ranked(
        self,
        words: list[list[list[str]]],
        filters: str,
        kinds: list[ServiceKind],
        limit: int,
        last: int = _ELSEWHERE,
        names_at_once: bool = True,
    ) -> list[tuple[int, int]]:
        """(service id, group) of the exact top ``limit`` of the places up to ``last``: each group
        read best first; a row an earlier group placed is skipped (at most ``limit`` of them), so
        reading ``limit`` rows of a group always fills the page or exhausts the group.
        ``names_at_once``: with a need or municipality, the two name places of every kind from one
        lookup when the names are few (``_names_if_few``); False: a lookup per place and kind."""
        # Names only (``last``): the names' lookups below are few and short; reading every match first is not.
        few, first = self._all_if_few(words, filters, kinds) if last == _ELSEWHERE else (None, [])
        if few is not None:
            return few[:limit]
        # One kind asked: the "elsewhere" group of that kind is every match in rank order, whose
        # first rows the lookup above has just read; they are not read a second time.
        elsewhere = first[:limit] if len(kinds) == 1 and limit <= len(first) else None
        placed: dict[int, int] = {}
        lookups = self.lookups(words)
        names = self._names_if_few(words, filters, kinds) if names_at_once and filters else None
        if names is not None:  # the name places as their lookups would read them, from one lookup
            for sid, group in by_name(names, words):
                placed.setdefault(sid, group)
                if len(placed) >= limit:
                    return list(placed.items())
            lookups = [lookup for lookup in lookups if lookup[2] > _NAME_SYNONYM]
        for expr, table, place in lookups:
            if place > last:
                break
            for kind in kinds:
                match = _group_expression(expr, filters, kind)
                read = elsewhere if place == _ELSEWHERE and elsewhere is not None else self._lookup(table, match, limit)
                for rowid in read:
                    placed.setdefault(id_of(rowid), place * _KINDS + _KIND_RANK[kind])
                    if len(placed) >= limit:
                        return list(placed.items())
        return list(placed.items())

    def _all_if_few(
        self,
        words: list[list[list[str]]],
        filters: str,
        kinds: list[ServiceKind],
        table: str = FTS_TABLE,
        few: int = FEW,
    ) -> tuple[list[tuple[int, int]] | None, list[int]]:
        """Every match ranked in Python, when there are at most ``few`` (a municipality chosen; the
        names of the other kinds, ``table`` the names' index): one lookup and one read instead of one
        lookup per place and kind, each costing as much even when it finds nothing. None if there
        are more, with the first ``few + 1`` matches (of the kinds asked) in rank order."""
        expr = words_expression(words)
        match = " AND ".join(
            p for p in (f"({expr})", filters, "(" + " OR ".join(kind_tag(k) for k in kinds) + ")") if p
        )
        rowids = self._lookup(table, match, few + 1)
        if len(rowids) > few:
            return None, rowids
        ids = json.dumps([id_of(r) for r in rowids])
        return rank_found(self._rows(search_sql.RANK_ROWS_SQL, {"ids": ids}), words), rowids

    def list_tags(self, query: SearchQuery) -> list[str]:
        """The ``search_list`` tags a search without words reads (their union)."""
        need = need_tag(self._need_ids[query.need_key]) if query.need_key else None
        if query.municipality_code:
            munis = [municipality_tag(query.municipality_code), NATIONAL_TAG]
            return [list_tag(need, m) for m in munis] if need else munis
        return [need] if need else [ALL_TAG]

    def _listed(self, query: SearchQuery, kinds: list[ServiceKind], limit: int) -> list[tuple[int, int]]:
        tags = self.list_tags(query)
        placed: list[tuple[int, int]] = []
        for kind in kinds:
            if len(placed) >= limit:
                break
            rows = self.sql.rows(
                search_sql.list_sql(len(tags)),
                {**{f"t{i}": t for i, t in enumerate(tags)}, "kind": _KIND_RANK[kind], "cap": limit - len(placed)},
            )
            placed += [(sid, _NAME * _KINDS + _KIND_RANK[kind]) for (sid,) in rows]
        return placed

    def search_procedures(self, query: SearchQuery, limit: int = 20) -> list[SearchHit]:
        """Procedures (住民票の交付制限, 離婚届の不受理申出 …) matching the typed words, in the
        municipality (and nationwide ones), ranked like services: name, department, elsewhere.
        Nothing without typed words: the need tree browses services."""
        return self._other_items(query, limit, PROCEDURE, PROCEDURES_TABLE, search_sql.PROCEDURE_HITS_SQL)

    def search_organizations(self, query: SearchQuery, limit: int = 10) -> list[SearchHit]:
        """Departments and agencies whose name holds the typed words (しょうがいしゃ支援課 for 障害)."""
        return self._other_items(query, limit, ORGANIZATION, ORGS_TABLE, search_sql.ORG_HITS_SQL)

    def _other_items(
        self, query: SearchQuery, limit: int, item: str, table: str, rows_sql: str, few_first: bool | None = None
    ) -> list[SearchHit]:
        """Procedures or departments, exact top ``limit`` (``search_items.other_items``)."""
        if not self._has_item_indexes():
            return []
        return search_items.other_items(self, query, limit, item, table, rows_sql, few_first)

    def _providers_table(self) -> str:
        """Where providers are looked up: their own index (SQLite, index version 5), else the
        services' index (a server's, or an older file's), through its provider column."""
        if self._providers is None:
            self._providers = not self._server and bool(self.sql.rows(search_sql.HAS_TABLE_SQL, {"t": PROVIDERS_TABLE}))
        return PROVIDERS_TABLE if self._providers else FTS_TABLE

    def _has_item_indexes(self) -> bool:
        if self._item_indexes is None and self._server:
            self._item_indexes = self._server.has_table(self.session, ORGS_TABLE)
        if self._item_indexes is None:
            self._item_indexes = bool(self.sql.rows(search_sql.HAS_TABLE_SQL, {"t": ORGS_TABLE}))
        return self._item_indexes

    def count(self, query: SearchQuery, at_most: int | None = None, need_keys: Sequence[str] | None = None) -> int:
        """How many services match (text, municipality, need, kinds), without ranking them;
        counting stops at ``at_most`` (a common word matches 100,000 services nationally).
        ``need_keys``: any of these needs instead of ``query.need_key`` (see ``search_counts``)."""
        return search_counts.count(self, query, at_most, need_keys)

    def count_named(self, query: SearchQuery, need_keys: Sequence[str] | None = None) -> int:
        """How many services ``search_named`` finds in all."""
        return search_counts.count(self, query, None, need_keys, NAMES_TABLE)

    def need_id(self, key: str) -> int:
        return self._need_ids[key]  # KeyError for an unknown (or retired) need

    @property
    def server(self) -> ModuleType | None:
        """``storage.pg_search`` on a PostgreSQL server, None on SQLite."""
        return self._server

    def on_needs(self, service_ids: Sequence[int], need_keys: Sequence[str]) -> dict[str, set[int]]:
        """Which of ``service_ids`` are on each need (or one of its sub-needs); at most three needs,
        read in one statement."""
        found: dict[str, set[int]] = {key: set() for key in need_keys}
        if not service_ids:
            return found
        tags = {need_tag(self._need_ids[key]): key for key in need_keys}  # KeyError for an unknown need
        if len(tags) > 3:
            raise ValueError("on_needs reads at most three needs at once")
        first, *others = tags
        params = {"ids": json.dumps(list(service_ids)), "tag": first}
        params |= {f"tag{i}": others[i - 2] if len(others) > i - 2 else first for i in (2, 3)}
        for sid, tag in self._rows(search_sql.ON_NEEDS_SQL, params):
            found[tags[tag]].add(sid)
        return found

    def _lookup(self, table: str, match: str, cap: int) -> list[int]:
        """Rowids (rank positions) of the FTS index ``table`` matching ``match``, best first, at
        most ``cap``: FTS5 here, the same rows as tokens on a server (``storage.pg_search``)."""
        if self._server:
            return self._server.lookup(self.session, table, match, cap)
        return [rowid for (rowid,) in self.sql.rows(search_sql.lookup_sql(table), {"match": match, "cap": cap})]

    def _rows(self, template: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """A row read written for both engines (``{ids}``, see ``_ID_LISTS``)."""
        return self.sql.rows(search_sql.dialect_sql(template, self._dialect), params)

    def _hits(
        self, ranked: list[tuple[int, int]], with_words: bool, reach_only: bool = False, rank_only: bool = False
    ) -> list[SearchHit]:
        """The rows shown, in order: phone looked up for them only; ``reach_only``: see ``search``,
        ``rank_only``: see ``search_named``."""
        if not ranked:
            return []
        ids = json.dumps([i for i, _ in ranked])
        if rank_only:
            rank = self._rows(search_sql.RANK_ROWS_SQL, {"ids": ids})
            rows = {sid: (sid, name, provider, "", kind, False, "", "") for sid, name, kind, provider in rank}
        elif reach_only:
            reach = {r[0]: r for r in self._rows(search_sql.REACH_SQL, {"ids": ids})}
            rows = {sid: (sid, r[1], "", "", r[2], False, r[3], r[4]) for sid, r in reach.items()}
        else:
            rows = {r[0]: r for r in self._rows(search_sql.HITS_SQL, {"ids": ids})}
        hits = []
        for sid, group in ranked:
            r = rows.get(sid)
            if r is None:  # retired since the index was written
                continue
            length = len(r[1]) if with_words else 0
            hits.append(service_hit(r, group // _KINDS + length / 1000))
        return hits

    def complete(self, hits: list[SearchHit]) -> list[SearchHit]:
        """``hits`` (same order and scores) with each service read whole: what ``reach_only`` left out."""
        ids = [h.service_id for h in hits if h.is_service]
        if not ids:
            return hits
        rows = {r[0]: r for r in self._rows(search_sql.HITS_SQL, {"ids": json.dumps(ids)})}
        return [service_hit(rows[h.service_id], h.score) if h.is_service else h for h in hits]


def _group_expression(text_expr: str | None, filters: str, kind: ServiceKind) -> str:
    parts = []
    if text_expr:
        parts.append(f"({text_expr})")
    if filters:
        parts.append(filters)
    parts.append(kind_tag(kind))
    return " AND ".join(parts)


def _server_search(dialect: str) -> ModuleType | None:
    """``storage.pg_search`` when the session reads a PostgreSQL server, else None (SQLite)."""
    if dialect != "postgresql":
        return None
    from dvdesk.storage import pg_search  # shared mode only

    return pg_search
