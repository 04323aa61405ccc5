"""The gate's rules for each row's text: keys short printable ASCII, text without control
characters and within its column's length, phones dialable Japanese numbers, schedules
readable — for services, departments and their contacts, plans and their initiatives. Checked
in Python row by row, so in the gate only over the rows a write touched (``dvdesk check``
reads them all); the rules over whole tables are ``integrity_rules``.

The bounds are validation's (``admin.validation``, what every preview asks), so that the paths
that rely on the gate alone (the bundled loader, a restored backup) hold the same: a one-line
field on one line within ``rules.LINE_TEXT`` (a measure's title too, though its column is Text),
and each text of the lists (対応言語, a procedure's 持ち物, the 該当する事情 of both: ``LISTS``) likewise.
A finding names each field by its Japanese label (``integrity_labels``: the form's).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import gt, itemgetter
from typing import Any

from sqlalchemy import String, Text, text
from sqlalchemy.orm import Session

from dvdesk.domain import rules
from dvdesk.domain.integrity_findings import FIX_IN_ADMIN, Finding, shown
from dvdesk.domain.integrity_labels import label
from dvdesk.domain.integrity_rules import KEY, MODELS, EveryRow, Touched
from dvdesk.domain.models import Base, ContactPoint, Initiative
from dvdesk.domain.record_kinds import CIRCUMSTANCES, SERVICE_CIRCUMSTANCES

_PHONES = {"services": ("phone",)}
_SCHEDULES = {"services": ("schedule",)}
_KEY_LIMITS = {"needs": 60}
ONE_LINE = {"initiatives": ("title",)}  # Text columns whose field is one line (the editor's, a package's)
LISTS = {  # JSON lists of one-line texts
    "services": ("languages", "circumstances"),
    "procedures": ("what_to_bring", "circumstances"),
}
_CHOSEN = {  # lists whose texts are keys of these (the form's)
    ("services", "circumstances"): SERVICE_CIRCUMSTANCES,
    ("procedures", "circumstances"): CIRCUMSTANCES,
}


def _chunks(ids: Iterable[int], size: int = 500) -> Iterator[list[int]]:
    ids = sorted(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


table_of = {"contact_points": "organizations", "initiatives": "plans"}  # rows touched through their owner


def _selected(
    session: Session, table: str, columns: list[str], touched: Touched, id_column: str = "id", texts_from: int = 0
) -> Iterator[Sequence[Any]]:
    """Rows (plain tuples, no ORM objects) of ``table``: all of them, or the touched ones. The
    columns from ``texts_from`` on are read with NULL as "" (no text problem either way; every rule
    below reads a missing text as "")."""
    quoted = ", ".join(  # "window" is a reserved word on PostgreSQL
        f"COALESCE(\"{c}\", '')" if texts_from and i >= texts_from else f'"{c}"' for i, c in enumerate(columns)
    )
    sql = f"SELECT {quoted} FROM {table}"
    ids = touched.get(table_of.get(table, table), set()) if touched is not None else None
    if ids is None or isinstance(ids, EveryRow):  # every row of the table (or of its owners' table)
        yield from session.execute(text(sql))
        return
    for chunk in _chunks(ids):
        yield from session.execute(text(f"{sql} WHERE {id_column} IN ({', '.join(str(int(i)) for i in chunk)})"))


def text_columns(model: type[Base]) -> list[tuple[str, int, bool]]:
    """(column, length limit, multi-line) for each text column of ``model``."""
    out = []
    one_line = ONE_LINE.get(model.__tablename__, ())
    for col in model.__table__.columns:
        if isinstance(col.type, String) and not isinstance(col.type, Text) and col.type.length:
            out.append((col.name, col.type.length, False))
        elif isinstance(col.type, Text):
            out.append((col.name, rules.LINE_TEXT, False) if col.name in one_line else (col.name, rules.MAX_TEXT, True))
    return out


def _list_problems(table: str, columns: Sequence[str], values: Sequence[object]) -> list[str]:
    """Each list (a JSON array of texts) that is not one, or holds a text off one line or too long."""
    out = []
    for column, raw in zip(columns, values, strict=True):
        if raw is None or raw == "[]":
            continue
        try:
            items = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            items = None
        if type(items) is not list or not all(type(v) is str for v in items):
            out.append(f"{label(table, column)}: 文字の一覧として読めません")
            continue
        if not items:
            continue
        if not (max(map(len, items)) <= rules.LINE_TEXT and rules.joined_clean(items, [])):  # ``texts_clean``
            msg = next(m for v in items if (m := rules.text_problem(v, rules.LINE_TEXT, multiline=False)))
            out.append(f"{label(table, column)}: {msg}")
        elif (chosen := _CHOSEN.get((table, column))) is not None and (
            unknown := [v for v in items if v not in chosen]
        ):
            out.append(f"{label(table, column)}: 使えない値があります（{shown('、'.join(unknown))}）")
    return out


class _Clean:
    """A table's text columns, one-line and multi-line apart: a row's values are measured against
    their limits and joined at C speed (``itemgetter``, ``map``, ``any``, ``join``), one pattern
    search for each kind (``rules.joined_clean``): clean exactly when ``rules.texts_clean`` says so
    of its strings. Any value that is not a string (a number in a hand-edited file) leaves it to
    ``texts_clean`` (None)."""

    def __init__(self, columns: list[tuple[str, int, bool]]):
        self.parts: list[tuple[Callable[[Sequence[object]], tuple[Any, ...]], tuple[int, ...], bool]] = []
        for multiline in (False, True):
            at = [(i, limit) for i, (_, limit, ml) in enumerate(columns) if ml == multiline]
            if at:  # the first column once more: itemgetter always gives a tuple
                ix, limits = [i for i, _ in at], tuple(limit for _, limit in at)
                self.parts.append((itemgetter(*ix, ix[0]), (*limits, limits[0]), multiline))

    def __call__(self, row: Sequence[object]) -> bool | None:
        single: list[str] = []
        multi: list[str] = []
        try:
            for get, limits, multiline in self.parts:
                values = get(row)
                if any(map(gt, map(len, values), limits)):
                    return False
                (multi if multiline else single).append("".join(values))
        except TypeError:  # not every value is a string
            return None
        return rules.joined_clean(single, multi)


def _text_problems(
    table: str,
    row: Sequence[object],
    columns: list[tuple[str, int, bool]],
    skip: str = "",
    clean: _Clean | None = None,
) -> list[str]:
    # Clean rows (nearly all of a national import) are told apart in one pass; a row that is not
    # is looked at value by value for the messages.
    told = clean(row) if clean is not None else None
    if told or (
        told is None
        and rules.texts_clean(
            (v, limit, ml) for (_, limit, ml), v in zip(columns, row, strict=True) if isinstance(v, str)
        )
    ):
        return []
    out = []
    for (column, limit, multiline), value in zip(columns, row, strict=True):
        if column != skip and isinstance(value, str) and (msg := rules.text_problem(value, limit, multiline=multiline)):
            out.append(f"{label(table, column)}: {msg}")
    return out


def texts(session: Session, touched: Touched) -> Iterator[Finding]:
    """Keys, text lengths and control characters, phones and schedules: Python per row, so only
    over the touched rows in the gate (``dvdesk check`` reads them all)."""
    problems: dict[tuple[str, int], list[str]] = {}
    names: dict[tuple[str, int], tuple[str, str]] = {}
    for table, model in MODELS.items():
        key_attr, name_attr = KEY[table]
        columns = text_columns(model)
        clean = _Clean(columns)
        at = {c: i for i, (c, _, _) in enumerate(columns)}
        phones = [at[c] for c in _PHONES.get(table, ()) if c in at]
        schedules = [at[c] for c in _SCHEDULES.get(table, ()) if c in at]
        lists = LISTS.get(table, ())
        start = 3 + len(lists)  # the lists before the texts: no COALESCE(json, '')
        for row in _selected(
            session, table, ["id", key_attr, name_attr, *lists, *(c for c, _, _ in columns)], touched, texts_from=start
        ):
            row_id, key, name, values = row[0], row[1] or "", row[2] or "", row[start:]
            found = _text_problems(table, values, columns, key_attr, clean)
            if lists:
                found += _list_problems(table, lists, row[3:start])
            if table != "municipalities" and (msg := rules.key_problem(key, _KEY_LIMITS.get(table, rules.MAX_KEY))):
                found.insert(0, msg)
            for i in phones:
                if msg := rules.phone_problem(values[i] or ""):
                    found.append(msg)
            for i in schedules:
                if msg := rules.schedule_problem(values[i] or ""):
                    found.append(msg)
            names[(table, row_id)] = (key, name)
            if found:
                problems[(table, row_id)] = found
    contact_columns = text_columns(ContactPoint)
    contact_clean = _Clean(contact_columns)
    for row in _selected(
        session,
        "contact_points",
        ["organization_id", *(c for c, _, _ in contact_columns)],
        touched,
        "organization_id",
        texts_from=1,
    ):
        by_name = dict(zip((c for c, _, _ in contact_columns), row[1:], strict=True))
        label = by_name.get("label") or "（名称なし）"
        found = [
            f"連絡先「{label}」: {m}"
            for m in (
                rules.phone_problem(by_name.get("phone") or ""),
                rules.schedule_problem(by_name.get("hours") or ""),
            )
            if m
        ]
        found += [
            f"連絡先 {m}" for m in _text_problems("contact_points", row[1:], contact_columns, clean=contact_clean)
        ]
        if found:
            problems.setdefault(("organizations", row[0]), []).extend(found)
    initiative_columns = text_columns(Initiative)
    initiative_clean = _Clean(initiative_columns)
    for row in _selected(
        session, "initiatives", ["plan_id", *(c for c, _, _ in initiative_columns)], touched, "plan_id", texts_from=1
    ):
        found = [
            f"取組 {m}" for m in _text_problems("initiatives", row[1:], initiative_columns, clean=initiative_clean)
        ]
        if found:
            problems.setdefault(("plans", row[0]), []).extend(found)
    for (table, row_id), found in problems.items():
        key, name = names.get((table, row_id), (f"id {row_id}", ""))
        yield Finding(table, key, name, shown("、".join(found), 400), FIX_IN_ADMIN, frozenset({row_id}))
