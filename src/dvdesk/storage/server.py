"""Shared mode: the same database on a PostgreSQL server (one directory for a city's desks).

``--db`` / ``DVDESK_DB`` take ``postgresql://user@host:5432/dvdesk`` or, keeping the password
off the command line, ``postgresql:///dvdesk?service=dvdesk`` (a libpq service file,
``~/.pg_service.conf`` or ``PGSERVICEFILE``, with the password in ``~/.pgpass``). The driver is
psycopg 3. SQLite stays the default; nothing here runs for a single desk.

What differs from SQLite is kept here and in ``storage.pg_search``: no PRAGMAs, WAL, quick_check or
file-copy backups (the server's own ``pg_dump``, see ``admin server-backup``); errors of the server
(unreachable, refused by a role's grants) get their own one-line messages.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from dvdesk.storage.errors import DatabaseUnavailable, PermissionRefused, ServerUnavailable, StorageError
from dvdesk.storage.uri import SCHEMES as SCHEMES  # here before; in uri so a desk can tell without SQLAlchemy
from dvdesk.storage.uri import is_server_url as is_server_url


def sqlalchemy_url(text: str) -> URL:
    """``postgresql://…`` as SQLAlchemy's URL for psycopg 3 (SQLAlchemy's default is psycopg2)."""
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise ServerUnavailable(Path("postgresql"), f"bad URL: {exc}") from None
    return url.set(drivername="postgresql+psycopg")


def display(text: str) -> str:
    """The URL as shown to a user or written to a log: never its password."""
    try:
        return sqlalchemy_url(text).render_as_string(hide_password=True).replace("+psycopg", "")
    except StorageError:
        return "postgresql://…"


def without_password(text: str) -> tuple[str, dict[str, str]]:
    """The URL for a child's command line (``pg_dump``), and the environment that carries its password
    instead: a command line is readable by every user of the PC (``ps``), an environment by its owner."""
    try:
        url = make_url(text)
    except ArgumentError:
        return text, {}
    secret = url.password or url.query.get("password")
    if not secret:
        return text, {}
    bare = url.difference_update_query(["password"])._replace(password=None)  # (``set`` keeps a None unchanged)
    return bare.render_as_string(hide_password=False), {"PGPASSWORD": str(secret)}


def make_engine(text: str) -> Engine:
    # A short connect timeout: an unreachable server is said so within seconds, not after minutes.
    return create_engine(
        sqlalchemy_url(text),
        future=True,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 5, "application_name": "dvdesk"},
    )


def storage_error(where: Path, exc: Exception) -> StorageError:
    """A server failure as a StorageError with a one-line message (see ``storage.errors``)."""
    orig = getattr(exc, "orig", exc)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if sqlstate == "42501":  # insufficient_privilege: the role's grants refuse it
        return PermissionRefused(where, detail)
    if (
        sqlstate.startswith("08")
        or sqlstate == ""
        or sqlstate.startswith("57P")
        or sqlstate == "28P01"
        or sqlstate == "28000"
        or sqlstate == "3D000"
    ):
        return ServerUnavailable(where, detail)
    return DatabaseUnavailable(where, detail)
