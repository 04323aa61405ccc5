"""The administration window, driven through its real dialogs (pytest-qt, offscreen)."""

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.admin import passphrase
from dvdesk.admin.editing import Editor
from dvdesk.gui.admin.login import AdminLoginDialog
from dvdesk.gui.admin.table_model import Column, ObjectTableModel
from dvdesk.gui.admin.window import AdminWindow


@pytest.fixture
def window(qtbot, mini_db):
    w = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(w)
    w.show()
    return w


def open_editor_on(qtbot, window, kind_name, key):
    window.show_kind(kind_name)
    window.select_key(key)
    qtbot.mouseClick(window.buttons["edit"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dialog is not None and window.dialog.isVisible())
    return window.dialog


def click_save(qtbot, dialog):
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_first_use_sets_a_passphrase_then_it_is_asked_for(qtbot, mini_db):
    first = AdminLoginDialog(mini_db)
    qtbot.addWidget(first)
    assert first.first_use
    first.name.setText("管理 花子")
    first.secret.setText("abc")
    first.confirm.setText("abc")
    first.try_enter()
    assert "6文字以上" in first.error.text() and not passphrase.is_set(mini_db)
    first.secret.setText("とびらのかぎ")
    first.confirm.setText("とびらのかぎ")
    with qtbot.waitSignal(first.accepted):
        first.try_enter()
    with mini_db.read() as session:
        from dvdesk.domain.models import Meta

        stored = session.get(Meta, passphrase.META_KEY).value
    assert "とびらのかぎ" not in stored and stored.startswith("scrypt$")
    again = AdminLoginDialog(mini_db)
    qtbot.addWidget(again)
    assert not again.first_use
    again.name.setText("管理 花子")
    again.secret.setText("まちがい")
    again.try_enter()
    assert again.error.text() == "パスフレーズが違います" and again.result() == 0
    again.secret.setText("とびらのかぎ")
    with qtbot.waitSignal(again.accepted):
        again.try_enter()
    assert again.admin_name == "管理 花子"


def test_editing_a_service_shows_validation_errors_in_the_dialog(qtbot, window, mini_db):
    before = dump(mini_db)
    dialog = open_editor_on(qtbot, window, "service", "test.svc.law")
    dialog.form.editors["phone"].widget.setText("0766-20")
    dialog.form.editors["name"].widget.setText("")
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert "保存できません" in dialog.errors.text() and dialog.errors.isVisible()
    phone_error = dialog.form.editors["phone"].error
    assert phone_error.isVisible() and "桁数が合いません" in phone_error.text()
    assert "「名称」を入力してください" in dialog.form.editors["name"].error.text()
    assert dump(mini_db) == before  # nothing was written
    dialog.form.editors["name"].widget.setText("女性弁護士による無料法律相談")
    dialog.form.editors["phone"].widget.setText("0766-20-1234")
    with qtbot.waitSignal(dialog.saved):
        click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert Editor(mini_db, "x").load("service", "test.svc.law")["phone"] == "0766-20-1234"
    assert window.selected()["key"] == "test.svc.law"


def test_need_mapping_is_edited_with_check_boxes(qtbot, window, mini_db):
    dialog = open_editor_on(qtbot, window, "service", "test.svc.law")
    needs = dialog.form.editors["needs"].widget
    for row in range(needs.count()):
        if needs.item(row).data(Qt.ItemDataRole.UserRole) == "protection_order":
            needs.item(row).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.saved):
        click_save(qtbot, dialog)
    assert Editor(mini_db, "x").load("service", "test.svc.law")["needs"] == ["legal", "protection_order"]


