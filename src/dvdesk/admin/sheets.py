"""Spreadsheets for administrators who keep their lists in Excel: services, organisations and
their contact points, out to .xlsx / CSV and back in with a row-by-row report.

A sheet's first row names the columns, by Japanese label (as written on export) or by field
name. A sheet may carry only some columns: an existing record keeps the fields the sheet does not
mention; a row without a key is a new record. Every row is checked like an edit in the
administration window; rejected rows are reported with their row number and reason, and the
accepted ones are applied together (one transaction, one backup, history kept).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from dvdesk.admin import sheet_files
from dvdesk.admin.editing import new_key
from dvdesk.admin.history import Edit
from dvdesk.admin.kinds import CONTACT_FIELDS, KINDS, Field
from dvdesk.admin.package import collect
from dvdesk.admin.records import RecordError, Snapshot, Writer, blank, coerce, snapshot
from dvdesk.admin.sync import ChangePlan, apply_changes, plan_changes
from dvdesk.admin.validation import check
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.storage.backup import Backup
from dvdesk.storage.backup import take as backup_database

if TYPE_CHECKING:
    from dvdesk.admin.validation import Problem  # validation imports this module
    from dvdesk.storage.db import Database

KEY_HEADER = "キー"
ORG_KEY_HEADER = "組織キー"
SHEET_TITLES = {"service": "サービス", "organization": "組織", "contact": "連絡先"}
TITLE_KINDS = {v: k for k, v in SHEET_TITLES.items()}
ACCEPTED, REJECTED = "accepted", "rejected"


def columns(kind_name: str) -> tuple[Field, ...]:
    if kind_name == "contact":
        return CONTACT_FIELDS
    return tuple(f for f in KINDS[kind_name].fields if f.type != "items")


def headers(kind_name: str) -> list[str]:
    first = ORG_KEY_HEADER if kind_name == "contact" else KEY_HEADER
    return [first] + [f.label for f in columns(kind_name)]


def _cell(f: Field, value: Any) -> Any:
    if f.type in ("texts", "refs"):
        return "\n".join(value)
    if f.type == "flag":
        return "はい" if value else "いいえ"
    if f.type == "date":
        return value or ""
    if f.type == "choice":
        for choice, label in f.choices.items():
            if (choice.value if isinstance(choice, enum.Enum) else choice) == value:
                return label
    return value


def tables(session: Session, kinds: tuple[str, ...] = ("service", "organization", "contact")) -> dict[str, list[list]]:
    records, _ = collect(session)
    out: dict[str, list[list]] = {}
    for name in kinds:
        rows = [headers(name)]
        if name == "contact":
            for org in records["organization"]:
                rows += [[org["key"]] + [_cell(f, c[f.name]) for f in CONTACT_FIELDS] for c in org["contacts"]]
        else:
            rows += [[s["key"]] + [_cell(f, s[f.name]) for f in columns(name)] for s in records[name]]
        out[name] = rows
    return out


def export_sheet(db: Database, path: Path, kind_name: str = "service", encoding: str = "utf-8",
                 notes: list[str] | None = None) -> int:
    """Write ``path`` (.xlsx: services, organisations and contacts; .csv: one kind). Returns rows.

    ``notes`` receives what a CP932 file spells differently (``sheet_files.write_csv``)."""
    path = Path(path)
    with db.read() as session:
        if path.suffix.lower() == ".xlsx":
            data = tables(session)
            sheet_files.write_xlsx(path, {SHEET_TITLES[k]: t for k, t in data.items()})
            return sum(len(t) - 1 for t in data.values())
        table = tables(session, (kind_name,))[kind_name]
    (notes if notes is not None else []).extend(sheet_files.write_csv(path, table, encoding))
    return len(table) - 1


# --- reading --------------------------------------------------------------------------------

@dataclass
class RowResult:
    sheet: str
    row: int  # as the spreadsheet numbers it: the header is row 1
    key: str
    title: str
    status: str = ACCEPTED
    action: str = ""  # added / changed / unchanged, once planned
    reasons: list[str] = field(default_factory=list)


@dataclass
class SheetReport:
    rows: list[RowResult]
    plan: ChangePlan
    notes: list[str] = field(default_factory=list)
    encoding: str = ""
    backup: Path | None = None

    @property
    def accepted(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == ACCEPTED]

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == REJECTED]


def _kind_of_table(table: list[list]) -> str:
    """Which kind a CSV holds, from its header row: the kind whose columns it names most."""
    head = {str(h or "").strip() for h in (table[0] if table else [])}
    if ORG_KEY_HEADER in head:
        return "contact"
    scores = {name: len(head & ({f.label for f in columns(name)} | {f.name for f in columns(name)}))
              for name in ("service", "organization")}
    best = max(scores, key=lambda name: scores[name])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        raise sheet_files.SheetFileError("見出しの行から、サービス・組織・連絡先のどの表かわかりません。"
                                         "1行目に「キー」「名称」などの見出しを入れてください。")
    return best


def _raw(f: Field, value: Any) -> Any:
    """A cell as ``records.coerce`` expects it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date) and f.type != "date":
        value = value.isoformat()
    if f.type == "refs" and isinstance(value, str):
        return [v for v in re.split(r"[\n、,，\s]+", value) if v]
    if f.type == "texts" and isinstance(value, str):
        return [v for v in value.splitlines() if v.strip()]
    return value


