"""What the print dialog offers: paper sizes (the footer) and the pages she asks for (h19-print).

The date printed (with 職員用 on a staff copy) sat at the left of the footer and "page n / N" at the
right, on one line whatever the width: on A6 or a postcard they were drawn over each other
(「Printed on: 3 December 2026」 under 「Page 2 of 62」; 「職員用」 under 「1 / 30 ページ」), unreadable.
Now they go on two lines where the paper is too narrow for both. And the pages she asked for in the
dialog (pages 2–3: a jammed page printed again) were ignored: every page was printed.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from dvdesk.domain.disclosure import Audience
from dvdesk.gui.checklist_dialog import ChecklistDialog
from dvdesk.printing.qt_render import new_printer, to_printer

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAPERS = {
    "A6": (QPageSize.PageSizeId.A6, QPageLayout.Orientation.Portrait),
    "postcard": (QPageSize.PageSizeId.Postcard, QPageLayout.Orientation.Portrait),
    "A5": (QPageSize.PageSizeId.A5, QPageLayout.Orientation.Portrait),
    "A4 landscape": (QPageSize.PageSizeId.A4, QPageLayout.Orientation.Landscape),
}


def _overlapping_words(path, page: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Pairs of words drawn over each other on ``page`` (poppler's word boxes)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in _WORD.findall(out)]
    return [
        (w1[4], w2[4])
        for i, w1 in enumerate(words)
        for w2 in words[i + 1 :]
        if min(w1[2], w2[2]) - max(w1[0], w2[0]) > 0.5 and min(w1[3], w2[3]) - max(w1[1], w2[1]) > 0.5
    ]


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize(("copy", "lang"), [(Audience.STAFF, "ja"), (Audience.CLIENT, "en"), (Audience.CLIENT, "easy")])
def test_no_word_of_the_footer_is_drawn_over_another(qtbot, bundled_db, tmp_path, paper, copy, lang):
    d = ChecklistDialog(bundled_db, "高岡市", ["housing"])
    qtbot.addWidget(d)
    d.printing.confirm = lambda title, text: True
    d.printing.copy_combo.setCurrentIndex(d.printing.copy_combo.findData(copy))
    d.printing.language_combo.setCurrentIndex(d.printing.language_combo.findData(lang))
    document = d.printing.document()
    printer = new_printer(document)
    size, orientation = PAPERS[paper]
    printer.setPageLayout(
        QPageLayout(QPageSize(size), orientation, QMarginsF(15, 14, 15, 12), QPageLayout.Unit.Millimeter)
    )
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    pages = to_printer(printer, document)
    del printer  # ends the file
    for page in (1, pages):
        assert _overlapping_words(tmp_path / "out.pdf", page) == [], (paper, page)
    text = subprocess.run(["pdftotext", str(tmp_path / "out.pdf"), "-"], capture_output=True, text=True).stdout
    assert document.page_label.format(page=pages, pages=pages).replace(" ", "") in text.replace(" ", "")


def test_the_pages_she_asks_for_in_the_print_dialog_are_the_pages_printed(qtbot, bundled_db, tmp_path):
    """Pages 2–3 asked for (a jammed page printed again): every page was printed."""
    from dvdesk.printing.qt_render import write_pdf
    from print_check import body_pages

    d = ChecklistDialog(bundled_db, "高岡市", ["safety", "housing", "money", "children"])
    qtbot.addWidget(d)
    d.printing.confirm = lambda title, text: True
    document = d.printing.document()
    count = write_pdf(tmp_path / "all.pdf", document)
    assert count >= 4
    printer = new_printer(document)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "asked.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    to_printer(printer, document)
    del printer
    text = subprocess.run(["pdftotext", str(tmp_path / "asked.pdf"), "-"], capture_output=True, text=True).stdout
    pages = [re.sub(r"\s+", "", t) for t in text.split("\f")[:-1]]
    assert len(pages) == 2
    full = [
        re.sub(r"\s+", "", t)
        for t in subprocess.run(
            ["pdftotext", str(tmp_path / "all.pdf"), "-"], capture_output=True, text=True
        ).stdout.split("\f")[:-1]
    ]
    assert pages == full[1:3]  # the same pages, their footers saying 2 / N and 3 / N
    assert body_pages(tmp_path / "all.pdf", document)[1] in pages[0]
