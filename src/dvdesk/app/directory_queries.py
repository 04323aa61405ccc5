"""What the counselor's window and the command line ask of the directory, each in its own short read.

No Qt here: the window's models and panes call these functions and only hold the plain records
they return. Every call opens a fresh read snapshot, so an administrator's edit (or a data
package imported on this PC) shows up on the next keystroke without restarting.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from dvdesk.app import safety_first
from dvdesk.domain.directory_views import (
    DESK_MUNICIPALITY,
    NeedNode,
    NotFound,
    OrganizationView,
    ServiceDetail,
    names_municipality,
    need_nodes,
)
from dvdesk.domain.record_kinds import Confidentiality, ServiceKind
from dvdesk.domain.search import (
    ORGANIZATION,
    PROCEDURE,
    SERVICE,
    Searcher,
    SearchHit,
    SearchQuery,
    always_open,
)
from dvdesk.domain.sql_rows import PlainRows, SessionRows, SqlRows
from dvdesk.storage.errors import DatabaseUnavailable
from dvdesk.storage.start_open import StartDatabase

# SQLAlchemy and the directory's queries are imported by the methods that need them, so that the
# desk's first window can be drawn from the quick start's plain reads (storage.start_open).
if TYPE_CHECKING:
    from dvdesk.domain.checklist import ChecklistItem
    from dvdesk.domain.integrity import Finding
    from dvdesk.domain.models import Service
    from dvdesk.storage.db import Database

log = logging.getLogger(__name__)

# Services a client can use first; the plans' prevention and internal measures after them.
KIND_ORDER = {ServiceKind.CLIENT: 0, ServiceKind.PREVENTION: 1, ServiceKind.INTERNAL: 2}
CLIENT_KINDS = frozenset({ServiceKind.CLIENT})
ALL_KINDS = frozenset(ServiceKind)
ITEM_ORDER = {SERVICE: 0, PROCEDURE: 1, ORGANIZATION: 2}
PROCEDURE_LIMIT, ORGANIZATION_LIMIT = 10, 5
# Matches of other kinds are counted up to here (the window then says 「…件以上」): counting
# every match of a common word across 1,741 municipalities took longer than a keystroke.
OTHER_KINDS_COUNT_CAP = 1000
ALL_ORGANIZATIONS_LIMIT = 3000  # more than every city's departments; far fewer than a national directory's
# A safety query reorders what the engine found (app.safety_first), so it reads at least this deep:
# a line ranked low by its words still reaches the top of a short list (#8778 is found for
# シェルター only in its description, row 27 of 28 by the words alone).
SAFETY_POOL = 200


@dataclass(frozen=True)
class DeskQuery:
    """One state of the desk: what is typed, which needs are chosen, where, which kinds."""

    text: str = ""
    municipality_code: str | None = None
    need_keys: tuple[str, ...] = ()
    kinds: frozenset[ServiceKind] = CLIENT_KINDS
    limit: int = 200
    at: datetime | None = None  # the time "open at this hour" is read for (None: the desk's clock)


@dataclass(frozen=True)
class NeedRow:
    """A need with the number of services the list will show for it."""

    key: str
    label_ja: str
    label_en: str
    description: str
    count: int
    children: tuple[NeedRow, ...] = field(default=())


@dataclass(frozen=True)
class MunicipalityChoice:
    code: str
    name: str
    prefecture: str


@dataclass(frozen=True)
class DeskResult:
    """What the result list shows, and how many matches of other kinds it leaves out."""

    hits: list[SearchHit]
    hidden_other_kinds: int = 0  # prevention / internal items matching elsewhere than in their name
    # True when the count stopped at OTHER_KINDS_COUNT_CAP (there are at least that many)
    hidden_at_least: bool = False


def rank_key(hit: SearchHit) -> tuple[int, int, int, float, str, int]:
    """Where the words were found, then client before prevention/internal, then services before
    procedures and departments, then the shorter name, then the id (the same order every run).
    A safety query reorders this afterwards (app.safety_first)."""
    return (hit.place, KIND_ORDER[hit.kind], ITEM_ORDER[hit.item], hit.score, hit.name, hit.service_id)


def merge_hits(result_lists: Iterable[list[SearchHit]], limit: int) -> list[SearchHit]:
    """Union of several searches (one per chosen need, and per kind of item), in one ranking."""
    best: dict[tuple[str, int], SearchHit] = {}
    for hits in result_lists:
        for hit in hits:
            kept = best.get((hit.item, hit.service_id))
            if kept is None or hit.score < kept.score:
                best[(hit.item, hit.service_id)] = hit
    ordered = sorted(best.values(), key=rank_key)
    return ordered[:limit]


# The quick start's plain reads (storage.start_open): the same rows as directory.municipalities
# and the meta read below.
_MUNICIPALITIES_SQL = "SELECT code, name, prefecture FROM municipalities WHERE NOT retired ORDER BY code"
_META_SQL = "SELECT value FROM meta WHERE key = ?"
_CHANGE_COUNT_SQL = "SELECT value FROM meta WHERE key = 'change_count'"
# directory.need_tree's needs: the live ones in their order (counts come from the searcher).
_NEEDS_SQL = (
    "SELECT id, key, label_ja, label_en, description, parent_id FROM needs WHERE NOT retired ORDER BY sort_order"
)


class _NeedRow(NamedTuple):
    id: int
    key: str
    label_ja: str
    label_en: str
    description: str
    parent_id: int | None


class DeskData:
    """``db``: the ordinary ``Database``, or the desk's quick start (``StartDatabase``), whose plain
    connection answers what the first paint reads until SQLAlchemy is built (``db`` builds it)."""

    def __init__(self, db: Database | StartDatabase):
        self._db = db
        self._searcher: Searcher | None = None
        self._searcher_version: object = None
        self._vocabulary: safety_first.NeedVocabulary | None = None
        # What "now" is for "open at this hour" when a query names no time (tests set their own).
        self.clock: Callable[[], datetime] = datetime.now

    @property
    def db(self) -> Database:
        """The ordinary ``Database`` (built now, importing SQLAlchemy, after a quick start)."""
        return self._db.full() if isinstance(self._db, StartDatabase) else self._db

    @property
    def opened(self) -> Database | StartDatabase:
        """What the desk was given, as it is (nothing is built): e.g. to tell shared mode."""
        return self._db

    def _quick(self) -> StartDatabase | None:
        """The quick start, while the ordinary ``Database`` is not built yet."""
        db = self._db
        return db if isinstance(db, StartDatabase) and not db.is_full else None

    def _plain(self, quick: StartDatabase, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            with quick.reading() as con:
                return con.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise DatabaseUnavailable.from_sqlite(quick.path, exc) from exc

    @contextlib.contextmanager
    def _reading(self) -> Iterator[PlainRows | SessionRows]:
        """One read snapshot for the searcher: the quick start's plain connection while the
        ordinary database is not built, else a session. A driver error (locked, full, damaged)
        comes out as a StorageError either way."""
        quick = self._quick()
        if quick is not None:
            try:
                with quick.reading() as con:
                    yield PlainRows(con)
            except sqlite3.Error as exc:
                log.error("read failed in the driver: %s", type(exc).__name__)
                raise DatabaseUnavailable.from_sqlite(quick.path, exc) from exc
            return
        from sqlalchemy.exc import DBAPIError

        try:
            with self.db.read() as session:
                yield SessionRows(session)
        except DBAPIError as exc:
            log.error("read failed in the driver: %s", type(getattr(exc, "orig", exc)).__name__)
            raise DatabaseUnavailable.from_sqlite(self._db.path, exc) from exc

    def _searcher_for(self, source: SqlRows) -> Searcher:
        """The searcher (synonyms and need ids in memory), rebuilt only after the data changed.

        Building one costs more than a search; every write bumps the database's change counter.
        The same searcher goes on from the quick start's connection to the ordinary sessions.
        """
        found = source.rows(_CHANGE_COUNT_SQL)
        version = found[0][0] if found else None
        if self._searcher is None or version != self._searcher_version:
            self._searcher, self._searcher_version = Searcher(source), version
            self._vocabulary = _need_vocabulary(source)
        else:
            self._searcher.use(source)
        return self._searcher

    def search(self, query: DeskQuery) -> list[SearchHit]:
        return self.desk_search(query).hits

    def desk_search(self, query: DeskQuery) -> DeskResult:
        """Text, municipality and kinds filtered in the database; several needs are a union.

        With typed words, the list also holds the procedures and departments they name, and the
        prevention/internal items whose *name* holds them even when only client services are
        shown (labelled by the kind column); the other matches of those kinds are counted.
        A driver error (locked, full, damaged) comes as a StorageError.
        """
        with self._reading() as source:
            searcher = self._searcher_for(source)
            need = self._safety_need(searcher, query)
            depth = max(query.limit, SAFETY_POOL) if need else query.limit
            keys = query.need_keys or (None,)
            queries = [SearchQuery(query.text, query.municipality_code, key, query.kinds, depth) for key in keys]
            lists = [searcher.search(q) for q in queries]
            hidden, at_least = 0, False
            other = frozenset(ServiceKind) - query.kinds
            if query.text.strip():
                for q in queries:
                    lists.append(searcher.search_procedures(q, PROCEDURE_LIMIT))
                    lists.append(searcher.search_organizations(q, ORGANIZATION_LIMIT))
                    if other:
                        wider = dataclasses.replace(q, kinds=other)
                        named = [h for h in searcher.search(wider) if h.place <= 1]
                        lists.append(named)
                        counted = searcher.count(wider, at_most=OTHER_KINDS_COUNT_CAP + len(named))
                        at_least = at_least or counted >= OTHER_KINDS_COUNT_CAP + len(named)
                        hidden = max(hidden, counted - len(named))
            merged = merge_hits(lists, len(lists) * max(depth, PROCEDURE_LIMIT))
            return DeskResult(self._safety_first(searcher, query, need, merged)[: query.limit], hidden, at_least)

    def _safety_need(self, searcher: Searcher, query: DeskQuery) -> str | None:
        """The safety need a query asks for (a chosen safety need, or words naming one), if the
        directory knows it; None for any other query."""
        words = self._vocabulary or _need_vocabulary(searcher.sql)  # built with the searcher
        need = safety_first.safety_need(query.text, query.need_keys, words)
        return need if need is not None and searcher.knows_need(need) else None

    def _safety_first(
        self, searcher: Searcher, query: DeskQuery, need: str | None, hits: list[SearchHit]
    ) -> list[SearchHit]:
        """For a safety query (``need``), the lines reachable now first (see app.safety_first);
        any other query keeps its rank. ``hits`` were read ``SAFETY_POOL`` deep for it."""
        if need is None:
            return hits
        on_need = {
            h.service_id
            for h in searcher.search(
                SearchQuery(query.text, query.municipality_code, need, query.kinds, max(query.limit, len(hits)))
            )
        }
        return safety_first.order_for_safety(hits, on_need, query.at or self.clock())

    def detail(self, service_id: int) -> ServiceDetail:
        from dvdesk.domain import directory

        with self.db.read() as session:
            return directory.service_detail(session, service_id)

    def change_count(self) -> object:
        """The database's change counter (every write through dvdesk bumps it)."""
        with self._reading() as source:
            found = source.rows(_CHANGE_COUNT_SQL)
            return found[0][0] if found else None

    def findings(self) -> list[Finding]:
        """Records that break a rule (an old backup, a hand-edited file): named for the counselor."""
        from dvdesk.domain import integrity

        with self.db.read() as session:
            return integrity.scan(session)

    def municipalities(self) -> list[MunicipalityChoice]:
        if (quick := self._quick()) is not None:
            return [MunicipalityChoice(*row) for row in self._plain(quick, _MUNICIPALITIES_SQL)]
        from dvdesk.domain import directory

        with self.db.read() as session:
            return [MunicipalityChoice(m.code, m.name, m.prefecture) for m in directory.municipalities(session)]

    def needs(self, municipality_code: str | None, kinds: Collection[ServiceKind]) -> list[NeedRow]:
        """The need tree, counted exactly as the result list will count it (sub-needs included)."""
        with self._reading() as source:
            searcher = self._searcher_for(source)
            if isinstance(source, PlainRows):  # the quick start: the same tree from plain rows
                tree = need_nodes([_NeedRow(*r) for r in source.rows(_NEEDS_SQL)], {})
            else:
                from dvdesk.domain import directory

                tree = directory.need_tree(source.session)

            def count(key: str) -> int:  # what len(search(...)) would be, without ranking
                return searcher.count(SearchQuery("", municipality_code, key, frozenset(kinds)))

            def row(node: NeedNode) -> NeedRow:
                return NeedRow(
                    node.key,
                    node.label_ja,
                    node.label_en,
                    node.description,
                    count(node.key),
                    tuple(row(c) for c in node.children),
                )

            return [row(n) for n in tree]

    def procedure(self, procedure_id: int) -> ChecklistItem:
        """One procedure as a checklist item (raises NotFound if it is gone or retired)."""
        from dvdesk.domain.checklist import procedure_item
        from dvdesk.domain.models import Procedure

        with self.db.read() as session:
            proc = session.get(Procedure, procedure_id)
            if proc is None or proc.retired:
                raise NotFound(f"procedure {procedure_id}")
            return procedure_item(proc)

    def organization(self, organization_id: int) -> OrganizationView:
        from dvdesk.domain import directory

        with self.db.read() as session:
            return directory.organization_detail(session, organization_id)

    def organizations(self, municipality_code: str | None) -> list[OrganizationView]:
        from dvdesk.domain import directory

        with self.db.read() as session:
            return directory.organizations(session, municipality_code)

    def departments_for(self, municipality_code: str | None) -> tuple[list[OrganizationView], bool]:
        """The departments tab's list, and whether it holds only the national agencies: with no
        municipality chosen in a directory of more than ``ALL_ORGANIZATIONS_LIMIT`` organisations
        (a national one has 57,000) the municipalities' own wait until one is chosen."""
        from sqlalchemy import text

        from dvdesk.domain import directory

        with self.db.read() as session:
            if municipality_code is None:
                total = session.scalar(text("SELECT count(*) FROM organizations WHERE NOT retired")) or 0
                if total > ALL_ORGANIZATIONS_LIMIT:
                    return directory.organizations(session, national_only=True), True
            return directory.organizations(session, municipality_code), False

    def desk_municipality(self) -> str:
        """The municipality chosen for this PC in first-run setup ("" before it)."""
        if (quick := self._quick()) is not None:
            rows = self._plain(quick, _META_SQL, (DESK_MUNICIPALITY,))
            return str(rows[0][0] or "") if rows else ""
        from sqlalchemy import text

        with self.db.read() as session:
            value = session.scalar(text("SELECT value FROM meta WHERE key = :k"), {"k": DESK_MUNICIPALITY})
            return str(value or "")

    # --- what the command line asks (the same reads, without the desk's merging) -----------
    def municipality_code(self, ref: str) -> str:
        """The code of a municipality given by name (高岡市, 高岡) or code; raises NotFound."""
        if self._quick() is not None:  # the same rows and rule as directory.find_municipality
            for m in self.municipalities():
                if names_municipality(ref, m.code, m.name):
                    return m.code
            raise NotFound(f"municipality {ref}")
        from dvdesk.domain import directory

        with self.db.read() as session:
            return directory.find_municipality(session, ref).code

    def knows_need(self, key: str) -> bool:
        with self._reading() as source:
            return self._searcher_for(source).knows_need(key)

    def search_services(self, query: SearchQuery) -> list[SearchHit]:
        """One search as ``dvdesk search`` shows it: services only, in the searcher's ranking
        (safety first, as on the desk, when the query asks for safety)."""
        with self._reading() as source:
            searcher = self._searcher_for(source)
            desk = DeskQuery(
                query.text,
                query.municipality_code,
                (query.need_key,) if query.need_key else (),
                query.kinds,
                query.limit,
            )
            need = self._safety_need(searcher, desk)
            if need is None:
                return searcher.search(query)
            hits = searcher.search(dataclasses.replace(query, limit=max(query.limit, SAFETY_POOL)))
            return self._safety_first(searcher, desk, need, hits)[: query.limit]

    def need_tree(self, municipality_code: str | None = None) -> list[NeedNode]:
        from dvdesk.domain import directory

        with self.db.read() as session:
            return directory.need_tree(session, municipality_code)

    def need_labels(self) -> dict[str, tuple[str, str]]:
        """Every need's (Japanese, English) label by key, for headings and printouts."""
        from dvdesk.domain import directory

        with self.db.read() as session:
            return directory.need_labels(session)

    def service(self, ref: int | str) -> ServiceDetail:
        """One service by id or key (raises NotFound)."""
        from dvdesk.domain import directory

        with self.db.read() as session:
            return directory.service_detail(session, ref)

    def record_counts(self) -> dict[str, int]:
        from dvdesk.domain import directory

        with self.db.read() as session:
            return directory.record_counts(session)

    def schema_revision(self) -> str | None:
        from dvdesk.storage import migrations  # Alembic: imported only when asked

        return migrations.current_revision(self.db.engine)

    def services_of(self, organization: OrganizationView) -> list[SearchHit]:
        """What one department or agency provides, as rows for the same result model."""
        from dvdesk.domain import directory

        with self.db.read() as session:
            return [_hit_for(s, organization) for s in directory.services_of(session, organization.id)]


