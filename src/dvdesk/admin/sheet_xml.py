"""What openpyxl's read-only mode does not tell about a sheet, read from the sheet's XML itself.

Read-only mode (the one that stays small on a 50,000-row sheet) gives cell values only. Three
things a city's sheet shows on screen would otherwise be read wrongly without a word:

- hidden rows and columns (Excel hides them; the import reports them and never prefers them);
- merged cells: a department written once down a merged block of rows holds its value only in
  the block's first cell, so the other rows would be read with no department at all;
- formulas whose result the file does not carry (written by a program, never opened in Excel):
  ``data_only`` reads them as empty, so a phone made by ``=…`` would be dropped.

The XML is streamed 1 MB at a time with regular expressions (C speed, nothing kept but the
findings); a tag or a cell is judged only once it is complete in what has been read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO

from dvdesk.domain import bounds

_TAG = re.compile(rb"<(?:\w+:)?(row|col|mergeCell)\b([^>]*)>")
_ATTR = re.compile(rb'\b(r|min|max|hidden|ref)="([^"]*)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v\s*(/>|>\s*</(?:\w+:)?v>|>)")  # group 1 ">" when it holds a value
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_CELL_START = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_CELL_TYPE = re.compile(rb'\bt="([a-zA-Z]+)"')


@dataclass
class SheetMarks:
    """Findings in one sheet's XML. Rows as Excel numbers them, columns 0-based."""

    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    merged: set[tuple[int, int, int, int]] = field(default_factory=set)  # (first row, first col, last row, last col)
    uncomputed: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "D6"


_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")


def _cell(ref: str) -> tuple[int, int] | None:
    """(row, 0-based column) of "D6"; None for anything else."""
    m = _REF.fullmatch(ref)
    if not m or int(m.group(2)) == 0:
        return None
    col = 0
    for letter in m.group(1):
        col = col * 26 + ord(letter) - 64
    return int(m.group(2)), col - 1


def _tags(data: bytes, end: int, marks: SheetMarks) -> None:
    for m in _TAG.finditer(data, 0, end):
        attrs: dict[bytes, bytes] = dict(_ATTR.findall(m.group(2)))
        tag = m.group(1)
        if tag == b"mergeCell":
            first, _, second = attrs.get(b"ref", b"").decode("ascii", "replace").partition(":")
            a, b = _cell(first), _cell(second or first)
            if a and b and b[0] > a[0]:  # only a block over several rows leaves rows without the value
                marks.merged.add((a[0], a[1], b[0], b[1]))
            continue
        if attrs.get(b"hidden") not in (b"1", b"true"):
            continue
        if tag == b"row" and attrs.get(b"r", b"").isdigit():
            marks.hidden_rows.add(int(attrs[b"r"]))
        elif tag == b"col" and attrs.get(b"min", b"").isdigit():
            last = min(int(attrs.get(b"max", attrs[b"min"])), bounds.MAX_COLUMNS)
            marks.hidden_columns.update(range(int(attrs[b"min"]) - 1, last))


def _formulas(data: bytes, end: int, final: bool, marks: SheetMarks) -> int:
    """Records formulas without a stored result; returns where the incomplete part begins."""
    for m in _FORMULA.finditer(data, 0, end):
        close = _CELL_END.search(data, m.end(), end)
        start = data.rfind(b"<", 0, m.start())  # a formula is its cell's first child
        if close is None:
            if final:
                return end
            return max(start, 0)  # judged once the cell is complete
        tag = _CELL_START.match(data, start) if start >= 0 else None
        ref = _CELL_REF.search(tag.group(1)) if tag else None
        kind = _CELL_TYPE.search(tag.group(1)) if tag else None
        value = _VALUE.search(data, m.end(), close.start())
        held = value is not None and (value.group(1) == b">" or (kind is not None and kind.group(1) == b"str"))
        # a result is there: a value, or the empty text of a text formula; an error (#REF!) is none
        if held and not (kind is not None and kind.group(1) == b"e"):
            continue
        where = _cell(ref.group(1).decode("ascii")) if ref else None
        if where is not None:
            marks.uncomputed[where] = ref.group(1).decode("ascii")  # type: ignore[union-attr]  # ref is set with where
    return end


def _complete(data: bytes, cut: int) -> int:
    """``cut`` moved back so that no cell is split: a cell opened before it and not yet closed
    is left whole for the next piece (its formula and its value are judged together)."""
    i = max(data.rfind(b"<c ", 0, cut), data.rfind(b":c ", 0, cut))
    start = data.rfind(b"<", 0, i + 1) if i >= 0 else -1
    if start >= 0 and _CELL_START.match(data, start) and not data.startswith(b"/>", data.find(b">", start) - 1):
        if _CELL_END.search(data, start, cut) is None:
            return start
    return cut


def scan(stream: IO[bytes]) -> SheetMarks:
    marks = SheetMarks()
    tail = b""
    while True:
        chunk = stream.read(1 << 20)
        data = tail + chunk
        final = not chunk
        cut = len(data) if final else _complete(data, max(data.rfind(b"<"), 0))
        cut = _formulas(data, cut, final, marks)
        _tags(data, cut, marks)
        if final:
            return marks
        tail = data[cut:]
