"""Spreadsheets for administrators who keep their lists in Excel: services, organisations and
their contact points, out to .xlsx / CSV and back in with a row-by-row report.

Sheets are read as cities keep them (``sheet_layout``): the heading row is found below titles
and notes, headings are matched through the synonym table (``sheet_headers``), every sheet of a
workbook is either read or reported with why not, hidden columns and rows are reported and never
preferred. Cells are read as offices type them (``sheet_values``: 和暦 and serial dates, phones
in one canonical form with 代表/内線/FAX kept as notes, 110 in a number cell); municipality and
department by name or code (``sheet_refs``). A row becomes a national line only when the sheet
says 全国 or the administrator chose it (``--nationwide``).

An existing record keeps the fields the sheet does not mention; a row without a key is a new
record whose key comes from its municipality and name (the same in a dry run and the real run).
Every row is checked like an edit in the administration window and ends accepted, refused or
skipped, each with its reason (``SheetReport.balanced``); the accepted ones are applied together
(one transaction, one backup, history kept) and read back before the commit.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin import sheet_files, sheet_layout
from dvdesk.admin.diff import WHOLE, display, field_changes
from dvdesk.admin.history import Edit
from dvdesk.admin.kinds import CONTACT_FIELDS, KINDS, Field, Kind
from dvdesk.admin.package import collect
from dvdesk.admin.records import RecordError, Snapshot, Writer, blank, coerce, snapshot
from dvdesk.admin.sheet_headers import ORGANIZATION_CONTACT, field_names, fold
from dvdesk.admin.sheet_layout import SheetLayout, SheetOptions
from dvdesk.admin.sheet_refs import Places
from dvdesk.admin.sheet_values import parse_date, parse_phone, parse_publication
from dvdesk.admin.sync import ChangePlan, apply_changes, plan_changes
from dvdesk.admin.validation import check
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.storage.backup import take as backup_database

if TYPE_CHECKING:
    from dvdesk.admin.validation import Problem

KEY_HEADER = "キー"
ORG_KEY_HEADER = "組織キー"
SHEET_TITLES = {"service": "サービス", "organization": "組織", "contact": "連絡先"}
TITLE_KINDS = {v: k for k, v in SHEET_TITLES.items()}
ACCEPTED, REJECTED = "accepted", "rejected"
NATIONWIDE = "全国"
MUNICIPALITY_HEADER = "市区町村（名称かコード、全国の窓口は「全国」）"


def columns(kind_name: str) -> tuple[Field, ...]:
    if kind_name == "contact":
        return CONTACT_FIELDS
    return tuple(f for f in KINDS[kind_name].fields if f.type != "items")


def headers(kind_name: str) -> list[str]:
    first = ORG_KEY_HEADER if kind_name == "contact" else KEY_HEADER
    return [first] + [MUNICIPALITY_HEADER if f.name == "municipality" else f.label for f in columns(kind_name)]


def _cell(f: Field, value: Any) -> Any:
    if f.name == "municipality" and not value:
        return NATIONWIDE  # written, never a blank cell: a blank keeps what the record has
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


def tables(session: Session,
           kinds: tuple[str, ...] = ("service", "organization", "contact")) -> dict[str, list[list[Any]]]:
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


def export_sheet(db, path: Path, kind_name: str = "service", encoding: str = "utf-8",  # type: ignore[no-untyped-def]  # db: a storage Database or an app SharedDatabase (same read()/write())
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

SKIPPED = "skipped"
KIND_ORDER = ("organization", "contact", "service")  # an organisation before what refers to it


@dataclass
class RowResult:
    sheet: str
    row: int  # as the spreadsheet numbers it
    key: str
    title: str
    status: str = ACCEPTED
    action: str = ""  # added / changed / unchanged, once planned
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # accepted, with something she should know
    kind: str = ""  # service / organization / contact (a contact row changes its organisation)


@dataclass
class SheetReport:
    rows: list[RowResult]
    plan: ChangePlan | None
    notes: list[str] = field(default_factory=list)
    encoding: str = ""
    backup: Path | None = None
    layouts: list[SheetLayout] = field(default_factory=list)
    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> name, for showing refs

    @property
    def accepted(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == ACCEPTED]

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == REJECTED]

    @property
    def skipped(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == SKIPPED]

    def counts(self) -> dict[str, int]:
        """Every non-empty row below the headings of every data sheet ends in exactly one of these."""
        rows_in = sum(1 for lay in self.layouts if lay.kind for _ in lay.data_rows())
        return {"rows_in": rows_in, "stored": len(self.accepted), "refused": len(self.rejected),
                "skipped": len(self.skipped)}

    @property
    def balanced(self) -> bool:
        c = self.counts()
        return c["rows_in"] == c["stored"] + c["refused"] + c["skipped"] == len(self.rows)


def read_book(path: Path) -> tuple[dict[str, sheet_files.SheetData], str]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return sheet_files.read_workbook(path), "xlsx"
    table, encoding = sheet_files.read_csv(path)
    return {path.stem: sheet_files.SheetData(table)}, encoding


def read_layouts(path: Path, options: SheetOptions | None = None) -> tuple[list[SheetLayout], str]:
    """Every sheet of the file with its mapping (what the mapping preview shows)."""
    options = options or SheetOptions()
    book, encoding = read_book(Path(path))
    layouts = sheet_layout.read_layouts(book, options)
    named = set().union(*(lay.mapped for lay in layouts)) if layouts else set()
    unknown = [k for k in options.mapping if k not in named]
    if unknown:
        raise sheet_files.SheetFileError(f"--map の「{'」「'.join(unknown)}」に当たる列がどのシートにもありません"
                                         "（見出しの文字か列の英字で指定してください）")
    if not any(lay.kind for lay in layouts):
        why = " / ".join(f"シート「{lay.title}」: {lay.skip_reason}" for lay in layouts)
        raise sheet_files.SheetFileError(f"見出しの行から、サービス・組織・連絡先のどの表かわかりません。"
                                         f"「名称」などの見出しの行を入れてください（{why}）")
    return layouts, encoding


def _sheet_notes(layouts: list[SheetLayout]) -> list[str]:
    notes = []
    for lay in layouts:
        if not lay.kind:
            notes.append(f"シート「{lay.title}」: {lay.skip_reason}")
            continue
        notes += [f"シート「{lay.title}」（{lay.kind_label}）: {n}" for n in lay.notes]
        if lay.refusal:
            notes.append(f"シート「{lay.title}」は取り込めません: {lay.refusal}")
    return notes


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return "" if cell is None else str(cell).strip()


def _derived_key(kind: Kind, snap: Snapshot, writer: Writer, taken: set[str]) -> tuple[str, Any]:
    """The key of a row without one, the same in a dry run and the real run: from the municipality
    and the name. The record an earlier import of the same list made under that key is the same
    record (returned, so the row updates it); any other record keeps its key."""
    prefix = snap.get("municipality") or "national"
    digest = hashlib.sha256(f"{kind.name}|{prefix}|{fold(snap.get('name', ''))}".encode()).hexdigest()
    for n in range(8, len(digest) + 1, 4):
        key = f"{prefix}.{kind.name}.{digest[:n]}"
        if key in taken:
            continue
        existing = writer.find(kind, key)
        if existing is None:
            return key, None
        before = snapshot(kind, existing)
        if (before.get("municipality"), fold(before.get("name", ""))) == (snap.get("municipality"), fold(snap["name"])):
            return key, existing
    raise RecordError("キーを決められません")


def _with_phone_note(before: str, parsed: str) -> str:
    """The earlier record's staff note with this row's phone note, added once."""
    line = next((x for x in parsed.splitlines() if x.startswith("電話の備考: ")), "")
    return before if not line or line in before else f"{before}\n{line}".strip()


class _RowReader:
    """One row's cells to a snapshot, with the names resolved and the notes kept."""

    def __init__(self, session: Session, options: SheetOptions) -> None:
        self.writer = Writer(session)
        self.places = Places(session)
        self.options = options
        self.taken: set[str] = set()

    def municipality(self, values: dict[str, Any], base: Snapshot, existing: bool) -> str:
        label = KINDS["service"].field("municipality").label
        if "municipality" in values and _text(values["municipality"]):
            return self.places.municipality(values["municipality"], "市区町村")
        if existing:
            return base.get("municipality", "")
        if self.options.municipality:
            return self.options.municipality
        if self.options.nationwide:
            return ""
        raise RecordError(f"「{label}」が空欄です。全国の窓口なら「全国」と書くか、"
                          "この表の市区町村を -m で選んでください")

    def record(self, kind: Kind, values: dict[str, Any], result: RowResult) -> Snapshot:
        key = _text(values.pop("key", ""))
        existing = self.writer.find(kind, key) if key else None
        base = snapshot(kind, existing) if existing is not None else blank(kind)
        result.title = result.title or str(base.get(kind.title_field, ""))
        parsed: Snapshot = {"municipality": self.municipality(values, base, existing is not None)}
        if kind.name == "organization" and existing is None and _text(values.get("name")):
            # a department list or phone directory names departments: the one of that name in the
            # municipality is updated (one only; two of one name stay a refusal, as in the editor)
            same = self.places.orgs.get((parsed["municipality"], fold(_text(values["name"]))), [])
            if len(same) == 1:
                key, existing = same[0], self.writer.find(kind, same[0])
                base = snapshot(kind, existing)
        phone_notes: list[str] = []
        main_contact: dict[str, Any] = {}
        labels = field_names(kind.name)
        for name, cell in values.items():
            if name == "municipality":
                continue
            if kind.name == "organization" and name in ORGANIZATION_CONTACT:
                main_contact[name] = cell
            elif name in ("provider", "parent"):
                text = _text(cell)
                parsed[name] = self.places.organization(text, parsed["municipality"], labels[name]) if text else ""
            elif name == "phone":
                phone = parse_phone(cell, labels[name])
                parsed["phone"] = phone.number
                if phone.note_text():
                    phone_notes.append(phone.note_text())
            elif name in ("extension", "phone_note"):
                if _text(cell):
                    phone_notes.append(("内線" if name == "extension" else "") + _text(cell))
            elif name == "publication":
                level = parse_publication(cell, labels[name])
                if level:
                    parsed["confidentiality"] = level
            elif kind.field(name).type == "date":
                parsed[name] = parse_date(cell, labels[name])
            else:
                parsed[name] = _value(kind.field(name), cell)
        if phone_notes:
            note = str(parsed.get("staff_note", base.get("staff_note", "")))
            line = "電話の備考: " + "・".join(phone_notes)
            parsed["staff_note"] = note if line in note else f"{note}\n{line}".strip()
            result.notes.append(f"{line}（職員メモに残しました）")
        snap = {**base, **parsed}
        if not key:
            key, earlier = _derived_key(kind, snap, self.writer, self.taken)
            if earlier is not None:  # this list's row, imported before: the sheet's columns update it
                base = snapshot(kind, earlier)
                parsed["municipality"] = self.municipality(values, base, True)
                snap = {**base, **{k: v for k, v in parsed.items() if k != "staff_note"}}
                if "staff_note" in parsed and "staff_note" not in values:
                    snap["staff_note"] = _with_phone_note(base["staff_note"], parsed["staff_note"])
        snap["key"] = key
        self.taken.add(key)
        if main_contact:
            snap["contacts"] = self.main_contact(snap.get("contacts", []), main_contact)
        return snap

    def main_contact(self, contacts: list[Snapshot], values: dict[str, Any]) -> list[Snapshot]:
        """A phone directory's columns fill the organisation's main contact, as the first-run grid
        does: its first public contact, or a new one at the top."""
        contacts = [dict(c) for c in contacts]
        main = next((c for c in contacts if c.get("confidentiality") == "public"), None)
        if main is None:
            main = {f.name: f.empty() for f in CONTACT_FIELDS}
            contacts.insert(0, main)
        for name, cell in values.items():
            if name == "phone":
                phone = parse_phone(cell, ORGANIZATION_CONTACT[name])
                main["phone"] = phone.number
                if phone.extension and "extension" not in values:
                    main["extension"] = phone.extension
                if phone.label and not main.get("label"):
                    main["label"] = phone.label
                extra = "・".join(phone.notes)
                if extra and extra not in main.get("note", ""):
                    main["note"] = f"{main.get('note', '')}\n{extra}".strip()
            else:
                main[name] = _text(cell)
        return contacts

    def contact(self, values: dict[str, Any]) -> Snapshot:
        values.pop("key", None)
        out = {f.name: f.empty() for f in CONTACT_FIELDS}
        for name, cell in values.items():
            f = next(x for x in CONTACT_FIELDS if x.name == name)
            if name == "phone":
                phone = parse_phone(cell, f.label)
                out["phone"] = phone.number
                if phone.extension and not _text(values.get("extension")):
                    out["extension"] = phone.extension
                if phone.label and not _text(values.get("label")):
                    out["label"] = phone.label
                if phone.notes:
                    out["_phone_notes"] = "・".join(phone.notes)
            elif name not in out or not out[name] or name in values:
                out[name] = _value(f, cell)
        extra = out.pop("_phone_notes", "")
        if extra:
            note = str(out["note"])  # a text field: always a str here
            out["note"] = f"{note}\n{extra}".strip() if str(extra) not in note else note
        return out