def test_a_services_circumstances_are_shown_in_japanese_and_saved(qtbot, window, mini_db):
    """The form shows 「該当する事情」 with the child circumstances a place may name, in Japanese (no
    key, no circumstance a place could not use); what she ticks is saved and shown again."""
    dialog = open_editor_on(qtbot, window, "service", "test.svc.law")
    editor = dialog.form.editors["circumstances"]
    box = editor.widget.parentWidget()
    assert box.parentWidget().layout().labelForField(box).text() == "該当する事情"
    items = editor.widget
    assert [items.item(r).text() for r in range(items.count())] == [
        "子どもがいる",
        "未就学の子どもがいる",
        "小中学校等に通う子どもがいる",
    ]
    assert all(items.item(r).checkState() == Qt.CheckState.Unchecked for r in range(items.count()))
    items.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.saved):
        click_save(qtbot, dialog)
    assert Editor(mini_db, "x").load("service", "test.svc.law")["circumstances"] == ["children"]
    again = open_editor_on(qtbot, window, "service", "test.svc.law")
    shown = again.form.editors["circumstances"].widget
    assert [shown.item(r).checkState() for r in range(shown.count())] == [
        Qt.CheckState.Checked,
        Qt.CheckState.Unchecked,
        Qt.CheckState.Unchecked,
    ]


def test_adding_an_organization_with_a_contact_point(qtbot, window, mini_db):
    window.show_kind("organization")
    qtbot.mouseClick(window.buttons["add"], Qt.MouseButton.LeftButton)
    dialog = window.dialog
    dialog.form.editors["name"].widget.setText("こども家庭センター")
    municipality = dialog.form.editors["municipality"].widget
    municipality.setCurrentIndex(municipality.findData("162027"))
    dialog.contacts.add()
    contact = dialog.contacts.dialog
    contact.form.editors["label"].widget.setText("代表")
    contact.form.editors["phone"].widget.setText("0766-20-12345")
    contact.try_accept()
    assert contact.isVisible() and "桁数" in contact.form.editors["phone"].error.text()
    contact.form.editors["phone"].widget.setText("0766-20-1234")
    contact.form.editors["window"].widget.setText("本庁舎2階")
    with qtbot.waitSignal(contact.accepted):
        contact.try_accept()
    assert dialog.contacts.contacts()[0]["phone"] == "0766-20-1234"
    dialog.form.editors["address"].widget.setPlainText("高岡市広小路7-50")
    dialog.form.editors["address_confidentiality"].widget.setCurrentIndex(0)  # （選んでください）
    click_save(qtbot, dialog)
    assert "公開範囲を選んでください" in dialog.form.editors["address_confidentiality"].error.text()
    dialog.form.editors["address_confidentiality"].widget.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.saved) as saved:
        click_save(qtbot, dialog)
    created = Editor(mini_db, "x").load("organization", saved.args[0].key)
    assert created["name"] == "こども家庭センター" and created["contacts"][0]["window"] == "本庁舎2階"
    assert created["address_confidentiality"] == "public"


def test_retire_restore_and_verify_from_the_list(qtbot, window, mini_db):
    editor = Editor(mini_db, "x")
    window.show_kind("service")
    window.select_key("test.svc.housing")
    qtbot.mouseClick(window.buttons["retire"], Qt.MouseButton.LeftButton)
    assert editor.load("service", "test.svc.housing")["retired"] is True
    row = window.proxy.mapFromSource(
        window.model.index([s["key"] for s in window.model.items].index("test.svc.housing"), 0)
    )
    assert window.proxy.data(row, Qt.ItemDataRole.ForegroundRole) is not None  # shown greyed
    qtbot.mouseClick(window.buttons["restore"], Qt.MouseButton.LeftButton)
    assert editor.load("service", "test.svc.housing")["retired"] is False
    qtbot.mouseClick(window.buttons["verify"], Qt.MouseButton.LeftButton)
    snap = editor.load("service", "test.svc.housing")
    assert snap["verified_on"] == dt.date.today().isoformat() and snap["verified_by"] == "管理 花子"


