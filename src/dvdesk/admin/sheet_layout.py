"""Where a sheet's data is and which column means what: the mapping an import follows.

A city's list rarely starts on row 1: a merged title, a date line and a note sit above the
headings. The heading row is the first of the first 30 rows whose cells name the most fields
(``sheet_headers``); rows above it are reported as titles. Each column is then

- used: its heading names a field (or the administrator said which, ``--map``);
- ignored: the heading means nothing to dvdesk, or the administrator took it out (``=-``);
- hidden: Excel hides it. A hidden column is read only when the administrator maps it herself;
  one that means the same as a visible column is never preferred: the visible one is read and
  each row where the hidden one says something else is reported;
- ambiguous: two visible columns mean the same field. The sheet is not read until she says
  which one counts, so nothing is chosen for her.

Every sheet of a workbook gets a layout: one that holds no heading row is reported with why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from openpyxl.utils import get_column_letter

from dvdesk.admin import sheet_headers as sh
from dvdesk.admin.sheet_files import SheetData, SheetFileError, Table
from dvdesk.domain.translatable import N_

USED, IGNORED, HIDDEN, AMBIGUOUS = "used", "ignored", "hidden", "ambiguous"
STATUS_LABELS = {
    USED: N_("AdminLabels", "取り込む"),
    IGNORED: N_("AdminLabels", "読まない"),
    HIDDEN: N_("AdminLabels", "非表示（読まない）"),
    AMBIGUOUS: N_("AdminLabels", "重複（どちらか選ぶ）"),
}
KIND_LABELS = {
    "service": N_("AdminLabels", "サービス"),
    "organization": N_("AdminLabels", "組織"),
    "contact": N_("AdminLabels", "連絡先"),
}
TITLE_KINDS = {"サービス": "service", "組織": "organization", "連絡先": "contact"}
HEADER_SCAN = 30  # rows searched for the headings
SAMPLES = 3


@dataclass
class SheetOptions:
    """What the administrator chose: column mapping, municipality, explicit nationwide."""

    mapping: dict[str, str] = field(default_factory=dict)  # heading, column letter or "シート!見出し" -> field / "-"
    municipality: str = ""  # code given to rows without one (-m)
    nationwide: bool = False  # rows without a municipality are national lines (--nationwide)
    kind: str = ""  # read every data sheet as this kind
    hidden_rows: bool = False  # read hidden rows too (otherwise skipped, each reported)


@dataclass
class ColumnMap:
    index: int  # 0-based
    header: str
    field: str = ""  # the field it fills; "" = not read
    status: str = IGNORED
    reason: str = ""
    hidden: bool = False
    chosen: bool = False  # the administrator mapped it (--map)
    staff: bool = False  # its heading's brackets mark it for staff (not read into a printed field)
    samples: tuple[str, ...] = ()

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def name(self) -> str:
        return f"{self.letter}列「{self.header}」" if self.header else f"{self.letter}列"


@dataclass
class SheetLayout:
    title: str
    rows: Table
    kind: str = ""  # "" = not a data sheet (skip_reason says why)
    header_row: int = 0  # as Excel numbers it
    columns: list[ColumnMap] = field(default_factory=list)
    skip_reason: str = ""
    refusal: str = ""  # a data sheet that cannot be read as mapped: each of its rows is refused with this
    notes: list[str] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    uncomputed: dict[tuple[int, int], str] = field(default_factory=dict)  # formulas without a result
    mapped: set[str] = field(default_factory=set)  # the --map keys that named one of its columns
    needs_municipality: bool = False  # refused until a municipality (or 全国) is chosen

    def uncomputed_cells(self, number: int) -> list[str]:
        """The used cells of row ``number`` that hold a formula whose result the file lacks."""
        return [ref for c in self.used().values() if (ref := self.uncomputed.get((number, c.index)))]

    def used(self) -> dict[str, ColumnMap]:
        return {c.field: c for c in self.columns if c.status == USED}

    def shadows(self) -> dict[str, list[ColumnMap]]:
        """Hidden columns that mean the same as a used one (checked row by row)."""
        used = self.used()
        out: dict[str, list[ColumnMap]] = {}
        for c in self.columns:
            if c.status == HIDDEN and c.field in used:
                out.setdefault(c.field, []).append(c)
        return out

    def data_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as Excel shows it, cells) for every non-empty row below the headings."""
        for number, cells in enumerate(self.rows[self.header_row :], start=self.header_row + 1):
            if any(c not in (None, "") and str(c).strip() for c in cells):
                yield number, list(cells)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "")


