"""HSDS in through the administration window: files or a folder, the municipality chosen in the
window (never -m), then the preview of changes and apply (pytest-qt, offscreen)."""

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from conftest import DATA
from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.gui.admin.hsds_source import HsdsSourceDialog
from dvdesk.gui.admin.import_preview import ImportPreviewDialog
from dvdesk.gui.admin.window import AdminWindow

FIXTURES = DATA / "hsds_thirdparty"
UK = FIXTURES / "uk_council_services_page1.json"
CITY = FIXTURES / "city_feed"
TAKAOKA = "162027"


@pytest.fixture
def window(qtbot, mini_db):
    w = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(w)
    w.show()
    return w


def services(db):
    with db.read() as session:
        return {r["key"]: r for r in pk.collect(session)[0]["service"]}


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_folder_with_takaoka_chosen_lands_in_the_directory(qtbot, window, mini_db, tmp_path, monkeypatch):
    folder = tmp_path / "city_feed"
    shutil.copytree(CITY, folder)
    window.import_hsds()
    source = window.dialog
    assert isinstance(source, HsdsSourceDialog) and not source.next_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    click(qtbot, source.add_folder_button)
    assert source.paths == [folder]
    source.municipality.setCurrentIndex(source.municipality.findData(TAKAOKA))
    assert "高岡市" in source.municipality.currentText()
    click(qtbot, source.next_button)
    preview = window.dialog
    assert isinstance(preview, ImportPreviewDialog) and not source.isVisible()
    text = preview.summary.text()
    assert "organizations.json、service_at_location.json、services.json" in text  # the folder's files, one import
    assert "読んだ記録 16件 = 受付 10件 + 受け付けず 3件" in text
    with qtbot.waitSignal(preview.accepted):
        click(qtbot, preview.apply_button)
    got = services(mini_db)
    # references across the folder's files resolved: the service's phone came from another record
    assert got["hsds.jp-svc-1"]["provider"] == "hsds.jp-org-1"
    assert got["hsds.jp-svc-1"]["municipality"] == TAKAOKA
    assert "取り込みました" in window.statusBar().currentMessage()


def test_without_a_municipality_the_window_asks_for_one_and_writes_nothing(qtbot, window, mini_db, monkeypatch):
    before = dump(mini_db)
    window.import_hsds()
    source = window.dialog
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(UK)], ""))
    click(qtbot, source.add_files_button)
    click(qtbot, source.next_button)
    asked = source.notes.text()
    assert "「市区町村」で取り込み先を選んでください" in asked and "全国の窓口として取り込む" in asked
    assert "-m" not in asked and "import-hsds" not in asked
    assert window.dialog is source and source.isVisible()  # still her choice to make
    assert dump(mini_db) == before
    # 全国 is there, but only by choosing it
    source.municipality.setCurrentIndex(
        source.municipality.findText("全国の窓口として取り込む", Qt.MatchFlag.MatchStartsWith)
    )
    assert source.nationwide and source.code == "" and source.notes.text() == ""
    click(qtbot, source.next_button)
    assert isinstance(window.dialog, ImportPreviewDialog)
    window.dialog.reject()
    assert dump(mini_db) == before


def test_one_page_of_a_paged_list_is_said_in_the_preview(qtbot, window, mini_db):
    window.import_hsds([UK])
    source = window.dialog
    source.municipality.setCurrentIndex(source.municipality.findData(TAKAOKA))
    click(qtbot, source.next_button)
    text = window.dialog.summary.text()
    assert "一覧の一部だけです: uk_council_services_page1.json: 31ページ中の1ページ目です" in text
    assert "ほかのページも取り込んでください" in text
