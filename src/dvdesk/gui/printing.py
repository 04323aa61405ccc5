"""Drawing a PrintDocument: one path for print preview, a real printer and PDF export.

``to_printer`` lays the HTML out on the device's own resolution with the bundled Japanese font
(embedded in every PDF), keeps each heading on the same page as what follows it, and draws a
footer with the date printed and "page / pages" on every page. Nothing is written anywhere
else: no temporary file, no cached copy of a client's checklist.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from dvdesk.gui import fonts
from dvdesk.printing.document import BODY_PT, PrintDocument

FOOTER_PT = 10.0
MARGINS_MM = QMarginsF(15, 14, 15, 12)
PDF_DPI = 300
CSS_PX_PER_PT = 96 / 72


class PrintFailed(RuntimeError):
    """The device could not be painted on (no printer, unwritable file); message in Japanese."""


def setup_a4(device: QPagedPaintDevice) -> None:
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     MARGINS_MM, QPageLayout.Unit.Millimeter))


def _heading(block: QTextBlock) -> int:
    return block.blockFormat().headingLevel()


def _group_end(block: QTextBlock) -> QTextBlock:
    """The last block that must share a page with heading ``block``: a department heading keeps
    its contact lines and its first item; an item heading keeps its first line of detail."""
    need_item = _heading(block) == 2
    last, b = block, block.next()
    while b.isValid():
        level = _heading(b)
        if level == 0:
            last = b
            if not need_item:
                break
        elif level == 3 and need_item:
            last, need_item = b, False
        else:
            break
        b = b.next()
    return last


def _keep_headings_with_next(doc: QTextDocument, page_height: float) -> None:
    layout = doc.documentLayout()
    for _ in range(200):  # each pass moves one heading; a document has far fewer
        moved = False
        block = doc.begin()
        while block.isValid():
            if _heading(block) in (2, 3):
                top = layout.blockBoundingRect(block).top()
                bottom = layout.blockBoundingRect(_group_end(block)).bottom()
                first_page, last_page = int(top // page_height), int((bottom - 1) // page_height)
                at_page_top = top - first_page * page_height < 2
                if last_page > first_page and not at_page_top and bottom - top < page_height:
                    fmt = QTextBlockFormat()
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    QTextCursor(block).mergeBlockFormat(fmt)
                    moved = True
                    break
            block = block.next()
        if not moved:
            return


_BOX_PROPERTY = re.compile(r"((?:margin|padding)[-a-z]*|border-width)\s*:\s*([^;}'\"]+)")
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")


def _points_to_pixels(html: str) -> str:
    """Qt's rich text reads margins, padding and border widths only in CSS pixels (1/96 inch,
    scaled to the device), font sizes in points: the builders write points everywhere, and
    here the box lengths become CSS pixels."""
    def convert(m: re.Match[str]) -> str:
        value = _POINTS.sub(lambda p: f"{float(p.group(1)) * CSS_PX_PER_PT:.1f}px", m.group(2))
        return f"{m.group(1)}: {value}"

    return _BOX_PROPERTY.sub(convert, html)


def layout_document(document: PrintDocument, device: QPagedPaintDevice) -> tuple[QTextDocument, QRectF]:
    """The laid-out text and the rectangle (device pixels) the body is drawn in on each page."""
    fonts.load_bundled_font()
    paint = device.pageLayout().paintRectPixels(device.resolution())
    footer_height = fonts.print_font(FOOTER_PT).pointSizeF() / 72 * device.resolution() * 2.2
    body = QRectF(0, 0, paint.width(), paint.height() - footer_height)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    font = fonts.print_font(BODY_PT)
    # No ligatures: "fi"/"fl" drawn as one glyph come out of the PDF as junk when its text is
    # copied or searched (and a word check on the text would miss them).
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(_points_to_pixels(document.html))
    doc.setPageSize(QSizeF(body.width(), body.height()))
    _keep_headings_with_next(doc, body.height())
    return doc, body


def to_printer(printer: QPagedPaintDevice, document: PrintDocument) -> int:
    """Draw ``document`` on ``printer`` (a QPrinter or QPdfWriter); returns the page count."""
    doc, body = layout_document(document, printer)
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(QCoreApplication.translate(
            "Printing", "印刷を開始できませんでした（プリンターまたは保存先を確認してください）。"))
    try:
        paint = printer.pageLayout().paintRectPixels(printer.resolution())
        for n in range(pages):
            if n:
                printer.newPage()
            painter.save()
            painter.setClipRect(body)
            painter.translate(0, -n * body.height())
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, n * body.height(), body.width(), body.height())
            doc.documentLayout().draw(painter, context)
            painter.restore()
            _footer(painter, document, n + 1, pages, body, paint.height())
    finally:
        painter.end()
    return pages


def _footer(painter: QPainter, document: PrintDocument, page: int, pages: int,
            body: QRectF, bottom: float) -> None:
    painter.save()
    font = fonts.print_font(FOOTER_PT)
    painter.setFont(font)
    pen = QPen()
    pen.setWidthF(max(1.0, painter.device().resolution() / 150))
    painter.setPen(pen)
    top = body.height() + (bottom - body.height()) * 0.25
    painter.drawLine(0, int(top), int(body.width()), int(top))
    area = QRectF(0, top, body.width(), bottom - top)
    from PySide6.QtCore import Qt

    painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), document.footer)
    label = document.page_label.format(page=page, pages=pages)
    painter.drawText(area, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
    painter.restore()


def write_pdf(path: Path, document: PrintDocument) -> int:
    """An A4 portrait PDF at ``path`` with the font embedded; no file is left if it fails."""
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setTitle(document.title)
    writer.setCreator(document.title)  # never the program's name: it would say what it is for
    setup_a4(writer)
    try:
        pages = to_printer(writer, document)
    except Exception:
        del writer
        path.unlink(missing_ok=True)
        raise
    del writer  # closes and flushes the file
    if not path.exists() or path.stat().st_size == 0:
        path.unlink(missing_ok=True)
        raise PrintFailed(QCoreApplication.translate("Printing", "PDF を保存できませんでした: {path}").format(
            path=path))
    return pages


_app = None


def ensure_gui_app() -> None:
    """Painting needs a QGuiApplication; the command line makes one without a display."""
    global _app
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        _app = QGuiApplication(["dvdesk", "-platform", "offscreen"])