def _need_vocabulary(source: SqlRows) -> safety_first.NeedVocabulary:
    """Which typed words name which need (synonym groups keyed by a need; see app.safety_first)."""
    rows = tuple(
        (str(g), str(t)) for g, t in source.rows("SELECT group_key, term FROM synonyms ORDER BY group_key, id")
    )
    needs = frozenset(str(k) for (k,) in source.rows("SELECT key FROM needs WHERE NOT retired"))
    return safety_first.vocabulary(rows, needs)


def _hit_for(service: Service, org: OrganizationView) -> SearchHit:
    """The same phone rule as the search: the service's own public line, else the department's
    first public contact with a number; never an internal one."""
    public = [c for c in org.contacts if c.phone and c.confidentiality == Confidentiality.PUBLIC]
    own = service.phone if service.phone and service.confidentiality == Confidentiality.PUBLIC else ""
    phone = own or (public[0].phone if public else "")
    hours = service.schedule if own or service.schedule else (public[0].hours if public else "")
    return SearchHit(
        service_id=service.id,
        name=service.name,
        provider=org.name,
        municipality=service.municipality.name if service.municipality else "",
        kind=ServiceKind.of(service.kind),
        has_phone=bool(service.phone or org.phones),
        phone=phone,
        hours=hours,
        always_open=always_open(hours),
    )
