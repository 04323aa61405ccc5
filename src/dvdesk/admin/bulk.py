"""New records written in bulk: a data package of a region or the whole country (350,000 services).

``apply_changes`` writes changed records through the ORM (``records.Writer``), which costs a
few queries per record: fine for an edit or a city's spreadsheet, about 800 services/s for a
national package. Records that are new to the directory need none of the ORM's bookkeeping:
their ids are taken here, their references resolved from key → id maps built once per kind,
and their rows go in with one Core ``executemany`` per table and chunk. The rows are the ones the
ORM would write (same tables, the models' column defaults), they are handed to the integrity gate
like ORM writes (``integrity.touch``), and each table's row count is checked afterwards: a record
that did not land raises and the caller's transaction is rolled back.

SQLite only: on a server the ids come from sequences, and the ORM path is kept there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, inspect, select, update
from sqlalchemy.orm import Session

from dvdesk.admin.kinds import KINDS, Field, Kind
from dvdesk.admin.records import RecordError, Snapshot
from dvdesk.domain import integrity
from dvdesk.domain.models import ContactPoint, Initiative, Plan
from dvdesk.domain.search_layout import ID_BITS
from dvdesk.storage import driver_rows

MAX_ID = 1 << ID_BITS  # the search index's rowids hold an id below this (``domain.search_layout``)
CHUNK = 20_000  # rows per executemany: bounded memory, few round trips
RECORDS_CHUNK = 5_000  # records whose rows are built and written at once (a national package: 400,000)
CONTACTS = cast(Table, ContactPoint.__table__)
INITIATIVES = cast(Table, Initiative.__table__)


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def usable(session: Session) -> bool:
    return driver_rows.is_sqlite(session)  # the bulk path writes through the driver there


Preset = Callable[[str], dict[str, int]]  # a kind's name → {key: id} (a shipped search index's ids)


class Ids:
    """key → id for every record of every kind: the directory's, then the batch's new ones.

    ``preset``: the ids the exporting PC gave its records (a package with its search index, whose
    rows name them): a kind with no record here yet takes them, so the shipped index fits; any
    other id (a key it lacks, an id given twice) is taken above all of them."""

    def __init__(self, session: Session, preset: Preset | None = None):
        self.s = session
        self.of: dict[str, dict[str, int]] = {}
        for name, kind in KINDS.items():
            col = getattr(kind.model, kind.key_attr)
            self.of[name] = dict(session.execute(select(col, kind.model.id)).all())
        self.of["initiative"] = {
            f"{k}#{n}": i
            for k, n, i in session.execute(select(Plan.key, Initiative.number, Initiative.id).join(Initiative.plan))
        }
        self._next: dict[Table, int] = {}
        self.preset: dict[str, dict[str, int]] = {}
        self._given: dict[Table, set[int]] = {}
        for name in KINDS if preset else ():
            ids = {k: i for k, i in preset(name).items() if 0 < i < MAX_ID} if preset and not self.of[name] else {}
            if ids:
                self.preset[name] = ids
                table = _table(KINDS[name].model)
                self._next[table] = max(ids.values()) + 1  # the table is empty: no id of its own yet
                self._given[table] = set()

    def take(self, table: Table) -> int:
        if table not in self._next:
            self._next[table] = (self.s.scalar(select(func.max(table.c.id))) or 0) + 1
        value = self._next[table]
        self._next[table] = value + 1
        return value

    def take_for(self, kind: Kind, key: str) -> int:
        """A new record's id: the preset one when it has one not given yet, else the next."""
        table = _table(kind.model)
        wanted = self.preset.get(kind.name, {}).get(key)
        given = self._given.get(table)
        if wanted is not None and given is not None and wanted not in given:
            given.add(wanted)
            return wanted
        return self.take(table)

    def resolve(self, target: str, key: str) -> int | None:
        if not key:
            return None
        found = self.of[target].get(key)
        if found is None:
            label = KINDS[target].label if target in KINDS else "計画の取組"
            raise RecordError(f"参照先「{key}」（{label}）が見つかりません")
        return found


def _plain(f: Field, value: Any) -> Any:
    if f.type == "date":
        return dt.date.fromisoformat(value) if value else None
    return value


@cache  # asked per field of each of 350,000 records: the mapping never changes
def _fk(kind_model: Any, attr: str) -> str:
    """The column behind a many-to-one relationship (``municipality`` → ``municipality_id``)."""
    rel: Any = inspect(kind_model).relationships[attr]
    (col,) = rel.local_columns
    return col.key


