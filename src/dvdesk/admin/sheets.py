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
skipped, each with its reason (``SheetReport.balanced``). The check ends with a rehearsal: the
accepted records written through the directory's gate and rolled back, so that what the gate
would refuse is refused in the preview, row by row, and not only when applied. The accepted ones
are applied together (one transaction, one backup, history kept) and read back before the commit.

Writing the sheets is ``sheet_export`` (re-exported here); reading one row into a record is
``sheet_rows``; this module checks every row and applies the accepted ones.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin import sheet_files, sheet_layout
from dvdesk.admin.diff import WHOLE, display, field_changes
from dvdesk.admin.history import Edit
from dvdesk.admin.import_counts import ImportCounts
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.known import name_key
from dvdesk.admin.previewed_plan import as_previewed
from dvdesk.admin.records import RecordError, Snapshot, Writer, snapshot
from dvdesk.admin.sheet_contacts import (
    ACCEPTED,
    REJECTED,
    SKIPPED,
    all_contacts_or_none,
    given_twice,
    reject_rows,
    stored_contacts,
)
from dvdesk.admin.sheet_export import NATIONWIDE, export_sheet, tables
from dvdesk.admin.sheet_headers import field_names
from dvdesk.admin.sheet_layout import SheetLayout, SheetOptions
from dvdesk.admin.sheet_rows import RowReader, cell_text
from dvdesk.admin.sync import ChangePlan, apply_changes, plan_changes, writing
from dvdesk.admin.validation import check
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.storage.backup import Backup
from dvdesk.storage.backup import take as backup_database
from dvdesk.storage.database_protocol import DatabaseLike

if TYPE_CHECKING:
    from dvdesk.admin.validation import Problem

__all__ = [
    "SheetReport",
    "RowResult",
    "change_lines",
    "check_sheet",
    "export_sheet",
    "import_sheet",
    "read_book",
    "read_layouts",
    "tables",
]

KIND_ORDER = ("organization", "contact", "service")  # an organisation before what refers to it
# A formula whose result the file does not carry reads as empty: never stored as a blank.
_UNCOMPUTED = (
    "{} は数式で、計算した値がファイルにないかエラーのため読めません。"
    "Excel で開いて値を確かめ、上書き保存してから取り込んでください"
)


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
    applied: bool = False  # committed (on a server there is no backup to tell it by)
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

    def counts(self) -> ImportCounts:
        """Every non-empty row below the headings of every data sheet ends in exactly one of these."""
        rows_in = sum(1 for lay in self.layouts if lay.kind for _ in lay.data_rows())
        return ImportCounts(rows_in, len(self.accepted), len(self.rejected), len(self.skipped))

    @property
    def balanced(self) -> bool:
        """The rows add up, and each row read has its line in the report."""
        c = self.counts()
        return c.balanced and c.read == len(self.rows)


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
        raise sheet_files.SheetFileError(
            f"--map の「{'」「'.join(unknown)}」に当たる列がどのシートにもありません"
            "（見出しの文字か列の英字で指定してください）"
        )
    if not any(lay.kind for lay in layouts):
        why = " / ".join(f"シート「{lay.title}」: {lay.skip_reason}" for lay in layouts)
        raise sheet_files.SheetFileError(
            f"見出しの行から、サービス・組織・連絡先のどの表かわかりません。"
            f"「名称」などの見出しの行を入れてください（{why}）"
        )
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