def check_sheet(db, path: Path,  # type: ignore[no-untyped-def]  # db: a storage Database or an app SharedDatabase (same read()/write())
                options: SheetOptions | None = None) -> tuple[SheetReport, dict[str, list[Snapshot]]]:
    """Every row of every data sheet checked; nothing written. Returns the report and the records."""
    options = options or SheetOptions()
    layouts, encoding = read_layouts(Path(path), options)
    results: list[RowResult] = []
    accepted: dict[str, dict[str, tuple[Snapshot, list[RowResult]]]] = {"service": {}, "organization": {}}
    ordered = sorted((lay for lay in layouts if lay.kind), key=lambda lay: KIND_ORDER.index(lay.kind))
    with db.read() as session:
        reader = _RowReader(session, options)
        writer = reader.writer
        for lay in ordered:
            kind_name = "organization" if lay.kind == "contact" else lay.kind
            kind = KINDS[kind_name]
            used, shadows = lay.used(), lay.shadows()
            contacts_seen: set[str] = set()
            for number, cells in lay.data_rows():
                values = {f: cells[c.index] if c.index < len(cells) else None for f, c in used.items()}
                result = RowResult(lay.title, number, _text(values.get("key")), _text(values.get("name")),
                                   kind=lay.kind)
                results.append(result)
                if lay.refusal:
                    result.status, result.reasons = REJECTED, [lay.refusal]
                    continue
                if number in lay.hidden_rows and not options.hidden_rows:
                    result.status, result.reasons = SKIPPED, ["非表示の行（読むときは --hidden-rows）"]
                    continue
                for name, hidden in shadows.items():
                    for col in hidden:
                        other = _text(cells[col.index]) if col.index < len(cells) else ""
                        if other and other != _text(values.get(name)):
                            result.notes.append(f"非表示の {col.name} の「{other}」は使わず、表示されている"
                                                f" {used[name].name} の「{_text(values.get(name))}」を取りました")
                try:
                    if lay.kind == "contact":
                        key = result.key
                        contact = reader.contact(dict(values))
                    else:
                        snap = reader.record(kind, dict(values), result)
                except RecordError as exc:
                    result.status, result.reasons = REJECTED, [str(exc)]
                    continue
                if lay.kind == "contact":
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
                    entry[0]["contacts"].append(contact)
                    entry[1].append(result)
                    result.title = entry[0]["name"]
                    continue
                result.key, result.title = snap["key"], str(snap.get(kind.title_field, "")) or result.title
                if snap["key"] in accepted[kind_name]:
                    result.status, result.reasons = REJECTED, [f"キー「{snap['key']}」が前の行と重複しています"]
                    continue
                accepted[kind_name][snap["key"]] = (snap, [result])
                if kind_name == "organization":
                    reader.places.add_pending_org(snap.get("municipality", ""), snap.get("name", ""), snap["key"])
        added = reader.places.added
        known = {(k, key) for k, recs in accepted.items() for key in recs} | {("municipality", c) for c in added}
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
        used_codes = {s[0].get("municipality") for recs in accepted.values() for s in recs.values()}
        incoming = {k: [snap for snap, _ in recs.values()] for k, recs in accepted.items() if recs}
        new_places = [snap for code, snap in added.items() if code in used_codes]
        if new_places:
            incoming["municipality"] = new_places
        plan = plan_changes(session, incoming)
        names = _names(session, incoming)
    actions = {(d.kind, d.key): d.action for d in plan.diffs}
    for kind_name, recs in accepted.items():
        for key, (_, rows) in recs.items():
            for r in rows:
                r.action = actions.get((kind_name, key), "unchanged")
    notes = _sheet_notes(layouts)
    notes += [f"市区町村「{s['name']}」（{s['key']}）を総務省の一覧から加えます" for s in new_places]
    return SheetReport(results, plan, notes, encoding, layouts=layouts, names=names), incoming