def _read(path: Path) -> tuple[dict[str, list[list]], str]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        books = sheet_files.read_xlsx(path)
        known = {TITLE_KINDS[t]: rows for t, rows in books.items() if t in TITLE_KINDS}
        if not known:
            first = next(iter(books.values()), [])
            known = {_kind_of_table(first): first}
        return known, "xlsx"
    table, encoding = sheet_files.read_csv(path)
    return {_kind_of_table(table): table}, encoding


def _rows(kind_name: str, table: list[list[Any]], notes: list[str]) -> Iterator[tuple[int, str, dict[str, Cell]]]:
    """(row number, key, {field: raw}) for each non-empty row."""
    by_header = {KEY_HEADER: "key", ORG_KEY_HEADER: "key", "key": "key"}
    for f in columns(kind_name):
        by_header[f.label] = by_header[f.name] = f.name
    head = [str(h or "").strip() for h in table[0]]
    unknown = [h for h in head if h and h not in by_header]
    if unknown:
        notes.append(f"{SHEET_TITLES[kind_name]}: 知らない列は読み飛ばしました: {'、'.join(unknown)}")
    fields = {f.name: f for f in columns(kind_name)}
    for number, cells in enumerate(table[1:], start=2):
        if all(c in (None, "") for c in cells):
            continue
        values = {by_header[h]: cells[i] if i < len(cells) else None
                  for i, h in enumerate(head) if h in by_header}
        key = str(values.pop("key", "") or "").strip()
        yield number, key, {name: (v, fields[name]) for name, v in values.items()}


