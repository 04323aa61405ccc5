"""Reading and writing tables of cells: Excel .xlsx (openpyxl) and CSV.

CSV comes as Japanese offices send it: UTF-8 with or without a BOM, Shift_JIS/CP932 from older
Excel, or UTF-16 tab-separated ("Unicode テキスト"). The encoding is detected, not asked for.
Writing CP932 maps the JIS characters CP932 lacks to its own (〜 U+301C -> ～ U+FF5E, …) and
reading maps them back, so a schedule "月〜金" survives the trip.

Cells a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) are written
with a leading ``'`` (OWASP's advice against CSV injection) and read back without it, so an export
re-imports unchanged and ``=HYPERLINK(…)`` in a record is shown in Excel, never run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from dvdesk import files
from dvdesk.admin import sheet_xml
from dvdesk.domain import bounds, cp932

if TYPE_CHECKING:  # both are imported where a sheet is read, not at start-up
    import zipfile

    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

# JIS X 0208 code points that Windows' CP932 spells differently ("wave dash problem").
_JIS_TO_CP932 = {
    "\u301c": "\uff5e",
    "\u2016": "\u2225",
    "\u2212": "\uff0d",
    "\u00a2": "\uffe0",
    "\u00a3": "\uffe1",
    "\u00ac": "\uffe2",
    "\u2014": "\u2015",
}
_TO_CP932 = str.maketrans("".join(_JIS_TO_CP932), "".join(_JIS_TO_CP932.values()))
_TO_JIS = str.maketrans("".join(_JIS_TO_CP932.values()), "".join(_JIS_TO_CP932))

MAX_SHEETS = 20
Table = list[list[Any]]  # rows of cells; the first row is the header


class SheetFileError(ValueError):
    """A file that cannot be read or written as a table; ``str()`` is Japanese."""


def decode_csv(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for CSV bytes in UTF-8 (BOM or not), UTF-16 or CP932."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8（BOM付き）"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        raise SheetFileError("文字コードを判定できません。UTF-8 か Shift_JIS（CP932）で保存してください。") from None
    return text.translate(_TO_JIS), "Shift_JIS（CP932）"


def as_cp932(text: str) -> str:
    """``text`` as a CP932 sheet that ``write_csv`` wrote reads back (``decode_csv``): ㉑ → (21)."""
    return cp932.fold_text(text).translate(_TO_CP932).translate(_TO_JIS)


def read_csv(path: Path) -> tuple[Table, str]:
    data = _read_bytes(path)
    text, encoding = decode_csv(data)
    first = text[:65536].split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # bounds.rows stops at the limit, mid-file; the formula guard's quote comes off again
        rows = [[files.restore_formula(c) for c in _columns(row)] for row in bounds.rows(reader, "CSV ")]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # Python's words; she gets hers
            raise SheetFileError(
                f"CSV の{reader.line_num}行目に長すぎるセルがあります"
                f"（1つのセルは {csv.field_size_limit():,}文字まで）。セルの内容を短くしてください"
            ) from None
        raise SheetFileError(
            f"CSV として読めません（{reader.line_num}行目の区切りか引用符の形が正しくありません）"
        ) from None
    except bounds.TooLarge as exc:
        raise SheetFileError(str(exc)) from None
    return rows, encoding


def _columns(row: list) -> list:
    if len(row) > bounds.MAX_COLUMNS:
        raise bounds.TooLarge(f"列が多すぎます（{len(row):,}列、上限 {bounds.MAX_COLUMNS}列）")
    return row


def write_csv(path: Path, table: Table, encoding: str = "utf-8") -> list[str]:
    """UTF-8 is written with a BOM so that Excel opens it as UTF-8; CP932 as old Excel wants.

    Returns what CP932 could not keep as it was (``dvdesk.domain.cp932``): one line per change.
    """
    notes: list[str] = []
    if encoding == "cp932":
        table, folded = cp932.fold_table(table)
        notes = folded.notes()
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(files.neutralise_row(row) for row in table)
    text = buffer.getvalue()
    if encoding == "cp932":
        text = text.translate(_TO_CP932)
        try:
            data = text.encode("cp932")
        except UnicodeEncodeError as exc:
            line = text[: exc.start].count("\n") + 1
            raise SheetFileError(
                f"{line}行目の「{text[exc.start : exc.end]}」は Shift_JIS（CP932）で表せません。"
                "UTF-8 で書き出してください。"
            ) from None
    elif encoding == "utf-8":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    else:
        raise SheetFileError(f"文字コード {encoding} には対応していません（utf-8 か cp932）")
    atomic_write(path, data)
    return notes


def read_xlsx(path: Path) -> dict[str, Table]:
    """Each sheet's rows by its title."""
    return {title: sheet.rows for title, sheet in read_workbook(path).items()}


