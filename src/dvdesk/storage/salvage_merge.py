"""Carrying the casework read out of a damaged file (``salvage.read``) into the recovered database.

The damaged file is the newer state: each row read from it goes in, replacing the recovered copy
of the same row (a backup's older status of the same referral), or added when the recovered
database lacks it. The same row means the same id and the same creation time (a referral, a
status move), the same id and referral (a target), or the same natural key (a need of a referral,
a month's count). A row whose id the recovered database gives to another row gets a new id, and
its children follow. Links to the directory go by the record's key (the recovered directory may be
the bundled one, numbered differently); a link that cannot be made is left empty — the names are
copied on the row, so the log reads the same. A child row whose referral is neither readable nor
in the recovered database cannot go in: it is counted (``stranded``), never dropped silently.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from dvdesk.storage import referral_numbers
from dvdesk.storage.salvage import Casework, TableRead

log = logging.getLogger(__name__)

# table -> the columns that say two rows are the same row (id first when the table has one)
_SAME = {
    "referrals": ("id", "created_at"),
    "referral_needs": ("referral_id", "need_key"),
    "referral_targets": ("id", "referral_id"),
    "referral_events": ("id", "referral_id", "created_at"),
    "consultation_counts": ("month", "department", "need_key", "channel", "dv"),
}
_TOWN_CELL = ("month", "municipality", "department", "dv")
_NAMED_CELL = ("month", "department", "dv")  # a file from before migration 0012 names its departments only
_LINKS = {"service_id": "services", "organization_id": "organizations"}
_NAMED_BY = {"service_id": "service_name", "organization_id": "department"}  # the name a row copies beside its link
Link = Callable[[int, object], int | None]  # (old id, the name the row copies) -> id in the recovered database


@dataclass
class Carried:
    """What the recovery did with the damaged file's casework, table by table."""

    read: Counter[str] = field(default_factory=Counter)  # rows read
    newer: Counter[str] = field(default_factory=Counter)  # of those, added or changed in the recovered database
    stranded: Counter[str] = field(default_factory=Counter)  # read, but their referral could not be read
    refused: Counter[str] = field(default_factory=Counter)  # read, but the recovered database would not take them
    deleted: Counter[str] = field(default_factory=Counter)  # rows of the backup deleted after it, left out
    replayed: set[int] = field(default_factory=set)  # referrals whose status was brought up to their moves
    unreadable: dict[str, int | None] = field(default_factory=dict)  # rows that could not be read (None: unknown)
    lost: dict[str, int | None] = field(default_factory=dict)  # of those, not in the recovered database either
    refused_referrals: list[tuple[int, str]] = field(default_factory=list)  # (id, created_at) of those refused
    superseded: Counter[str] = field(default_factory=Counter)  # read, left out: the backup's month is newer
    # of those, a count whose cell (read from the index) the recovered database holds: the backup's number
    from_backup: Counter[str] = field(default_factory=Counter)