@cache
def _link(kind_model: Any, attr: str) -> tuple[Table, str, str]:
    """A many-to-many relationship's table and its (this side, other side) columns."""
    rel: Any = inspect(kind_model).relationships[attr]
    (_, mine), (_, theirs) = rel.synchronize_pairs[0], rel.secondary_synchronize_pairs[0]
    return rel.secondary, mine.key, theirs.key


class _Rows:
    """Rows waiting per table, in the order they must be inserted (parents first)."""

    def __init__(self) -> None:
        self.tables: dict[Table, list[dict[str, Any]]] = {}
        self.parents: dict[Table, list[dict[str, Any]]] = {}  # self-references, set after the inserts

    def add(self, table: Table, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)


def add_new(
    session: Session,
    todo: Iterable[tuple[Kind, Snapshot]],
    each_chunk: Callable[[list[tuple[Kind, Snapshot]]], object] | None = None,
    preset: Preset | None = None,
) -> int:
    """Insert the records of ``todo`` (none of which exists yet) in the caller's transaction.
    Returns how many records were written. Raises RecordError for a reference to nothing.

    ``todo`` is iterated twice (every id first: records of the batch refer to each other; then
    the rows): a list, or a re-iterable stream of a package's records in KINDS order (a record
    after what it refers to). Rows are built and written ``RECORDS_CHUNK`` records at a time, so
    memory holds one chunk's rows, not the package's; ``each_chunk`` is called with each chunk
    once its rows are in (the import writes the chunk's history there). ``preset``: see ``Ids``."""
    ids = Ids(session, preset)
    count = 0
    for kind, key, initiatives in _heads(todo):
        ids.of[kind.name][key] = ids.take_for(kind, key)
        count += 1
        for item in initiatives:
            ids.of["initiative"][f"{key}#{item['number']}"] = ids.take(INITIATIVES)
    if not count:
        return 0
    written = _Written(session)
    parents: dict[Table, list[dict[str, Any]]] = {}  # self-references, set after every insert
    chunk: list[tuple[Kind, Snapshot]] = []
    for record in todo:
        chunk.append(record)
        if len(chunk) >= RECORDS_CHUNK:
            _write_chunk(session, chunk, ids, written, parents, each_chunk)
            chunk = []
    _write_chunk(session, chunk, ids, written, parents, each_chunk)
    for table, updates in parents.items():
        session.execute(
            update(table).where(table.c.id == bindparam("row_id")).values(parent_id=bindparam("parent")), updates
        )
    written.check()  # every record landed, or nothing is kept
    session.expire_all()  # collections loaded before (a need's children) now have new members
    return count


def _heads(todo: Iterable[tuple[Kind, Snapshot]]) -> Iterator[tuple[Kind, str, list[Snapshot]]]:
    """Each record's kind, key and plan measures: from ``todo.heads()`` when it has them (a
    package's records, not unpacked for this), else from the records."""
    heads = getattr(todo, "heads", None)
    if heads is not None:
        yield from heads()
        return
    for kind, snap in todo:
        yield kind, snap["key"], snap.get("initiatives", []) if kind.name == "plan" else []


class _Written:
    """Each table's row count before its first insert, and how many rows were sent to it."""

    def __init__(self, session: Session):
        self.s = session
        self.before: dict[Table, int] = {}
        self.sent: dict[Table, int] = {}

    def insert(self, table: Table, table_rows: list[dict[str, Any]]) -> None:
        if table not in self.before:
            self.before[table] = self.s.scalar(select(func.count()).select_from(table)) or 0
            self.sent[table] = 0
        for start in range(0, len(table_rows), CHUNK):
            driver_rows.insert_rows(self.s, table, table_rows[start : start + CHUNK])
        self.sent[table] += len(table_rows)

    def check(self) -> None:
        for table, sent in self.sent.items():
            after = self.s.scalar(select(func.count()).select_from(table)) or 0
            if after - self.before[table] != sent:
                raise RecordError(f"{table.name}: {sent}件のうち{after - self.before[table]}件しか書き込めませんでした")


