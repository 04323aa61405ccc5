"""What the counselor's window and the command line ask of the directory, each in its own short read.

No Qt here: the window's models and panes call these functions and only hold the plain records
they return. Every call opens a fresh read snapshot, so an administrator's edit (or a data
package imported on this PC) shows up on the next keystroke without restarting.

``DeskData`` is this module's reads (details, departments, municipalities, the command line's
lookups) over ``DeskSearch`` (``app.desk_search``: the list, the need tree's counts) over
``DeskReads`` (``app.desk_reads``: the read snapshots and the kept searcher); the desk's query and
the list's order are ``app.desk_query``. Every name callers used is still importable from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# The desk's query was in this module: callers import its names from here still ("X as X").
from dvdesk.app.desk_query import ALL_KINDS as ALL_KINDS
from dvdesk.app.desk_query import ALL_ORGANIZATIONS_LIMIT, MunicipalityChoice
from dvdesk.app.desk_query import CLIENT_KINDS as CLIENT_KINDS
from dvdesk.app.desk_query import OTHER_KINDS_COUNT_CAP as OTHER_KINDS_COUNT_CAP
from dvdesk.app.desk_query import DeskQuery as DeskQuery
from dvdesk.app.desk_query import DeskResult as DeskResult
from dvdesk.app.desk_query import NeedRow as NeedRow
from dvdesk.app.desk_query import merge_hits as merge_hits
from dvdesk.app.desk_query import rank_key as rank_key
from dvdesk.app.desk_search import DeskSearch
from dvdesk.domain.directory_views import (
    DESK_MUNICIPALITY,
    NotFound,
    names_municipality,
)
from dvdesk.domain.record_kinds import Confidentiality, ServiceKind
from dvdesk.domain.search import SearchHit, always_open

if TYPE_CHECKING:
    from dvdesk.domain.checklist import ChecklistItem
    from dvdesk.domain.detail_views import OrganizationView, ServiceDetail  # made by domain.directory
    from dvdesk.domain.integrity import Finding
    from dvdesk.domain.models import Service

# The quick start's plain reads (storage.start_open): the same rows as directory.municipalities
# and the meta read below.
_MUNICIPALITIES_SQL = "SELECT code, name, prefecture FROM municipalities WHERE NOT retired ORDER BY code"
_META_SQL = "SELECT value FROM meta WHERE key = ?"


class DeskData(DeskSearch):
    """``db``: the ordinary ``Database``, or the desk's quick start (``StartDatabase``), whose plain
    connection answers what the first paint reads until SQLAlchemy is built (``db`` builds it)."""

    def detail(self, service_id: int) -> ServiceDetail:
        from dvdesk.domain import directory

        with self.db.read() as session:
            return directory.service_detail(session, service_id)

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

    def client_service(self, ref: int | str) -> ServiceDetail | None:
        """What a client may be shown of one service on a screen (``dvdesk show --client``), or None.
        Raises ``disclosure.ProviderPlaceOnCopy`` when its provider provides a shelter and the texts
        shown carry its place: the gate refuses that; this is for a file that got past it."""
        from dvdesk.domain import directory
        from dvdesk.domain.disclosure import Audience, for_client_view, no_place_shown
        from dvdesk.domain.integrity_providers import shelter_providers

        with self.db.read() as session:
            detail = directory.service_detail(session, ref)
            providers = shelter_providers(session)
        shown = for_client_view(detail)
        if shown is not None and shown.provider is not None and detail.provider is not None:
            if detail.provider.key in providers:
                no_place_shown(detail.provider, shown.provider, Audience.CLIENT, refused="表示しません")
        return shown

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