def carry(conn: Connection, cw: Casework, same_file: bool, later: bool | None = None) -> Carried:
    """Put every readable casework row of ``cw`` into the database of ``conn`` (one transaction, the
    caller's). ``same_file``: the recovered database is a backup of the damaged file (its directory
    ids are the same rows), not the bundled directory. ``later``: the damaged file was written after
    that backup (its change counter is not behind; None: not known). Only then can a referral missing
    from it have been deleted since (an emptied or refilled file says nothing of the kind); a file known
    to be older does not replace a month of counts, and a referral row replaces the backup's copy only
    when its version is not behind."""
    out = Carried()
    links = {col: _link(conn, cw, table, same_file) for col, table in _LINKS.items()}
    towns = _towns(conn)
    refs = cw.tables.get("referrals")
    other = _another_referral(conn, cw)
    if refs is not None and refs.exact and later is True:
        _drop_deleted(conn, refs, cw.tables.get("referral_events"), other, out)
    have_refs = {int(i) for (i,) in conn.exec_driver_sql("SELECT id FROM referrals")} - other
    # The damaged file's numbers stay given (its note, every id read): a referral renumbered goes above them.
    read = [int(str(r["id"])) for r in refs.rows] + sorted(refs.unreadable_ids) if refs is not None else []
    referral_numbers.note(_run(conn), max([cw.given, *read]))
    referral_ids: dict[int, int] = {}
    for name in ("referrals", "referral_needs", "referral_targets", "referral_events", "consultation_counts"):
        t = cw.tables.get(name)
        if t is None:
            continue
        have = {int(i) for (i,) in conn.exec_driver_sql(f'SELECT rowid FROM "{name}"')}
        have -= other if name == "referrals" else set()
        columns = _columns(conn, name)
        if name == "consultation_counts":
            _carry_counts(conn, t, columns, links["organization_id"], towns, out, replace=later is not False)
        for row in t.rows if name != "consultation_counts" else ():
            out.read[name] += 1
            try:
                with conn.begin_nested():  # a row that cannot go in costs that row, counted
                    _carry_row(conn, name, row, columns, links, towns, referral_ids, have_refs, out)
            except (SQLAlchemyError, ValueError, TypeError) as exc:
                log.warning("salvage: a row of %s could not be carried: %s", name, type(exc).__name__)
                out.refused[name] += 1
                if name == "referrals":
                    out.refused_referrals.append((int(str(row["id"])), str(row["created_at"])))
        out.unreadable[name] = t.unreadable
        gone = t.unreadable_ids - have if _SAME[name][0] == "id" else t.unreadable_ids  # rowids, not ids
        if name == "consultation_counts":
            held = _held_cells(conn, t, columns, links["organization_id"], towns)
            out.from_backup[name] = len(held)
            gone -= held
        elif name == "referral_needs":
            gone -= _held_needs(conn, t, referral_ids, have_refs)
        out.lost[name] = len(gone) if t.exact else None
    for referral_id in sorted(out.replayed):
        _status_from_moves(conn, referral_id)
    return out


def _held_needs(conn: Connection, t: TableRead, referral_ids: dict[int, int], have_refs: set[int]) -> set[int]:
    """Rowids of the unreadable needs of a referral whose need (named by the table's key index) the
    recovered database holds: the backup's, the same row."""
    held = {(int(r), str(k)) for r, k in conn.exec_driver_sql("SELECT referral_id, need_key FROM referral_needs")}
    out = set()
    for rowid, key in t.unreadable_keys.items():
        if "referral_id" in key and "need_key" in key:
            old = int(str(key["referral_id"]))
            ref = referral_ids.get(old, old if old in have_refs else None)
            if ref is not None and (ref, str(key["need_key"])) in held:
                out.add(rowid)
    return out


def _another_referral(conn: Connection, cw: Casework) -> set[int]:
    """Ids of referrals whose row the damaged file could not read, that the recovered database gives
    to a referral none of whose status moves the damaged file holds. A move goes only with its
    referral, so the damaged file's referral of that id is another one: made after the backup's was
    deleted (SQLite gives a deleted highest id again), or another desk's. Its moves must not go to the
    backup's referral (a deleted one would come back with another's status); they are stranded."""
    refs, events = cw.tables.get("referrals"), cw.tables.get("referral_events")
    if refs is None or events is None or not events.exact or not refs.unreadable_ids:
        return set()
    read = {(int(str(e["id"])), int(str(e["referral_id"])), str(e["created_at"])) for e in events.rows}
    moves: dict[int, list[tuple[int, str]]] = {}
    for move_id, referral_id, created in conn.exec_driver_sql(
        "SELECT id, referral_id, created_at FROM referral_events"
    ):
        moves.setdefault(int(referral_id), []).append((int(move_id), str(created)))
    return {
        ref
        for ref in refs.unreadable_ids
        if moves.get(ref) and not any((i, ref, c) in read or i in events.unreadable_ids for i, c in moves[ref])
    }