def _text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def vocabularies() -> dict[str, dict[str, str]]:
    synonyms = sh.table()
    return {k: sh.vocabulary(k, synonyms) for k in KIND_LABELS}


def _score(cells: list[Any], vocab: dict[str, str]) -> tuple[int, bool]:
    fields = [sh.meaning(c, vocab) for c in cells if _text(c)]
    named = {f for f in fields if f}
    return len(named), bool(named & {"name", "key"})


def _find_header(rows: Table, vocabs: dict[str, dict[str, str]], kinds: list[str]) -> tuple[int, str]:
    """(0-based row, kind) of the heading row, or (-1, "")."""
    best = (0, -1, "")
    for i, row in enumerate(rows[:HEADER_SCAN]):
        if sum(1 for c in row if _text(c)) < 2:
            continue
        for kind in kinds:
            score, named = _score(row, vocabs[kind])
            if named and score >= 2 and score > best[0]:
                best = (score, i, kind)
    return best[1], best[2]


def resolve_field(value: str, kind: str, vocab: dict[str, str]) -> str:
    """An administrator's --map target: a field name, its label or any heading of the table."""
    value = value.strip()
    if value in ("-", "無視", ""):
        return sh.IGNORE
    names = sh.field_names(kind)
    if value in names:
        return value
    found = sh.meaning(value, vocab)
    if found:
        return found
    raise SheetFileError(
        f"--map の「{value}」は{KIND_LABELS[kind]}の項目にありません（使える項目: {'、'.join(names)}）"
    )


def _override(mapping: dict[str, str], title: str, column: ColumnMap) -> tuple[str, str] | None:
    """(the --map key, its target) that names this column: by letter or heading, "シート!" first."""
    found = None
    for wanted, target in mapping.items():
        sheet, _, what = wanted.rpartition("!")
        if sheet and sheet.strip() != title:
            continue
        if what.strip() == column.letter or (column.header and sh.fold(what) == sh.fold(column.header)):
            if sheet or found is None:
                found = (wanted, target)
    return found


def layout(
    title: str, sheet: SheetData, options: SheetOptions, vocabs: dict[str, dict[str, str]] | None = None
) -> SheetLayout:
    vocabs = vocabs or vocabularies()
    out = SheetLayout(title, sheet.rows, hidden_rows=set(sheet.hidden_rows), uncomputed=dict(sheet.uncomputed))
    filled = sum(1 for row in sheet.rows if any(_text(c) for c in row))
    if sheet.state != "visible":
        out.skip_reason = f"非表示のシートのため読みませんでした（空でない行 {filled}行）"
        return out
    if not filled:
        out.skip_reason = "空のシートです"
        return out
    forced = TITLE_KINDS.get(title.strip()) or options.kind
    header, kind = _find_header(sheet.rows, vocabs, [forced] if forced else list(KIND_LABELS))
    if header < 0:
        out.skip_reason = (
            f"見出しの行が見つからないため読みませんでした（最初の{HEADER_SCAN}行に「名称」と、ほかに"
            f"知っている見出しが1つ以上ある行がありません。空でない行 {filled}行）"
        )
        return out
    head = list(sheet.rows[header])
    out.kind = forced or ("contact" if sh.fold("組織キー") in {sh.fold(c) for c in head} else kind)
    out.header_row = header + 1
    above = [_text(c) for row in sheet.rows[:header] for c in row if _text(c)]
    if above:
        shown = "」「".join(t[:30] for t in above[:3])
        out.notes.append(
            f"{header}行目までは表題・注記として読みませんでした（「{shown}」）。見出しは{header + 1}行目です"
        )
    _map_columns(out, head, sheet, options, vocabs[out.kind])
    for fill in sheet.merged:
        if fill.rows[-1] > out.header_row:
            block = f"{get_column_letter(fill.col + 1)}{fill.first}:{get_column_letter(fill.col + 1)}{fill.last}"
            out.notes.append(
                f"結合されたセル {block} の「{fill.value[:30]}」を、"
                f"{'、'.join(map(str, fill.rows[:20]))}{' …' if len(fill.rows) > 20 else ''}行目の値としても読みました"
            )
    if (
        not out.refusal
        and out.kind != "contact"
        and "municipality" not in out.used()
        and "key" not in out.used()
        and not options.municipality
        and not options.nationwide
    ):
        out.needs_municipality = True
        out.refusal = (
            "市区町村の列がありません。どの市区町村の記録か選んでください: -m 高岡市（管理画面では"
            "「市区町村」の欄）。全国の窓口なら --nationwide、"
            "行ごとに違うなら「市区町村」の列を加えてください"
        )
    return out


