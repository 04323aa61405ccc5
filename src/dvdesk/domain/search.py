"""Japanese search over the directory.

The query a counselor types is normalized like the indexed text, each word becomes a bigram
phrase (or a one-character prefix), counselor vocabulary is widened through the synonym list,
and municipality and need filters become tag tokens in the same full-text query so that one
index lookup answers everything. Ranking: services a client can use first, then bm25 with the
service's name weighted above its provider and its other text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dvdesk.domain import japanese
from dvdesk.domain.models import Municipality, Need, Service, ServiceKind, Synonym

NATIONAL_TAG = "muninational"
# bm25 weights for the index columns name, org, body, tags.
_WEIGHTS = "10.0, 4.0, 1.0, 0.0"
_KIND_RANK = {ServiceKind.CLIENT: 0, ServiceKind.PREVENTION: 1, ServiceKind.INTERNAL: 2}


def municipality_tag(code: str | None) -> str:
    return f"muni{code}" if code else NATIONAL_TAG


def need_tag(need_id: int) -> str:
    return f"need{need_id}"


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
    score: float = 0.0


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
    """Runs searches against one session. Keeps the synonym table and need tree in memory."""

    def __init__(self, session: Session):
        self.session = session
        self.synonyms = SynonymTable.load(session)
        self._need_ids = {n.key: n.id for n in session.scalars(select(Need))}
        self._muni_codes = {
            m.code for m in session.scalars(select(Municipality))
        }

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
        match = self.match_for(query)
        kinds = sorted(k.value for k in query.kinds)
        kind_list = ", ".join(f"'{k}'" for k in kinds)  # enum values, never user text
        kind_rank = " ".join(f"WHEN '{k.value}' THEN {r}" for k, r in _KIND_RANK.items())
        select_part = f"""
            SELECT s.id, s.name, COALESCE(o.name, ''), COALESCE(m.name, ''), s.kind,
                   (s.phone != '' OR EXISTS (SELECT 1 FROM contact_points c
                        WHERE c.organization_id = s.organization_id AND c.phone != '')) AS has_phone,
                   {{score}} AS score
            FROM {{source}}
            LEFT JOIN organizations o ON o.id = s.organization_id
            LEFT JOIN municipalities m ON m.id = s.municipality_id
            WHERE s.retired = 0 AND s.kind IN ({kind_list}) {{where}}
            ORDER BY CASE s.kind {kind_rank} END, score, s.name
            LIMIT :limit
        """
        if match is None:
            sql = select_part.format(
                score="0.0",
                source="services s",
                where="AND (:code IS NULL OR m.code = :code OR s.municipality_id IS NULL)",
            )
            params = {"limit": query.limit, "code": query.municipality_code}
        else:
            sql = select_part.format(
                score=f"bm25(search_fts, {_WEIGHTS})",
                source="search_fts JOIN services s ON s.id = search_fts.rowid",
                where="AND search_fts MATCH :match",
            )
            params = {"limit": query.limit, "match": match}
        rows = self.session.execute(text(sql), params)
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
        return code in self._muni_codes


def service_by_id(session: Session, service_id: int) -> Service | None:
    return session.get(Service, service_id)
