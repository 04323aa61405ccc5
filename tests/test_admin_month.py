"""An administrator's month: the exported sheet edited as a colleague edits it in Excel, then imported.

Found in session 13: in the exported workbook's 連絡先 sheet (which always has a 内線 column), a
number typed with its extension after it (0766-99-0000 内線456) and the 内線 column left blank
stored the number and dropped the extension without a word: the phone was split, its extension put
in, then the blank 内線 cell read after it wrote the extension back to empty (report: 変更なし).
"""

import openpyxl
import pytest

from dvdesk.admin import sheets
from dvdesk.admin.editing import Editor
from dvdesk.admin.sheet_export import export_sheet

CONTACTS = "連絡先"


def _contact_sheet(path):
    wb = openpyxl.load_workbook(path)
    ws = wb[CONTACTS]
    return wb, ws, {c.value: c.column for c in ws[1]}


def _contacts(db, key):
    return Editor(db, "x").load("organization", key)["contacts"]


@pytest.mark.parametrize("typed", ["0766-99-0000 内線456", "０７６６－９９－００００　内線４５６"])
def test_an_extension_typed_in_the_contact_sheets_phone_column_is_kept(mini_db, tmp_path, typed):
    path = tmp_path / "directory.xlsx"
    export_sheet(mini_db, path)
    wb, ws, col = _contact_sheet(path)
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "test.center")
    ws.cell(row, col["電話番号"]).value = typed
    ws.cell(row, col["内線（常に職員のみ）"]).value = None  # the colleague moved it into the number
    new = ws.max_row + 1  # and gave 住宅課 its first number the same way
    ws.cell(new, 1).value = "test.housing"
    ws.cell(new, col["電話番号"]).value = "0766-99-0071 内線12"
    ws.cell(new, col["公開範囲"]).value = "公開（相談者に渡してよい）"
    wb.save(path)

    report = sheets.import_sheet(mini_db, path, "管理 花子")
    by_key = {(r.sheet, r.key): r for r in report.rows}
    assert by_key[(CONTACTS, "test.center")].action == "changed", by_key[(CONTACTS, "test.center")]
    [center] = _contacts(mini_db, "test.center")
    assert (center["phone"], center["extension"]) == ("0766-99-0000", "456")
    [housing] = _contacts(mini_db, "test.housing")
    assert (housing["phone"], housing["extension"]) == ("0766-99-0071", "12")


def _two_contacts(db, tmp_path):
    """test.center with a second contact (夜間), imported through the sheet as a colleague would."""
    path = tmp_path / "directory.xlsx"
    export_sheet(db, path)
    wb, ws, col = _contact_sheet(path)
    new = ws.max_row + 1
    ws.cell(new, 1).value = "test.center"
    ws.cell(new, col["名称（相談室・代表など）"]).value = "夜間"
    ws.cell(new, col["電話番号"]).value = "0766-99-2222"
    ws.cell(new, col["公開範囲"]).value = "公開（相談者に渡してよい）"
    wb.save(path)
    sheets.import_sheet(db, path, "管理 花子")
    assert [c["phone"] for c in _contacts(db, "test.center")] == ["0766-99-0000", "0766-99-2222"]
    return path


@pytest.mark.parametrize("how", ["refused", "hidden"])
def test_a_contact_row_not_taken_never_deletes_that_contact(mini_db, tmp_path, how):
    """The contact sheet lists all of an organisation's contacts; a row of them refused (a typo) or
    skipped (hidden) used to be left out of the list that replaced them: its contact was deleted
    while the report said the row was not taken. Now the organisation's contacts stay as they were
    and each of its contact rows says why."""
    path = _two_contacts(mini_db, tmp_path)
    before = _contacts(mini_db, "test.center")
    wb, ws, col = _contact_sheet(path)
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "test.center"]
    ws.cell(rows[0], col["電話番号"]).value = "0766-99-1111"  # a good change on the first row
    if how == "refused":
        ws.cell(rows[1], col["電話番号"]).value = "0766-99 内線1 内線2"  # a typo on the second
    else:
        ws.row_dimensions[rows[1]].hidden = True
    wb.save(path)

    report = sheets.import_sheet(mini_db, path, "管理 花子")
    assert _contacts(mini_db, "test.center") == before
    center_rows = [r for r in report.rows if r.kind == "contact" and r.key == "test.center"]
    assert [r.row for r in center_rows] == rows
    assert all(r.status != sheets.ACCEPTED and r.reasons for r in center_rows), center_rows
    assert any(str(rows[1]) in " ".join(r.reasons) for r in center_rows if r.row == rows[0]), center_rows
