"""Japanese search over the directory.

The query a counselor types is normalized like the indexed text, each word becomes a bigram
phrase (or a one-character prefix), counselor vocabulary is widened through the synonym list,
and municipality, need and kind filters become tag tokens in the same full-text query so that
an index lookup answers everything. Ranking: services a client can use first, then where the
words were found (name, provider, anywhere), then the shorter name.

Why not bm25: its IDF statistics read the whole doclist of every phrase in the query, the
filter tags included, on every call, so one keystroke of a common word (相談) cost 30–360 ms in
a national-scale directory even with a municipality filter (docs/performance.md). The place
groups need no statistics and each lookup stops after the rows it returns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dvdesk.domain import japanese
from dvdesk.domain.models import Municipality, Need, Service, ServiceKind, Synonym

NATIONAL_TAG = "muninational"
_KIND_RANK = {ServiceKind.CLIENT: 0, ServiceKind.PREVENTION: 1, ServiceKind.INTERNAL: 2}
# Where the typed words were found, best first: index columns, None = anywhere.
_PLACES = ("name", "org", None)
# Each group reads at most this many index rows (or 4 × the limit, if more).
MIN_CANDIDATES = 1000


def municipality_tag(code: str | None) -> str:
    return f"muni{code}" if code else NATIONAL_TAG


def need_tag(need_id: int) -> str:
    return f"need{need_id}"


def kind_tag(kind: ServiceKind) -> str:
    return f"kind{ServiceKind(kind).value}"


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
    score: float = 0.0  # lower is better: 0 name, 1 provider, 2 elsewhere; + name length / 1000


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
        groups: dict[str, list[str]] = {}
        for row in session.scalars(select(Synonym)):
            groups.setdefault(row.group_key, []).append(row.term)
        return cls.from_groups(groups.values())

    def alternatives(self, term: str) -> set[str]:
        return self.expansions.get(term, set())


def _term_expression(term: str) -> str | None:
    """All word runs of one (possibly multi-word) term, ANDed."""
    runs = japanese.word_runs(term)
    if not runs:
        return None
    parts = [japanese.phrase_for(run) for run in runs]
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def match_expression(text_query: str, synonyms: SynonymTable) -> str | None:
    """The FTS5 MATCH expression for what was typed, or None if nothing searchable was typed."""
    clauses = []
    for word in japanese.normalize(text_query).split():
        own = _term_expression(word)
        if own is None:
            continue
        options = [own] + [
            expr for alt in sorted(synonyms.alternatives(word)) if (expr := _term_expression(alt))
        ]
        clauses.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
    return " AND ".join(clauses) if clauses else None


class Searcher:
    """Runs searches against one session. Keeps the synonym table and need ids in memory.

    Cheap to make (a window may make one per keystroke): three small column reads.
    """

    def __init__(self, session: Session):
        self.session = session
        self.synonyms = SynonymTable.load(session)
        self._need_ids: dict[str, int] = {key: id_ for key, id_ in session.execute(select(Need.key, Need.id))}
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

        Rank: kind (client first), then where the words were found (the service's name, its
        provider's name, anywhere), then the shorter name (the more specific service), then
        name. Each (kind, place) group is one FTS lookup that stops after ``cap`` rows and
        never reads a row it does not return, so a keystroke costs about the same in a
        national directory as in one city's.
        """
        filters = self._filter_expression(query)  # KeyError for an unknown need
        text_expr = match_expression(query.text, self.synonyms)
        cap = max(MIN_CANDIDATES, 4 * query.limit)
        places = _PLACES if text_expr else (None,)
        groups: list[tuple[int, int]] = []  # (service id, group number), best group first
        seen: set[int] = set()
        complete = True
        for kind in sorted(query.kinds, key=_KIND_RANK.__getitem__):
            for place, column in enumerate(places):
                ids = self._candidates(_group_expression(text_expr, column, filters, kind), cap)
                complete = complete and len(ids) < cap
                group = _KIND_RANK[kind] * len(_PLACES) + place
                groups += [(i, group) for i in ids if i not in seen]
                seen.update(ids)
                if len(groups) >= query.limit:  # every later group ranks below these
                    return SearchResult(self._hits(groups, query.limit, bool(text_expr)), complete)
        return SearchResult(self._hits(groups, query.limit, bool(text_expr)), complete)

    def count(self, query: SearchQuery) -> int:
        """How many services match (text, municipality, need, kinds), without ranking them."""
        expr = self.match_for(query)
        kinds = " OR ".join(kind_tag(k) for k in sorted(query.kinds))
        if not kinds:
            return 0
        full = f"({expr}) AND ({kinds})" if expr else f"({kinds})"
        return int(self.session.execute(_COUNT_SQL, {"match": full}).scalar_one())

    def _candidates(self, match: str, cap: int) -> list[int]:
        return list(self.session.execute(_CANDIDATES_SQL, {"match": match, "cap": cap}).scalars())

    def _hits(self, groups: list[tuple[int, int]], limit: int, by_length: bool) -> list[SearchHit]:
        if not groups:
            return []
        length = "length(s.name)" if by_length else "0"
        rows = self.session.execute(
            text(_HITS_SQL.format(length=length)),
            {"groups": json.dumps(groups), "limit": limit, "per_group": len(_PLACES)},
        )
        return [
            SearchHit(
                service_id=r[0],
                name=r[1],
                provider=r[2],
                municipality=r[3],
                kind=ServiceKind(r[4]),
                has_phone=bool(r[5]),
                score=float(r[6]),
            )
            for r in rows
        ]

    def has_municipality(self, code: str) -> bool:
        if self._muni_codes is None:
            self._muni_codes = set(self.session.scalars(select(Municipality.code)))
        return code in self._muni_codes


def _group_expression(text_expr: str | None, column: str | None, filters: str, kind: ServiceKind) -> str:
    parts = []
    if text_expr:
        parts.append(f"{{{column}}} : ({text_expr})" if column else f"({text_expr})")
    if filters:
        parts.append(filters)
    parts.append(kind_tag(kind))
    return " AND ".join(parts)


_CANDIDATES_SQL = text("SELECT rowid FROM search_fts WHERE search_fts MATCH :match LIMIT :cap")
_COUNT_SQL = text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :match")
# Rank, then look up provider, municipality and phone for the rows shown only.
_HITS_SQL = """
    WITH candidate AS (
        SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS grp
        FROM json_each(:groups)
    ), top AS (
        SELECT s.id, s.name, s.kind, s.organization_id, s.municipality_id, s.phone, c.grp,
               {length} AS len
        FROM candidate c JOIN services s ON s.id = c.id
        WHERE s.retired = 0
        ORDER BY c.grp, len, s.name
        LIMIT :limit
    )
    SELECT t.id, t.name, COALESCE(o.name, ''), COALESCE(m.name, ''), t.kind,
           (t.phone != '' OR EXISTS (SELECT 1 FROM contact_points c
                WHERE c.organization_id = t.organization_id AND c.phone != '')) AS has_phone,
           t.grp % :per_group + t.len / 1000.0 AS score
    FROM top t
    LEFT JOIN organizations o ON o.id = t.organization_id
    LEFT JOIN municipalities m ON m.id = t.municipality_id
    ORDER BY t.grp, t.len, t.name
"""


def service_by_id(session: Session, service_id: int) -> Service | None:
    return session.get(Service, service_id)
