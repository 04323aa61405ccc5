"""The first-run window as an administrator uses it: choose 高岡市, fill three phones, mark them verified."""

from PySide6.QtCore import Qt

from dvdesk.admin.editing import Editor
from dvdesk.admin.kinds import CONTACT_FIELDS
from dvdesk.domain.directory import service_detail
from dvdesk.domain.models import Municipality, Organization, Service
from dvdesk.gui.admin.window import AdminWindow
from dvdesk.gui.detail_html import STALE_COLOR, DetailHtml
from gui_support import type_text

MARK = f'<span style="color:{STALE_COLOR}; font-size:small;">要確認'  # the mark, not the word in a note
FAKE = ["0766-00-0001", "0766-00-0002", "0766-00-0003"]  # clearly fictional


def stale_marks(db, org_keys) -> int:
    """How many 要確認 marks a counselor sees across the 高岡市 services of these departments (the
    ones the test fills: the other services' pages are not touched, and rendering every page twice
    was most of the test's time)."""
    html = DetailHtml()
    with db.read() as s:
        ids = [
            i
            for (i,) in s.query(Service.id)
            .join(Municipality)
            .join(Organization, Service.organization_id == Organization.id)
            .filter(Municipality.code == "162027", Organization.key.in_(org_keys))
        ]
        return sum(html.service(service_detail(s, i)).count(MARK) for i in ids)


def test_choose_takaoka_fill_three_phones_and_verify(qtbot, bundled_db):
    admin = AdminWindow(bundled_db, "管理 花子")
    qtbot.addWidget(admin)
    assert "初期設定がまだです" in admin.statusBar().currentMessage()
    w = admin.open_first_run()
    assert not w.desk_box.isEnabled()
    type_text(w.query, "たかおか")
    assert w.matches.currentText() == "富山県 高岡市（162027）"
    qtbot.mouseClick(w.choose, Qt.MouseButton.LeftButton)
    assert w.desk_box.isEnabled() and "高岡市" in w.summary.text() and "電話番号のない部署" in w.summary.text()
    rows = [r for r in range(w.grid.rowCount()) if not w.grid.item(r, 2).text()][:4]
    before = stale_marks(bundled_db, [w.rows[r].key for r in rows])
    for r, phone in zip(rows, FAKE, strict=False):
        w.grid.item(r, 2).setText(phone)
        w.grid.item(r, 6).setText("月〜金 8:30〜17:15")
    w.grid.item(rows[3], 2).setText("0766-12")  # a typo: refused, kept on screen, nothing else lost
    keys = [w.rows[r].key for r in rows]
    assert w.checked_keys() == keys  # what she touched is ticked for verification
    qtbot.mouseClick(w.save_verify, Qt.MouseButton.LeftButton)

    editor = Editor(bundled_db, "x")
    for key, phone in zip(keys, FAKE, strict=False):
        org = editor.load("organization", key)
        assert org["contacts"][0]["phone"] == phone and org["verified_by"] == "管理 花子" and org["verified_on"]
    assert not any(c["phone"] for c in editor.load("organization", keys[3])["contacts"])
    assert editor.load("organization", keys[3])["verified_on"] is None
    bad_row = [r for r in range(w.grid.rowCount()) if w.rows[r].key == keys[3]][0]
    assert w.grid.item(bad_row, 2).text() == "0766-12" and "桁数" in w.errors.text()
    assert "保存 3件、確認済み 3件、保存できなかったもの 1件" in w.statusBar().currentMessage()
    after = stale_marks(bundled_db, keys)
    assert after < before


def grid_row(w, key: str) -> int:
    """The grid's row of the department ``key``."""
    return next(r for r in range(w.grid.rowCount()) if w.rows[r].key == key)


def _center_contact(phone: str) -> dict:
    return {**{f.name: f.empty() for f in CONTACT_FIELDS}, "phone": phone}


def test_saving_the_grid_never_writes_back_rows_she_did_not_touch(qtbot, mini_db):
    """The grid is read when shown; a department changed since (in the record editor, at another PC,
    by a package) keeps its new contact when she saves the rows she did edit."""
    admin = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(admin)
    w = admin.open_first_run()
    w.show_municipality("162027")
    other = Editor(mini_db, "別の管理者")
    housing = other.load("organization", "test.housing")
    other.save("organization", {**housing, "contacts": [_center_contact("0766-20-1111")]})
    center = grid_row(w, "test.center")
    w.grid.item(center, 2).setText("0766-99-0005")
    qtbot.mouseClick(w.save, Qt.MouseButton.LeftButton)
    editor = Editor(mini_db, "x")
    assert editor.load("organization", "test.center")["contacts"][0]["phone"] == "0766-99-0005"
    assert editor.load("organization", "test.housing")["contacts"][0]["phone"] == "0766-20-1111"
    row = grid_row(w, "test.housing")
    assert w.grid.item(row, 2).text() == "0766-20-1111"  # shown as it is now


def test_a_row_changed_elsewhere_since_it_was_shown_is_not_overwritten_and_keeps_what_she_typed(qtbot, mini_db):
    admin = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(admin)
    w = admin.open_first_run()
    w.show_municipality("162027")
    other = Editor(mini_db, "別の管理者")
    center = other.load("organization", "test.center")
    other.save("organization", {**center, "contacts": [{**center["contacts"][0], "phone": "0766-99-1234"}]})
    row = grid_row(w, "test.center")
    w.grid.item(row, 2).setText("0766-99-0005")
    qtbot.mouseClick(w.save_verify, Qt.MouseButton.LeftButton)
    center = Editor(mini_db, "x").load("organization", "test.center")
    assert center["contacts"][0]["phone"] == "0766-99-1234" and center["verified_on"] is None
    assert "テスト相談センター" in w.errors.text() and "変更されています" in w.errors.text()
    row = grid_row(w, "test.center")
    assert w.grid.item(row, 2).text() == "0766-99-0005"  # what she typed stays, to save again
    qtbot.mouseClick(w.save, Qt.MouseButton.LeftButton)  # the second time, she has seen it
    assert Editor(mini_db, "x").load("organization", "test.center")["contacts"][0]["phone"] == "0766-99-0005"
