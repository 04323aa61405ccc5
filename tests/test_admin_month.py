"""An administrator's month: the exported sheet edited as a colleague edits it in Excel, then imported.

Found in session 13: in the exported workbook's 連絡先 sheet (which always has a 内線 column), a
number typed with its extension after it (0766-99-0000 内線456) and the 内線 column left blank
stored the number and dropped the extension without a word: the phone was split, its extension put
in, then the blank 内線 cell read after it wrote the extension back to empty (report: 変更なし).
"""

import unicodedata

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


def _colleagues_edit(path):
    """The exported workbook as a colleague edits it in Excel. Returns the deleted row's key."""
    wb = openpyxl.load_workbook(path)
    sv, ct = wb["サービス"], wb[CONTACTS]
    col = {c.value: c.column for c in sv[1]}
    cc = {c.value: c.column for c in ct[1]}

    def row_of(ws, key):
        return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == key)

    sv.cell(row_of(sv, "test.svc.law"), col["専用の電話番号"]).value = "０７６６－９９－３３４４"
    sv.cell(row_of(sv, "test.svc.consult"), col["専用の電話番号"]).value = "0766-99-1234 内線56"
    sv.cell(row_of(sv, "test.svc.kids"), col["費用"]).value = "=1+1"  # written by a program: no result
    sv.cell(row_of(sv, "test.svc.housing"), col["内容"]).value = ("入居の配慮について相談を受ける。" * 20)[:300]
    sv.cell(row_of(sv, "test.svc.meeting"), col["名称"]).value = ("庁内連絡会議" * 50)[:300]
    sv.delete_rows(row_of(sv, "test.svc.shelter"))
    sv.insert_rows(row_of(sv, "test.svc.law"))  # a blank row
    new = sv.max_row + 1
    for heading, value in {
        "市区町村（名称かコード、全国の窓口は「全国」）": "１６２０２７",
        "提供する組織": "test.center",
        "種類": "相談者が利用できる",
        "名称": "夜間の電話相談（試行）",
        "専用の電話番号": "０７６６－９９－７７７７",
        "所在地の公開範囲": "公開（相談者に渡してよい）",
        "サービス全体の公開範囲": "公開（相談者に渡してよい）",
        "ニーズ分類": "consultation",
        "出典": "テスト相談センター（電話で確認）",
    }.items():
        sv.cell(new, col[heading]).value = value
    ct.cell(row_of(ct, "test.center"), cc["電話番号"]).value = "0766-99-0000 内線456"
    ct.cell(row_of(ct, "test.center"), cc["内線（常に職員のみ）"]).value = None
    new = ct.max_row + 1
    for heading, value in {
        "組織キー": "test.housing",
        "電話番号": "0766-99-0071",
        "内線（常に職員のみ）": "３４",
        "公開範囲": "公開（相談者に渡してよい）",
    }.items():
        ct.cell(new, cc[heading]).value = value
    wb.save(path)
    return "test.svc.shelter"


def _everything(db):
    from dvdesk.admin import package as pk

    with db.read() as session:
        records = pk.collect(session)[0]
    return {(kind, r["key"]): r for kind in ("service", "organization") for r in records[kind]}