def test_a_need_category_is_retired_from_the_list(qtbot, window, mini_db):
    window.show_kind("need")
    assert not window.buttons["verify"].isEnabled()  # needs carry no source to verify
    window.select_key("legal")
    qtbot.mouseClick(window.buttons["retire"], Qt.MouseButton.LeftButton)
    assert Editor(mini_db, "x").load("need", "legal")["retired"] is True
    headers = [c.header for c in window.model.columns]
    row = [s["key"] for s in window.model.items].index("legal")
    assert window.model.index(row, headers.index("状態")).data() == "廃止"
    qtbot.mouseClick(window.buttons["restore"], Qt.MouseButton.LeftButton)
    assert Editor(mini_db, "x").load("need", "legal")["retired"] is False


def test_history_shows_changes_and_undoes_them(qtbot, window, mini_db):
    editor = Editor(mini_db, "管理 花子")
    editor.save("service", {**editor.load("service", "test.svc.law"), "cost": "無料", "schedule": "毎月第2金曜日"})
    window.show_kind("service")
    window.select_key("test.svc.law")
    qtbot.mouseClick(window.buttons["history"], Qt.MouseButton.LeftButton)
    history = window.dialog
    labels = [history.model.item(r).label for r in range(history.model.rowCount())]
    assert sorted(labels) == ["日時・受付時間", "費用"]
    history.select_row(labels.index("費用"))
    with qtbot.waitSignal(history.changed):
        qtbot.mouseClick(history.undo_one, Qt.MouseButton.LeftButton)
    snap = editor.load("service", "test.svc.law")
    assert snap["cost"] == "" and snap["schedule"] == "毎月第2金曜日"
    assert "取り消しました" in history.message.text()
    undone = [history.model.item(r) for r in range(history.model.rowCount()) if history.model.item(r).undone_by]
    assert [c.label for c in undone] == ["費用"]
    history.select_row(len(history.model.items) - 1)  # the original edit's other change
    qtbot.mouseClick(history.undo_edit, Qt.MouseButton.LeftButton)
    assert editor.load("service", "test.svc.law")["schedule"] == "毎月第4金曜日"


def test_import_preview_shows_old_and_new_then_applies(qtbot, window, mini_db, tmp_path):
    from dvdesk.storage.db import open_database

    source = open_database(tmp_path / "other.sqlite3", fill=False)
    pk.apply_package(source, pk.read_package(_export(mini_db, tmp_path / "a.dvdesk")), "x")
    Editor(source, "別の管理者").save(
        "service", {**Editor(source, "x").load("service", "test.svc.law"), "schedule": "毎月第2金曜日"}
    )
    path = _export(source, tmp_path / "b.dvdesk")
    window.import_package(path)
    preview = window.dialog
    qtbot.waitUntil(preview.isVisible)
    assert "変更 1件" in preview.summary.text() and "チェックサム確認済み" in preview.summary.text()
    [diff] = preview.records.items
    assert diff.key == "test.svc.law"
    rows = [(r.label, r.old, r.new) for r in preview.fields.items]
    assert rows == [("日時・受付時間", "毎月第4金曜日", "毎月第2金曜日")]
    with qtbot.waitSignal(preview.accepted):
        qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert Editor(mini_db, "x").load("service", "test.svc.law")["schedule"] == "毎月第2金曜日"
    assert "取り込みました" in window.statusBar().currentMessage()
    source.close()
    # A whole directory's package is a large write (storage.large_write): the file is in WAL mode after it.
    from test_large_write import journal_mode

    assert journal_mode(mini_db.path) == "wal" and not Path(f"{mini_db.path}-journal").exists()


def test_a_package_preview_closed_without_importing_leaves_no_index_file(qtbot, window, mini_db, tmp_path, monkeypatch):
    """The package's index is extracted in the background from the read on: a preview she closes
    without importing removes it (a national one is 3 GB in the temporary folder)."""
    import tempfile

    from dvdesk.admin import package_index

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    path = _export(mini_db, tmp_path / "whole.dvdesk")
    assert pk.read_package(path, extract=False).index is not None  # a whole directory, with its index
    window.import_package(path)
    preview = window.dialog
    qtbot.waitUntil(preview.isVisible)
    preview.reject()
    assert [p.name for p in temp.iterdir() if p.name.startswith(package_index.PREFIX)] == []


