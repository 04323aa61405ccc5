"""The checklist keeps up with the counselor: it stays open beside the desk (not modal), and each
procedure or service she adds from the desk's results (Alt+L, the row's menu, the detail pane)
goes into the open list, once, with the list brought to the front; then both are on the paper."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from checklist_support import compact, poppler_page_texts
from dvdesk.domain.disclosure import Audience
from dvdesk.domain.search import PROCEDURE, SERVICE
from dvdesk.gui.app import Desk
from dvdesk.gui.checklist_dialog import ChecklistDialog
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from gui_support import KUNITACHI, TAKAOKA, type_text


@pytest.fixture
def window(qtbot, bundled_db):
    translators = Translators()
    translators.install("ja")
    desk = Desk(bundled_db, Settings(), translators)
    desk.show()
    qtbot.waitExposed(desk.window)
    desk.window.municipality.setCurrentIndex(desk.window.municipality.findData(TAKAOKA))
    desk.window.test_desk = desk  # for the language switch
    yield desk.window
    for d in desk.window.findChildren(ChecklistDialog):
        d._discarded()  # nothing to ask at the end of a test
    desk.window.close()
    translators.uninstall()


def find(qtbot, window, text: str, name: str, item: str) -> None:
    """Search ``text`` and select the row named ``name`` (a procedure or a service)."""
    window.results.search.clear()
    type_text(window.results.search, text)
    qtbot.waitUntil(lambda: not window.controller.pending)
    model = window.results.model
    rows = [r for r in range(model.rowCount()) if model.hit(r).name == name and model.hit(r).item == item]
    assert rows, f"{name} not found for {text}"
    window.results.select_row(rows[0])
    window.results.focus_results()


def listed(d: ChecklistDialog) -> list[str]:
    return [i.name for s in d.model.checklist().sections for i in s.items]


def test_search_add_search_add_print_both_on_the_paper(window, qtbot, tmp_path, monkeypatch):
    find(qtbot, window, "児童手当", "児童手当の受給者の変更", PROCEDURE)
    assert window.results.checklist_button.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.results.table, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # Alt+L
    qtbot.waitUntil(lambda: window.open_checklist_dialog() is not None)  # a mnemonic clicks after a moment
    dialog = window.findChild(ChecklistDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.NonModal and QApplication.activeModalWidget() is None
    assert "「児童手当の受給者の変更」をチェックリストに追加しました" in dialog.added_label.text()
    # Back at the desk: a second search, the result's menu adds it to the same list.
    window.activateWindow()
    home = "市営住宅の入居申込み（単身入居・待機順番の繰上げ）"
    find(qtbot, window, "市営住宅", home, PROCEDURE)
    table = window.results.table
    where = table.visualRect(table.currentIndex()).center()
    QApplication.sendEvent(
        table.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, table.viewport().mapToGlobal(where))
    )  # a right click on the row
    assert window.results.menu is not None and window.results.menu.isVisible()
    (add,) = window.results.menu.actions()
    assert add.text() == "チェックリストに追加"
    add.trigger()
    window.results.menu.hide()  # (a click on the entry closes it)
    assert window.findChildren(ChecklistDialog) == [dialog]
    assert {"児童手当の受給者の変更", home} <= set(listed(dialog))
    assert dialog.model.item_at(dialog.view.currentIndex()).name == home  # she sees where it went
    # A service from the detail pane.
    find(qtbot, window, "専任相談員", "専任相談員による相談（電話・面接）", SERVICE)
    assert window.detail.checklist_button.isVisible()
    window.detail.checklist_button.click()
    assert "専任相談員による相談（電話・面接）" in listed(dialog)
    # Twice: said, not added again.
    count = len(listed(dialog))
    find(qtbot, window, "児童手当", "児童手当の受給者の変更", PROCEDURE)
    window.results.checklist_button.click()
    assert len(listed(dialog)) == count
    assert "すでにチェックリストにあります" in dialog.added_label.text()
    assert "すでにチェックリストにあります" in window.statusBar().currentMessage()

    reports: list[str] = []
    monkeypatch.setattr(dialog, "report", reports.append)
    monkeypatch.setattr(dialog.printing, "confirm", lambda *_: True)
    dialog.printing.copy_combo.setCurrentIndex(dialog.printing.copy_combo.findData(Audience.CLIENT))
    path = dialog.printing.export_pdf(tmp_path / "client.pdf")
    assert reports == [] and path is not None
    paper = compact("".join(poppler_page_texts(path)))
    for name in ("児童手当の受給者の変更", home, "専任相談員による相談（電話・面接）"):
        assert compact(name) in paper, name


def test_ctrl_p_with_a_list_open_brings_it_to_the_front_and_keeps_it(window, qtbot):
    first = window.open_checklist()
    first.free_text.setText("印鑑を持っていく")
    first.add_free_button.click()
    assert window.open_checklist() is first and window.findChildren(ChecklistDialog) == [first]
    assert "印鑑を持っていく" in listed(first)


def test_closing_the_changed_list_still_asks_first(window, qtbot):
    dialog = window.open_checklist()
    dialog.free_text.setText("印鑑を持っていく")
    dialog.add_free_button.click()
    dialog.reject()  # 閉じる / Esc
    qtbot.waitUntil(lambda: dialog.discard_question.box is not None and dialog.discard_question.box.isVisible())
    assert dialog.isVisible()
    dialog.discard_question.box.reject()  # 戻る
    assert dialog.isVisible() and "印鑑を持っていく" in listed(dialog)


def test_another_towns_record_is_not_added_to_the_open_list(window, qtbot):
    dialog = window.open_checklist()
    before = listed(dialog)
    window.activateWindow()
    window.municipality.setCurrentIndex(window.municipality.findData(KUNITACHI))
    find(qtbot, window, "夜間", "夜間・休日女性相談", SERVICE)
    window.results.checklist_button.click()
    assert listed(dialog) == before
    assert "国立市" not in dialog.added_label.text() and "追加できません" in dialog.added_label.text()


def test_after_a_language_switch_the_desk_still_adds_to_the_list_it_had_open(window, qtbot):
    desk = window.test_desk
    find(qtbot, window, "児童手当", "児童手当の受給者の変更", PROCEDURE)
    window.results.checklist_button.click()
    (dialog,) = window.findChildren(ChecklistDialog)
    desk.set_language("en")
    new = desk.window
    assert new is not window and new.findChildren(ChecklistDialog) == [dialog] and dialog.isVisible()
    new.municipality.setCurrentIndex(new.municipality.findData(TAKAOKA))
    find(qtbot, new, "市営住宅", "市営住宅の入居申込み（単身入居・待機順番の繰上げ）", PROCEDURE)
    new.results.checklist_button.click()
    assert new.findChildren(ChecklistDialog) == [dialog]
    assert {"児童手当の受給者の変更", "市営住宅の入居申込み（単身入居・待機順番の繰上げ）"} <= set(listed(dialog))
    dialog._discarded()
    desk.set_language("ja")


def test_a_staff_only_record_added_from_the_desk_stays_off_the_clients_paper(window, qtbot, tmp_path, monkeypatch):
    from sqlalchemy import select

    from dvdesk.domain.models import Service

    with window.data.db.read() as s:
        staff_only = s.scalar(select(Service.id).where(Service.key == "takaoka.int.kankeika-kaigi"))
    window.add_procedure_to_checklist(SERVICE, staff_only)
    (dialog,) = window.findChildren(ChecklistDialog)
    (item,) = [i for s in dialog.model.checklist().sections for i in s.items if i.key == "takaoka.int.kankeika-kaigi"]
    monkeypatch.setattr(dialog, "report", lambda *_: None)
    monkeypatch.setattr(dialog.printing, "confirm", lambda *_: True)
    for audience, name in ((Audience.CLIENT, "client"), (Audience.STAFF, "staff")):
        dialog.printing.copy_combo.setCurrentIndex(dialog.printing.copy_combo.findData(audience))
        paper = compact("".join(poppler_page_texts(dialog.printing.export_pdf(tmp_path / f"{name}.pdf"))))
        assert (compact(item.name) in paper) is (audience is Audience.STAFF), name


def test_ctrl_p_again_with_more_needs_chosen_adds_their_procedures_and_keeps_her_edits(window, qtbot):
    """h18-try: she opens the list for 住まい, later chooses お金 on the desk too and presses Ctrl+P:
    the list came to the front without a single money procedure and said nothing."""
    window.needs.select(["housing"])
    dialog = window.open_checklist()
    dialog.free_text.setText("印鑑を持っていく")
    dialog.add_free_button.click()
    before = listed(dialog)
    money = [i.name for i in dialog.checklists.propose(TAKAOKA, ["money"]).items if i.name not in before]
    assert money  # 高岡市 has money procedures the housing list lacks
    window.activateWindow()
    window.needs.select(["housing", "money"])
    qtbot.keyClick(window.results.search, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.findChildren(ChecklistDialog) == [dialog]
    now = listed(dialog)
    assert set(before) <= set(now) and set(money) <= set(now)  # hers kept, the new needs' added
    label = dialog.need_labels["money"][0]  # 生活費・経済的支援
    assert label in dialog.situation.text() and "住まい" in dialog.situation.text()
    assert label in dialog.added_label.text() and label in window.statusBar().currentMessage()
    window.needs.select(["housing"])  # a need let go on the desk takes nothing off her list
    assert window.open_checklist() is dialog and listed(dialog) == now