def _names(session: Session, incoming: dict[str, list[Snapshot]]) -> dict[tuple[str, str], str]:
    """Names for the keys a change can show (department, municipality, need), this import's included."""
    from dvdesk.domain.models import Municipality, Need, Organization

    names = {("organization", k): n for k, n in session.execute(select(Organization.key, Organization.name))}
    names |= {("municipality", k): n for k, n in session.execute(select(Municipality.code, Municipality.name))}
    names |= {("need", k): n for k, n in session.execute(select(Need.key, Need.label_ja))}
    for kind_name in ("organization", "municipality"):
        names |= {(kind_name, s["key"]): s["name"] for s in incoming.get(kind_name, [])}
    return names


def change_lines(report: SheetReport, kind_name: str, key: str) -> list[tuple[str, str, str]]:
    """(field, old, new) of one record's planned change, in the form's words: choice labels, names
    instead of keys (``diff.display``); an added record lists what it brings, 全国 included."""
    diff = next((d for d in (report.plan.diffs if report.plan else ()) if (d.kind, d.key) == (kind_name, key)), None)
    if diff is None:
        return []
    kind = KINDS[kind_name]
    labels = {**field_names(kind_name), "municipality": "市区町村"}
    out = []
    for c in diff.changes:
        if c.path == WHOLE and isinstance(c.new, dict):
            for f in kind.fields:
                value = c.new.get(f.name)
                if f.name == "municipality" and not value:
                    out.append((labels[f.name], "", NATIONWIDE))
                elif value not in ("", None, [], False):
                    out.append((labels.get(f.name, f.label), "", display(kind, f.name, value, report.names)))
        else:
            top = c.path.split(".")[0]
            label = labels[top] if top == c.path and top in labels else c.label
            out.append((label, display(kind, c.path, c.old, report.names), display(kind, c.path, c.new, report.names)))
    return out