def check_sheet(db: Database, path: Path) -> tuple[SheetReport, dict[str, list[Snapshot]]]:
    """Every row checked; nothing written. Returns the report and the accepted records."""
    path = Path(path)
    sheets, encoding = _read(path)
    notes: list[str] = []
    results: list[RowResult] = []
    accepted: dict[str, dict[str, tuple[Snapshot, list[RowResult]]]] = {"service": {}, "organization": {}}
    with db.read() as session:
        writer = Writer(session)
        for name in ("organization", "contact", "service"):
            if name not in sheets:
                continue
            kind_name: str = "organization" if name == "contact" else name
            kind = KINDS[kind_name]
            contacts_seen: set[str] = set()
            for number, key, values in _rows(name, sheets[name], notes):
                result = RowResult(SHEET_TITLES[name], number, key, "")
                results.append(result)
                try:
                    parsed = {n: _value(f, v) for n, (v, f) in values.items()}
                except RecordError as exc:
                    result.status, result.reasons = REJECTED, [str(exc)]
                    continue
                if name == "contact":
                    entry = accepted["organization"].get(key)
                    if entry is None:
                        existing = writer.find(kind, key) if key else None
                        if existing is None:
                            result.status, result.reasons = REJECTED, [f"組織キー「{key}」の組織がありません"]
                            continue
                        entry = accepted["organization"][key] = (snapshot(kind, existing), [])
                    if key not in contacts_seen:  # the sheet lists all of an organisation's contacts
                        entry[0]["contacts"] = []
                        contacts_seen.add(key)
                    entry[0]["contacts"].append({f.name: parsed.get(f.name, f.empty()) for f in CONTACT_FIELDS})
                    entry[1].append(result)
                    result.title = entry[0]["name"]
                    continue
                existing = writer.find(kind, key) if key else None
                base = snapshot(kind, existing) if existing is not None else blank(kind)
                snap = {**base, **parsed}
                snap["key"] = key or new_key(kind, snap)
                result.key, result.title = snap["key"], str(snap.get(kind.title_field, ""))
                if snap["key"] in accepted[kind_name]:
                    result.status, result.reasons = REJECTED, [f"キー「{snap['key']}」が前の行と重複しています"]
                    continue
                accepted[kind_name][snap["key"]] = (snap, [result])
        known = {(k, key) for k, recs in accepted.items() for key in recs}
        for kind_name, recs in accepted.items():
            names: dict[tuple[str, str], str] = {}
            parents = {key: snap.get("parent", "") for key, (snap, _) in recs.items()}
            for key, (snap, rows) in list(recs.items()):
                is_new = writer.find(KINDS[kind_name], key) is None
                problems = check(session, KINDS[kind_name], snap, is_new=is_new, known=known, parents=parents)
                dup = (snap.get("municipality", ""), snap.get("name", ""))
                if not snap.get("retired") and dup in names:
                    problems.append(_problem(f"同じ表に同じ名称の{KINDS[kind_name].label}があります（{names[dup]}）"))
                names.setdefault(dup, key)
                if problems:
                    _reject(rows, problems)
                    del recs[key]
        incoming = {k: [snap for snap, _ in recs.values()] for k, recs in accepted.items() if recs}
        plan = plan_changes(session, incoming)
    actions = {(d.kind, d.key): d.action for d in plan.diffs}
    for kind_name, recs in accepted.items():
        for key, (_, rows) in recs.items():
            for r in rows:
                r.action = actions.get((kind_name, key), "unchanged")
    return SheetReport(results, plan, notes, encoding), incoming


Cell = tuple[Any, Field]  # a cell as read, and the field its column is


def _value(f: Field, cell: Any) -> Any:
    if f.name == "phone" and isinstance(cell, int | float) and not isinstance(cell, bool):
        raise RecordError("電話番号が数値として保存されています（先頭の 0 が消えています）。"
                          "セルの書式を「文字列」にしてください")
    return coerce(f, _raw(f, cell))


def _problem(message: str) -> Problem:
    from dvdesk.admin.validation import Problem

    return Problem("", message)


def _reject(rows: list[RowResult], problems: list[Problem]) -> None:
    """Contact problems go to the contact's row; the rest to every row of the record."""
    for r in rows:
        r.status = REJECTED
    contact_rows = [r for r in rows if r.sheet == SHEET_TITLES["contact"]]
    for p in problems:
        parts = p.path.split(".")
        if parts[0] == "contacts" and len(parts) > 1 and int(parts[1]) < len(contact_rows):
            contact_rows[int(parts[1])].reasons.append(p.message)
        else:
            for r in rows:
                if r.sheet != SHEET_TITLES["contact"] or not contact_rows:
                    r.reasons.append(p.message)
    for r in rows:
        if not r.reasons:
            r.reasons.append("同じ組織の別の行に誤りがあるため、受け付けませんでした")


def import_sheet(db: Database, path: Path, admin: str, *, dry_run: bool = False,
                 backup: Backup | None = backup_database) -> SheetReport:
    report, incoming = check_sheet(db, path)
    if dry_run or report.plan.empty:
        return report
    report.backup = backup(db.path, "sheet-import") if backup and not db.is_server else None  # server: pg_dump
    try:
        with db.write() as session:
            report.plan = apply_changes(session, incoming, Edit(admin, "import", note=f"表計算: {Path(path).name}"))
    except DirectoryRefused as exc:
        raise sheet_files.SheetFileError(str(exc)) from None
    return report
