"""Many rows into one table at the driver: a bulk import's executemany without SQLAlchemy's per-row work.

``session.execute(insert(table), rows)`` compiles once but then builds each row's parameters in
Python (``construct_params``: defaults, type processors, a dict per row) — about a sixth of a
national import's CPU. Here that work is done once per table: the columns' Python defaults and
bind processors (a date to text, a list to JSON) are looked up once and applied in a tight loop,
and the tuples go to ``cursor.executemany``. The stored values are the ones SQLAlchemy would
store (a test compares the two row by row). SQLite only (its ``?`` paramstyle); on a server, and
for rows whose keys differ, the rows go through SQLAlchemy as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, TextClause, insert
from sqlalchemy.orm import Session

Processor = Callable[[Any], Any] | None


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT every row of ``rows`` (dicts of column key → value) into ``table``, in the session's
    transaction. Columns a row does not name get their Python default, as with ``insert(table)``."""
    if not rows:
        return
    keys = list(rows[0])
    if not is_sqlite(session) or any(len(row) != len(keys) for row in rows):
        session.execute(insert(table), list(rows))
        return
    dialect = session.get_bind().dialect
    named = [table.c[k] for k in keys]
    defaulted = [c for c in table.columns if c.key not in rows[0] and c.default is not None]
    if any(not (d.is_scalar or d.is_callable) for c in defaulted if (d := c.default) is not None):
        session.execute(insert(table), list(rows))  # a SQL expression as default: SQLAlchemy's job
        return
    processors: list[Processor] = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in named]
    extra_processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in defaulted]
    columns = [*named, *defaulted]
    sql = (
        f'INSERT INTO "{table.name}" ({", ".join(dialect.identifier_preparer.quote(c.name) for c in columns)}) '
        f"VALUES ({', '.join('?' * len(columns))})"
    )

    def defaults() -> list[Any]:
        # A callable default is called once per row, as SQLAlchemy does (``list``: a fresh list each).
        values = []
        for c, process in zip(defaulted, extra_processors, strict=True):
            d: Any = c.default
            value = d.arg(None) if d.is_callable else d.arg
            values.append(process(value) if process else value)
        return values

    plain = all(p is None for p in processors) and not defaulted
    if plain:
        params: list[tuple[Any, ...]] = [tuple(row[k] for k in keys) for row in rows]
    else:
        params = [
            (
                *(p(row[k]) if p else row[k] for k, p in zip(keys, processors, strict=True)),
                *(defaults() if defaulted else ()),
            )
            for row in rows
        ]
    session.connection().exec_driver_sql(sql, params)


def execute_many(session: Session, statement: TextClause, rows: Sequence[dict[str, Any]]) -> None:
    """A plain ``INSERT … VALUES (:name, …)`` for every row: at the driver on SQLite (sqlite3 takes
    the ``:name`` parameters of dicts itself), through SQLAlchemy on a server (another paramstyle)."""
    if not rows:
        return
    if is_sqlite(session):
        session.connection().exec_driver_sql(statement.text, list(rows))
    else:
        session.execute(statement, list(rows))