def _write_chunk(
    session: Session,
    chunk: list[tuple[Kind, Snapshot]],
    ids: Ids,
    written: _Written,
    parents: dict[Table, list[dict[str, Any]]],
    each_chunk: Callable[[list[tuple[Kind, Snapshot]]], object] | None,
) -> None:
    if not chunk:
        return
    rows = _Rows()
    rows.parents = parents
    for kind, snap in chunk:
        _record_rows(kind, snap, ids, rows)
    # Tables in insert order; earlier chunks hold earlier kinds, so what a row refers to is in.
    for table, table_rows in sorted(rows.tables.items(), key=lambda item: _rank(item[0])):
        written.insert(table, table_rows)
    for kind, snap in chunk:
        integrity.touch(session, kind.table, ids.of[kind.name][snap["key"]])
    if each_chunk is not None:
        each_chunk(chunk)


def _rank(table: Table) -> int:
    """Insert order: the kinds' own tables in KINDS order (a service after its organisation),
    then contacts and initiatives, then the link tables that point at all of them."""
    order = [_table(k.model) for k in KINDS.values()] + [CONTACTS, INITIATIVES]
    return order.index(table) if table in order else len(order)


class _Steps:
    """How a kind's snapshot becomes rows, worked out once per kind (not per field of 350,000
    records): its plain fields as (name, empty value, column), its dates likewise, and the fields
    that make references or rows of other tables."""

    def __init__(self, kind: Kind):
        model: Any = kind.model
        self.plain: list[tuple[str, Any, str]] = []
        self.dates: list[tuple[str, str]] = []
        self.other: list[tuple[Field, Any]] = []
        for f in kind.fields:
            if f.type == "date":
                self.dates.append((f.name, f.orm))
            elif f.type in ("ref", "refs", "items"):
                self.other.append((f, f.empty()))
                if f.type == "ref":
                    _fk(model, f.orm)
                elif f.type == "refs":
                    _link(model, f.orm)
            else:
                self.plain.append((f.name, f.empty(), f.orm))


@cache
def _steps(name: str) -> _Steps:
    return _Steps(KINDS[name])


def _record_rows(kind: Kind, snap: Snapshot, ids: Ids, rows: _Rows) -> None:
    model: Any = kind.model
    table = _table(model)
    row_id = ids.of[kind.name][snap["key"]]
    row: dict[str, Any] = {"id": row_id, kind.key_attr: snap["key"]}
    steps = _steps(kind.name)
    get = snap.get  # a missing field is its empty value (``Field.empty``), as the ORM path writes it
    for name, empty, column in steps.plain:
        row[column] = get(name, empty)
    for name, column in steps.dates:
        value = get(name)
        row[column] = dt.date.fromisoformat(value) if value else None
    for f, empty in steps.other:
        value = get(f.name, empty)
        if f.type == "ref" and f.target == kind.name:  # a parent in the same table
            row[_fk(model, f.orm)] = None
            if value:
                parent = ids.resolve(f.target, value)
                if parent == row_id:
                    raise RecordError(f"「{f.label}」に自分自身は指定できません")
                rows.parents.setdefault(table, []).append({"row_id": row_id, "parent": parent})
        elif f.type == "ref":
            row[_fk(model, f.orm)] = ids.resolve(f.target, value)
        elif f.type == "refs":
            link, mine, theirs = _link(model, f.orm)
            for key in dict.fromkeys(value):
                rows.add(link, {mine: row_id, theirs: ids.resolve(f.target, key)})
        elif f.name == "contacts":
            for item in value:
                rows.add(
                    CONTACTS,
                    {
                        "id": ids.take(CONTACTS),
                        "organization_id": row_id,
                        **{sub.orm: item[sub.name] for sub in f.items},
                    },
                )
        elif f.name == "initiatives":
            _initiative_rows(f, snap["key"], row_id, value, ids, rows)
    rows.add(table, row)


def _initiative_rows(f: Field, plan_key: str, plan_id: int, items: list[Snapshot], ids: Ids, rows: _Rows) -> None:
    for order, item in enumerate(items):
        ini_id = ids.of["initiative"][f"{plan_key}#{item['number']}"]
        row: dict[str, Any] = {"id": ini_id, "plan_id": plan_id, "sort_order": order}
        for sub in f.items:
            if sub.type == "refs":
                link, mine, theirs = _link(Initiative, sub.orm)
                for key in dict.fromkeys(item[sub.name]):
                    rows.add(link, {mine: ini_id, theirs: ids.resolve(sub.target, key)})
            else:
                row[sub.orm] = _plain(sub, item[sub.name])
        rows.add(INITIATIVES, row)
