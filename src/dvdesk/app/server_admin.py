"""Shared mode for the administrator's commands (``dvdesk server-setup``): the database side."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from dvdesk.domain.models import Service
from dvdesk.storage import db as storage_db
from dvdesk.storage import schema_revision, server, server_setup


@dataclass(frozen=True)
class SetupReport:
    location: str  # the URL without its password
    revision: str | None
    services: int
    roles: tuple[str, str] = (server_setup.COUNSELOR_ROLE, server_setup.ADMIN_ROLE)


def set_up(url: str) -> SetupReport:
    """Migrate, load, index and grant (``storage.server_setup.prepare``); what the server now holds."""
    db = server_setup.prepare(url)
    try:
        with db.read() as session:
            services = int(session.scalar(select(func.count()).select_from(Service)) or 0)
    finally:
        db.close()
    return SetupReport(server.display(url), schema_revision.head_revision(), services)


def close_servers() -> None:
    """Close every server connection this process opened (the end of a command)."""
    storage_db.close_servers()