def check_sheet(
    db: DatabaseLike, path: Path, options: SheetOptions | None = None
) -> tuple[SheetReport, dict[str, list[Snapshot]]]:
    """Every row of every data sheet checked; nothing written. Returns the report and the records."""
    options = options or SheetOptions()
    layouts, encoding = read_layouts(Path(path), options)
    results: list[RowResult] = []
    accepted: Accepted = {"service": {}, "organization": {}}
    ordered = sorted((lay for lay in layouts if lay.kind), key=lambda lay: KIND_ORDER.index(lay.kind))
    with db.read() as session:
        reader = RowReader(session, options, cp932=encoding.startswith("Shift_JIS"))
        writer = reader.writer
        for lay in ordered:
            kind_name = "organization" if lay.kind == "contact" else lay.kind
            kind = KINDS[kind_name]
            used, shadows = lay.used(), lay.shadows()
            contacts_seen: set[str] = set()
            kept: dict[str, list] = {}  # an organisation's contacts before its contact rows replaced them
            first = len(results)
            for number, cells in lay.data_rows():
                values = {f: cells[c.index] if c.index < len(cells) else None for f, c in used.items()}
                result = RowResult(
                    lay.title, number, cell_text(values.get("key")), cell_text(values.get("name")), kind=lay.kind
                )
                results.append(result)
                if lay.refusal:
                    result.status, result.reasons = REJECTED, [lay.refusal]
                    continue
                if number in lay.hidden_rows and not options.hidden_rows:
                    result.status, result.reasons = SKIPPED, ["非表示の行（読むときは --hidden-rows）"]
                    continue
                if formulas := lay.uncomputed_cells(number):
                    result.status, result.reasons = REJECTED, [_UNCOMPUTED.format("、".join(formulas))]
                    continue
                for name, hidden in shadows.items():
                    for col in hidden:
                        other = cell_text(cells[col.index]) if col.index < len(cells) else ""
                        if other and other != cell_text(values.get(name)):
                            result.notes.append(
                                f"非表示の {col.name} の「{other}」は使わず、表示されている"
                                f" {used[name].name} の「{cell_text(values.get(name))}」を取りました"
                            )
                try:
                    if lay.kind == "contact":
                        key = result.key
                        contact = reader.contact(dict(values), result.notes)
                    else:
                        snap = reader.record(kind, dict(values), result)
                except RecordError as exc:
                    result.status, result.reasons = REJECTED, [str(exc)]
                    if lay.kind == "contact" and (org := writer.find(kind, result.key) if result.key else None):
                        result.title = org.name  # the department the refused contact row was for
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
                        kept[key], entry[0]["contacts"] = entry[0]["contacts"], []
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
            given_twice(results[first:], accepted["organization"], kept, functools.partial(stored_contacts, writer))
            all_contacts_or_none(results[first:], accepted["organization"], kept)
        added = reader.places.added
        known = {(k, key) for k, recs in accepted.items() for key in recs} | {("municipality", c) for c in added}
        for kind_name, recs in accepted.items():
            names: dict[tuple[str, str], str] = {}
            parents = {key: snap.get("parent", "") for key, (snap, _) in recs.items()}
            for key, (snap, rows) in list(recs.items()):
                is_new = writer.find(KINDS[kind_name], key) is None
                problems = check(session, KINDS[kind_name], snap, is_new=is_new, known=known, parents=parents)
                dup = (snap.get("municipality", ""), name_key(str(snap.get("name", ""))))
                if not snap.get("retired") and dup in names:
                    problems.append(_problem(f"同じ表に同じ名称の{KINDS[kind_name].label}があります（{names[dup]}）"))
                names.setdefault(dup, key)
                if problems:
                    reject_rows(rows, problems)
                    del recs[key]
        notes = _sheet_notes(layouts) + _left_out(session, ordered, results)  # in the same read
    _rehearse(db, accepted, added)
    incoming, new_places = _incoming(accepted, added)
    with db.read() as session:
        plan = plan_changes(session, incoming)
        names = _names(session, incoming)
    actions = {(d.kind, d.key): d.action for d in plan.diffs}
    for kind_name, recs in accepted.items():
        for key, (_, rows) in recs.items():
            for r in rows:
                r.action = actions.get((kind_name, key), "unchanged")
    notes += [f"市区町村「{s['name']}」（{s['key']}）を総務省の一覧から加えます" for s in new_places]
    return SheetReport(results, plan, notes, encoding, layouts=layouts, names=names), incoming


Accepted = dict[str, dict[str, tuple[Snapshot, list[RowResult]]]]  # kind -> key -> (record, its rows)
_KIND_OF = {"services": "service", "organizations": "organization"}  # the gate's tables, the sheets' kinds


def _incoming(accepted: Accepted, added: dict[str, Snapshot]) -> tuple[dict[str, list[Snapshot]], list[Snapshot]]:
    """The accepted records by kind, with the municipalities they add (``added``: from the national list)."""
    used_codes = {s[0].get("municipality") for recs in accepted.values() for s in recs.values()}
    incoming = {k: [snap for snap, _ in recs.values()] for k, recs in accepted.items() if recs}
    new_places = [snap for code, snap in added.items() if code in used_codes]
    if new_places:
        incoming["municipality"] = new_places
    return incoming, new_places


def _rehearse(db: DatabaseLike, accepted: Accepted, added: dict[str, Snapshot]) -> None:
    """The accepted records written as the import writes them, through the directory's gate, and
    rolled back (``sync.writing``): a record the gate refuses (a rule across records, such as a
    shelter provider's public address) is refused here, its rows with the gate's words, and the
    rest rehearsed again. A refusal no row stands for refuses the sheet (``SheetFileError``)."""
    for _ in range(sum(len(recs) for recs in accepted.values()) + 1):  # each round refuses a record, or ends
        incoming, _ = _incoming(accepted, added)
        if not incoming:
            return
        try:
            with writing(db, dry_run=True) as session:
                apply_changes(session, incoming, Edit("（下見）", "import", note="表計算の下見"))
                session.flush()
                _stored_as_sent(session, incoming)
            return
        except DirectoryRefused as exc:
            mine = [
                (f, k) for f in exc.findings if (k := _KIND_OF.get(f.table, "")) in accepted and f.key in accepted[k]
            ]
            if not mine:
                raise sheet_files.SheetFileError(str(exc)) from None
            for f, kind_name in mine:
                reject_rows(accepted[kind_name][f.key][1], [_problem(f"{f.problem}。{f.remedy}")])
            for f, kind_name in mine:
                accepted[kind_name].pop(f.key, None)
        except RecordError as exc:
            raise sheet_files.SheetFileError(f"{exc}（何も変更していません）") from None