def _value(f: Field, cell: Any) -> Any:
    if f.name == "phone":
        return parse_phone(cell, f.label).number
    if f.type == "date":
        return parse_date(cell, f.label)
    return coerce(f, _raw(f, cell))


def _raw(f: Field, value: Any) -> Any:
    """A cell as ``records.coerce`` expects it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        value = value.isoformat()
    if f.type == "refs" and isinstance(value, str):
        return [v for v in re.split(r"[\n、,，\s]+", value) if v]
    if f.type == "texts" and isinstance(value, str):
        return [v for v in value.splitlines() if v.strip()]
    return value


def _problem(message: str) -> Problem:
    from dvdesk.admin.validation import Problem

    return Problem("", message)


def _reject(rows: list[RowResult], problems: list) -> None:
    """Contact problems go to the contact's row; the rest to every row of the record."""
    for r in rows:
        r.status = REJECTED
    contact_rows = [r for r in rows if r.kind == "contact"]
    for p in problems:
        parts = p.path.split(".")
        if parts[0] == "contacts" and len(parts) > 1 and int(parts[1]) < len(contact_rows):
            contact_rows[int(parts[1])].reasons.append(p.message)
        else:
            for r in rows:
                if r.kind != "contact" or not contact_rows:
                    r.reasons.append(p.message)
    for r in rows:
        if not r.reasons:
            r.reasons.append("同じ組織の別の行に誤りがあるため、受け付けませんでした")


