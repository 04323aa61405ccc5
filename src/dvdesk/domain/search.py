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
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from dvdesk.domain import japanese
from dvdesk.domain.record_kinds import ServiceKind
from dvdesk.domain.sql_rows import SessionRows, SqlRows

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NATIONAL_TAG = "muninational"
SERVICE, PROCEDURE, ORGANIZATION = "service", "procedure", "organization"  # SearchHit.item
_KIND_RANK = {ServiceKind.CLIENT: 0, ServiceKind.PREVENTION: 1, ServiceKind.INTERNAL: 2}
_KINDS = len(_KIND_RANK)
# Where the words were found, best first. The provider's name is looked up in the providers' own
# index (SQLite, ``Searcher._providers_table``), on a server in its services' table's provider column.
_PLACES = ("name", "name through a synonym", "provider", "elsewhere")
_NAME, _NAME_SYNONYM, _PROVIDER, _ELSEWHERE = range(len(_PLACES))  # _PROVIDER = _ELSEWHERE - 1
# Up to this many matches (a municipality chosen, most words) are all read and ranked at once.
FEW = 300
# Index rowids: a rank slot above the record's id (``rowid_of``); ids stay below 2**ID_BITS.
ID_BITS = 24
_ID_MASK = (1 << ID_BITS) - 1
KIND_RANK: dict[str, int] = {str(k): v for k, v in _KIND_RANK.items()}
LIST_TABLE = "search_list"
ALL_TAG = "all"


def rowid_of(slot: int, record_id: int) -> int:
    return slot << ID_BITS | record_id


def id_of(rowid: int) -> int:
    return rowid & _ID_MASK


def list_tag(*tags: str) -> str:
    """A tag of ``search_list`` for several filters at once (a need within a municipality)."""
    return "/".join(tags)


def municipality_tag(code: str | None) -> str:
    return f"muni{code}" if code else NATIONAL_TAG


def need_tag(need_id: int) -> str:
    return f"need{need_id}"


def kind_tag(kind: str) -> str:
    return f"kind{ServiceKind.of(kind).value}"


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    municipality_code: str | None = None  # None: every municipality; national lines always included
    need_key: str | None = None  # includes the need's sub-categories
    kinds: frozenset[ServiceKind] = frozenset(ServiceKind)
    limit: int = 200


@dataclass(frozen=True)
class SearchHit:
    service_id: int
    name: str
    provider: str
    municipality: str  # "" for a national line
    kind: ServiceKind
    has_phone: bool
    # Lower is better: 0 name, 1 name through a synonym, 2 provider, 3 elsewhere; + name length / 1000
    score: float = 0.0
    phone: str = ""  # a number a client may be given (the service's own, or its provider's public line)
    hours: str = ""  # when that line answers, as recorded ("" if unknown)
    always_open: bool = False  # 24 hours, as recorded
    # What the row is: a service, a procedure (手続き) or a department/agency (部署・機関);
    # ``service_id`` is then that record's id and ``key`` its key.
    item: str = "service"
    key: str = ""

    @property
    def place(self) -> int:
        """Where the words were found: 0 name … 3 elsewhere (see ``_PLACES``)."""
        return int(self.score)

    @property
    def is_service(self) -> bool:
        return self.item == SERVICE


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    # Always True since index version 4 (every page is the exact top of the ranking); kept for
    # callers that asked.
    complete: bool = True


# A compound can hold several synonym terms; its spellings are capped so one word stays one
# small FTS expression.
MAX_SPELLINGS = 16


