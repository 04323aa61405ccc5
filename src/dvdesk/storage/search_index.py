"""The full-text index behind search: one FTS5 row per service that counselors may see.

Rows hold bigram tokens (see ``dvdesk.domain.japanese``) in four columns: the service's name,
its provider, the rest of its public text, and tag tokens for municipality and needs. Secret
fields (a shelter's location) and staff notes are never indexed.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from dvdesk.domain.japanese import index_tokens
from dvdesk.domain.models import Need, Organization, Service
from dvdesk.domain.search import municipality_tag, need_tag

FTS_TABLE = "search_fts"
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
    "USING fts5(name, org, body, tags, tokenize='unicode61 remove_diacritics 0')"
)


def _need_with_ancestors(need: Need) -> list[Need]:
    chain = []
    node: Need | None = need
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def row_for(service: Service) -> tuple[str, str, str, str]:
    org: Organization | None = service.organization
    needs = {n for need in service.needs for n in _need_with_ancestors(need)}
    body_parts = [
        service.discreet_name,
        service.description,
        service.access,
        service.schedule,
        service.eligibility,
        service.what_to_bring,
        service.cost,
        " ".join(service.languages or []),
        " ".join(f"{n.label_ja} {n.label_en}" for n in needs),
        " ".join(f"{i.label} {i.title} {i.content}" for i in service.initiatives),
        org.parent.name if org and org.parent else "",
    ]
    code = service.municipality.code if service.municipality else None
    tags = [municipality_tag(code)] + [need_tag(n.id) for n in needs]
    return (
        index_tokens(service.name),
        index_tokens(org.name if org else ""),
        index_tokens(" ".join(p for p in body_parts if p)),
        " ".join(tags),
    )


def rebuild(session: Session) -> int:
    """Rewrite the whole index from the services table, in the caller's transaction."""
    session.execute(text(CREATE_FTS))
    session.execute(text(f"DELETE FROM {FTS_TABLE}"))
    services = session.scalars(
        select(Service)
        .where(Service.retired.is_(False))
        .options(
            selectinload(Service.needs).selectinload(Need.parent),
            selectinload(Service.initiatives),
            selectinload(Service.organization).selectinload(Organization.parent),
            selectinload(Service.municipality),
        )
    ).all()
    insert = text(f"INSERT INTO {FTS_TABLE}(rowid, name, org, body, tags) VALUES (:id, :n, :o, :b, :t)")
    rows = []
    for service in services:
        name, org, body, tags = row_for(service)
        rows.append({"id": service.id, "n": name, "o": org, "b": body, "t": tags})
    if rows:
        session.execute(insert, rows)
    return len(rows)


def refresh(session: Session, service: Service) -> None:
    """Re-index one service after an edit (or drop it if it was retired)."""
    session.flush()
    session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": service.id})
    if not service.retired:
        name, org, body, tags = row_for(service)
        session.execute(
            text(f"INSERT INTO {FTS_TABLE}(rowid, name, org, body, tags) VALUES (:id, :n, :o, :b, :t)"),
            {"id": service.id, "n": name, "o": org, "b": body, "t": tags},
        )
