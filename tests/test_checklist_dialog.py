"""The checklist dialog, driven as a counselor would (offscreen)."""

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from checklist_support import assert_client_safe, compact, pdf_text
from dvdesk.gui.checklist_dialog import ChecklistDialog


@pytest.fixture
def dialog(qtbot, checklist_db, monkeypatch):
    reports: list[str] = []
    d = ChecklistDialog(checklist_db, "高岡市", ["children", "protection_order"])
    monkeypatch.setattr(d, "report", reports.append)
    d.reports = reports
    qtbot.addWidget(d)
    return d


def names(d):
    return [i.name for i in d.model.checklist().items]


def select(d, name):
    m = d.model
    for s in range(m.rowCount()):
        parent = m.index(s, 0)
        if m.data(parent) == name:
            d.view.setCurrentIndex(parent)
            return
        for r in range(m.rowCount(parent)):
            if name in m.data(m.index(r, 0, parent)):
                d.view.setCurrentIndex(m.index(r, 0, parent))
                return
    raise AssertionError(name)


def test_circumstances_change_the_list_and_keep_the_counselors_edits(dialog, qtbot):
    assert "転居届・転出届" not in names(dialog)
    select(dialog, "子育ての相談")
    dialog.remove_button.click()
    dialog.free_text.setText("印鑑を持っていく")
    dialog.free_department.setText("市民課")
    dialog.add_free_button.click()
    dialog.circumstance_boxes["moving_out"].setChecked(True)
    now = names(dialog)
    assert "転居届・転出届" in now and "郵便の転居届" in now
    assert "子育ての相談" not in now and "印鑑を持っていく" in now
    assert now.index("住民票の閲覧制限（DV等支援措置）の申出") < now.index("転居届・転出届")


def test_move_add_from_directory_and_empty_free_text(dialog):
    dialog.circumstance_boxes["moving_out"].setChecked(True)
    select(dialog, "転居届・転出届")
    dialog.up_button.click()
    shimin = [n for n in names(dialog) if n.startswith(("転居届", "住民票"))]
    assert shimin[0] == "転居届・転出届"
    assert dialog.model.item_at(dialog.view.currentIndex()).name == "転居届・転出届"  # still selected
    before = len(names(dialog))
    n = dialog.directory_combo.findText("支援: 女性弁護士による無料法律相談")
    dialog.directory_combo.setCurrentIndex(n)
    dialog.add_directory_button.click()
    assert len(names(dialog)) == before + 1 and "女性弁護士による無料法律相談" in names(dialog)
    dialog.add_free_button.click()  # nothing typed
    assert dialog.reports == ["空の項目は追加できません。"]


def test_templates_save_and_load_without_the_note(dialog, monkeypatch):
    dialog.circumstance_boxes["school"].setChecked(True)
    dialog.note.setPlainText("山田さん 12月3日")

    def question(box):  # no to saving what looks personal, yes to replacing her list
        return QMessageBox.StandardButton.Yes if "置き換" in box.text() else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", question)
    assert dialog.template_box.save_template("山田さんの転出") is False  # looks personal: the counselor said no
    assert dialog.template_box.combo.count() == 0
    assert dialog.template_box.save_template("子どものいる世帯") is True
    saved = names(dialog)
    select(dialog, "転校の手続き")
    dialog.remove_button.click()
    dialog.circumstance_boxes["school"].setChecked(False)
    dialog.template_box.load_template("子どものいる世帯")
    assert names(dialog) == saved
    assert dialog.circumstance_boxes["school"].isChecked()
    assert dialog.model.checklist().client_note == ""


