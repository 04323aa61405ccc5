"""Where the search's SQL runs: through a SQLAlchemy session, or on a plain ``sqlite3`` connection
(the desk's quick start, ``storage.start_open``, before SQLAlchemy is imported).

The search writes its SQL once, as text with ``:name`` parameters, which both run as they are.
``rows`` returns plain tuples either way.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from sqlalchemy import TextClause
    from sqlalchemy.orm import Session


class SqlRows(Protocol):
    dialect: str  # "sqlite" or "postgresql"

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]: ...


class SessionRows:
    """A session's reads (its transaction, its engine: SQLite or a PostgreSQL server).

    ``read_only``: the session only reads (nothing to flush), so on SQLite its statements run on
    the session's own ``sqlite3`` connection, in its transaction, without SQLAlchemy's per-row
    result objects (a fifth to a third of a keystroke at 350,000 services). A driver error then
    comes as ``sqlite3.Error``, not wrapped: the reader says what it means (``app.desk_reads``).
    """

    def __init__(self, session: Session, read_only: bool = False) -> None:
        self.session = session
        self.dialect: str = session.get_bind().dialect.name
        self._driver = read_only and self.dialect == "sqlite"

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        if (con := self.driver_connection()) is not None:
            return con.execute(sql, dict(params or {})).fetchall()
        return [tuple(r) for r in self.session.execute(_clause(sql), dict(params or {}))]

    def driver_connection(self) -> sqlite3.Connection | None:
        """The ``sqlite3`` connection ``read_only`` rows run on (in the session's transaction, begun
        if it was not yet), else None."""
        if not self._driver:
            return None
        return cast(sqlite3.Connection, self.session.connection().connection.driver_connection)


class PlainRows:
    """A plain SQLite connection's reads (the caller holds its read transaction)."""

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, dict(params or {})).fetchall()


@functools.lru_cache(maxsize=256)
def _clause(sql: str) -> TextClause:
    from sqlalchemy import text

    return text(sql)


def rows_of(source: Session | SqlRows) -> SqlRows:
    """A session is wrapped; a ``SqlRows`` (a plain connection's) is used as it is."""
    return cast(SqlRows, source) if hasattr(source, "rows") else SessionRows(source)
