"""Reading and writing tables of cells: Excel .xlsx (openpyxl) and CSV.

CSV comes as Japanese offices send it: UTF-8 with or without a BOM, Shift_JIS/CP932 from older
Excel, or UTF-16 tab-separated ("Unicode テキスト"). The encoding is detected, not asked for.
Writing CP932 maps the JIS characters CP932 lacks to its own (〜 U+301C -> ～ U+FF5E, …) and
reading maps them back, so a schedule "月〜金" survives the trip.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from dvdesk.domain import cp932

# JIS X 0208 code points that Windows' CP932 spells differently ("wave dash problem").
_JIS_TO_CP932 = {"\u301c": "\uff5e", "\u2016": "\u2225", "\u2212": "\uff0d", "\u00a2": "\uffe0",
                 "\u00a3": "\uffe1", "\u00ac": "\uffe2", "\u2014": "\u2015"}
_CP932_TO_JIS = {v: k for k, v in _JIS_TO_CP932.items()}
SHEET_ENCODINGS = ("utf-8", "cp932")

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
    return text.translate(str.maketrans(_CP932_TO_JIS)), "Shift_JIS（CP932）"


def read_csv(path: Path) -> tuple[Table, str]:
    data = _read_bytes(path)
    text, encoding = decode_csv(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise SheetFileError(f"CSV として読めません: {exc}") from None
    return rows, encoding


def write_csv(path: Path, table: Table, encoding: str = "utf-8") -> list[str]:
    """UTF-8 is written with a BOM so that Excel opens it as UTF-8; CP932 as old Excel wants.

    Returns what CP932 could not keep as it was (``dvdesk.domain.cp932``): one line per change.
    """
    notes: list[str] = []
    if encoding == "cp932":
        table, folded = cp932.fold_table(table)
        notes = folded.notes()
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    text = buffer.getvalue()
    if encoding == "cp932":
        text = text.translate(str.maketrans(_JIS_TO_CP932))
        try:
            data = text.encode("cp932")
        except UnicodeEncodeError as exc:
            line = text[: exc.start].count("\n") + 1
            raise SheetFileError(f"{line}行目の「{text[exc.start:exc.end]}」は Shift_JIS（CP932）で表せません。"
                                 "UTF-8 で書き出してください。") from None
    elif encoding == "utf-8":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    else:
        raise SheetFileError(f"文字コード {encoding} には対応していません（utf-8 か cp932）")
    atomic_write(path, data)
    return notes


def read_xlsx(path: Path) -> dict[str, Table]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _read_bytes(path)  # a clear message for a missing or empty file
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise SheetFileError(f"Excel ファイル（.xlsx）として読めません: {type(exc).__name__}") from None
    except Exception as exc:  # zipfile.BadZipFile and openpyxl's parse errors vary by version
        raise SheetFileError(f"Excel ファイル（.xlsx）として読めません（壊れている可能性があります）: "
                             f"{type(exc).__name__}") from None
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def write_xlsx(path: Path, sheets: dict[str, Table]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, table in sheets.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate(table, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if isinstance(value, str):
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    cell.data_type = "s"  # text that starts with "=" stays text, never a formula
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                else:
                    cell.value = value
                if r == 1:
                    cell.font = Font(bold=True)
        ws.freeze_panes = "B2"
    fd, tmp = tempfile.mkstemp(prefix=".dvdesk-", suffix=".xlsx", dir=Path(path).parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_bytes(path: Path) -> bytes:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SheetFileError(f"ファイルを読めません: {path}（{exc.strerror or exc}）") from None
    if not data:
        raise SheetFileError("ファイルが空です（0 バイト）")
    return data


def atomic_write(path: Path, data: bytes) -> None:
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".dvdesk-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