def test_discreet_pdf_from_the_dialog(dialog, tmp_path):
    dialog.circumstance_boxes["moving_out"].setChecked(True)
    dialog.note.setPlainText("DVの証明書を忘れずに")
    dialog.printing.discreet_box.setChecked(True)
    dialog.printing.language_combo.setCurrentIndex(dialog.printing.language_combo.findData("easy"))
    out = tmp_path / "out"
    out.mkdir()
    assert dialog.printing.export_pdf(out / "guide.pdf") is None  # refused, not reworded
    assert "DV" in dialog.reports[-1] and list(out.iterdir()) == []
    dialog.note.setPlainText("証明書を忘れずに")
    path = dialog.printing.export_pdf(out / "guide.pdf")
    assert [p.name for p in out.iterdir()] == ["guide.pdf"]
    text = pdf_text(path)
    assert "ご案内" in compact(text) and "証明書を忘れずに" in compact(text)
    assert_client_safe(text, discreet=True)


def test_the_preview_prints_the_same_client_safe_page(dialog, tmp_path):
    dialog.printing.discreet_box.setChecked(True)
    preview = dialog.printing.make_preview()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "preview.pdf"
    printer.setOutputFileName(str(target))
    preview.paintRequested.emit(printer)
    del printer
    preview.deleteLater()
    text = pdf_text(target)
    assert "手続きのご案内" in compact(text)
    assert_client_safe(text, discreet=True)


def test_the_staff_copy_disables_discreet_and_language(dialog):
    dialog.printing.copy_combo.setCurrentIndex(1)
    assert not dialog.printing.discreet_box.isEnabled() and not dialog.printing.language_combo.isEnabled()


def test_referral_slip_needs_a_department(dialog, tmp_path):
    assert dialog.printing.export_pdf(tmp_path / "slip.pdf", document=dialog.slip.document) is None
    assert "選んでください" in dialog.reports[0]
    select(dialog, "子ども課")
    dialog.slip.counselor_name.setText("相談 花子")
    dialog.slip.counselor_extension.setText("555")
    path = dialog.printing.export_pdf(tmp_path / "slip.pdf", document=dialog.slip.document)
    flat = compact(pdf_text(path))
    assert "あて先:子ども課" in flat and "内線555" in flat and "児童手当の受給者変更" in flat


def test_saving_a_slip_with_a_case_reference_records_the_referral(dialog, tmp_path):
    from dvdesk.domain import referrals

    select(dialog, "子ども課")
    dialog.slip.counselor_name.setText("相談 花子")
    dialog.slip.case_ref.setText("R7-0142")
    path = dialog.slip.save_pdf(tmp_path / "slip.pdf")
    assert path is not None and path.exists() and dialog.reports == []
    with dialog.db.read() as s:
        logged = referrals.list_referrals(s)
    assert [r.case_ref for r in logged] == ["R7-0142"]
    assert [t.department for t in logged[0].targets] == ["子ども課"]
    # Under the needs of the slip's own items (児童手当: children), not every need of the list.
    assert set(dialog.need_keys) == {"children", "protection_order"}
    assert [key for key, _ in logged[0].needs] == ["children"]


def test_a_slip_without_a_case_reference_records_nothing(dialog, tmp_path):
    from dvdesk.domain import referrals

    select(dialog, "子ども課")
    assert dialog.slip.save_pdf(tmp_path / "slip.pdf") is not None
    with dialog.db.read() as s:
        assert referrals.list_referrals(s) == []


def test_a_case_reference_that_looks_like_a_name_stops_the_slip(dialog, tmp_path):
    from dvdesk.domain import referrals

    select(dialog, "子ども課")
    dialog.slip.counselor_name.setText("相談 花子")
    dialog.slip.case_ref.setText("山田花子")
    assert dialog.slip.save_pdf(tmp_path / "slip.pdf") is None
    assert not (tmp_path / "slip.pdf").exists() and dialog.reports
    with dialog.db.read() as s:
        assert referrals.list_referrals(s) == []


# --- a window a counselor can work in (issue 11, item 8) ----------------------------------------


def test_the_top_says_what_the_list_was_built_from(dialog):
    text = dialog.situation.text()
    assert "高岡市" in text and "子ども・子育て" in text and "保護命令" in text and "選んでいません" in text
    dialog.circumstance_boxes["moving_out"].setChecked(True)
    assert "市外へ転出する" in dialog.situation.text()