def test_a_bad_package_is_refused_with_a_message_and_nothing_changes(qtbot, window, mini_db, tmp_path):
    path = _export(mini_db, tmp_path / "cut.dvdesk")
    path.write_bytes(path.read_bytes()[:-40])
    before = dump(mini_db)
    window.import_package(path)
    assert window.message_box is not None and "途中で切れているか" in window.message_box.text()
    assert dump(mini_db) == before


def test_spreadsheet_preview_lists_rejected_rows(qtbot, window, mini_db, tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_bytes(
        "キー,名称,専用の電話番号\r\ntest.svc.law,女性弁護士による無料法律相談,0766-20\r\n"
        ",新しい相談,0766-20-1234\r\n".encode("cp932")
    )
    window.import_sheet(sheet)
    mapping = window.dialog  # first how the sheet is read, then what would change
    # no municipality column: the new row's municipality is chosen, never 全国 by default
    mapping.municipality.setCurrentIndex(mapping.municipality.findData("162027"))
    with qtbot.waitSignal(mapping.accepted):
        qtbot.mouseClick(mapping.next_button, Qt.MouseButton.LeftButton)
    preview = window.dialog
    assert preview.tabs.count() == 2 and "受け付けず 1行" in preview.tabs.tabText(1)
    [bad] = [r for r in preview.rows.items if r.status == "rejected"]
    assert bad.row == 2 and "桁数" in bad.reasons[0]
    with qtbot.waitSignal(preview.accepted):
        qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    new = next(s for s in Editor(mini_db, "x").all("service") if s["name"] == "新しい相談")
    assert new["municipality"] == "162027"


def test_the_verification_report_dialog(qtbot, window):
    window.show_report()
    report = window.dialog
    problems = {(r.key, r.problem) for r in report.model.items}
    assert ("test.svc.housing", "no_phone") in problems and ("test.svc.law", "never") in problems


def test_the_table_model_is_a_well_behaved_qt_model(qtmodeltester):
    model = ObjectTableModel(
        [Column("a", lambda x: x[0]), Column("b", lambda x: x[1])], [("一", 1), ("二", 2)], greyed=lambda x: x[1] == 2
    )
    qtmodeltester.check(model)


def _export(db, path):
    pk.export_package(db, path)
    return path


def test_cancel_leaves_everything_as_it_was(qtbot, window, mini_db):
    """キャンセル on a changed record asks first (tests/test_close_unsaved_admin_referral.py); her
    「閉じる（変更を捨てる）」 closes it with nothing written."""
    before = dump(mini_db)
    dialog = open_editor_on(qtbot, window, "service", "test.svc.law")
    dialog.form.editors["cost"].widget.setPlainText("有料")
    buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    box = dialog.discard_question.box
    assert box is not None and dialog.isVisible()
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "閉じる（変更を捨てる）"), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dump(mini_db) == before


def test_entering_opens_the_admin_window_and_keeps_qwidget_window(qtbot, mini_db):
    """Regression: the administration window was stored as ``login.window``, which replaced
    QWidget.window() on the login dialog (Qt's own code calls it)."""
    from dvdesk.gui.admin.window import AdminWindow, open_admin

    login = open_admin(mini_db)
    qtbot.addWidget(login)
    login.name.setText("管理者A")
    login.secret.setText("dvdesk-passphrase")
    login.confirm.setText("dvdesk-passphrase")
    login.try_enter()
    assert isinstance(login.admin_window, AdminWindow) and login.admin_window.isVisible()
    qtbot.addWidget(login.admin_window)
    assert login.window() is login  # still the method, not the administration window


