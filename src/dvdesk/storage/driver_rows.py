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

from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Column, Table, TextClause, insert
from sqlalchemy.orm import Session

Processor = Callable[[Any], Any] | None
_NOTHING = object()  # no value processed yet


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
    columns = [*named, *defaulted]
    sql = (
        f'INSERT INTO "{table.name}" ({", ".join(dialect.identifier_preparer.quote(c.name) for c in columns)}) '
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    session.connection().exec_driver_sql(sql, _params(dialect, keys, named, defaulted, rows))


def _params(
    dialect: Any,
    keys: list[str],
    named: list[Column[Any]],
    defaulted: list[Column[Any]],
    rows: Sequence[dict[str, Any]],
) -> list[tuple[Any, ...]]:
    """Each row's values in ``keys`` order, then the defaults, through the columns' bind processors.
    Only the columns that have one are processed (a service's 30 columns: 3 — a date, a flag, a
    JSON list); a scalar default is processed once, a callable one is called for every row, as
    SQLAlchemy does (``list``: a fresh list each)."""
    processed = [(i, p) for i, c in enumerate(named) if (p := _processor(dialect, c)) is not None]
    fixed: list[Any] = []
    called: list[tuple[int, Callable[[Any], Any], Processor]] = []
    for c in defaulted:
        d: Any = c.default
        process = _processor(dialect, c)
        if d.is_callable:
            called.append((len(named) + len(fixed), d.arg, process))
            fixed.append(None)
        else:
            fixed.append(process(d.arg) if process else d.arg)
    get = itemgetter(*keys)
    values: Iterable[Any] = map(get, rows) if len(keys) > 1 else ((get(row),) for row in rows)
    if not processed and not fixed:
        return list(values)
    out: list[tuple[Any, ...]] = []
    # The last value each processor saw and what it made of it: a flag is True or False, an
    # import's history rows share one time — the same object gives the same stored value.
    last: list[tuple[Any, Any]] = [(_NOTHING, None)] * len(processed)
    for value in values:
        row = [*value, *fixed]
        for n, (i, process) in enumerate(processed):
            seen, made = last[n]
            if row[i] is not seen:
                made = process(row[i])
                last[n] = (row[i], made)
            row[i] = made
        for i, make, process in called:
            row[i] = process(make(None)) if process else make(None)
        out.append(tuple(row))  # SQLAlchemy takes tuples or dicts
    return out


def _processor(dialect: Any, column: Column[Any]) -> Processor:
    return cast(Processor, column.type.dialect_impl(dialect).bind_processor(dialect))


def execute_many(session: Session, statement: TextClause, rows: Sequence[dict[str, Any]]) -> None:
    """A plain ``INSERT … VALUES (:name, …)`` for every row: at the driver on SQLite (sqlite3 takes
    the ``:name`` parameters of dicts itself), through SQLAlchemy on a server (another paramstyle)."""
    if not rows:
        return
    if is_sqlite(session):
        session.connection().exec_driver_sql(statement.text, list(rows))
    else:
        session.execute(statement, list(rows))