def test_every_row_of_a_colleagues_sheet_is_in_the_database_or_in_the_refusals(mini_db, tmp_path):
    path = tmp_path / "directory.xlsx"
    export_sheet(mini_db, path)
    deleted = _colleagues_edit(path)
    before = _everything(mini_db)

    dry = sheets.import_sheet(mini_db, path, "管理 花子", dry_run=True)
    assert _everything(mini_db) == before  # the preview writes nothing
    report = sheets.import_sheet(mini_db, path, "管理 花子")
    assert [(r.sheet, r.row, r.status, r.action) for r in dry.rows] == [
        (r.sheet, r.row, r.status, r.action) for r in report.rows
    ]  # the preview said what the import did
    after = _everything(mini_db)
    again = {(r.sheet, r.row): r for r in sheets.import_sheet(mini_db, path, "管理 花子", dry_run=True).rows}

    by_row = {(r.sheet, r.row): r for r in report.rows}
    assert len(by_row) == len(report.rows)  # one line of the report per row
    book = openpyxl.load_workbook(path)
    seen = 0
    for ws in book.worksheets:
        for number, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            if all(c is None for c in cells):
                assert (ws.title, number) not in by_row  # a blank row holds nothing to lose
                continue
            seen += 1
            row = by_row[(ws.title, number)]
            if row.status == sheets.ACCEPTED:  # stored: the same row read again changes nothing
                assert again[(ws.title, number)].status == sheets.ACCEPTED
                assert again[(ws.title, number)].action == "unchanged", (row, again[(ws.title, number)])
            else:  # refused, with its reason, and its record as it was
                assert row.reasons, row
                kind = "service" if ws.title == "サービス" else "organization"
                assert after.get((kind, row.key)) == before.get((kind, row.key)), row
    assert seen == len(report.rows)

    refused = {(r.sheet, r.key): r.reasons for r in report.rows if r.status != sheets.ACCEPTED}
    assert set(refused) == {("サービス", "test.svc.kids"), ("サービス", "test.svc.meeting")}
    assert "数式" in refused[("サービス", "test.svc.kids")][0]
    assert "200" in refused[("サービス", "test.svc.meeting")][0]
    assert after[("service", deleted)] == before[("service", deleted)]  # a deleted row retires nothing
    assert any(deleted in n for n in report.notes)
    assert after[("service", "test.svc.law")]["phone"] == "0766-99-3344"
    consult = after[("service", "test.svc.consult")]
    assert consult["phone"] == "0766-99-1234" and "内線56" in consult["staff_note"]
    assert len(after[("service", "test.svc.housing")]["description"]) == 300
    [new] = [s for (kind, _), s in after.items() if kind == "service" and s["name"] == "夜間の電話相談（試行）"]
    assert new["phone"] == "0766-99-7777" and (("service", new["key"]) not in before)
    [center] = after[("organization", "test.center")]["contacts"]
    assert (center["phone"], center["extension"]) == ("0766-99-0000", "456")
    [housing] = after[("organization", "test.housing")]["contacts"]
    assert housing["phone"] == "0766-99-0071" and unicodedata.normalize("NFKC", housing["extension"]) == "34"


def test_a_phone_directorys_extension_in_the_number_beside_a_blank_extension_column_is_kept(mini_db, tmp_path):
    """A city's own phone directory (部署名, 電話番号, 内線): a row whose number says 内線12 with its
    内線 cell blank stored the number and dropped the extension without a word."""
    from dvdesk.admin.sheet_layout import SheetOptions

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "庁内電話帳"
    ws.append(["部署名", "電話番号", "内線", "窓口", "受付時間"])
    ws.append(["住宅課", "0766-00-0071 内線12", None, "本庁舎3階", ""])
    ws.append(["テスト相談センター", "0766-99-0000", "123", "2階", "月〜金 9:00〜17:00"])
    wb.save(tmp_path / "電話帳.xlsx")
    report = sheets.import_sheet(
        mini_db, tmp_path / "電話帳.xlsx", "管理 花子", options=SheetOptions(municipality="162027")
    )
    assert all(r.status == sheets.ACCEPTED for r in report.rows), report.rows
    [housing] = _contacts(mini_db, "test.housing")
    assert (housing["phone"], housing["extension"]) == ("0766-00-0071", "12")


def test_a_refused_contact_row_names_its_department(mini_db, tmp_path):
    """The report named a refused contact row （名称なし）: the row has no name of its own."""
    path = tmp_path / "directory.xlsx"
    export_sheet(mini_db, path)
    wb, ws, col = _contact_sheet(path)
    ws.cell(2, col["電話番号"]).value = "0766-99-0000 内線12"  # the 内線 column says 123
    wb.save(path)
    report = sheets.import_sheet(mini_db, path, "管理 花子", dry_run=True)
    [row] = [r for r in report.rows if r.kind == "contact"]
    assert row.status == sheets.REJECTED and row.title == "テスト相談センター", row


def test_the_setup_window_opened_again_shows_the_municipality_chosen(qtbot, bundled_db):
    """Opened again after 初期設定, the window's municipality box was empty while its status bar said
    「高岡市（162027）を設定しました」 as if it had just been set: she could not see what was chosen."""
    from dvdesk.gui.admin.window import AdminWindow

    first = AdminWindow(bundled_db, "管理 花子")
    qtbot.addWidget(first)
    w = first.open_first_run()
    w.query.setText("高岡市")
    w.choose_current()
    assert "を設定しました" in w.statusBar().currentMessage()

    again = AdminWindow(bundled_db, "管理 花子")
    qtbot.addWidget(again)
    w = again.open_first_run()
    assert w.matches.currentData() == "162027" and "高岡市" in w.matches.currentText()
    assert w.desk_box.isEnabled() and "を設定しました" not in w.statusBar().currentMessage()
