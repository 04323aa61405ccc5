"""What the counselor's window and the command line ask of the directory, each in its own short read.

No Qt here: the window's models and panes call these functions and only hold the plain records
they return. Every call opens a fresh read snapshot, so an administrator's edit (or a data
package imported on this PC) shows up on the next keystroke without restarting.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dvdesk.domain import directory, integrity
from dvdesk.domain.checklist import ChecklistItem, procedure_item
from dvdesk.domain.directory import DESK_MUNICIPALITY, NeedNode, NotFound, OrganizationView, ServiceDetail
from dvdesk.domain.integrity import Finding
from dvdesk.domain.models import Confidentiality, Procedure, Service, ServiceKind
from dvdesk.domain.search import (
    ORGANIZATION,
    PROCEDURE,
    SERVICE,
    Searcher,
    SearchHit,
    SearchQuery,
    always_open,
)
from dvdesk.storage.db import Database
from dvdesk.storage.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

# Services a client can use first; the plans' prevention and internal measures after them.
KIND_ORDER = {ServiceKind.CLIENT: 0, ServiceKind.PREVENTION: 1, ServiceKind.INTERNAL: 2}
CLIENT_KINDS = frozenset({ServiceKind.CLIENT})
ALL_KINDS = frozenset(ServiceKind)
ITEM_ORDER = {SERVICE: 0, PROCEDURE: 1, ORGANIZATION: 2}
PROCEDURE_LIMIT, ORGANIZATION_LIMIT = 10, 5
URGENCY_NAMED, URGENCY_OTHER = 2, 6  # a safety query: procedures and departments among / after the lines
# Matches of other kinds are counted up to here (the window then says 「…件以上」): counting
# every match of a common word across 1,741 municipalities took longer than a keystroke.
OTHER_KINDS_COUNT_CAP = 1000
ALL_ORGANIZATIONS_LIMIT = 3000  # more than every city's departments; far fewer than a national directory's


@dataclass(frozen=True)
class DeskQuery:
    """One state of the desk: what is typed, which needs are chosen, where, which kinds."""

    text: str = ""
    municipality_code: str | None = None
    need_keys: tuple[str, ...] = ()
    kinds: frozenset[ServiceKind] = CLIENT_KINDS
    limit: int = 200


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


def rank_key(hit: SearchHit, reachable_first: bool = False) -> tuple[int, int, int, int, float, str]:
    """Where the words were found, then client before prevention/internal, then services before
    procedures and departments, then the shorter name; for a safety query, reachability first."""
    urgency = 0
    if reachable_first:  # procedures and departments: with the need's own lines if named by the words
        urgency = hit.urgency if hit.is_service else URGENCY_NAMED if hit.place <= 1 else URGENCY_OTHER
    return (urgency, hit.place, KIND_ORDER[hit.kind], ITEM_ORDER[hit.item], hit.score, hit.name)


def merge_hits(result_lists: Iterable[list[SearchHit]], limit: int, reachable_first: bool = False) -> list[SearchHit]:
    """Union of several searches (one per chosen need, and per kind of item), in one ranking."""
    best: dict[tuple[str, int], SearchHit] = {}
    for hits in result_lists:
        for hit in hits:
            kept = best.get((hit.item, hit.service_id))
            if kept is None or hit.score < kept.score:
                best[(hit.item, hit.service_id)] = hit
    ordered = sorted(best.values(), key=lambda h: rank_key(h, reachable_first))
    return ordered[:limit]


class DeskData:
    def __init__(self, db: Database):
        self.db = db
        self._searcher: Searcher | None = None
        self._searcher_version: object = None

    def _searcher_for(self, session: Session) -> Searcher:
        """The searcher (synonyms and need ids in memory), rebuilt only after the data changed.

        Building one costs more than a search; every write bumps the database's change counter.
        """
        version = session.scalar(text("SELECT value FROM meta WHERE key = 'change_count'"))
        if self._searcher is None or version != self._searcher_version:
            self._searcher, self._searcher_version = Searcher(session), version
        else:
            self._searcher.session = session
        return self._searcher

    def search(self, query: DeskQuery) -> list[SearchHit]:
        return self.desk_search(query).hits

    def desk_search(self, query: DeskQuery) -> DeskResult:
        """See ``_desk_search``; a driver error (locked, full, damaged) comes as a StorageError."""
        try:
            return self._desk_search(query)
        except DBAPIError as exc:
            log.error("search failed in the driver: %s", type(getattr(exc, "orig", exc)).__name__)
            raise DatabaseUnavailable.from_sqlite(self.db.path, exc) from exc

    def _desk_search(self, query: DeskQuery) -> DeskResult:
        """Text, municipality and kinds filtered in the database; several needs are a union.

        With typed words, the list also holds the procedures and departments they name, and the
        prevention/internal items whose *name* holds them even when only client services are
        shown (labelled by the kind column); the other matches of those kinds are counted.
        """
        with self.db.read() as session:
            searcher = self._searcher_for(session)
            keys = query.need_keys or (None,)
            queries = [SearchQuery(query.text, query.municipality_code, key, query.kinds, query.limit)
                       for key in keys]
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
            reachable = any(searcher.reachable_first(q) for q in queries)
            return DeskResult(merge_hits(lists, query.limit, reachable), hidden, at_least)

    def detail(self, service_id: int) -> ServiceDetail:
        with self.db.read() as session:
            return directory.service_detail(session, service_id)

    def findings(self) -> list[Finding]:
        """Records that break a rule (an old backup, a hand-edited file): named for the counselor."""
        with self.db.read() as session:
            return integrity.scan(session)

    def municipalities(self) -> list[MunicipalityChoice]:
        with self.db.read() as session:
            return [MunicipalityChoice(m.code, m.name, m.prefecture)
                    for m in directory.municipalities(session)]

    def needs(self, municipality_code: str | None, kinds: Collection[ServiceKind]) -> list[NeedRow]:
        """The need tree, counted exactly as the result list will count it (sub-needs included)."""
        with self.db.read() as session:
            searcher = self._searcher_for(session)
            tree = directory.need_tree(session)

            def count(key: str) -> int:  # what len(search(...)) would be, without ranking
                return searcher.count(SearchQuery("", municipality_code, key, frozenset(kinds)))

            def row(node: NeedNode) -> NeedRow:
                return NeedRow(node.key, node.label_ja, node.label_en, node.description,
                               count(node.key), tuple(row(c) for c in node.children))

            return [row(n) for n in tree]

    def procedure(self, procedure_id: int) -> ChecklistItem:
        """One procedure as a checklist item (raises NotFound if it is gone or retired)."""
        with self.db.read() as session:
            proc = session.get(Procedure, procedure_id)
            if proc is None or proc.retired:
                raise NotFound(f"procedure {procedure_id}")
            return procedure_item(proc)

    def organization(self, organization_id: int) -> OrganizationView:
        with self.db.read() as session:
            return directory.organization_detail(session, organization_id)

    def organizations(self, municipality_code: str | None) -> list[OrganizationView]:
        with self.db.read() as session:
            return directory.organizations(session, municipality_code)

    def departments_for(self, municipality_code: str | None) -> tuple[list[OrganizationView], bool]:
        """The departments tab's list, and whether it holds only the national agencies: with no
        municipality chosen in a directory of more than ``ALL_ORGANIZATIONS_LIMIT`` organisations
        (a national one has 57,000) the municipalities' own wait until one is chosen."""
        with self.db.read() as session:
            if municipality_code is None:
                total = session.scalar(text("SELECT count(*) FROM organizations WHERE NOT retired")) or 0
                if total > ALL_ORGANIZATIONS_LIMIT:
                    return directory.organizations(session, national_only=True), True
            return directory.organizations(session, municipality_code), False

    def desk_municipality(self) -> str:
        """The municipality chosen for this PC in first-run setup ("" before it)."""
        with self.db.read() as session:
            value = session.scalar(text("SELECT value FROM meta WHERE key = :k"), {"k": DESK_MUNICIPALITY})
            return str(value or "")

    # --- what the command line asks (the same reads, without the desk's merging) -----------
    def municipality_code(self, ref: str) -> str:
        """The code of a municipality given by name (高岡市, 高岡) or code; raises NotFound."""
        with self.db.read() as session:
            return directory.find_municipality(session, ref).code

    def knows_need(self, key: str) -> bool:
        with self.db.read() as session:
            return self._searcher_for(session).knows_need(key)

    def search_services(self, query: SearchQuery) -> list[SearchHit]:
        """One search as ``dvdesk search`` shows it: services only, in the searcher's ranking."""
        with self.db.read() as session:
            return self._searcher_for(session).search(query)

    def need_tree(self, municipality_code: str | None = None) -> list[NeedNode]:
        with self.db.read() as session:
            return directory.need_tree(session, municipality_code)

    def need_labels(self) -> dict[str, tuple[str, str]]:
        """Every need's (Japanese, English) label by key, for headings and printouts."""
        with self.db.read() as session:
            return directory.need_labels(session)

    def service(self, ref: int | str) -> ServiceDetail:
        """One service by id or key (raises NotFound)."""
        with self.db.read() as session:
            return directory.service_detail(session, ref)

    def record_counts(self) -> dict[str, int]:
        with self.db.read() as session:
            return directory.record_counts(session)

    def schema_revision(self) -> str | None:
        from dvdesk.storage import migrations  # Alembic: imported only when asked

        return migrations.current_revision(self.db.engine)

    def services_of(self, organization: OrganizationView) -> list[SearchHit]:
        """What one department or agency provides, as rows for the same result model."""
        with self.db.read() as session:
            return [_hit_for(s, organization) for s in
                    directory.services_of(session, organization.id)]


def _hit_for(service: Service, org: OrganizationView) -> SearchHit:
    """The same phone rule as the search: the service's own public line, else the department's
    first public contact with a number; never an internal one."""
    public = [c for c in org.contacts if c.phone and c.confidentiality == Confidentiality.PUBLIC]
    own = service.phone if service.phone and service.confidentiality == Confidentiality.PUBLIC else ""
    phone = own or (public[0].phone if public else "")
    hours = service.schedule if own or service.schedule else (public[0].hours if public else "")
    return SearchHit(
        service_id=service.id, name=service.name, provider=org.name,
        municipality=service.municipality.name if service.municipality else "",
        kind=ServiceKind.of(service.kind), has_phone=bool(service.phone or org.phones),
        phone=phone, hours=hours, always_open=always_open(hours),
    )