def _stored_as_sent(session: Session, incoming: dict[str, list[Snapshot]]) -> None:
    """After writing, inside the same transaction: every record reads back as the sheet gave it."""
    writer = Writer(session)
    for name, snaps in incoming.items():
        kind = KINDS[name]
        for snap in snaps:
            obj = writer.find(kind, snap["key"])
            if obj is None or field_changes(kind, snapshot(kind, obj), snap):
                raise sheet_files.SheetFileError(f"{kind.label}「{snap.get(kind.title_field, snap['key'])}」が"
                                                 "表のとおりに保存されませんでした（何も変更していません）")


def import_sheet(db, path: Path, admin: str, *, dry_run: bool = False,  # type: ignore[no-untyped-def]  # db: a storage Database or an app SharedDatabase (same read()/write())
                 backup=backup_database, options: SheetOptions | None = None) -> SheetReport:
    report, incoming = check_sheet(db, path, options)
    if dry_run or report.plan is None or report.plan.empty:
        return report
    report.backup = backup(db.path, "sheet-import") if backup and not db.is_server else None  # server: pg_dump
    try:
        with db.write() as session:
            report.plan = apply_changes(session, incoming, Edit(admin, "import", note=f"表計算: {Path(path).name}"))
            session.flush()
            _stored_as_sent(session, incoming)
    except DirectoryRefused as exc:
        raise sheet_files.SheetFileError(str(exc)) from None
    return report