@dataclass
class SynonymTable:
    """Normalized term -> the normalized terms it also finds."""

    expansions: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]]) -> SynonymTable:
        table = cls()
        for group in groups:
            terms = {japanese.normalize(t).strip() for t in group if t.strip()}
            for term in terms:
                table.expansions.setdefault(term, set()).update(terms - {term})
        return table

    def spellings(self, word: str) -> list[str]:
        """Other spellings of ``word``: its synonyms, and the word with a synonym term inside it
        replaced by the term's synonyms (障害者 → 障がい者, しょうがい者 …)."""
        found = dict.fromkeys(sorted(self.alternatives(word)))
        for term in sorted(self.expansions, key=len, reverse=True):  # longest terms first
            if len(term) < 2 or term == word or term not in word:
                continue
            for alt in sorted(self.expansions[term]):
                found.setdefault(word.replace(term, alt))
        for spelling in list(found):  # 障害者 → 障がい者, itself a term: also しょうがいしゃ
            for alt in sorted(self.alternatives(spelling)):
                found.setdefault(alt)
        found.pop(word, None)
        return list(found)[:MAX_SPELLINGS]

    @classmethod
    def load(cls, source: Session | SqlRows) -> SynonymTable:
        # Plain column reads (no ORM objects: less garbage per keystroke), and the table is
        # built once per distinct synonym list, since a window may load it on every keystroke.
        rows = tuple((group, term) for group, term in _rows_of(source).rows(_SYNONYMS_SQL))
        return _synonym_table(rows)

    def alternatives(self, term: str) -> set[str]:
        return self.expansions.get(term, set())


@functools.lru_cache(maxsize=4)
def _synonym_table(rows: tuple[tuple[str, str], ...]) -> SynonymTable:
    groups: dict[str, list[str]] = {}
    for group, term in rows:
        groups.setdefault(group, []).append(term)
    return SynonymTable.from_groups(groups.values())


def _words(text_query: str, synonyms: SynonymTable) -> list[list[list[str]]]:
    """For each typed word, its options (itself, then its synonyms), each as its word runs."""
    words = []
    for word in japanese.normalize(text_query).split():
        own = japanese.word_runs(word)
        if own:
            alternatives = (japanese.word_runs(alt) for alt in synonyms.spellings(word))
            words.append([own, *(runs for runs in alternatives if runs)])
    return words


def _expression(words: list[list[list[str]]]) -> str | None:
    """Every word must match, through any of its options; an option matches when all its runs do."""
    clauses = []
    for options in words:
        exprs = []
        for runs in options:
            parts = [japanese.phrase_for(run) for run in runs]
            exprs.append(parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")")
        clauses.append(exprs[0] if len(exprs) == 1 else "(" + " OR ".join(exprs) + ")")
    return " AND ".join(clauses) if clauses else None


def match_expression(text_query: str, synonyms: SynonymTable) -> str | None:
    """The FTS5 MATCH expression for what was typed, or None if nothing searchable was typed."""
    return _expression(_words(text_query, synonyms))


def found_in(field: str, words: list[list[list[str]]]) -> bool:
    """What the index's phrase match means, checked on one field's text: every word has an
    option whose runs all lie inside the field's word runs."""
    field_runs = japanese.word_runs(field)
    return all(any(all(any(run in f for f in field_runs) for run in option) for option in options) for options in words)


