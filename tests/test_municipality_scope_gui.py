"""One municipality chooser for the sheet and HSDS imports: the same entries in the same words,
as written by default, 全国 last and only by choosing it (pytest-qt, offscreen)."""

import os

import pytest

from conftest import DATA
from dvdesk.app.administration import Administration, Scope
from dvdesk.gui.admin.hsds_source import HsdsSourceDialog
from dvdesk.gui.admin.sheet_mapping import SheetMappingDialog
from dvdesk.gui.admin.window import AdminWindow
from sheet_workbooks import kept_workbook

UK = DATA / "hsds_thirdparty" / "uk_council_services_page1.json"
SHOTS = os.environ.get("DVDESK_SCREENSHOTS")  # a folder: save pictures of both dialogs to look at


@pytest.fixture
def window(qtbot, mini_db):
    w = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(w)
    w.show()
    return w


def entries(box):
    return [(box.itemText(i), box.itemData(i)) for i in range(box.count())]


def test_the_app_layer_lists_the_directory_municipalities_between_as_written_and_nationwide(mini_db):
    scopes = Administration(mini_db).import_scopes()
    assert [c.scope for c in (scopes[0], scopes[-1])] == [Scope.AS_WRITTEN, Scope.NATIONWIDE]
    assert [(c.code, c.name) for c in scopes[1:-1]] == [("162027", "高岡市")]


def test_both_import_dialogs_offer_the_same_choices_in_the_same_words(qtbot, window, tmp_path):
    window.import_sheet(kept_workbook(tmp_path / "一覧.xlsx"))
    sheet = window.dialog
    assert isinstance(sheet, SheetMappingDialog)
    sheet_entries = entries(sheet.municipality)
    if SHOTS:
        sheet.grab().save(os.path.join(SHOTS, "sheet_mapping.png"))
    sheet.reject()
    window.import_hsds([UK])
    feed = window.dialog
    assert isinstance(feed, HsdsSourceDialog)
    if SHOTS:
        feed.municipality.showPopup()
        feed.grab().save(os.path.join(SHOTS, "hsds_source.png"))
        feed.municipality.hidePopup()
    assert entries(feed.municipality) == sheet_entries
    assert [data for _, data in sheet_entries] == ["", "162027", "*"]
    assert sheet_entries[1][0] == "高岡市（162027）: 市区町村の書かれていない記録"
    assert sheet_entries[-1][0].startswith("全国の窓口として取り込む")
    for dialog in (sheet, feed):  # as written, never 全国, until she chooses
        assert dialog.municipality.currentIndex() == 0
    assert (feed.code, feed.nationwide) == ("", False) and not sheet.options.nationwide
    feed.municipality.setCurrentIndex(2)
    assert (feed.code, feed.nationwide) == ("", True)
    feed.municipality.setCurrentIndex(1)
    assert (feed.code, feed.nationwide) == ("162027", False)
