"""Japanese search over the directory.

The query a counselor types is normalized like the indexed text, each word becomes a bigram
phrase (or a one-character prefix), counselor vocabulary is widened through the synonym list,
and municipality, need and kind filters become tag tokens in the same full-text query so that
an index lookup answers everything. Ranking: where the words were found first (name, provider,
elsewhere), then services a client can use before prevention and internal measures, then the
shorter name: an item whose name is what she typed comes before one that merely mentions it.
A synonym also applies inside a compound (障害者 finds 障がい者). Procedures (住民票 …) are
searched in their own index (``search_procedures``). For a safety need, services reachable now
(a phone, 24 hours) come first (``reachable_first``).

Why not bm25: its IDF statistics read the whole doclist of every phrase in the query, the
filter tags included, on every call, so one keystroke of a common word (相談) cost 30–360 ms in
a national-scale directory even with a municipality filter (docs/performance.md). These ranks
need no statistics, and each lookup stops after the rows it returns.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType

from sqlalchemy import TextClause, select, text
from sqlalchemy.orm import Session

from dvdesk.domain import japanese
from dvdesk.domain.models import Need, ServiceKind, Synonym

NATIONAL_TAG = "muninational"
SERVICE, PROCEDURE, ORGANIZATION = "service", "procedure", "organization"  # SearchHit.item
_KIND_RANK = {ServiceKind.CLIENT: 0, ServiceKind.PREVENTION: 1, ServiceKind.INTERNAL: 2}
_KINDS = len(_KIND_RANK)
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
    # For a safety query only (lower first): 0–2 on the named need, 3–5 not, + ``reachability``.
    urgency: int = 0

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
    # False when some group had more matches than were read: the hits are good matches but not
    # necessarily the best; a window can ask the counselor to narrow the search.
    complete: bool = True


# A compound can hold several synonym terms; its spellings are capped so one word stays one
# small FTS expression.
MAX_SPELLINGS = 16
# Synonym groups whose words name a safety need (the counselor wants a line she can call now).
# Synonym groups that name a safety need, and that need.
SAFETY_GROUP_NEEDS = {"shelter": "safety.shelter", "police": "safety"}
SAFETY_GROUPS = frozenset(SAFETY_GROUP_NEEDS)
SAFETY_NEED = "safety"
REACHABLE_POOL = 200


@dataclass
class SynonymTable:
    """Normalized term -> the normalized terms it also finds."""

    expansions: dict[str, set[str]] = field(default_factory=dict)
    groups: dict[str, set[str]] = field(default_factory=dict)  # term -> its group keys

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]], keys: Sequence[str] = ()) -> SynonymTable:
        table = cls()
        for n, group in enumerate(groups):
            terms = {japanese.normalize(t).strip() for t in group if t.strip()}
            for term in terms:
                table.expansions.setdefault(term, set()).update(terms - {term})
                if n < len(keys):
                    table.groups.setdefault(term, set()).add(keys[n])
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

    def groups_in(self, word: str) -> set[str]:
        """The synonym groups whose terms ``word`` (normalized) is or holds."""
        return set().union(*(keys for term, keys in self.groups.items()
                             if term == word or (len(term) >= 2 and term in word)))

    def names_safety(self, word: str) -> bool:
        """Whether ``word`` (normalized) is, or holds, a word of a safety group (シェルター, 逃げたい)."""
        return bool(self.groups_in(word) & SAFETY_GROUPS)

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
    return SynonymTable.from_groups(groups.values(), list(groups))


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
        self._need_ids: dict[str, int] = {key: need_id for key, need_id in session.execute(
            select(Need.key, Need.id).where(Need.retired.is_(False)))}
        self._item_indexes: bool | None = None
        # Shared mode: the same expressions, answered by the server's token tables (storage.pg_search).
        self._server = _server_search(session)

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
        """Ranked hits, and whether they are exact (see ``SearchResult.complete``).

        Rank: where the words were found (the service's name as typed, its name through a
        synonym, its provider's name, elsewhere), then kind (client first), then the shorter
        name (the more specific service), then name. One FTS lookup per place and kind, best
        first, until the list is full, each stopping after ``cap`` rows. For a safety need
        (``reachable_first``), lines reachable now move to the top of what was found.
        """
        filters = self._filter_expression(query)  # KeyError for an unknown need
        words = _words(query.text, self.synonyms)
        text_expr = _expression(words)
        as_typed = _expression([options[:1] for options in words])  # without synonyms
        reachable = self.reachable_first(query)
        # Reachability reorders what was found: read a full page so a line ranked low by its
        # words (#8778 found only in its description) still reaches the top of a short list.
        limit = max(query.limit, REACHABLE_POOL) if reachable else query.limit
        cap = max(MIN_CANDIDATES, 2 * limit)
        groups: dict[int, int] = {}  # service id -> place (_NAME … _ELSEWHERE) × kinds + kind rank
        complete = True
        lookups = []  # (expression, index, place), best place first
        if text_expr:
            if as_typed != text_expr:
                lookups.append((as_typed, _NAMES_SQL, _NAME))
            lookups.append((text_expr, _NAMES_SQL, _NAME if as_typed == text_expr else _NAME_SYNONYM))
        lookups.append((text_expr, _CANDIDATES_SQL, _ELSEWHERE if text_expr else _NAME))
        kinds = sorted(query.kinds, key=_KIND_RANK.__getitem__)
        hits: list[SearchHit] | None = None
        for expr, sql, place in lookups:
            for kind in kinds:
                found = self._candidates(_group_expression(expr, filters, kind), cap, sql)
                complete = complete and len(found) < cap
                group = place * _KINDS + _KIND_RANK[kind]
                groups.update((i, group) for i in found if i not in groups)
                if len(groups) >= limit:  # full: every later group ranks lower
                    hits = self._hits(groups, words, limit)
                    break
            if hits is not None:
                break
        if hits is None:
            hits = self._hits(groups, words, limit)
        if reachable:
            hits = self._by_urgency(hits, query, text_expr, filters)
        return SearchResult(hits[:query.limit], complete)

    def _by_urgency(self, hits: list[SearchHit], query: SearchQuery, text_expr: str | None,
                    filters: str) -> list[SearchHit]:
        """Safety: the lines of the need she named (シェルター → 一時保護・シェルター) first, then,
        within that, a phone answering 24 hours, then any phone, then the rank of the words.

        Without the need first, every 24-hour line tagged 安全確保 (虐待対応ダイヤル, 110) went
        above the shelter itself; without reachability, #8778 was row 27 of 28."""
        named = self._named_safety_need(query)
        on_need: set[int] = set()
        if named is not None and named in self._need_ids and text_expr:
            expr = " AND ".join(p for p in (f"({text_expr})", filters, need_tag(self._need_ids[named])) if p)
            on_need = set(self._candidates(expr, max(MIN_CANDIDATES, 2 * len(hits))))
        urgent = [dataclasses.replace(h, urgency=(0 if not on_need or h.service_id in on_need else 3)
                                      + reachability(h)) for h in hits]
        urgent.sort(key=lambda h: h.urgency)  # stable: the rank of the words holds within each tier
        return urgent

    def _named_safety_need(self, query: SearchQuery) -> str | None:
        """The need a safety query names: the chosen need, or the need of its safety words."""
        if query.need_key is not None:
            return query.need_key
        groups = set().union(*(self.synonyms.groups_in(w) for w in japanese.normalize(query.text).split()))
        found = [SAFETY_GROUP_NEEDS[g] for g in sorted(groups) if g in SAFETY_GROUP_NEEDS]
        return found[0] if len(found) == 1 else None

    def reachable_first(self, query: SearchQuery) -> bool:
        """Whether the query asks for safety: a safety need, or a word such as シェルター or 警察."""
        if query.need_key is not None and self._is_safety_need(query.need_key):
            return True
        return any(self.synonyms.names_safety(w) for w in japanese.normalize(query.text).split())

    def _is_safety_need(self, key: str) -> bool:
        return key == SAFETY_NEED or key.startswith(SAFETY_NEED + ".")

    def search_procedures(self, query: SearchQuery, limit: int = 20) -> list[SearchHit]:
        """Procedures (住民票の交付制限, 離婚届の不受理申出 …) matching the typed words, in the
        municipality (and nationwide ones), ranked like services: name, department, elsewhere.
        Nothing without typed words: the need tree browses services."""
        return self._other_items(query, limit, PROCEDURE, _PROCEDURES_SQL, _PROCEDURE_HITS_SQL)

    def search_organizations(self, query: SearchQuery, limit: int = 10) -> list[SearchHit]:
        """Departments and agencies whose name holds the typed words (しょうがいしゃ支援課 for 障害)."""
        return [h for h in self._other_items(query, limit, ORGANIZATION, _ORGS_SQL, _ORG_HITS_SQL)
                if h.place <= _NAME_SYNONYM]

    def _other_items(self, query: SearchQuery, limit: int, item: str, lookup: TextClause,
                     rows_sql: TextClause) -> list[SearchHit]:
        words = _words(query.text, self.synonyms)
        text_expr = _expression(words)
        if not text_expr or not self._has_item_indexes():
            return []
        parts = [f"({text_expr})"]
        if query.municipality_code:
            parts.append(f"({municipality_tag(query.municipality_code)} OR {NATIONAL_TAG})")
        if query.need_key and item == PROCEDURE:
            parts.append(need_tag(self._need_ids[query.need_key]))
        elif query.need_key:
            return []  # a department has no need of its own
        ids = self._candidates(" AND ".join(parts), max(MIN_CANDIDATES, 2 * limit), lookup)
        if not ids:
            return []
        typed = [options[:1] for options in words]
        hits = []
        if self._server:
            rows_sql = {id(_PROCEDURE_HITS_SQL): self._server.PROCEDURE_HITS_SQL,
                        id(_ORG_HITS_SQL): self._server.ORG_HITS_SQL}[id(rows_sql)]
        for rid, key, name, department, municipality in self.session.execute(rows_sql, {"ids": json.dumps(ids)}):
            place = (_NAME if found_in(name, typed) else _NAME_SYNONYM if found_in(name, words)
                     else _PROVIDER if found_in(department, words) else _ELSEWHERE)
            hits.append(SearchHit(service_id=rid, name=name, provider=department, municipality=municipality,
                                  kind=ServiceKind.CLIENT, has_phone=False, score=place + len(name) / 1000,
                                  item=item, key=key))
        hits.sort(key=lambda h: (h.score, h.name))
        return hits[:limit]

    def _has_item_indexes(self) -> bool:
        if self._item_indexes is None and self._server:
            self._item_indexes = self._server.has_table(self.session, "search_fts_orgs")
        if self._item_indexes is None:
            self._item_indexes = self.session.execute(_HAS_TABLE_SQL, {"t": "search_fts_orgs"}).first() is not None
        return self._item_indexes

    def count(self, query: SearchQuery) -> int:
        """How many services match (text, municipality, need, kinds), without ranking them."""
        expr = self.match_for(query)
        kinds = " OR ".join(kind_tag(k) for k in sorted(query.kinds))
        if not kinds:
            return 0
        full = f"({expr}) AND ({kinds})" if expr else f"({kinds})"
        if self._server:
            return self._server.count(self.session, "search_fts", full)
        return int(self.session.execute(_COUNT_SQL, {"match": full}).scalar_one())

    def _candidates(self, match: str, cap: int, sql: TextClause | None = None) -> list[int]:
        sql = _CANDIDATES_SQL if sql is None else sql
        if self._server:
            return self._server.candidates(self.session, _FTS_TABLES[id(sql)], match, cap)
        return list(self.session.execute(sql, {"match": match, "cap": cap}).scalars())

    def _hits(self, groups: dict[int, int], words: list[list[list[str]]], limit: int) -> list[SearchHit]:
        if not groups:
            return []
        pairs = json.dumps(list(groups.items()))
        elsewhere = json.dumps([i for i, g in groups.items() if g // _KINDS == _ELSEWHERE])
        # Provider names are few (the same departments everywhere): check them here, not by a
        # third FTS lookup, and let SQL move their services up from "elsewhere".
        providers_sql, hits_sql = ((self._server.PROVIDERS_SQL, self._server.HITS_SQL) if self._server
                                   else (_PROVIDERS_SQL, _HITS_SQL))
        providers = [p for p in self.session.execute(providers_sql, {"ids": elsewhere}).scalars()
                     if found_in(p, words)] if words else []
        rows = self.session.execute(text(hits_sql.format(length="length(s.name)" if words else "0")), {
            "groups": pairs, "providers": json.dumps(providers), "limit": limit, "kinds": _KINDS,
            "elsewhere": _ELSEWHERE})
        return [
            SearchHit(service_id=r[0], name=r[1], provider=r[2], municipality=r[3],
                      kind=ServiceKind.of(r[4]), has_phone=bool(r[5]), score=float(r[6]),
                      phone=r[7] or "", hours=r[8] or "", always_open=always_open(r[8] or ""))
            for r in rows
        ]


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
# Rank the candidates; look up municipality and phone for the rows shown only. The phone shown
# is one a client may be given: the service's own line (if the service is public), else its
# provider's first public contact with a number; never an internal (staff or secret) line.
_HITS_SQL = """
    WITH candidate AS (
        SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS grp
        FROM json_each(:groups)
    ), top AS (
        SELECT s.id, s.name, COALESCE(o.name, '') AS provider, s.kind, s.municipality_id,
               s.organization_id, s.phone, s.confidentiality, s.schedule, {length} AS len,
               c.grp - :kinds * (c.grp / :kinds = :elsewhere
                                 AND o.name IN (SELECT value FROM json_each(:providers))) AS rank_group
        FROM candidate c JOIN services s ON s.id = c.id
        LEFT JOIN organizations o ON o.id = s.organization_id
        WHERE s.retired = 0
        ORDER BY rank_group, len, s.name, s.id  -- the id: the same order on every engine and run
        LIMIT :limit
    ), shown AS (
        SELECT t.*, (SELECT c.id FROM contact_points c
                     WHERE c.organization_id = t.organization_id AND c.phone != ''
                       AND c.confidentiality = 'public' ORDER BY c.id LIMIT 1) AS contact_id
        FROM top t
    )
    SELECT t.id, t.name, t.provider, COALESCE(m.name, ''), t.kind,
           t.phone != '' OR EXISTS (SELECT 1 FROM contact_points c
                                    WHERE c.organization_id = t.organization_id AND c.phone != ''),
           t.rank_group / :kinds + t.len / 1000.0,
           CASE WHEN t.phone != '' AND t.confidentiality = 'public' THEN t.phone ELSE COALESCE(cp.phone, '') END,
           CASE WHEN t.phone != '' AND t.confidentiality = 'public' OR t.schedule != '' THEN t.schedule
                ELSE COALESCE(cp.hours, '') END
    FROM shown t LEFT JOIN municipalities m ON m.id = t.municipality_id
    LEFT JOIN contact_points cp ON cp.id = t.contact_id
    ORDER BY t.rank_group, t.len, t.name, t.id
"""
_PROCEDURES_SQL = text("SELECT rowid FROM search_fts_procedures WHERE search_fts_procedures MATCH :match "
                       "LIMIT :cap")
_PROCEDURE_HITS_SQL = text("""
    SELECT p.id, p.key, p.name, COALESCE(o.name, p.department_hint, ''), COALESCE(m.name, '')
    FROM json_each(:ids) j JOIN procedures p ON p.id = j.value
    LEFT JOIN organizations o ON o.id = p.organization_id
    LEFT JOIN municipalities m ON m.id = p.municipality_id
    WHERE p.retired = 0
""")
_ORGS_SQL = text("SELECT rowid FROM search_fts_orgs WHERE search_fts_orgs MATCH :match LIMIT :cap")
_ORG_HITS_SQL = text("""
    SELECT o.id, o.key, o.name, COALESCE(parent.name, ''), COALESCE(m.name, '')
    FROM json_each(:ids) j JOIN organizations o ON o.id = j.value
    LEFT JOIN organizations parent ON parent.id = o.parent_id
    LEFT JOIN municipalities m ON m.id = o.municipality_id
    WHERE o.retired = 0
""")
_HAS_TABLE_SQL = text("SELECT 1 FROM sqlite_master WHERE name = :t")
# Which FTS5 index each lookup reads (for a server's tables, see _server_search).
_FTS_TABLES = {id(_CANDIDATES_SQL): "search_fts", id(_NAMES_SQL): "search_fts_names",
               id(_PROCEDURES_SQL): "search_fts_procedures", id(_ORGS_SQL): "search_fts_orgs"}


def _server_search(session: Session) -> ModuleType | None:
    """``storage.pg_search`` when the session reads a PostgreSQL server, else None (SQLite)."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return None
    from dvdesk.storage import pg_search  # shared mode only

    return pg_search


def always_open(hours: str) -> bool:
    return "24時間" in japanese.normalize(hours).replace(" ", "")


def reachability(hit: SearchHit) -> int:
    """0: a phone that answers 24 hours; 1: a phone; 2: no number to give."""
    return 0 if hit.phone and hit.always_open else 1 if hit.phone else 2