def test_names_are_not_cut_and_what_to_bring_is_visible(dialog, qtbot):
    dialog.show()
    qtbot.waitExposed(dialog)
    m = dialog.model
    # The name column takes what the names need, or a name wider than it wraps (its row is taller).
    line, column = dialog.view.fontMetrics().height(), dialog.view.header().sectionSize(0)
    for s in range(m.rowCount()):
        for r in range(m.rowCount(m.index(s, 0))):
            index = m.index(r, 0, m.index(s, 0))
            if dialog.view.fontMetrics().horizontalAdvance(index.data()) > column - dialog.view.indentation() * 2:
                assert dialog.view.visualRect(index).height() > 1.5 * line, index.data()
    select(dialog, "児童手当の受給者変更")
    detail = dialog.item_detail.toPlainText()
    assert "認定請求書" in detail and "DVの証明書" in detail and "子ども課" in detail


def test_a_word_when_nothing_applies(dialog):
    assert not dialog.empty_label.isVisibleTo(dialog)
    while dialog.model.rowCount():
        dialog.model.remove(dialog.model.index(0, 0))
    assert dialog.empty_label.isVisibleTo(dialog) and "ありません" in dialog.empty_label.text()


def test_the_places_to_contact_are_listed(dialog):
    places = dialog.places.toPlainText()
    assert "子どものケア" in places and "テスト相談センター" in places  # test.svc.kids under 子ども・子育て


def test_saving_says_where_the_file_went(dialog, tmp_path):
    path = dialog.printing.export_pdf(tmp_path / "sheet.pdf")
    assert (
        path is not None
        and str(path) in dialog.printing.status.text()
        and "保存しました" in dialog.printing.status.text()
    )


def test_the_slip_says_which_department_it_goes_to(dialog):
    assert "選んでください" in dialog.slip.target.text()
    select(dialog, "子ども課")
    assert dialog.slip.target.text() == "あて先: 子ども課"


