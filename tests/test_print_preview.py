"""Print preview, as a counselor uses it (offscreen): it opens, shows every page, zooms, prints
and closes, for the checklist and for the referral slip. It used to end the program with a
segmentation fault: the printer made for the preview was freed while the dialog painted on it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

from checklist_support import compact, pdf_pages, pdf_text
from dvdesk.gui.checklist_dialog import ChecklistDialog
from print_check import assert_all_items_on_paper


@pytest.fixture
def dialog(qtbot, bundled_db):
    d = ChecklistDialog(bundled_db, "国立市", ["safety", "housing", "children"])
    qtbot.addWidget(d)
    for key in ("children", "school", "moving_out"):
        d.circumstance_boxes[key].setChecked(True)
    d.reports = []
    d.report = d.reports.append
    # 国立市's 保育所・就学・住宅 windows are unconfirmed: the counselor answers yes to printing
    # with a line to write the window in (a real modal box would wait for ever offscreen).
    d.asked = []
    d.printing.confirm = lambda title, text: d.asked.append(text) or True
    return d


def ink(widget) -> int:  # type: ignore[no-untyped-def]
    """Dark pixels in the widget as drawn: text on the previewed page."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(image.constBits())
    return sum(1 for b in data if b < 90)


def show_every_page(qtbot, preview, pages: int) -> None:  # type: ignore[no-untyped-def]
    widget = preview.preview_widget()
    qtbot.waitUntil(lambda: widget.pageCount() == pages, timeout=5000)
    widget.setViewMode(QPrintPreviewWidget.ViewMode.SinglePageView)
    widget.fitInView()
    drawn = []
    for n in range(1, pages + 1):
        widget.setCurrentPage(n)
        qtbot.wait(30)
        assert widget.currentPage() == n
        drawn.append(ink(widget))
    assert all(d > 200 for d in drawn), drawn  # every page shows text
    before = widget.zoomFactor()
    widget.zoomIn()
    widget.zoomIn()
    assert widget.zoomFactor() > before
    widget.setViewMode(QPrintPreviewWidget.ViewMode.AllPagesView)
    qtbot.wait(30)
    assert ink(widget) > 0


def print_from(preview, path) -> None:  # type: ignore[no-untyped-def]
    """The preview's print action, to a PDF file instead of a printer."""
    printer = preview.owned_printer
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    preview.preview_widget().print_()


def test_the_checklist_preview_shows_every_page_zooms_prints_and_closes(qtbot, dialog, tmp_path):
    from dvdesk.domain.disclosure import Audience, checklist_for
    from dvdesk.printing.qt_render import write_pdf

    pages = write_pdf(tmp_path / "reference.pdf", dialog.printing.document())
    assert pages >= 2
    preview = dialog.printing.make_preview()
    preview.open()
    qtbot.waitExposed(preview)
    show_every_page(qtbot, preview, pages)
    print_from(preview, tmp_path / "printed.pdf")
    preview.close()
    preview.dispose()
    assert pdf_pages(tmp_path / "printed.pdf") == pages
    assert_all_items_on_paper(tmp_path / "printed.pdf", checklist_for(dialog.checklist(), Audience.CLIENT))
    assert dialog.reports == []


def test_the_slip_preview_shows_its_page_prints_and_closes(qtbot, dialog, tmp_path):
    model = dialog.model
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "市民課")
    dialog.view.setCurrentIndex(model.index(row, 0))
    names = [item.name for item in dialog.checklist().sections[row].items]
    assert len(names) >= 2
    preview = dialog.printing.make_preview(dialog.slip.document)
    preview.open()
    qtbot.waitExposed(preview)
    show_every_page(qtbot, preview, 1)
    print_from(preview, tmp_path / "slip.pdf")
    preview.close()
    preview.dispose()
    flat = compact(pdf_text(tmp_path / "slip.pdf"))
    assert "あて先:市民課" in flat
    for name in names:
        assert compact(name) in flat, name


@pytest.mark.parametrize("slip", [False, True])
def test_the_preview_button_opens_and_closes_without_crashing(qtbot, dialog, slip):
    """The path that crashed: the button, a modal preview, closed by the counselor."""
    if slip:
        dialog.view.setCurrentIndex(dialog.model.index(0, 0))
    seen = []

    def close_it() -> None:
        preview = QApplication.activeModalWidget()
        if preview is None or preview is dialog:
            QTimer.singleShot(50, close_it)
            return
        widget = preview.preview_widget()
        seen.append((widget.pageCount(), ink(widget)))
        preview.close()

    QTimer.singleShot(50, close_it)
    (dialog.slip.preview_button if slip else dialog.printing.preview_button).click()  # returns when closed
    assert seen and seen[0][0] >= 1 and seen[0][1] > 200
    assert dialog.reports == []
    for _ in range(3):
        QApplication.processEvents()


def print_from_the_open_preview(dialog, path) -> None:  # type: ignore[no-untyped-def]
    """When the modal preview opens: its print action (to a PDF file), then close it."""

    def act() -> None:
        preview = QApplication.activeModalWidget()
        if preview is None or preview is dialog:
            QTimer.singleShot(50, act)
            return
        print_from(preview, path)
        preview.close()

    QTimer.singleShot(50, act)


def test_a_slip_printed_from_its_preview_records_the_referral_once(qtbot, dialog, tmp_path):
    """Printing is printing, from the preview too: the slip with a case reference is in the log,
    as when she presses 連絡票を印刷, and once however often she prints it."""
    from dvdesk.domain import referrals

    model = dialog.model
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "市民課")
    dialog.view.setCurrentIndex(model.index(row, 0))
    dialog.slip.counselor_name.setText("相談 花子")
    dialog.slip.case_ref.setText("R7-0142")
    for n in range(2):
        print_from_the_open_preview(dialog, tmp_path / f"slip{n}.pdf")
        dialog.slip.preview_button.click()  # returns when the preview is closed
        assert "あて先:市民課" in compact(pdf_text(tmp_path / f"slip{n}.pdf"))
    with dialog.db.read() as s:
        logged = referrals.list_referrals(s)
    assert [(r.case_ref, [t.department for t in r.targets]) for r in logged] == [("R7-0142", ["市民課"])]
    assert "R7-0142" in dialog.slip.logged.text() and dialog.reports == []


def test_a_checklist_printed_from_its_preview_closes_without_asking(qtbot, dialog, tmp_path, monkeypatch):
    """Printed from the preview, the list is handed out: closing it asks nothing."""
    dialog.note.setPlainText("次は月曜日に")
    assert dialog.unsaved
    print_from_the_open_preview(dialog, tmp_path / "printed.pdf")
    dialog.printing.preview_button.click()
    assert (tmp_path / "printed.pdf").exists() and not dialog.unsaved