def _drop_deleted(conn: Connection, refs: TableRead, events: TableRead | None, other: set[int], out: Carried) -> None:
    """Referrals of the backup the damaged file no longer holds were deleted after it (a referral
    entered by mistake, or purged): they stay deleted. Known only when every rowid of the damaged
    table is listed (read whole, or listed by an index). ``other``: ids the damaged file gives to
    another referral (``_another_referral``). The same log: a referral, or a status move, in common."""
    listed = ({int(str(r["id"])) for r in refs.rows} | refs.unreadable_ids) - other
    made = {int(str(r["id"])): r["created_at"] for r in refs.rows}
    held = conn.exec_driver_sql("SELECT id, created_at FROM referrals").all()
    moved = {
        (int(str(e["id"])), int(str(e["referral_id"])), str(e["created_at"])) for e in (events.rows if events else ())
    }
    held_moves = conn.exec_driver_sql("SELECT id, referral_id, created_at FROM referral_events").all()
    if not any(made.get(referral_id) == created for referral_id, created in held) and not any(
        (int(i), int(r), str(c)) in moved for i, r, c in held_moves
    ):
        return  # not one referral or move in common: not the same log (a file refilled after the backup)
    for referral_id, created in held:
        if referral_id in listed and made.get(referral_id, created) == created:
            continue  # still there (a row with its id and another creation time: deleted, id reused)
        for child in ("referral_events", "referral_targets", "referral_needs"):
            conn.exec_driver_sql(f"DELETE FROM {child} WHERE referral_id = ?", (referral_id,))
        conn.exec_driver_sql("DELETE FROM referrals WHERE id = ?", (referral_id,))
        out.deleted["referrals"] += 1


def _carry_counts(
    conn: Connection,
    t: TableRead,
    columns: set[str],
    link: Link,
    towns: dict[int, str],
    out: Carried,
    replace: bool,
) -> None:
    """The month's counts as the damaged file holds them: the grid saves a month, department and
    DV/other whole (``statistics.save_month_counts``), so each such entry read replaces the recovered
    one whole — a count moved to another need after the backup is counted once, not twice. A cell of
    the entry on a page that could not be read (its cell named by the index) keeps the recovered
    database's row: the backup's number is the best there is (``_held_cells`` counts them)."""
    # A cell is one town's department (migration 0012): 住宅課 of two towns are two entries, so a
    # month read for one leaves the other's, perhaps on a page that could not be read, as it was.
    # Two departments of one town and name (a directory holding the name twice) are two cells, as
    # the form saves them (``statistics._cells_of``): there the cell is also the department's id.
    rows = t.rows
    by_town = all("municipality" in r for r in rows)
    cell = tuple(c for c in (_TOWN_CELL if by_town else _NAMED_CELL) if c in columns)
    twins = _twin_departments(conn) if by_town else set()
    entries: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        v = _count_values(row, columns, link, towns)
        own = (v.get("organization_id"),) if (row.get("municipality"), row["department"]) in twins else ()
        entries.setdefault(tuple(row[c] for c in cell) + own, []).append(v)
    unread = _unread_cells(t, columns, link, towns)
    for entry, values in entries.items():
        out.read["consultation_counts"] += len(values)
        where = " AND ".join([f"{c} = ?" for c in cell] + ["organization_id IS ?"] * (len(entry) - len(cell)))
        fields = sorted(values[0])
        held = conn.exec_driver_sql(f"SELECT * FROM consultation_counts WHERE {where}", entry).mappings().all()
        read = {_cell_of(v) for v in values}
        keep: list[dict[str, Any]] = [dict(h) for h in held if _cell_of(h) in unread and _cell_of(h) not in read]
        written = [*values, *keep]
        if sorted(tuple(h[f] for f in fields) for h in held) == sorted(tuple(v[f] for f in fields) for v in written):
            continue
        if held and not replace:  # the backup's month is newer than this older file's
            out.superseded["consultation_counts"] += len(values)
            continue
        try:
            with conn.begin_nested():
                conn.exec_driver_sql(f"DELETE FROM consultation_counts WHERE {where}", entry)
                marks = ", ".join("?" * len(fields))
                for v in written:
                    insert = f"INSERT INTO consultation_counts ({', '.join(fields)}) VALUES ({marks})"
                    conn.exec_driver_sql(insert, tuple(v[f] for f in fields))
        except SQLAlchemyError as exc:
            log.warning("salvage: a month of counts could not be carried: %s", type(exc).__name__)
            out.refused["consultation_counts"] += len(values)
            continue
        out.newer["consultation_counts"] += len(values)