def test_a_close_button_and_words_a_desk_reads_right(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close.text() == "閉じる"
    texts = [w.text() for w in dialog.findChildren(QWidget) if hasattr(w, "text") and isinstance(w.text(), str)]
    texts += [dialog.printing.copy_combo.itemText(i) for i in range(dialog.printing.copy_combo.count())]
    assert not [t for t in texts if "控え" in t or "用紙" in t]
    dialog.show()
    close.click()
    assert not dialog.isVisible()


def test_an_unknown_window_is_pointed_out_before_printing(qtbot, bundled_db, tmp_path, monkeypatch):
    d = ChecklistDialog(bundled_db, "国立市", ["children"])
    asked: list[str] = []
    monkeypatch.setattr(d, "report", lambda m: None)
    monkeypatch.setattr(d.printing, "confirm", lambda title, text: asked.append(text) or False)
    qtbot.addWidget(d)
    d.circumstance_boxes["preschool"].setChecked(True)
    m = d.model
    heads = [m.data(m.index(s, 0)) for s in range(m.rowCount())]
    assert "窓口を確認してください（目安: 保育所の入所の担当課）" in heads
    assert d.printing.export_pdf(tmp_path / "x.pdf") is None and not (tmp_path / "x.pdf").exists()
    assert "保育所の入所申込み" in asked[0]
    for _ in range(5):  # every window still to confirm gets a name
        heads = [m.data(m.index(s, 0)) for s in range(m.rowCount())]
        todo = [s for s, h in enumerate(heads) if h.startswith("窓口を確認")]
        if not todo:
            break
        d.assign_department(todo[0], "児童青少年課" if "保育所" in heads[todo[0]] else "学校指導課")
    path = d.printing.export_pdf(tmp_path / "x.pdf")
    assert path is not None and len(asked) == 1
    flat = compact(pdf_text(path))
    assert "児童青少年課" in flat and "窓口を確認してください" not in flat


def test_the_desk_has_a_checklist_menu_button_and_ctrl_p(qtbot, desk_db):
    from PySide6.QtGui import QKeySequence

    from dvdesk.gui.app import Desk
    from dvdesk.gui.i18n import Translators
    from dvdesk.gui.settings import Settings

    translators = Translators()
    translators.install("ja")
    desk = Desk(desk_db, Settings(), translators)
    try:
        window = desk.window
        menus = {a.text(): a.menu() for a in window.menuBar().actions() if a.menu()}
        assert window.checklist_action in menus["チェックシート(&C)"].actions()
        assert window.checklist_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
        assert window.checklist_button.text() == "手続きチェックシート…"
    finally:
        window.close()
        translators.uninstall()


def test_the_same_slip_output_twice_is_one_referral_and_says_so(dialog, tmp_path):
    """A slip saved as a PDF and then printed (or printed again after a jam) is one referral: the log
    and the referral statistics count it once, and the panel says it is in the log already."""
    from dvdesk.domain import referrals

    select(dialog, "子ども課")
    dialog.slip.counselor_name.setText("相談 花子")
    dialog.slip.case_ref.setText("R7-0142")
    assert dialog.slip.save_pdf(tmp_path / "slip.pdf") is not None
    assert "R7-0142" in dialog.slip.logged.text() and "子ども課" in dialog.slip.logged.text()
    dialog.slip.case_ref.setText(" R7-0142 ")
    assert dialog.slip.save_pdf(tmp_path / "again.pdf") is not None
    assert (tmp_path / "again.pdf").exists() and dialog.reports == []
    assert "記録済み" in dialog.slip.logged.text()
    with dialog.db.read() as s:
        assert [r.case_ref for r in referrals.list_referrals(s)] == ["R7-0142"]
    dialog.slip.case_ref.setText("R7-0143")  # another case: another referral, once she says so (h18-try)
    asked: list[str] = []
    dialog.printing.confirm = lambda _title, text: asked.append(text) or False  # 「いいえ」: another client
    assert dialog.slip.save_pdf(tmp_path / "other.pdf") is not None
    assert len(asked) == 1 and "R7-0142" in asked[0]
    with dialog.db.read() as s:
        assert sorted(r.case_ref for r in referrals.list_referrals(s)) == ["R7-0142", "R7-0143"]


def test_a_loaded_template_keeps_its_own_lines_when_the_circumstances_change(dialog, qtbot, monkeypatch):
    """A template's typed lines, the places it added and the items it left out are her edits: ticking
    a circumstance after loading it re-proposes around them, never back to the bare proposal."""
    dialog.free_text.setText("印鑑を持っていく")
    dialog.free_department.setText("市民課")
    dialog.add_free_button.click()
    dialog.directory_combo.setCurrentIndex(dialog.directory_combo.findText("支援: 女性弁護士による無料法律相談"))
    dialog.add_directory_button.click()
    select(dialog, "子育ての相談")
    dialog.remove_button.click()
    assert dialog.template_box.save_template("子どもの基本", confirm_warnings=False)
    saved = names(dialog)

    other = ChecklistDialog(dialog.db, "高岡市", ["housing"])
    monkeypatch.setattr(other, "report", dialog.reports.append)
    qtbot.addWidget(other)
    other.template_box.load_template("子どもの基本")
    assert names(other) == saved
    other.circumstance_boxes["moving_out"].setChecked(True)
    now = names(other)
    assert "転居届・転出届" in now  # the new circumstance's procedures come in
    assert "印鑑を持っていく" in now and "女性弁護士による無料法律相談" in now  # the template's additions stay
    assert "子育ての相談" not in now  # and what it left out stays out
    assert set(saved) <= set(now) and dialog.reports == []


def test_a_department_she_removed_stays_removed_when_the_circumstances_change(dialog):
    """削除 on a department row removes its items as her edit, like removing them one by one:
    a new circumstance does not bring them back, nor a line she had typed for it."""
    dialog.free_text.setText("印鑑を持っていく")
    dialog.free_department.setText("子ども課")
    dialog.add_free_button.click()
    gone = [i.name for s in dialog.model.checklist().sections if s.department.name == "子ども課" for i in s.items]
    assert "印鑑を持っていく" in gone and len(gone) > 1
    select(dialog, "子ども課")  # the department's own row
    dialog.remove_button.click()
    assert not set(gone) & set(names(dialog))
    dialog.circumstance_boxes["moving_out"].setChecked(True)
    now = names(dialog)
    assert "転居届・転出届" in now  # the new circumstance's procedures come in
    assert not set(gone) & set(now)  # and the department she removed stays removed


def test_loading_a_template_over_her_changes_asks_first(dialog, monkeypatch):
    """読み込む replaces the list: her typed lines and removals go only once she says so."""
    assert dialog.template_box.save_template("子どもの基本", confirm_warnings=False)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or answer[0])
    dialog.template_box.load_template("子どもの基本")  # nothing changed yet: no question
    assert asked == []
    dialog.free_text.setText("印鑑を持っていく")
    dialog.add_free_button.click()
    mine = names(dialog)
    dialog.template_box.load_template("子どもの基本")
    assert len(asked) == 1 and "置き換" in asked[0]
    assert names(dialog) == mine  # she said no: her list as it was
    answer[0] = QMessageBox.StandardButton.Yes
    dialog.template_box.load_template("子どもの基本")
    assert len(asked) == 2 and "印鑑を持っていく" not in names(dialog)