class Searcher:
    """Runs searches against one session. Keeps the synonym table and need ids in memory.

    Cheap to make (a window may make one per keystroke): three small column reads.
    """

    def __init__(self, source: Session | SqlRows):
        self.use(source)
        self.synonyms = SynonymTable.load(self.sql)
        # A retired need is unknown to the desk, like a key that never existed.
        self._need_ids: dict[str, int] = {key: need_id for key, need_id in self.sql.rows(_NEED_IDS_SQL)}
        self._item_indexes: bool | None = None
        self._providers: bool | None = None
        # Shared mode: the same expressions, answered by the server's token tables (storage.pg_search).
        self._dialect = self.sql.dialect
        self._server = _server_search(self._dialect)

    def use(self, source: Session | SqlRows) -> None:
        """Read through ``source`` from now on (a window keeps its searcher across read sessions):
        a session, or a plain SQLite connection's ``domain.sql_rows.PlainRows`` (the quick start)."""
        self.sql: SqlRows = _rows_of(source)

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

    def search(self, query: SearchQuery) -> list[SearchHit]:
        return self.search_result(query).hits

    def search_result(self, query: SearchQuery) -> SearchResult:
        """The exact top ``limit`` of the ranking.

        Rank: where the words were found (the service's name as typed, its name through a
        synonym, its provider's name, elsewhere), then kind (client first), then the shorter
        name (the more specific service), then name, then id. Without words: kind, name, id.
        """
        filters = self._filter_expression(query)  # KeyError for an unknown need
        words = _words(query.text, self.synonyms)
        kinds = sorted(query.kinds, key=_KIND_RANK.__getitem__)
        if words:
            ranked = self._ranked(words, filters, kinds, query.limit)
        else:
            ranked = self._listed(query, kinds, query.limit)
        return SearchResult(self._hits(ranked, bool(words))[: query.limit], True)

    def lookups(self, words: list[list[list[str]]]) -> list[tuple[str, str, int]]:
        """(MATCH expression, FTS table, place) for each place, best first."""
        text_expr = _expression(words)
        as_typed = _expression([options[:1] for options in words])  # without synonyms
        assert text_expr is not None and as_typed is not None
        found = []
        if as_typed != text_expr:
            found.append((as_typed, _NAMES_TABLE, _NAME))
        found.append((text_expr, _NAMES_TABLE, _NAME if as_typed == text_expr else _NAME_SYNONYM))
        found.append((f"{{org}} : ({text_expr})", self._providers_table(), _PROVIDER))
        found.append((text_expr, _FTS_TABLE, _ELSEWHERE))
        return found

    def _ranked(
        self, words: list[list[list[str]]], filters: str, kinds: list[ServiceKind], limit: int
    ) -> list[tuple[int, int]]:
        """(service id, group) of the exact top ``limit``: each group read best first; a row an
        earlier group placed is skipped (at most ``limit`` of them), so reading ``limit`` rows of
        a group always fills the page or exhausts the group."""
        few, first = self._all_if_few(words, filters, kinds)
        if few is not None:
            return few[:limit]
        # One kind asked: the "elsewhere" group of that kind is every match in rank order, whose
        # first rows the lookup above has just read; they are not read a second time.
        elsewhere = first[:limit] if len(kinds) == 1 and limit <= len(first) else None
        placed: dict[int, int] = {}
        for expr, table, place in self.lookups(words):
            for kind in kinds:
                match = _group_expression(expr, filters, kind)
                read = elsewhere if place == _ELSEWHERE and elsewhere is not None else self._lookup(table, match, limit)
                for rowid in read:
                    placed.setdefault(id_of(rowid), place * _KINDS + _KIND_RANK[kind])
                    if len(placed) >= limit:
                        return list(placed.items())
        return list(placed.items())

    def _all_if_few(
        self, words: list[list[list[str]]], filters: str, kinds: list[ServiceKind]
    ) -> tuple[list[tuple[int, int]] | None, list[int]]:
        """Every match ranked in Python, when there are at most ``FEW`` (a municipality chosen):
        one lookup and one read instead of one lookup per place and kind. None if there are more,
        with the first ``FEW + 1`` matches (of the kinds asked) in rank order."""
        expr = _expression(words)
        match = " AND ".join(
            p for p in (f"({expr})", filters, "(" + " OR ".join(kind_tag(k) for k in kinds) + ")") if p
        )
        rowids = self._lookup(_FTS_TABLE, match, FEW + 1)
        if len(rowids) > FEW:
            return None, rowids
        typed = [options[:1] for options in words]
        ranked = []
        for sid, name, kind, provider in self._rows(_RANK_ROWS_SQL, {"ids": json.dumps([id_of(r) for r in rowids])}):
            place = (
                _NAME
                if found_in(name, typed)
                else _NAME_SYNONYM
                if found_in(name, words)
                else _PROVIDER
                if found_in(provider, words)
                else _ELSEWHERE
            )
            kind_rank = _KIND_RANK[ServiceKind.of(kind)]
            ranked.append(((place, kind_rank, len(name), name, sid), place * _KINDS + kind_rank))
        ranked.sort()
        return [(key[-1], group) for key, group in ranked], rowids

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
                _list_sql(len(tags)),
                {**{f"t{i}": t for i, t in enumerate(tags)}, "kind": _KIND_RANK[kind], "cap": limit - len(placed)},
            )
            placed += [(sid, _NAME * _KINDS + _KIND_RANK[kind]) for (sid,) in rows]
        return placed

    def search_procedures(self, query: SearchQuery, limit: int = 20) -> list[SearchHit]:
        """Procedures (住民票の交付制限, 離婚届の不受理申出 …) matching the typed words, in the
        municipality (and nationwide ones), ranked like services: name, department, elsewhere.
        Nothing without typed words: the need tree browses services."""
        return self._other_items(query, limit, PROCEDURE, _PROCEDURES_TABLE, _PROCEDURE_HITS_SQL)

    def search_organizations(self, query: SearchQuery, limit: int = 10) -> list[SearchHit]:
        """Departments and agencies whose name holds the typed words (しょうがいしゃ支援課 for 障害)."""
        return self._other_items(query, limit, ORGANIZATION, _ORGS_TABLE, _ORG_HITS_SQL)

    def _other_items(self, query: SearchQuery, limit: int, item: str, table: str, rows_sql: str) -> list[SearchHit]:
        """Procedures or departments, exact top ``limit`` by (place, length of the name, name, id),
        read best first like services (their rowids are rank positions too)."""
        words = _words(query.text, self.synonyms)
        text_expr = _expression(words)
        if not text_expr or not self._has_item_indexes():
            return []
        filters = []
        if query.municipality_code:
            filters.append(f"({municipality_tag(query.municipality_code)} OR {NATIONAL_TAG})")
        if query.need_key and item == PROCEDURE:
            filters.append(need_tag(self._need_ids[query.need_key]))
        elif query.need_key:
            return []  # a department has no need of its own
        typed = [options[:1] for options in words]
        last = _NAME_SYNONYM if item == ORGANIZATION else _ELSEWHERE  # a department: named by its name
        everything = self._lookup(table, " AND ".join([f"({text_expr})", *filters]), FEW + 1)
        if len(everything) <= FEW:  # few matches (a municipality chosen): all ranked here, exactly
            rows = self._rows(rows_sql, {"ids": json.dumps([id_of(r) for r in everything])})
            placed_rows = []
            for row in rows:
                place = (
                    _NAME
                    if found_in(row[2], typed)
                    else _NAME_SYNONYM
                    if found_in(row[2], words)
                    else _PROVIDER
                    if found_in(row[3], words)
                    else _ELSEWHERE
                )
                if place <= last:
                    placed_rows.append(((place, len(row[2]), row[2], row[0]), row))
            placed_rows.sort(key=lambda pr: pr[0])
            return [self._item_hit(row, key[0], item) for key, row in placed_rows[:limit]]
        as_typed = _expression(typed)
        places = [(f"{{name}} : ({as_typed})", _NAME), (f"{{name}} : ({text_expr})", _NAME_SYNONYM)]
        if item == PROCEDURE:
            places += [(f"{{org}} : ({text_expr})", _PROVIDER), (text_expr, _ELSEWHERE)]
        placed: dict[int, int] = {}
        for expr, place in places:
            match = " AND ".join([f"({expr})", *filters])
            for rowid in self._lookup(table, match, limit):
                placed.setdefault(id_of(rowid), place)
            if len(placed) >= limit:
                break
        ids = list(placed)[:limit]
        by_id = {r[0]: r for r in self._rows(rows_sql, {"ids": json.dumps(ids)})}
        return [self._item_hit(by_id[rid], placed[rid], item) for rid in ids if rid in by_id]

    @staticmethod
    def _item_hit(row: Sequence[Any], place: int, item: str) -> SearchHit:
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

    def _providers_table(self) -> str:
        """Where providers are looked up: their own index (SQLite, index version 5), else the
        services' index (a server's, or an older file's), through its provider column."""
        if self._providers is None:
            self._providers = not self._server and bool(self.sql.rows(_HAS_TABLE_SQL, {"t": _PROVIDERS_TABLE}))
        return _PROVIDERS_TABLE if self._providers else _FTS_TABLE

    def _has_item_indexes(self) -> bool:
        if self._item_indexes is None and self._server:
            self._item_indexes = self._server.has_table(self.session, _ORGS_TABLE)
        if self._item_indexes is None:
            self._item_indexes = bool(self.sql.rows(_HAS_TABLE_SQL, {"t": _ORGS_TABLE}))
        return self._item_indexes

    def count(self, query: SearchQuery, at_most: int | None = None) -> int:
        """How many services match (text, municipality, need, kinds), without ranking them;
        counting stops at ``at_most`` (a common word matches 100,000 services nationally)."""
        expr = self.match_for(query)
        kinds = " OR ".join(kind_tag(k) for k in sorted(query.kinds))
        if not kinds:
            return 0
        if not match_expression(query.text, self.synonyms):  # no words: the list table counts
            tags = self.list_tags(query)
            return sum(
                int(
                    self.sql.rows(
                        _list_count_sql(len(tags)), {**{f"t{i}": t for i, t in enumerate(tags)}, "kind": _KIND_RANK[k]}
                    )[0][0]
                )
                for k in query.kinds
            )
        full = f"({expr}) AND ({kinds})" if expr else f"({kinds})"
        if self._server:
            return self._server.count(self.session, _FTS_TABLE, full, at_most)
        if at_most is not None:
            return int(self.sql.rows(_COUNT_AT_MOST_SQL, {"match": full, "cap": at_most})[0][0])
        return int(self.sql.rows(_COUNT_SQL, {"match": full})[0][0])

    def _lookup(self, table: str, match: str, cap: int) -> list[int]:
        """Rowids (rank positions) of the FTS index ``table`` matching ``match``, best first, at
        most ``cap``: FTS5 here, the same rows as tokens on a server (``storage.pg_search``)."""
        if self._server:
            return self._server.lookup(self.session, table, match, cap)
        return [rowid for (rowid,) in self.sql.rows(_lookup_sql(table), {"match": match, "cap": cap})]

    def _rows(self, template: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """A row read written for both engines (``{ids}``, see ``_ID_LISTS``)."""
        return self.sql.rows(_dialect_sql(template, self._dialect), params)

    def _hits(self, ranked: list[tuple[int, int]], with_words: bool) -> list[SearchHit]:
        """The rows shown, in the order given: municipality and phone looked up for them only."""
        if not ranked:
            return []
        ids = json.dumps([i for i, _ in ranked])
        rows = {r[0]: r for r in self._rows(_HITS_SQL, {"ids": ids})}
        hits = []
        for sid, group in ranked:
            r = rows.get(sid)
            if r is None:  # retired since the index was written
                continue
            length = len(r[1]) if with_words else 0
            hits.append(
                SearchHit(
                    service_id=sid,
                    name=r[1],
                    provider=r[2],
                    municipality=r[3],
                    kind=ServiceKind.of(r[4]),
                    has_phone=bool(r[5]),
                    score=group // _KINDS + length / 1000,
                    phone=r[6] or "",
                    hours=r[7] or "",
                    always_open=always_open(r[7] or ""),
                )
            )
        return hits


def _group_expression(text_expr: str | None, filters: str, kind: ServiceKind) -> str:
    parts = []
    if text_expr:
        parts.append(f"({text_expr})")
    if filters:
        parts.append(filters)
    parts.append(kind_tag(kind))
    return " AND ".join(parts)


_FTS_TABLE, _NAMES_TABLE = "search_fts", "search_fts_names"  # names only: see dvdesk.storage.search_index
_PROCEDURES_TABLE, _ORGS_TABLE = "search_fts_procedures", "search_fts_orgs"
_PROVIDERS_TABLE = "search_fts_providers"  # SQLite only: see dvdesk.storage.search_index


# The SQL is plain text with :name parameters, run by a session or a plain connection (domain.sql_rows).
_SYNONYMS_SQL = "SELECT group_key, term FROM synonyms"
_NEED_IDS_SQL = "SELECT key, id FROM needs WHERE NOT retired"  # a retired need is unknown to the desk


@functools.cache
def _lookup_sql(table: str) -> str:
    # Rowids are rank positions: the first rows in rowid order are the best of the lookup.
    return f"SELECT rowid FROM {table} WHERE {table} MATCH :match ORDER BY rowid LIMIT :cap"


@functools.cache
def _list_sql(tags: int) -> str:
    where = " OR ".join(f"tag = :t{i}" for i in range(tags))
    return f"SELECT service_id FROM {LIST_TABLE} WHERE ({where}) AND kind = :kind ORDER BY name, service_id LIMIT :cap"


@functools.cache
def _list_count_sql(tags: int) -> str:
    where = " OR ".join(f"tag = :t{i}" for i in range(tags))
    return f"SELECT count(*) FROM {LIST_TABLE} WHERE ({where}) AND kind = :kind"


_COUNT_SQL = "SELECT count(*) FROM search_fts WHERE search_fts MATCH :match"
_COUNT_AT_MOST_SQL = "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH :match LIMIT :cap)"
# The row reads below are written once for both engines; ``{ids}`` is the one thing they say
# differently: a JSON list of ids as a one-column table ``value`` (``_ID_LISTS``).
_ID_LISTS = {
    "sqlite": "(SELECT value FROM json_each(:ids))",
    "postgresql": "(SELECT CAST(value AS integer) AS value FROM jsonb_array_elements_text(CAST(:ids AS jsonb)))",
}
_RANK_ROWS_SQL = """
    SELECT s.id, s.name, s.kind, COALESCE(o.name, '') FROM {ids} j
    JOIN services s ON s.id = j.value LEFT JOIN organizations o ON o.id = s.organization_id
    WHERE NOT s.retired
"""
# Municipality and phone for the rows shown only. The phone shown is one a client may be given:
# the service's own line (if the service is public), else its provider's first public contact
# with a number; never an internal (staff or secret) line.
_HITS_SQL = """
    WITH top AS (
        SELECT s.id, s.name, COALESCE(o.name, '') AS provider, s.kind, s.municipality_id,
               s.organization_id, s.phone, s.confidentiality, s.schedule
        FROM {ids} j JOIN services s ON s.id = j.value
        LEFT JOIN organizations o ON o.id = s.organization_id
        WHERE NOT s.retired
    ), shown AS (
        SELECT t.*, (SELECT c.id FROM contact_points c
                     WHERE c.organization_id = t.organization_id AND c.phone != ''
                       AND c.confidentiality = 'public' ORDER BY c.id LIMIT 1) AS contact_id
        FROM top t
    )
    SELECT t.id, t.name, t.provider, COALESCE(m.name, ''), t.kind,
           t.phone != '' OR EXISTS (SELECT 1 FROM contact_points c
                                    WHERE c.organization_id = t.organization_id AND c.phone != ''),
           CASE WHEN t.phone != '' AND t.confidentiality = 'public' THEN t.phone ELSE COALESCE(cp.phone, '') END,
           CASE WHEN t.phone != '' AND t.confidentiality = 'public' OR t.schedule != '' THEN t.schedule
                ELSE COALESCE(cp.hours, '') END
    FROM shown t LEFT JOIN municipalities m ON m.id = t.municipality_id
    LEFT JOIN contact_points cp ON cp.id = t.contact_id
"""
_PROCEDURE_HITS_SQL = """
    SELECT p.id, p.key, p.name, COALESCE(o.name, p.department_hint, ''), COALESCE(m.name, '')
    FROM {ids} j JOIN procedures p ON p.id = j.value
    LEFT JOIN organizations o ON o.id = p.organization_id
    LEFT JOIN municipalities m ON m.id = p.municipality_id
    WHERE NOT p.retired
"""
_ORG_HITS_SQL = """
    SELECT o.id, o.key, o.name, COALESCE(parent.name, ''), COALESCE(m.name, '')
    FROM {ids} j JOIN organizations o ON o.id = j.value
    LEFT JOIN organizations parent ON parent.id = o.parent_id
    LEFT JOIN municipalities m ON m.id = o.municipality_id
    WHERE NOT o.retired
"""


@functools.cache
def _dialect_sql(template: str, dialect: str) -> str:
    return template.format(ids=_ID_LISTS[dialect])


def id_list_sql(dialect: str) -> str:
    """``:ids`` (a JSON list of ids) as a one-column table ``value``, in the engine's words."""
    return _ID_LISTS[dialect]


def _server_search(dialect: str) -> ModuleType | None:
    """``storage.pg_search`` when the session reads a PostgreSQL server, else None (SQLite)."""
    if dialect != "postgresql":
        return None
    from dvdesk.storage import pg_search  # shared mode only

    return pg_search


_HAS_TABLE_SQL = "SELECT 1 FROM sqlite_master WHERE name = :t"


def _rows_of(source: Session | SqlRows) -> SqlRows:
    """A session is wrapped; a ``SqlRows`` (a plain connection's) is used as it is."""
    return cast(SqlRows, source) if hasattr(source, "rows") else SessionRows(source)


def always_open(hours: str) -> bool:
    return "24時間" in japanese.normalize(hours).replace(" ", "")