_CELL = ("month", "organization_id", "municipality", "department", "need_key", "channel", "dv")


def _cell_of(row: Any) -> tuple[Any, ...]:
    """A count's cell (the unique key of ``consultation_counts``), as the recovered database compares it."""
    return tuple(str(row[c]) if c == "month" else bool(row[c]) if c == "dv" else row.get(c) for c in _CELL)


def _count_values(row: dict[str, Any], columns: set[str], link: Link, towns: dict[int, str]) -> dict[str, Any]:
    """A count row of the damaged file as the recovered database stores it: its department linked, its town."""
    v = {c: val for c, val in row.items() if c in columns and c != "id"}
    if v.get("organization_id") is not None:
        v["organization_id"] = link(int(str(v["organization_id"])), v.get("department"))
    _fill_town(v, row, columns, towns)
    return v


def _unread_cells(
    t: TableRead, columns: set[str], link: Link, towns: dict[int, str]
) -> dict[tuple[Any, ...], list[int]]:
    """The cell of each count row that could not be read (-> its rowids), when the index named all of
    it (a file from before migration 0012 has no town: its department's, as ``_fill_town`` gives it)."""
    wanted = [c for c in _CELL if c in columns and (c != "municipality" or "municipality" in t.columns)]
    out: dict[tuple[Any, ...], list[int]] = {}
    for rowid, key in t.unreadable_keys.items():
        if all(c in key for c in wanted):
            out.setdefault(_cell_of(_count_values(dict(key), columns, link, towns)), []).append(rowid)
    return out


def _held_cells(conn: Connection, t: TableRead, columns: set[str], link: Link, towns: dict[int, str]) -> set[int]:
    """Rowids of the unreadable count rows whose cell the recovered database holds (the backup's number)."""
    unread = _unread_cells(t, columns, link, towns)
    if not unread:
        return set()
    held = {_cell_of(r) for r in conn.exec_driver_sql("SELECT * FROM consultation_counts").mappings()}
    return {rowid for cell, rowids in unread.items() if cell in held for rowid in rowids}


def _twin_departments(conn: Connection) -> set[tuple[str, str]]:
    """(town, name) of the departments whose town and name the recovered directory holds more than once."""
    both = conn.exec_driver_sql(
        "SELECT coalesce(m.name, ''), o.name FROM organizations o LEFT JOIN municipalities m"
        " ON m.id = o.municipality_id GROUP BY 1, 2 HAVING count(*) > 1"
    )
    return {(str(town), str(name)) for town, name in both}


def _status_from_moves(conn: Connection, referral_id: int) -> None:
    """A referral whose row could not be read, back as the backup had it, with moves made since: its
    status is its latest move's and it was updated on its latest step (as ``referrals._add_event``)."""
    status = conn.exec_driver_sql(
        "SELECT status FROM referral_events WHERE referral_id = ? AND status IS NOT NULL"
        " ORDER BY created_at DESC, id DESC LIMIT 1",
        (referral_id,),
    ).scalar()
    latest = conn.exec_driver_sql("SELECT max(on_date) FROM referral_events WHERE referral_id = ?", (referral_id,))
    conn.exec_driver_sql(
        "UPDATE referrals SET status = coalesce(?, status), updated_on = max(updated_on, coalesce(?, updated_on)),"
        " version = version + 1 WHERE id = ?",
        (status, latest.scalar(), referral_id),
    )


def _carry_row(
    conn: Connection,
    name: str,
    row: dict[str, Any],
    columns: set[str],
    links: dict[str, Link],
    towns: dict[int, str],
    referral_ids: dict[int, int],
    have_refs: set[int],
    out: Carried,
) -> None:
    values = {c: v for c, v in row.items() if c in columns}
    if "referral_id" in values:
        old = int(str(values["referral_id"]))
        ref = referral_ids.get(old, old if old in have_refs else None)
        if ref is None:
            out.stranded[name] += 1
            return
        values["referral_id"] = ref
    for col, link in links.items():
        if values.get(col) is not None:
            values[col] = link(int(str(values[col])), values.get(_NAMED_BY[col]))
    _fill_town(values, row, columns, towns)
    new_id, changed = _put(conn, name, values)
    out.newer[name] += changed
    if name == "referral_events" and changed and old not in referral_ids:
        out.replayed.add(int(str(values["referral_id"])))  # its referral row unread: the backup's status
    if name == "referrals":
        referral_ids[int(str(row["id"]))] = new_id


