"""One count check for both importers: read = stored + refused + skipped, and every line accounted
for; a report that does not add up stops the window's import (nothing written)."""

import pytest
from PySide6.QtWidgets import QMessageBox

from conftest import DATA
from db_support import dump
from dvdesk.admin import hsds_import, sheets
from dvdesk.admin.import_counts import ImportCounts
from dvdesk.gui.admin.import_preview import ImportPreviewDialog
from dvdesk.gui.admin.window import AdminWindow
from sheet_workbooks import EXPECTED, kept_workbook

UK = DATA / "hsds_thirdparty" / "uk_council_services_page1.json"
TAKAOKA = "162027"


def test_the_counts_balance_only_when_everything_read_ends_somewhere():
    assert ImportCounts(read=12, stored=9, refused=2, skipped=1).balanced
    assert not ImportCounts(read=12, stored=9, refused=2, skipped=0).balanced
    assert not ImportCounts(read=11, stored=9, refused=2, skipped=1).balanced


def test_both_reports_give_the_same_counts_and_notice_a_missing_line(mini_db, tmp_path):
    sheet, _ = sheets.check_sheet(mini_db, kept_workbook(tmp_path / "一覧.xlsx"))
    feed, _ = hsds_import.check_hsds(mini_db, UK, TAKAOKA)
    assert sheet.counts() == EXPECTED and sheet.balanced
    assert feed.counts() == ImportCounts(read=40, stored=23, refused=0, skipped=17) and feed.balanced
    for report in (sheet, feed):
        report.rows.pop()  # a line lost between reading and the report
        assert not report.balanced


@pytest.mark.parametrize("kind", ["sheet", "hsds"])
def test_the_window_refuses_a_report_that_does_not_add_up(qtbot, mini_db, tmp_path, monkeypatch, kind):
    w = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(w)
    monkeypatch.setattr(QMessageBox, "open", lambda self: None)  # no modal box offscreen
    before = dump(mini_db)
    real = {"sheet": sheets.check_sheet, "hsds": hsds_import.check_hsds}[kind]

    def losing(*args, **kwargs):
        report, incoming = real(*args, **kwargs)
        report.rows.pop()
        return report, incoming

    if kind == "sheet":
        monkeypatch.setattr(sheets, "check_sheet", losing)
        w.preview_sheet(kept_workbook(tmp_path / "一覧.xlsx"), sheets.SheetOptions())
    else:
        monkeypatch.setattr(hsds_import, "check_hsds", losing)
        w.import_hsds([UK])
        source = w.dialog
        source.municipality.setCurrentIndex(source.municipality.findData(TAKAOKA))
        source.check.emit()
    assert not isinstance(w.dialog, ImportPreviewDialog)
    assert "件数が合わない" in w.message_box.text() and "何も変更していません" in w.message_box.text()
    assert dump(mini_db) == before
