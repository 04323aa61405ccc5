"""The print preview shows the pages the PDF and the printer get (h19-print).

The preview painted on the printer's 1,200 dpi and the PDF on 300 dpi, and the text was laid out
on each: glyph widths rounded to each device's pixels broke lines elsewhere, and so pages. For
高岡市 with 住まい and 生活費 in English the preview showed 2 pages and the saved PDF had 3; with
six needs in Japanese a paragraph broke after 「同意」 on one and 「同意し」 on the other. What she
checked on screen was not what was handed out. Now every device is laid out as the PDF is.
"""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinter

from dvdesk.gui.checklist_dialog import ChecklistDialog
from print_check import _as_read, body_pages
from test_print_preview import print_from

CASES = {
    "en-2-needs": ("高岡市", ["housing", "money"], "en"),  # preview 2 pages, PDF 3 on the old code
    "ja-6-needs": ("高岡市", ["safety", "safety.shelter", "money", "housing", "children", "health"], "ja"),
}


def _dialog(qtbot, db, muni: str, needs: list[str], lang: str) -> ChecklistDialog:  # type: ignore[no-untyped-def]
    d = ChecklistDialog(db, muni, needs)
    qtbot.addWidget(d)
    d.reports = []
    d.report = d.reports.append
    d.printing.confirm = lambda title, text: True  # a window no source names: print with the line to fill in
    box = d.printing.language_combo
    box.setCurrentIndex(box.findData(lang))
    return d


@pytest.mark.parametrize("case", list(CASES))
def test_the_preview_holds_the_pdfs_pages_line_for_line(qtbot, bundled_db, tmp_path, case):
    muni, needs, lang = CASES[case]
    dialog = _dialog(qtbot, bundled_db, muni, needs, lang)
    document = dialog.printing.document()
    saved = dialog.printing.export_pdf(tmp_path / "saved.pdf")
    assert saved is not None
    on_paper = [_as_read(t) for t in body_pages(saved, document)]

    preview = dialog.printing.make_preview()
    preview.open()
    qtbot.waitExposed(preview)
    widget = preview.preview_widget()
    qtbot.waitUntil(lambda: widget.pageCount() > 0, timeout=5000)
    assert widget.pageCount() == len(on_paper), (
        f"the preview shows {widget.pageCount()} pages, the PDF has {len(on_paper)}"
    )
    print_from(preview, tmp_path / "printed.pdf")  # her print action, at the printer's resolution
    assert [_as_read(t) for t in body_pages(tmp_path / "printed.pdf", document)] == on_paper
    assert [_as_read(t) for t in preview.shown] == on_paper  # what the preview drew, page by page
    preview.close()
    preview.dispose()
    assert dialog.reports == []


def test_a_printer_of_any_resolution_gets_the_same_pages(qtbot, bundled_db, tmp_path):
    """A printer chosen in the print dialog has its own resolution (600, 1,200 dpi): the same pages."""
    from dvdesk.printing.qt_render import new_printer, to_printer

    muni, needs, lang = CASES["en-2-needs"]
    dialog = _dialog(qtbot, bundled_db, muni, needs, lang)
    document = dialog.printing.document()
    reference = body_pages(dialog.printing.export_pdf(tmp_path / "saved.pdf"), document)
    for dpi in (600, 1200):
        printer = new_printer(document)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setResolution(dpi)
        printer.setOutputFileName(str(tmp_path / f"{dpi}.pdf"))
        assert to_printer(printer, document) == len(reference), dpi
        del printer  # ends the file
        assert body_pages(tmp_path / f"{dpi}.pdf", document) == reference, dpi


def test_a_character_beyond_the_basic_plane_keeps_each_page_its_own_lines(qtbot, bundled_db, tmp_path):
    """「𩸽」 (U+29E3D, in the bundled font) is two UTF-16 units: each line's text was cut from the
    paragraph by Qt's UTF-16 positions on a Python string, one character late per 𩸽 before it, so
    a page's lines (what the check of a complete printout reads, and the preview's pages) took the
    next page's first characters. Her note spans a page break here. (Qt's PDF text layer leaves
    such characters out, though the paper shows them: compared without them.)"""
    from PySide6.QtPrintSupport import QPrinter as Printer

    from dvdesk.printing.qt_render import layout_document, new_printer

    muni, needs, lang = CASES["ja-6-needs"]
    dialog = _dialog(qtbot, bundled_db, muni, needs, lang)
    dialog.note.setPlainText(
        "\n".join(f"{n}. 𩸽𩸽の煮付けと𠀋𩸽を用意して、窓口の受付時間に行く" for n in range(1, 90))
    )
    document = dialog.printing.document()
    saved = dialog.printing.export_pdf(tmp_path / "saved.pdf")
    assert saved is not None, dialog.reports
    printer = new_printer(document)
    printer.setOutputFormat(Printer.OutputFormat.PdfFormat)
    laid = layout_document(document, printer).placement.pages

    def bmp(text: str) -> str:
        return "".join(c for c in _as_read(text) if ord(c) <= 0xFFFF)

    on_paper = [bmp(t) for t in body_pages(saved, document)]
    assert len(on_paper) == len(laid) >= 2
    assert [bmp("".join(line.text for line in page)) for page in laid] == on_paper
