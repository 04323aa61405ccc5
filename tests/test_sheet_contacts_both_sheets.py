"""An organisation's contacts given twice in one workbook: the 組織 sheet's phone-directory
columns (主な連絡先の電話番号 …, its main contact) and the 連絡先 sheet's rows (all its contacts,
replacing them whole). Found in session 14 (h14-admin): the contact rows replaced the contacts
after the 組織 row had filled its main contact, so the number typed in the 組織 sheet was dropped
while its row said 受付 — with the 連絡先 sheet exactly as exported, the row even said 変更なし.
Now, unless both sheets say the same, the organisation's rows are refused, naming both sheets
(which one she meant cannot be told: a blank 主な連絡先 cell clears a number the 連絡先 sheet gives).
"""

from __future__ import annotations

import openpyxl

from dvdesk.admin import sheets
from dvdesk.admin.editing import Editor

ADMIN = "管理 花子"


def _workbook(db, tmp_path, main_phone: str, contact_phone: str | None = None):
    path = tmp_path / "all.xlsx"
    sheets.export_sheet(db, path)
    book = openpyxl.load_workbook(path)
    orgs = book["組織"]
    column = orgs.max_column + 1
    orgs.cell(1, column).value = "主な連絡先の電話番号"
    for row in range(2, orgs.max_row + 1):
        if orgs.cell(row, 1).value == "test.center":
            orgs.cell(row, column).value = main_phone
    if contact_phone is not None:
        contacts = book["連絡先"]
        heads = [c.value for c in contacts[1]]
        for row in range(2, contacts.max_row + 1):
            if contacts.cell(row, 1).value == "test.center":
                contacts.cell(row, heads.index("電話番号") + 1).value = contact_phone
    book.save(path)
    return path


def _phones(db) -> list[str]:
    return [c["phone"] for c in Editor(db, ADMIN).load("organization", "test.center")["contacts"]]


def test_a_main_contact_number_beside_contact_rows_that_differ_is_refused_not_dropped(mini_db, tmp_path):
    """The 連絡先 sheet as exported says 0766-99-0000, the 組織 row 0766-00-0002: refused, both named."""
    assert _phones(mini_db) == ["0766-99-0000"]
    report = sheets.import_sheet(mini_db, _workbook(mini_db, tmp_path, "0766-00-0002"), ADMIN, backup=None)
    refused = [r for r in report.rejected if r.key == "test.center"]
    assert {r.kind for r in refused} == {"organization", "contact"}
    assert all("連絡先" in r.reasons[0] and "組織" in r.reasons[0] for r in refused)
    assert _phones(mini_db) == ["0766-99-0000"]


def test_both_sheets_saying_the_same_number_are_taken(mini_db, tmp_path):
    path = _workbook(mini_db, tmp_path, "0766-00-0002", contact_phone="0766-00-0002")
    report = sheets.import_sheet(mini_db, path, ADMIN, backup=None)
    assert not report.rejected, [r.reasons for r in report.rejected]
    assert _phones(mini_db) == ["0766-00-0002"]


def test_contacts_changed_in_both_sheets_are_refused_naming_both(mini_db, tmp_path):
    path = _workbook(mini_db, tmp_path, "0766-00-0002", contact_phone="0766-00-0003")
    report = sheets.import_sheet(mini_db, path, ADMIN, backup=None)
    refused = [r for r in report.rejected if r.key == "test.center"]
    assert {r.kind for r in refused} == {"organization", "contact"}
    assert all("連絡先" in r.reasons[0] and "組織" in r.reasons[0] for r in refused)
    assert _phones(mini_db) == ["0766-99-0000"]
    assert all(r.key != "test.center" for r in report.accepted)
