"""A procedure or a service found on the desk, as an item of the checklist that is open.

The desk's results may come from any municipality (全市区町村, a national line, another town the
counselor looked at); a checklist is made for one. A procedure of another municipality is not
added to it (its department, its rules are another town's), nor a service of another town; the
national lines and the municipality's own records are. What the counselor is told is the message
of ``NotHere``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from dvdesk.domain.checklist import procedure_item, service_item
from dvdesk.domain.checklist_values import ChecklistItem
from dvdesk.domain.directory import find_municipality
from dvdesk.domain.directory_views import NotFound
from dvdesk.domain.models import Procedure, Service
from dvdesk.domain.search_records import PROCEDURE, SERVICE


class NotHere(ValueError):
    """A record of another municipality than the checklist's; ``str()`` is Japanese."""


def desk_item(session: Session, municipality_code: str, item: str, record_id: int) -> ChecklistItem:
    """The procedure or service ``record_id`` (``item``: ``search_records.PROCEDURE`` or
    ``SERVICE``) as a checklist item for ``municipality_code``; raises ``NotFound`` when it is
    gone or retired, ``NotHere`` when it belongs to another municipality."""
    municipality = find_municipality(session, municipality_code)
    record: Procedure | Service | None = None
    if item == PROCEDURE:
        record = session.get(Procedure, record_id)
    elif item == SERVICE:
        record = session.get(Service, record_id)
    if record is None or record.retired:
        raise NotFound(f"{item} {record_id}")
    if record.municipality_id not in (None, municipality.id):
        raise NotHere(
            f"「{record.name}」は{municipality.name}以外の市区町村のものです。"
            f"{municipality.name}のチェックシートには追加できません。"
        )
    return procedure_item(record) if isinstance(record, Procedure) else service_item(session, record.id)
