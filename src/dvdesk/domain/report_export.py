"""The yearly report as files for the committee: Excel (.xlsx) and CSV.

Both are built from the same sheets (``report_sheets``), so the numbers cannot differ between
them. CSV is written UTF-8 with a BOM by default, which Excel opens with the Japanese intact;
CP932 (Shift_JIS) is offered for older tools: a character CP932 lacks is mapped as every other
CP932 export maps it (``dvdesk.domain.cp932``: ㉗ → (27), 𠮷 → 吉, else 〓), and each change is
listed with the cell it happened in (B12), so the export never stops and never changes silently.
Files are written whole or not at all (``dvdesk.files.atomic_write``). Department and need names
come from the directory, which a data package can fill: every text cell goes through
``neutralise_formula`` and is stored as text, so a name such as ``=HYPERLINK(…)`` is shown, never
run; the report writes no formula of its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dvdesk import files
from dvdesk.domain import cp932, fiscal
from dvdesk.domain.statistics import CrossTable, Source, YearReport
from dvdesk.domain.translatable import N_

if TYPE_CHECKING:  # openpyxl is imported when a workbook is written, not at start-up
    from openpyxl.worksheet.worksheet import Worksheet

CSV_ENCODINGS = {
    "utf-8-sig": N_("CaseworkLabels", "UTF-8（BOM付き・Excel向け）"),
    "cp932": N_("CaseworkLabels", "Shift_JIS（CP932）"),
}
OVERLAP_NOTE = N_(
    "CaseworkLabels",
    "※ 1件が複数の{what}にあたる場合はそれぞれに数えるため、計は延べ件数で、実際の件数（総数）とは一致しません。",
)


class ExportError(Exception):
    """A report that could not be written; ``message`` is for the user."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Sheet:
    name: str  # the Excel sheet name (≤ 31 characters)
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    total_row: tuple[object, ...] | None = None
    notes: tuple[str, ...] = ()


def _ratio(report: YearReport) -> str:
    return f"{report.dv_ratio:.1%}" if report.dv_ratio is not None else "－"


def summary_sheet(report: YearReport, made_on: dt.date | None = None) -> Sheet:
    rows = (
        ("年度", f"{report.label}（{fiscal.fiscal_period_label(report.fiscal_year)}）"),
        ("集計のもと", report.source.label),
        (report.noun, report.total),
        (f"うちDV{report.noun}", report.dv_total),
        ("DV紹介の割合" if report.source is Source.REFERRALS else "DV相談の割合", _ratio(report)),
        ("作成日", (made_on or dt.date.today()).isoformat()),
    )
    return Sheet(
        "概要", report.title, ("項目", "値"), rows, notes=("個人を特定できる情報は含まれていません（件数のみ）。",)
    )


def table_sheet(report: YearReport, table: CrossTable, what: str) -> Sheet:
    header = (table.row_header, *(fiscal.month_label(m) for m in report.months), "合計", "うちDV")
    rows = tuple((r.label, *r.months, r.total, r.dv) for r in table.rows)
    label = "計（延べ）" if table.overlapping else "計"
    total = (label, *table.month_totals, table.total, table.dv_total)
    notes = (OVERLAP_NOTE.format(what=what),) if table.overlapping else ()
    return Sheet(table.title[:31], f"{report.label} {table.title}", header, rows, total, notes)


def report_sheets(report: YearReport, made_on: dt.date | None = None) -> list[Sheet]:
    return [
        summary_sheet(report, made_on),
        table_sheet(report, report.by_channel, "相談方法"),
        table_sheet(report, report.by_department, "担当課・機関"),
        table_sheet(report, report.by_need, "ニーズ"),
    ]


def _atomic_write(path: Path, data: bytes) -> None:
    try:
        files.atomic_write(Path(path), data)
    except files.WriteFailed as exc:
        raise ExportError(exc.message) from exc


def csv_table(report: YearReport, made_on: dt.date | None = None) -> list[list[object]]:
    """The CSV's rows as written (row 1 is the first line), text cells already neutralised."""
    table: list[list[object]] = []
    for i, sheet in enumerate(report_sheets(report, made_on)):
        if i:
            table.append([])
        table.append(files.neutralise_row([sheet.title]))
        table.append(files.neutralise_row(sheet.header))
        table.extend(files.neutralise_row(row) for row in sheet.rows)
        if sheet.total_row:
            table.append(files.neutralise_row(sheet.total_row))
        table.extend(files.neutralise_row([note]) for note in sheet.notes)
    return table


def csv_bytes(
    report: YearReport, encoding: str = "utf-8-sig", made_on: dt.date | None = None, notes: list[str] | None = None
) -> bytes:
    """``notes`` receives one line per character CP932 could not keep as it was, with its cells."""
    if encoding not in CSV_ENCODINGS:
        raise ExportError(f"文字コード {encoding} には対応していません。")
    table = csv_table(report, made_on)
    if encoding == "cp932":
        folded = cp932.Folded()
        table = [
            [
                cp932.fold_text(v, f"{cp932.column_name(c)}{r}", folded) if isinstance(v, str) else v
                for c, v in enumerate(row)
            ]
            for r, row in enumerate(table, start=1)
        ]
        if notes is not None:
            notes.extend(folded.notes())
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    return out.getvalue().encode(encoding)  # folded: every character is in CP932 now


def write_csv(report: YearReport, path: Path, encoding: str = "utf-8-sig", notes: list[str] | None = None) -> Path:
    _atomic_write(Path(path), csv_bytes(report, encoding, notes=notes))
    return Path(path)


def xlsx_bytes(report: YearReport, made_on: dt.date | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE5F0")
    thin = Side(style="thin", color="999999")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # a new workbook comes with one empty sheet
    for sheet in report_sheets(report, made_on):
        ws = wb.create_sheet(sheet.name)
        ws.append([sheet.title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([])
        ws.append(list(sheet.header))
        for cell in ws[3]:
            cell.font, cell.fill, cell.border = bold, head_fill, box
            cell.alignment = Alignment(horizontal="center")
        for row in sheet.rows:
            ws.append(list(row))
        if sheet.total_row:
            ws.append(list(sheet.total_row))
            for cell in ws[ws.max_row]:
                cell.font = bold
        for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
            for cell in row:
                cell.border = box
                if isinstance(cell.value, int):
                    cell.number_format = "#,##0"
        for note in sheet.notes:
            ws.append([])
            ws.append([note])
        _text_never_formula(ws)
        ws.column_dimensions["A"].width = max(16, *(_width(r[0]) for r in (sheet.header, *sheet.rows)))
        for col in range(2, len(sheet.header) + 1):
            ws.column_dimensions[get_column_letter(col)].width = 9 if len(sheet.header) > 3 else 36
        ws.freeze_panes = "B4"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text_never_formula(ws: Worksheet) -> None:
    """Every text cell neutralised and typed as a string: openpyxl would store ``=…`` as a formula."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = files.neutralise_formula(cell.value)
                cell.data_type = "s"


def _width(value: object) -> int:
    text = str(value)
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text) + 2  # Japanese characters are double width


def write_xlsx(report: YearReport, path: Path) -> Path:
    _atomic_write(Path(path), xlsx_bytes(report))
    return Path(path)