def _map_columns(
    out: SheetLayout, head: list[Any], sheet: SheetData, options: SheetOptions, vocab: dict[str, str]
) -> None:
    width = max((len(r) for r in sheet.rows), default=0)
    data = sheet.rows[out.header_row :]
    for i in range(width):
        header = _text(head[i]) if i < len(head) else ""
        samples = tuple(islice((_text(r[i])[:40] for r in data if i < len(r) and _text(r[i])), SAMPLES))
        if not header and not samples:
            continue
        col = ColumnMap(i, header, hidden=i in sheet.hidden_columns, samples=samples)
        override = _override(options.mapping, out.title, col)
        if override is not None:
            out.mapped.add(override[0])
            target = resolve_field(override[1], out.kind, vocab)
            col.chosen = True
            if target == sh.IGNORE:
                col.reason = "管理者が外しました"
            else:
                col.field, col.status, col.reason = target, USED, "管理者が指定しました"
        elif not header:
            col.reason = "見出しのない列です（--map 'B=名称' のように指定できます）"
        elif marked := sh.staff_marked(header, vocab):
            printed = sh.field_names(out.kind)[marked]
            col.staff = True
            col.reason = f"見出しの括弧が職員用を示しますが、「{printed}」は相談者の控えに印刷されます"
            col.reason += f"（職員メモに入れるときは --map '{header}=staff_note'）"
            out.notes.append(f"読まない列: {col.name}: {col.reason}")
        else:
            col.field = sh.meaning(header, vocab)
            if not col.field:
                col.reason = "対応表にない見出しです（--map で項目を指定できます）"
            elif col.hidden:
                col.status, col.reason = (
                    HIDDEN,
                    (f"非表示の列のため読みません（読むときは --map '{col.letter}={col.field}'）"),
                )
            else:
                col.status = USED
        out.columns.append(col)
    by_field: dict[str, list[ColumnMap]] = {}
    for c in out.columns:
        if c.field:
            by_field.setdefault(c.field, []).append(c)
    label = sh.field_names(out.kind)
    for name, cols in by_field.items():
        chosen = [c for c in cols if c.chosen]
        visible = [c for c in cols if c.status == USED and not c.chosen]
        if chosen:
            if len(chosen) > 1:
                raise SheetFileError(
                    f"シート「{out.title}」: --map で {'と'.join(c.name for c in chosen)} の両方を"
                    f"「{label[name]}」にしています。どちらか一つにしてください"
                )
            for c in cols:
                if not c.chosen:
                    c.status, c.reason = (HIDDEN if c.hidden else IGNORED), f"管理者が {chosen[0].name} を選びました"
            continue
        if len(visible) > 1:
            names = "と".join(c.name for c in visible)
            for c in visible:
                c.status = AMBIGUOUS
                c.reason = f"{names} がどちらも「{label[name]}」です"
            out.refusal = out.refusal or (
                f"{names} がどちらも「{label[name]}」を指しています。読む列を選んでください"
                f"（例: --map '{visible[1].header or visible[1].letter}=-' で一方を外す）"
            )
        elif visible:
            for c in cols:
                if c.status == HIDDEN:
                    c.reason = (
                        f"非表示の列です。同じ意味の表示されている {visible[0].name} を読みます（値が違う行は報告）"
                    )
    ignored = [c for c in out.columns if c.status == IGNORED and not c.field and not c.chosen and not c.staff]
    if ignored:
        out.notes.append(f"読まない列（対応表にない見出し）: {'、'.join(c.name for c in ignored)}")
    hidden = [c for c in out.columns if c.hidden]
    if hidden:
        out.notes.append(f"非表示の列: {'、'.join(c.name for c in hidden)}")
    if out.hidden_rows:
        rows = sorted(r for r in out.hidden_rows if r > out.header_row)
        if rows:
            what = "読みました" if options.hidden_rows else "読みませんでした（読むときは --hidden-rows）"
            more = " …" if len(rows) > 20 else ""
            out.notes.append(f"非表示の行: {'、'.join(map(str, rows[:20]))}{more}行目を{what}")


def read_layouts(sheets: dict[str, SheetData], options: SheetOptions) -> list[SheetLayout]:
    vocabs = vocabularies()
    return [layout(title, data, options, vocabs) for title, data in sheets.items()]
