"""Japanese search over the directory.

The query a counselor types is normalized like the indexed text, each word becomes a bigram
phrase (or a one-character prefix), counselor vocabulary is widened through the synonym list,
and municipality, need and kind filters become tag tokens in the same full-text query so that
an index lookup answers everything. Ranking: services a client can use first, then where the
words were found (name, provider, elsewhere), then the shorter name.

Why not bm25: its IDF statistics read the whole doclist of every phrase in the query, the
filter tags included, on every call, so one keystroke of a common word (相談) cost 30–360 ms in
a national-scale directory even with a municipality filter (docs/performance.md). These ranks
need no statistics, and each lookup stops after the rows it returns.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import TextClause, select, text
from sqlalchemy.orm import Session

from dvdesk.domain import japanese
from dvdesk.domain.models import Municipality, Need, Service, ServiceKind, Synonym

NATIONAL_TAG = "muninational"
_KIND_RANK = {ServiceKind.CLIENT: 0, ServiceKind.PREVENTION: 1, ServiceKind.INTERNAL: 2}
# Where the words were found, best first. Provider matches are found among the "elsewhere"
# candidates by their provider's name (see Searcher._hits), so they have no lookup of their own.
_PLACES = ("name", "name through a synonym", "provider", "elsewhere")
_NAME, _NAME_SYNONYM, _PROVIDER, _ELSEWHERE = range(len(_PLACES))  # _PROVIDER = _ELSEWHERE - 1
# Each FTS lookup reads at most this many rows (or 2 × the limit, if more).
MIN_CANDIDATES = 500


def municipality_tag(code: str | None) -> str:
    return f"muni{code}" if code else NATIONAL_TAG


def need_tag(need_id: int) -> str:
    return f"need{need_id}"


def kind_tag(kind: ServiceKind) -> str:
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


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    # False when some group had more matches than were read: the hits are good matches but not
    # necessarily the best; a window can ask the counselor to narrow the search.
    complete: bool = True


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

    @classmethod
    def load(cls, session: Session) -> SynonymTable:
        # Plain column reads (no ORM objects: less garbage per keystroke), and the table is
        # built once per distinct synonym list, since a window may load it on every keystroke.
        rows = tuple((group, term) for group, term in session.execute(select(Synonym.group_key, Synonym.term)))
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
            alternatives = (japanese.word_runs(alt) for alt in sorted(synonyms.alternatives(word)))
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
    return all(
        any(all(any(run in f for f in field_runs) for run in option) for option in options)
        for options in words
    )


class Searcher:
    """Runs searches against one session. Keeps the synonym table and need ids in memory.

    Cheap to make (a window may make one per keystroke): three small column reads.
    """

    def __init__(self, session: Session):
        self.session = session
        self.synonyms = SynonymTable.load(session)
        # A retired need is unknown to the desk, like a key that never existed.
        self._need_ids: dict[str, int] = dict(session.execute(  # type: ignore[arg-type]
            select(Need.key, Need.id).where(Need.retired.is_(False))).all())
        self._muni_codes: set[str] | None = None

    def reload(self) -> None:
        self.__init__(self.session)  # type: ignore[misc]

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
        """Ranked hits, and whether they are exact (see ``SearchResult.complete``).

        Rank: kind (client first), then where the words were found (the service's name as
        typed, its name through a synonym, its provider's name, elsewhere), then the shorter
        name (the more specific service), then name. Per kind, one FTS lookup per place until
        the list is full, each stopping after ``cap`` rows.
        """
        filters = self._filter_expression(query)  # KeyError for an unknown need
        words = _words(query.text, self.synonyms)
        text_expr = _expression(words)
        as_typed = _expression([options[:1] for options in words])  # without synonyms
        cap = max(MIN_CANDIDATES, 2 * query.limit)
        groups: dict[int, int] = {}  # service id -> kind rank × 4 + place (_NAME … _ELSEWHERE)
        complete = True
        for kind in sorted(query.kinds, key=_KIND_RANK.__getitem__):
            base = _KIND_RANK[kind] * len(_PLACES)
            lookups = []  # (expression, index, place), best place first
            if text_expr:
                if as_typed != text_expr:
                    lookups.append((as_typed, _NAMES_SQL, _NAME))
                lookups.append((text_expr, _NAMES_SQL, _NAME if as_typed == text_expr else _NAME_SYNONYM))
            lookups.append((text_expr, _CANDIDATES_SQL, _ELSEWHERE if text_expr else _NAME))
            for expr, sql, place in lookups:
                found = self._candidates(_group_expression(expr, filters, kind), cap, sql)
                complete = complete and len(found) < cap
                groups.update((i, base + place) for i in found if i not in groups)
                if len(groups) >= query.limit:  # full: every later group ranks lower
                    return SearchResult(self._hits(groups, words, query.limit), complete)
        return SearchResult(self._hits(groups, words, query.limit), complete)

    def count(self, query: SearchQuery) -> int:
        """How many services match (text, municipality, need, kinds), without ranking them."""
        expr = self.match_for(query)
        kinds = " OR ".join(kind_tag(k) for k in sorted(query.kinds))
        if not kinds:
            return 0
        full = f"({expr}) AND ({kinds})" if expr else f"({kinds})"
        return int(self.session.execute(_COUNT_SQL, {"match": full}).scalar_one())

    def _candidates(self, match: str, cap: int, sql: TextClause | None = None) -> list[int]:
        sql = _CANDIDATES_SQL if sql is None else sql
        return list(self.session.execute(sql, {"match": match, "cap": cap}).scalars())

    def _hits(self, groups: dict[int, int], words: list[list[list[str]]], limit: int) -> list[SearchHit]:
        if not groups:
            return []
        pairs = json.dumps(list(groups.items()))
        elsewhere = json.dumps([i for i, g in groups.items() if g % len(_PLACES) == _ELSEWHERE])
        # Provider names are few (the same departments everywhere): check them here, not by a
        # third FTS lookup, and let SQL move their services up from "elsewhere".
        providers = [p for p in self.session.execute(_PROVIDERS_SQL, {"ids": elsewhere}).scalars()
                     if found_in(p, words)] if words else []
        rows = self.session.execute(text(_HITS_SQL.format(length="length(s.name)" if words else "0")), {
            "groups": pairs, "providers": json.dumps(providers), "limit": limit, "places": len(_PLACES),
            "elsewhere": _ELSEWHERE})
        return [
            SearchHit(service_id=r[0], name=r[1], provider=r[2], municipality=r[3],
                      kind=ServiceKind.of(r[4]), has_phone=bool(r[5]), score=float(r[6]))
            for r in rows
        ]

    def has_municipality(self, code: str) -> bool:
        if self._muni_codes is None:
            self._muni_codes = set(self.session.scalars(select(Municipality.code)))
        return code in self._muni_codes


def _group_expression(text_expr: str | None, filters: str, kind: ServiceKind) -> str:
    parts = []
    if text_expr:
        parts.append(f"({text_expr})")
    if filters:
        parts.append(filters)
    parts.append(kind_tag(kind))
    return " AND ".join(parts)


_CANDIDATES_SQL = text("SELECT rowid FROM search_fts WHERE search_fts MATCH :match LIMIT :cap")
# Names only (see dvdesk.storage.search_index): the same expression finds name matches.
_NAMES_SQL = text("SELECT rowid FROM search_fts_names WHERE search_fts_names MATCH :match LIMIT :cap")
_COUNT_SQL = text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :match")
_PROVIDERS_SQL = text("""
    SELECT DISTINCT o.name FROM json_each(:ids) j JOIN services s ON s.id = j.value
    JOIN organizations o ON o.id = s.organization_id
""")
# Rank the candidates; look up municipality and phone for the rows shown only.
_HITS_SQL = """
    WITH candidate AS (
        SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS grp
        FROM json_each(:groups)
    ), top AS (
        SELECT s.id, s.name, COALESCE(o.name, '') AS provider, s.kind, s.municipality_id,
               s.organization_id, s.phone, {length} AS len,
               c.grp - (c.grp % :places = :elsewhere AND o.name IN (SELECT value FROM json_each(:providers)))
                 AS rank_group
        FROM candidate c JOIN services s ON s.id = c.id
        LEFT JOIN organizations o ON o.id = s.organization_id
        WHERE s.retired = 0
        ORDER BY rank_group, len, s.name
        LIMIT :limit
    )
    SELECT t.id, t.name, t.provider, COALESCE(m.name, ''), t.kind,
           t.phone != '' OR EXISTS (SELECT 1 FROM contact_points c
                                    WHERE c.organization_id = t.organization_id AND c.phone != ''),
           t.rank_group % :places + t.len / 1000.0
    FROM top t LEFT JOIN municipalities m ON m.id = t.municipality_id
    ORDER BY t.rank_group, t.len, t.name
"""


def service_by_id(session: Session, service_id: int) -> Service | None:
    return session.get(Service, service_id)