@dataclass
class SheetData:
    """One sheet as read: its rows, and what Excel hides (columns 0-based, rows as Excel numbers them)."""

    rows: Table
    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    state: str = "visible"  # visible | hidden | veryHidden
    merged: list[MergedFill] = field(default_factory=list)  # values read down a merged block
    uncomputed: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "D6": formula, no result


@dataclass(frozen=True)
class MergedFill:
    """A merged block over several rows whose value was read on each of its rows (col 0-based)."""

    first: int
    col: int
    last: int
    value: str
    rows: tuple[int, ...]


def read_workbook(path: Path) -> dict[str, SheetData]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _not_another_kind(_read_bytes(path))  # a clear message for a missing or empty file, a CSV, another ZIP
    _check_xlsx_zip(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise SheetFileError(f"Excel ファイル（.xlsx）として読めません: {type(exc).__name__}") from None
    except Exception as exc:  # zipfile.BadZipFile and openpyxl's parse errors vary by version
        raise SheetFileError(
            f"Excel ファイル（.xlsx）として読めません（壊れている可能性があります）: {type(exc).__name__}"
        ) from None
    if len(wb.worksheets) > MAX_SHEETS:
        wb.close()
        raise SheetFileError(f"シートが多すぎます（{len(wb.worksheets)}枚、上限 {MAX_SHEETS}枚）")
    try:
        return {ws.title: _sheet(ws) for ws in wb.worksheets}
    except bounds.TooLarge as exc:
        raise SheetFileError(str(exc)) from None
    except Exception as exc:  # a malformed sheet XML surfaces while streaming
        raise SheetFileError(
            f"Excel ファイル（.xlsx）として読めません（壊れている可能性があります）: {type(exc).__name__}"
        ) from None
    finally:
        wb.close()


def _not_another_kind(data: bytes) -> None:
    """A file named .xlsx that is a CSV (saved with the wrong extension) or another ZIP is named as such:
    openpyxl's words (BadZipFile, KeyError) say neither what it is nor what to do."""
    if not data.startswith(b"PK"):
        head = data[:4096]
        text = next((t for t in (_decoded(head, "utf-8-sig"), _decoded(head, "cp932")) if t is not None), None)
        if text is not None and ("," in text or "\t" in text) and "\0" not in text:
            raise SheetFileError(
                "拡張子は .xlsx ですが、中身は CSV（文字だけの表）です。拡張子を .csv に変えてから取り込んでください"
            )
        return
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # openpyxl says it is broken
    if "xl/workbook.xml" not in names:
        raise SheetFileError(
            "ZIP ファイルですが、Excel のファイルではありません（中に xl/workbook.xml がありません）。"
            "Excel で開いて「Excel ブック（.xlsx）」として保存し直してください"
        )


def _decoded(head: bytes, encoding: str) -> str | None:
    for cut in range(4):  # the 4 KB may end inside a character
        try:
            return head[: len(head) - cut].decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


_EMPTY: list = []  # one shared object for every empty row: a sheet padded to row 1,048,576 stays small
EXCEL_ROWS = 1_048_576


def _sheet_rows(ws: ReadOnlyWorksheet) -> Table:
    """One sheet, streamed (read-only mode): rows with something in them count against MAX_ROWS,
    empty ones are kept as one shared empty list (so row numbers stay right)."""
    if (ws.max_column or 0) > bounds.MAX_COLUMNS:
        raise bounds.TooLarge(
            f"シート「{ws.title}」の列が多すぎます（{ws.max_column:,}列、上限 {bounds.MAX_COLUMNS}列）"
        )
    width = ws.max_column or bounds.MAX_COLUMNS
    rows: Table = []
    filled = 0
    for row in ws.iter_rows(values_only=True, max_col=width):  # type: ignore[misc]  # stub: read-only sheets borrow iter_rows
        if len(rows) >= EXCEL_ROWS:
            break
        if all(c is None or c == "" for c in row):
            rows.append(_EMPTY)
            continue
        filled += 1
        if filled > bounds.MAX_ROWS:
            raise bounds.TooLarge(
                f"シート「{ws.title}」の行が多すぎます（上限 {bounds.MAX_ROWS:,}行）。分けて取り込んでください。"
            )
        rows.append([files.restore_formula(c) for c in row])
    while rows and rows[-1] is _EMPTY:
        rows.pop()
    return rows


def _marks(ws: ReadOnlyWorksheet) -> sheet_xml.SheetMarks:
    """Hidden rows and columns, merged blocks and formulas without a result (``sheet_xml``)."""
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return sheet_xml.SheetMarks()
    with ws.parent._archive.open(path) as f:  # type: ignore[attr-defined]  # read-only mode keeps the zip, privately
        return sheet_xml.scan(f)


def _sheet(ws: ReadOnlyWorksheet) -> SheetData:
    rows, marks = _sheet_rows(ws), _marks(ws)
    return SheetData(
        rows,
        marks.hidden_columns,
        marks.hidden_rows,
        getattr(ws, "sheet_state", "visible"),
        _fill_merged(rows, marks.merged),
        marks.uncomputed,
    )


def _fill_merged(rows: Table, merged: set[tuple[int, int, int, int]]) -> list[MergedFill]:
    """A value written once down a merged block is what each of its rows shows on screen: it is
    read on every row of the block that holds anything else (an otherwise empty row stays empty)."""
    fills = []
    for first, col, last, _ in sorted(merged):
        top = rows[first - 1] if first <= len(rows) else _EMPTY
        value = top[col] if col < len(top) else None
        if value is None or value == "":
            continue
        filled = []
        for number in range(first + 1, min(last, len(rows)) + 1):
            row = rows[number - 1]
            if row is _EMPTY:
                continue
            if col >= len(row):
                row.extend([None] * (col + 1 - len(row)))
            if row[col] is None or row[col] == "":
                row[col] = value
                filled.append(number)
        if filled:
            fills.append(MergedFill(first, col, last, str(value), tuple(filled)))
    return fills


def _check_xlsx_zip(path: Path) -> None:
    """The XML inside an .xlsx (sheets, shared strings) inflates ~10-50x: bounded before openpyxl.
    Rows are counted in the sheet XML itself, at C speed, because openpyxl reads a whole sheet
    at open when it lacks a <dimension> element."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            bounds.check_zip(zf, bounds.MAX_XLSX_INFLATED)
            for info in zf.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    _count_rows(zf, info)
    except bounds.TooLarge as exc:
        raise SheetFileError(str(exc)) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        pass  # openpyxl says it is not an .xlsx, in its own words


_ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")  # with or without a namespace prefix


def _count_rows(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Row elements of one sheet's XML, counted while it is inflated 1 MB at a time."""
    count, tail = 0, b""
    with zf.open(info) as f:
        while chunk := f.read(1 << 20):
            data = tail + chunk  # a tag cut between two pieces is seen whole here, and only once:
            count += sum(data.count(t) - tail.count(t) for t in _ROW_TAGS)
            tail = data[-5:]
            if count > bounds.MAX_ROWS + 1:
                raise bounds.TooLarge(
                    f"シートの行が多すぎます（{bounds.MAX_ROWS:,}行を超えています）。分けて取り込んでください。"
                )


def write_xlsx(path: Path, sheets: dict[str, Table]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # a new workbook comes with one empty sheet
    for title, table in sheets.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate(table, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if isinstance(value, str):
                    cell.value = files.neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
                    cell.data_type = "s"  # text that starts with "=" stays text, never a formula
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                else:
                    cell.value = value
                if r == 1:
                    cell.font = Font(bold=True)
        ws.freeze_panes = "B2"
    # Built in memory, then written whole: openpyxl's ZipFile, saved straight into the file, was left
    # open when a write failed (a full disk) and printed a traceback when collected.
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write(path, buffer.getvalue())


def _read_bytes(path: Path) -> bytes:
    try:
        data = bounds.read_file(Path(path))
    except bounds.TooLarge as exc:
        raise SheetFileError(str(exc)) from None
    except OSError as exc:
        raise SheetFileError(f"ファイルを読めません: {path}（{exc.strerror or exc}）") from None
    if not data:
        raise SheetFileError("ファイルが空です（0 バイト）")
    return data


def _write(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    try:
        files.atomic_write_with(Path(path), fill, private=True)  # holds staff-only and secret fields
    except files.WriteFailed as exc:
        raise SheetFileError(exc.message) from None


def atomic_write(path: Path, data: bytes) -> None:
    """Whole or not at all (``dvdesk.files``); a failure is a SheetFileError with the reason."""
    _write(path, lambda f: f.write(data))
