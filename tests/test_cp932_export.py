"""CP932 exports never fail: characters CP932 lacks are replaced readably, and every change is listed."""

import csv
import io

import pytest

from dvdesk.admin import sheet_files, sheets
from dvdesk.domain import cp932


@pytest.mark.parametrize(
    ("ch", "expected"),
    [("㉗", "(27)"), ("㊿", "(50)"), ("Ⓐ", "(A)"), ("⑴", "(1)"), ("𠮷", "吉"), ("鷗", "鴎"), ("\u2013", "－")],
)
def test_a_missing_character_gets_a_readable_equivalent(ch, expected):
    assert cp932.equivalent(ch) == expected
    assert cp932.encodable(expected)


@pytest.mark.parametrize("ch", ["①", "髙", "﨑", "Ⅳ", "㈱", "№"])
def test_characters_cp932_has_are_left_alone(ch):
    table, folded = cp932.fold_table([["名称"], [f"第{ch}"]])
    assert table == [["名称"], [f"第{ch}"]] and not folded.changed


def test_every_change_is_named_with_its_cell():
    table, folded = cp932.fold_table([["名称", "説明"], ["主な取組㉗", "메모"], ["x", "㉗と㉑"]])
    assert table == [["名称", "説明"], ["主な取組(27)", "〓〓"], ["x", "(27)と(21)"]]
    notes = folded.notes()
    assert "「㉗」→「(27)」に置き換えました（A2「名称」、B3「説明」）" in notes
    assert any("「메」" in n and "B2「説明」" in n and "UTF-8（BOM付き）" in n for n in notes)


@pytest.mark.parametrize("kind", ["service", "organization", "contact"])
def test_the_shipped_tables_export_in_cp932(bundled_db, tmp_path, kind):
    """These failed with 「㉗ は Shift_JIS（CP932）で表せません」; now every cell reads back as written,
    except the characters CP932 lacks, and the note names each of those cells."""
    path = tmp_path / f"{kind}.csv"
    notes: list[str] = []
    rows = sheets.export_sheet(bundled_db, path, kind, "cp932", notes=notes)
    with bundled_db.read() as session:
        original = [["" if v is None else str(v) for v in row] for row in sheets.tables(session, (kind,))[kind]]
    text, encoding = sheet_files.decode_csv(path.read_bytes())
    assert encoding == "Shift_JIS（CP932）"
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == len(original) - 1 == len(back) - 1
    expected, folded = cp932.fold_table(original)
    assert back == expected and notes == folded.notes()
    changed = {
        f"{cp932.column_name(c)}{r}"
        for r, (w, g) in enumerate(zip(original, back, strict=True), start=1)
        for c, (a, b) in enumerate(zip(w, g, strict=True))
        if a != b
    }
    listed = {cell.split("「")[0] for where in [*folded.replaced.values(), *folded.missing.values()] for cell in where}
    assert changed == listed
    if kind == "contact":
        assert not notes
    else:
        assert changed and any("「㉗」→「(27)」" in n for n in notes)


def test_utf8_keeps_everything(bundled_db, tmp_path):
    path = tmp_path / "s.csv"
    notes: list[str] = []
    sheets.export_sheet(bundled_db, path, "service", "utf-8", notes=notes)
    assert not notes and "㉗" in path.read_bytes().decode("utf-8-sig")