def test_the_record_dialog_keeps_qwidget_scroll_and_still_scrolls_to_a_bad_field(qtbot, window):
    """Regression (found by mypy): the dialog's scroll area was stored as ``self.scroll``, which
    replaced QWidget.scroll() on the dialog, the same mistake as ``login.window``."""
    from PySide6.QtWidgets import QScrollArea

    dialog = open_editor_on(qtbot, window, "service", "test.svc.law")
    assert "scroll" not in vars(dialog) and not isinstance(dialog.scroll, QScrollArea)  # still the method
    dialog.show_problems([("cost", "問題があります")])  # brings the field into view through the scroll area
    assert isinstance(dialog.scroll_area, QScrollArea)


def test_a_package_from_another_key_needs_an_explicit_tick_showing_who_made_it(qtbot, window, mini_db, tmp_path):
    from dvdesk.admin import package_key

    Editor(mini_db, "x").save("service", {**Editor(mini_db, "x").load("service", "test.svc.law"), "cost": "無料"})
    path = _export(mini_db, tmp_path / "theirs.dvdesk")  # signed with the key this PC has now
    Editor(mini_db, "x").save("service", {**Editor(mini_db, "x").load("service", "test.svc.law"), "cost": ""})
    package_key.create("別の市の鍵", replace=True)  # this PC now has another key
    before = dump(mini_db)
    window.import_package(path)
    preview = window.dialog
    qtbot.waitUntil(preview.isVisible)
    assert "この PC の鍵ではない鍵" in preview.summary.text() and preview.acknowledge.isVisible()
    assert not preview.apply_button.isEnabled()  # nothing to click until she ticks the statement
    preview.grab().save(str(tmp_path / "untrusted-preview.png"))
    assert dump(mini_db) == before
    preview.acknowledge.setChecked(True)
    assert preview.apply_button.isEnabled()
    with qtbot.waitSignal(preview.accepted):
        qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert Editor(mini_db, "x").load("service", "test.svc.law")["cost"] == "無料"


def test_the_package_key_dialog_makes_exports_and_imports_the_key(qtbot, window, tmp_path):
    from dvdesk.admin import package_key

    window.show_package_key()
    dialog = window.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "まだ鍵がありません" in dialog.current.text()
    dialog.name.setText("高岡市 男女平等推進課")
    dialog.create_key()
    key = package_key.load()
    assert key is not None and key.fingerprint in dialog.current.text()
    dialog.export_to(tmp_path / "city.dvdesk-key")
    package_key.key_path().unlink()  # another PC
    dialog.import_from(tmp_path / "city.dvdesk-key")
    assert package_key.load() == key and "完了" in dialog.message.text()
    dialog.grab().save(str(tmp_path / "key-dialog.png"))


def test_an_export_to_a_folder_or_a_full_disk_is_one_message_and_leaves_nothing(window, tmp_path, monkeypatch):
    from dvdesk import files

    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    window.export_hsds(tmp_path)
    assert window.message_box is not None and "フォルダ" in window.message_box.text()
    window.export_package(tmp_path)
    assert "フォルダ" in window.message_box.text()

    def no_space(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    window.export_sheet(tmp_path / "s.xlsx")
    assert "空き" in window.message_box.text()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_an_hsds_export_that_would_give_a_shelters_place_away_is_one_message_and_leaves_nothing(window, tmp_path):
    """A file past the gate (h17): the department providing the shelter has a street address in its 説明."""
    import sqlite3

    con = sqlite3.connect(window.db.path)
    with con:
        con.execute("UPDATE organizations SET description = '高岡市広小路7番50号' WHERE key = 'test.center'")
    con.close()
    folder = tmp_path / "exports"
    folder.mkdir()
    window.export_hsds(folder / "out.json")
    said = window.message_box.text() if window.message_box is not None else ""
    assert "HSDS に書き出しませんでした" in said and "テスト相談センター" in said
    assert list(folder.iterdir()) == []