def _towns(conn: Connection) -> dict[int, str]:
    """Each department's town in the recovered directory (as migration 0012 fills ``municipality``)."""
    rows = conn.exec_driver_sql(
        "SELECT o.id, coalesce(m.name, '') FROM organizations o LEFT JOIN municipalities m ON m.id = o.municipality_id"
    )
    return {int(i): str(town) for i, town in rows}


def _fill_town(values: dict[str, Any], row: dict[str, Any], columns: set[str], towns: dict[int, str]) -> None:
    """A row of a file from before migration 0012 has no town: its department's, as the migration
    gives it (else the report shows one department twice, with and without its town)."""
    if "municipality" in columns and "municipality" not in row and "department" in values:
        org = values.get("organization_id")
        values["municipality"] = towns.get(int(org), "") if org is not None else ""


def _columns(conn: Connection, table: str) -> set[str]:
    return {r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{table}")')}


def _link(conn: Connection, cw: Casework, table: str, same_file: bool) -> Link:
    """old directory id -> id in the recovered database, or None. Without the damaged file's key of
    that id, the same id is taken only when its record has the name the row copied: another desk's
    file, or an id given to a new record after the backup, numbers them differently (a referral or
    a count would land on another department, silently)."""
    held = conn.exec_driver_sql(f'SELECT id, "key", name FROM "{table}"').all()
    now = {str(k): int(i) for i, k, _ in held}
    names = {int(i): name for i, _, name in held}
    keys = cw.keys.get(table)

    def link(old: int, name: object) -> int | None:
        if keys is not None and old in keys:
            return now.get(keys[old])
        return old if same_file and old in names and names[old] == name else None  # a backup numbers it the same

    return link


def _put(conn: Connection, table: str, values: dict[str, Any]) -> tuple[int, bool]:
    """Insert ``values`` or replace the same row; (its id, whether the database changed)."""
    same = _SAME[table]
    keyed = same[0] == "id"
    where = ("id",) if keyed else same
    found = (
        conn.exec_driver_sql(
            f'SELECT * FROM "{table}" WHERE ' + " AND ".join(f'"{c}" = ?' for c in where),
            tuple(values[c] for c in where),
        )
        .mappings()
        .first()
    )
    if found is not None and all(found[c] == values[c] for c in same):
        same_values = all(found[c] == v for c, v in values.items() if c != "id")
        if same_values or ("version" in values and int(values["version"]) < int(found["version"])):
            return int(found["id"]) if "id" in found else 0, False  # the same, or the backup's is newer
        settable = {c: v for c, v in values.items() if c != "id" and c not in where}
        conn.exec_driver_sql(
            f'UPDATE "{table}" SET '
            + ", ".join(f'"{c}" = ?' for c in settable)
            + " WHERE "
            + " AND ".join(f'"{c}" = ?' for c in where),
            (*settable.values(), *(values[c] for c in where)),
        )
        return int(found["id"]) if "id" in found else 0, True
    if found is not None or not keyed:  # another row holds the id (or the table numbers itself): a new one
        values = {c: v for c, v in values.items() if c != "id"}
        if table == "referrals":  # above every number given, here and in the damaged file (``carry``)
            values["id"] = referral_numbers.highest(_run(conn)) + 1
            referral_numbers.note(_run(conn), values["id"])
    marks = ", ".join("?" for _ in values)
    cursor = conn.exec_driver_sql(
        f'INSERT INTO "{table}" (' + ", ".join(f'"{c}"' for c in values) + f") VALUES ({marks})",
        tuple(values.values()),
    )
    return int(values.get("id", cursor.lastrowid)), True


def _run(conn: Connection) -> referral_numbers.Run:
    """``referral_numbers``' way of asking the recovered database."""

    def run(sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        result = conn.exec_driver_sql(sql, params)
        return [tuple(r) for r in result] if result.returns_rows else []

    return run
