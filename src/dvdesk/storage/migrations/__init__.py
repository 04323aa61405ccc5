"""Alembic, run from inside the app: every database is created and upgraded by migrations.

A database whose revision this dvdesk does not know was written by a newer dvdesk and is refused
(``SchemaTooNew``) rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import cast

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from dvdesk.storage.errors import SchemaTooNew

HERE = Path(__file__).parent


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(config()).walk_revisions()}


def needs_upgrade(engine: Engine) -> bool:
    """True for an existing database at an older revision (a new, empty one is just created)."""
    current = current_revision(engine)
    known = {s.revision for s in ScriptDirectory.from_config(config()).walk_revisions()}
    return current in known and current != head_revision()


def _ensure_transaction(conn: Connection) -> None:
    """Make DDL part of the transaction on any engine.

    dvdesk's own engine issues BEGIN itself (see ``storage.db``); a plain SQLAlchemy engine leaves
    pysqlite in its default mode, which runs CREATE/DROP outside any transaction, so a crash
    half-way through a migration would keep some new tables under the old revision number.
    """
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL: DDL is transactional and SQLAlchemy has begun the transaction
    dbapi = cast("sqlite3.Connection", conn.connection.dbapi_connection)  # migrations run on pysqlite
    if not dbapi.in_transaction:
        conn.exec_driver_sql("PRAGMA journal_mode = WAL")  # as storage.db: a crash leaves no hot journal
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the database to ``target`` in one transaction."""
    current = current_revision(engine)
    script = ScriptDirectory.from_config(config())
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        raise SchemaTooNew(Path(engine.url.database or ""), f"revision {current}")
    if current == head_revision() and target == "head":
        return
    with engine.begin() as conn:
        _ensure_transaction(conn)
        command.upgrade(config(conn), target)


def downgrade(engine: Engine, target: str) -> None:
    with engine.begin() as conn:
        _ensure_transaction(conn)
        command.downgrade(config(conn), target)