def test_renaming_a_template_to_what_looks_like_a_client_asks_as_saving_does(dialog, monkeypatch):
    """Every counselor sees the template names: 名前変更 to 「山田さんの転出」 is pointed out, as 保存 is."""
    from PySide6.QtWidgets import QInputDialog

    assert dialog.template_box.save_template("子どもの基本", confirm_warnings=False)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("山田さんの転出", True))
    dialog.template_box.rename_template_interactive()
    assert len(asked) == 1 and "山田さんの転出" in asked[0]  # she said no: the name stays
    assert [t.name for t in dialog.checklists.templates(dialog.municipality)] == ["子どもの基本"]


def test_a_window_she_named_stays_named_when_the_circumstances_change(qtbot, bundled_db, monkeypatch):
    """窓口を指定 is her edit too: ticking a circumstance keeps 保育所 at the window she named, and
    the print does not ask about it again."""
    d = ChecklistDialog(bundled_db, "国立市", ["children"])
    monkeypatch.setattr(d, "report", lambda m: None)
    qtbot.addWidget(d)
    d.circumstance_boxes["preschool"].setChecked(True)

    def window_of(name):
        return next(s.department for s in d.checklist().sections for i in s.items if i.name == name)

    nursery = "保育所の入所申込み"
    assert window_of(nursery).unconfirmed
    section = next(n for n, s in enumerate(d.checklist().sections) if nursery in [i.name for i in s.items])
    d.assign_department(section, "子育て支援課")
    assert window_of(nursery).name == "子育て支援課" and not window_of(nursery).unconfirmed
    d.circumstance_boxes["moving_out"].setChecked(True)
    assert "転出届" in names(d)  # the new circumstance's procedures come in
    assert window_of(nursery).name == "子育て支援課" and not window_of(nursery).unconfirmed
    assert nursery not in [i.name for i in d.checklist().unconfirmed]


def test_the_order_she_set_stays_when_the_circumstances_change(dialog):
    """▲/▼ are her edits: a new circumstance adds its procedures in their places and keeps the
    order she gave the departments and the items already on the list."""

    def departments():
        return [s.department.name for s in dialog.model.checklist().sections]

    def items_of(department):
        return next(
            [i.name for i in s.items] for s in dialog.model.checklist().sections if s.department.name == department
        )

    last = departments()[-1]
    select(dialog, last)
    for _ in departments():
        dialog.up_button.click()  # her last department first
    kids = next(s.department.name for s in dialog.model.checklist().sections if len(s.items) > 1)
    select(dialog, items_of(kids)[-1])
    dialog.up_button.click()
    before_departments, before_items = departments(), items_of(kids)
    assert before_departments[0] == last
    dialog.circumstance_boxes["moving_out"].setChecked(True)
    assert "転居届・転出届" in names(dialog)
    assert [d for d in departments() if d in before_departments] == before_departments
    assert [i for i in items_of(kids) if i in before_items] == before_items