def _left_out(session: Session, layouts: list[SheetLayout], results: list[RowResult]) -> list[str]:
    """The records a sheet with a キー column (dvdesk's own export) leaves out, in the municipalities
    its rows name: a deleted row changes nothing (retiring is the list's 廃止), and is said so."""
    from dvdesk.domain.models import ContactPoint, Municipality, Organization, Service

    notes = []
    for lay in layouts:
        if "key" not in lay.used():
            continue
        model = Service if lay.kind == "service" else Organization
        query = (
            select(model.key, model.name, Municipality.code)
            .outerjoin(Municipality, model.municipality_id == Municipality.id)
            .where(model.retired.is_(False))
            .order_by(model.key)
        )
        if lay.kind == "contact":  # an organisation's contacts are replaced only by rows naming it
            query = query.where(select(ContactPoint.id).where(ContactPoint.organization_id == model.id).exists())
        listed = {r.key for r in results if r.sheet == lay.title and r.key}
        rows = session.execute(query).all()
        places = {code for key, _, code in rows if key in listed}
        missing = [(key, name) for key, name, code in rows if key not in listed and code in places]
        if missing:
            shown = "、".join(f"{name}（{key}）" for key, name in missing[:5])
            more = f" ほか {len(missing) - 5}件" if len(missing) > 5 else ""
            if lay.kind == "contact":
                what = (
                    f"この表に行のない組織 {len(missing)}件の連絡先は変更しません（すべて消すときは組織の編集画面で）"
                )
            else:
                what = (
                    f"この表にない{lay.kind_label} {len(missing)}件は変更しません"
                    "（行を消しても廃止にはなりません。廃止は管理画面の一覧で）"
                )
            notes.append(f"シート「{lay.title}」（{lay.kind_label}）: {what}: {shown}{more}")
    return notes


def _names(session: Session, incoming: dict[str, list[Snapshot]]) -> dict[tuple[str, str], str]:
    """Names for the keys a change can show (department, municipality, need, a plan's measure: 「取組3
    保育」, so that a cell naming a measure by a number a new edition gave another shows which one),
    this import's included."""
    from dvdesk.domain.models import Initiative, Municipality, Need, Organization, Plan

    names = {("organization", k): n for k, n in session.execute(select(Organization.key, Organization.name))}
    names |= {("municipality", k): n for k, n in session.execute(select(Municipality.code, Municipality.name))}
    names |= {("need", k): n for k, n in session.execute(select(Need.key, Need.label_ja))}
    measures = select(Plan.key, Initiative.number, Initiative.label, Initiative.title).join(Plan)
    names |= {
        ("initiative", f"{p}#{n}"): f"{label} {title}".strip() for p, n, label, title in session.execute(measures)
    }
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


def _problem(message: str) -> Problem:
    from dvdesk.admin.validation import Problem

    return Problem("", message)


def _stored_as_sent(session: Session, incoming: dict[str, list[Snapshot]]) -> None:
    """After writing, inside the same transaction: every record reads back as the sheet gave it."""
    writer = Writer(session)
    for name, snaps in incoming.items():
        kind = KINDS[name]
        for snap in snaps:
            obj = writer.find(kind, snap["key"])
            if obj is None or field_changes(kind, snapshot(kind, obj), snap):
                raise sheet_files.SheetFileError(
                    f"{kind.label}「{snap.get(kind.title_field, snap['key'])}」が"
                    "表のとおりに保存されませんでした（何も変更していません）"
                )


def import_sheet(
    db: DatabaseLike,
    path: Path,
    admin: str,
    *,
    dry_run: bool = False,
    backup: Backup | None = backup_database,
    options: SheetOptions | None = None,
    expected: ChangePlan | None = None,  # the accepted preview's plan: written as is, or nothing (previewed_plan)
) -> SheetReport:
    report, incoming = check_sheet(db, path, options)  # rehearsed through the gate: a dry run ends here
    if dry_run or report.plan is None or report.plan.empty:
        return report
    report.backup = backup(db.path, "sheet-import") if backup and not db.is_server else None  # server: pg_dump
    try:
        with writing(db) as session:  # the gate again at the commit; on a server, after another's import
            report.plan = apply_changes(session, incoming, Edit(admin, "import", note=f"表計算: {Path(path).name}"))
            as_previewed(report.plan, expected, sheet_files.SheetFileError)  # raised here: rolled back
            session.flush()
            _stored_as_sent(session, incoming)
    except DirectoryRefused as exc:
        raise sheet_files.SheetFileError(str(exc)) from None
    report.applied = True
    return report
