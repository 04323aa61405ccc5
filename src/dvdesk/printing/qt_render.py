"""Drawing a PrintDocument: one path for print preview, a real printer and PDF export.

``to_printer`` lays the HTML out with the bundled fonts (embedded in every PDF) as one long strip,
always at the PDF's resolution on the device's page (``LAYOUT_DPI``), scaled to the device when
drawn; cuts the strip into pages between lines (``dvdesk.printing.pagination``), checks that every
line and every item landed on a page, and only then draws, each page exactly the lines placed on it
(``_body``: the PDF's text holds each line once): a printout that would lose something is refused
with a message, never printed short. Each page has a footer with the date printed and "page /
pages". Nothing is written anywhere else: no temporary file, no cached copy of a client's checklist.

The one module below ``gui/`` that imports Qt (QtCore, QtGui, QtPrintSupport; never QtWidgets;
its fonts in ``qt_fonts``): the window and the command line both print through it, as
``tests/test_layering.py`` allows. The print preview window around it is ``dvdesk.gui.print_preview``.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFrame,
)
from PySide6.QtPrintSupport import QPrinter

from dvdesk.files import WriteFailed, atomic_write, create_private, explain
from dvdesk.printing import pagination as pg
from dvdesk.printing.document import BODY_PT, PrintDocument, points_to_pixels
from dvdesk.printing.pagination import keeps as _keeps
from dvdesk.printing.qt_fonts import BUNDLED_FAMILY as BUNDLED_FAMILY
from dvdesk.printing.qt_fonts import load_bundled_font as load_bundled_font
from dvdesk.printing.qt_fonts import print_font as print_font
from dvdesk.printing.qt_fonts import undrawable

FOOTER_PT = 10.0
MARGINS_MM = QMarginsF(15, 14, 15, 12)
PDF_DPI = 300
# Every device is laid out at this resolution, on its own page size and margins, and drawn scaled:
# glyph advances are rounded to the layout device's pixels, so a layout at each device's resolution
# broke lines, and so pages, differently on the preview (1,200 dpi) than in the PDF (300 dpi).
LAYOUT_DPI = PDF_DPI
PrintTarget = QPrinter | QPdfWriter  # what a printout is drawn on: both tell their resolution

log = logging.getLogger(__name__)


class PrintFailed(RuntimeError):
    """The device could not be painted on (no printer, unwritable file); message in Japanese."""


class PrintIncomplete(PrintFailed):
    """The laid-out pages do not hold everything the document says; nothing was drawn."""


def setup_a4(device: QPagedPaintDevice) -> None:
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )


@dataclass
class Pages:
    """A document laid out for one page layout: the strip, the page tops on it, what each page holds,
    in the layout's pixels (``LAYOUT_DPI``), whatever the resolution of the device it is drawn on."""

    doc: QTextDocument
    body: QRectF  # the rectangle (layout pixels) the body is drawn in on each page
    tops: list[float]
    placement: pg.Placement
    layout_device: QPdfWriter | None = None  # the document's paint device: kept alive with it
    footer_on_one_line: bool = True

    def scale(self, device: PrintTarget) -> float:
        """Device pixels per layout pixel."""
        return device.resolution() / LAYOUT_DPI

    @property
    def count(self) -> int:
        return len(self.tops)

    def page_texts(self) -> list[str]:
        """Each page's body text, its lines in order, as drawn (the footer aside)."""
        return ["".join(line.text for line in page) for page in self.placement.pages]

    def span(self, n: int) -> tuple[float, float]:
        """The strip's rows drawn on page ``n``: up to the next page's top, never past the body."""
        top = self.tops[n]
        following = self.tops[n + 1] if n + 1 < len(self.tops) else top + self.body.height()
        return top, min(following, top + self.body.height())


def _top_frame(block: QTextBlock, root: QTextFrame) -> QTextFrame:
    frame = QTextCursor(block).currentFrame()
    while frame is not None and frame.parentFrame() is not None and frame.parentFrame() != root:
        frame = frame.parentFrame()
    return frame


def _origin(rect: QRectF) -> QPointF:
    """Where a block's lines are placed from, on the strip: the top left of its ``blockBoundingRect``
    is its layout's position with its frames' (a table cell's) added, whatever its lines' own x (a
    margin) — the point ``QTextLine.draw`` takes, as the document's own drawing does."""
    return rect.topLeft()


def _read_strip(doc: QTextDocument) -> tuple[list[pg.Line], dict[int, str], list[pg.Keep], list[float]]:
    """Every laid-out line, each block's text, the units to keep together and extra cut points."""
    layout = doc.documentLayout()
    root = doc.rootFrame()
    lines: list[pg.Line] = []
    texts: dict[int, str] = {}
    elements: list[tuple[int, float, float]] = []  # (heading level or -1 for a table, top, bottom)
    tables: dict[int, int] = {}  # table frame position → index in elements
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        text_layout = block.layout()
        level = block.blockFormat().headingLevel()
        origin = _origin(rect).y()
        texts[block.blockNumber()] = block.text()
        units = block.text().encode("utf-16-le")  # Qt's positions count UTF-16 units: 𩸽 is two
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            top = origin + line.y()
            lines.append(
                pg.Line(
                    top,
                    top + line.height(),
                    block.blockNumber(),
                    units[2 * line.textStart() : 2 * (line.textStart() + line.textLength())].decode("utf-16-le"),
                    level,
                )
            )
        frame = _top_frame(block, root)
        if frame is None or frame == root:
            elements.append((level, rect.top(), rect.bottom()))
        elif frame.firstPosition() not in tables:
            box = layout.frameBoundingRect(frame)
            tables[frame.firstPosition()] = len(elements)
            elements.append((-1, box.top(), box.bottom()))
        block = block.next()
    return lines, texts, _keeps(elements), [elements[i][1] for i in tables.values()]


def _layout_device(page_layout: QPageLayout) -> QPdfWriter:
    """A PDF writer at ``LAYOUT_DPI`` on ``page_layout``, never painted: what every layout measures on."""
    buffer = QBuffer()
    writer = QPdfWriter(buffer)
    buffer.setParent(writer)  # kept as long as the writer, which holds it, and deleted with it
    writer.setResolution(LAYOUT_DPI)
    writer.setPageLayout(page_layout)
    return writer


def layout_document(document: PrintDocument, device: PrintTarget) -> Pages:
    """Lay ``document`` out for ``device``'s page (its size and margins), at ``LAYOUT_DPI`` whatever its
    resolution, cut it into pages and read back what they hold: the preview, the printer and the PDF
    get the same line breaks and the same pages on the same paper."""
    load_bundled_font()
    measure = _layout_device(device.pageLayout())
    paint = measure.pageLayout().paintRectPixels(LAYOUT_DPI)
    # The date printed and "page n / N" side by side, or on two lines where the paper is too narrow
    # for both (A6, a postcard: they were drawn over each other, 職員用 on a staff copy unreadable).
    metrics = QFontMetricsF(print_font(FOOTER_PT), measure)
    label = document.page_label.format(page=999, pages=999)
    side_by_side = sum(metrics.horizontalAdvance(t) for t in (document.footer, label, "　　")) <= paint.width()
    footer_height = FOOTER_PT / 72 * LAYOUT_DPI * (2.2 if side_by_side else 3.6)
    body = QRectF(0, 0, paint.width(), paint.height() - footer_height)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(measure)
    font = print_font(BODY_PT)
    # No ligatures: "fi"/"fl" drawn as one glyph come out of the PDF as junk when its text is
    # copied or searched (and a word check on the text would miss them).
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(points_to_pixels(document.html))
    doc.setTextWidth(body.width())  # one strip, no pages: Qt's own page breaks are not used
    end = doc.documentLayout().documentSize().height()  # lays out the whole strip, once
    lines, texts, keeps, cut_points = _read_strip(doc)
    tops = pg.paginate(lines, keeps, body.height(), end, cut_points)
    placement = pg.place(lines, tops, body.height(), end, texts, document.items)
    # A box on paper where the screen may show a character (an emoji, Korean typed in a free line).
    placement.undrawable = [t for t in texts.values() if undrawable(t)][:1]
    return Pages(doc, body, tops, placement, measure, side_by_side)


def incomplete_message(placement: pg.Placement) -> str:
    if placement.undrawable:
        (text,) = placement.undrawable
        chars = undrawable(text)
        shown = "".join(chars[:8]) + ("…" if len(chars) > 8 else "")
        short = " ".join(text.split())  # a <br> is U+2028 in the laid-out text
        return QCoreApplication.translate(
            "Printing",
            "印刷用の文字（フォント）にない文字があるため、印刷・保存を中止しました（紙には □ や ■ と出ます）: "
            "{chars}（「{text}」）。その文字を消すか、別の書き方（ローマ字など）にしてください。",
        ).format(chars=shown, text=short[:30] + ("…" if len(short) > 30 else ""))
    lost = placement.problems()
    shown = "、".join(f"「{t.strip()[:40]}」" for t in lost[:3]) + ("…" if len(lost) > 3 else "")
    return QCoreApplication.translate(
        "Printing",
        "用紙に載らない内容があったため、印刷・保存を中止しました（{lost}）。項目を減らすか、内容を確認してください。",
    ).format(lost=shown)


def paginate_checked(document: PrintDocument, device: PrintTarget) -> Pages:
    """The laid-out pages, or PrintIncomplete if any line or item would not reach the paper."""
    pages = layout_document(document, device)
    if not pages.placement.complete:
        raise PrintIncomplete(incomplete_message(pages.placement))
    return pages


def to_printer(printer: PrintTarget, document: PrintDocument) -> int:
    """Draw ``document`` on ``printer`` (a QPrinter or QPdfWriter); returns the page count."""
    return draw(printer, document).count


def draw(printer: PrintTarget, document: PrintDocument) -> Pages:
    """Draw ``document`` on ``printer``; returns the pages drawn (what each holds: ``page_texts``)."""
    pages = paginate_checked(document, printer)
    pdf = _pdf_file(printer)
    if pdf is not None:  # owner-only as write_pdf's: Qt truncates a file it writes, keeping its mode
        try:
            create_private(pdf)
        except OSError as exc:
            raise PrintFailed(explain(pdf, exc).message) from exc
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(
            QCoreApplication.translate(
                "Printing", "印刷を開始できませんでした（プリンターまたは保存先を確認してください）。"
            )
        )
    try:
        paint = printer.pageLayout().paintRectPixels(printer.resolution())
        scale = pages.scale(printer)
        body = QRectF(0, 0, pages.body.width() * scale, pages.body.height() * scale)  # device pixels
        asked = _pages_asked(printer, pages.count)
        for n in asked:
            if n != asked[0]:
                printer.newPage()
            painter.save()
            painter.scale(scale, scale)
            _body(painter, pages, n)
            painter.restore()
            _footer(painter, document, (n + 1, pages.count), body, paint.height(), pages.footer_on_one_line)
    finally:
        painter.end()
    if pdf is not None and b"%%EOF" not in _tail(pdf):  # Qt ignores write errors: a cut file, "printed"
        pdf.unlink(missing_ok=True)
        raise PrintFailed(QCoreApplication.translate("Printing", "PDF を保存できませんでした: {path}").format(path=pdf))
    return pages


def _pdf_file(printer: PrintTarget) -> Path | None:
    """The file Qt itself writes a PDF to: the preview's print on a PC with no printer, the print
    dialog's print to file (write_pdf writes its own, atomically)."""
    if isinstance(printer, QPrinter) and printer.outputFormat() is QPrinter.OutputFormat.PdfFormat:
        return Path(printer.outputFileName()) if printer.outputFileName() else None
    return None


def _tail(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            f.seek(max(0, path.stat().st_size - 64))
            return f.read()
    except OSError:
        return b""


def _pages_asked(printer: PrintTarget, count: int) -> list[int]:
    """The pages (from 0) she asked for in the print dialog: all, or its page range (a jammed page
    printed again); every page was printed whatever she asked."""
    if isinstance(printer, QPrinter) and printer.printRange() is QPrinter.PrintRange.PageRange:
        asked = range(max(printer.fromPage(), 1) - 1, min(printer.toPage() or count, count))
        return list(asked) or list(range(count))
    return list(range(count))


def _body(painter: QPainter, pages: Pages, n: int) -> None:
    """Page ``n``'s part of the strip: each line laid out on it, drawn once, and nothing else.

    Qt's ``QTextLayout::draw`` starts at the last line above the clip, and a table cell's lines run
    past it: hidden on paper by the clip, but in the PDF's text a second time (for a search, a copy,
    a screen reader, a check counting items). So the document draws only the blocks whose lines are
    all on this page (the others hidden for the moment: ``QTextBlock.setVisible`` changes no layout
    until the document is laid out again), and a paragraph parted by a page break is drawn here line
    by line, as ``pagination.place`` put them: its part above the rest of the page (drawn first, so
    the text reads in order), its part running on to the next page below it."""
    top, end = pages.span(n)  # the lines on the page end by ``end`` (``pagination.place``)
    bottom = math.floor(end)  # the clip: no antialiased hairline of the next page's first row
    doc, layout = pages.doc, pages.doc.documentLayout()
    placed = pages.placement.pages
    lines_of = Counter(ln.block for page in placed for ln in page)
    here = Counter(ln.block for ln in placed[n])
    whole = {b for b, k in here.items() if k == lines_of[b]}
    # Read before any block is hidden (a hidden block has no bounding rectangle).
    parted = [(b, layout.blockBoundingRect(b)) for b in map(doc.findBlockByNumber, sorted(set(here) - whole))]
    hidden: list[QTextBlock] = []
    block = doc.begin()
    while block.isValid():
        if block.isVisible() and block.blockNumber() not in whole:
            block.setVisible(False)
            hidden.append(block)
        block = block.next()
    painter.save()
    try:
        painter.setClipRect(QRectF(0, 0, pages.body.width(), bottom - top))
        painter.translate(0, -top)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, top, pages.body.width(), bottom - top)
        painter.setPen(context.palette.color(QPalette.ColorRole.Text))
        for b, rect in parted:
            if rect.top() < top:  # its part above: the top of the page
                _lines(painter, b, rect, top, end)
        layout.draw(painter, context)
        for b, rect in parted:
            if rect.top() >= top:  # its part on the next page: the bottom of this one
                _lines(painter, b, rect, top, end)
    finally:
        for block in hidden:
            block.setVisible(True)
        painter.restore()


def _lines(painter: QPainter, block: QTextBlock, rect: QRectF, top: float, bottom: float) -> None:
    """The lines of ``block`` (its ``blockBoundingRect``: ``rect``) that lie whole between ``top`` and
    ``bottom``, as ``pagination.place`` reads them, on the block's own background where it has one."""
    background = block.blockFormat().background()
    if background.style() != Qt.BrushStyle.NoBrush:
        painter.fillRect(rect.intersected(QRectF(rect.left(), top, rect.width(), bottom - top)), background)
    text_layout = block.layout()
    origin = _origin(rect)
    for i in range(text_layout.lineCount()):
        line = text_layout.lineAt(i)
        y = origin.y() + line.y()
        if y >= top - pg.EPSILON and y + line.height() <= bottom + pg.EPSILON:
            line.draw(painter, origin)


def _footer(
    painter: QPainter, document: PrintDocument, page: tuple[int, int], body: QRectF, bottom: float, one_line: bool
) -> None:
    painter.save()
    font = print_font(FOOTER_PT)
    painter.setFont(font)
    pen = QPen()
    pen.setWidthF(max(1.0, cast(PrintTarget, painter.device()).resolution() / 150))  # painting on a printer
    painter.setPen(pen)
    top = body.height() + (bottom - body.height()) * 0.25
    painter.drawLine(0, int(top), int(body.width()), int(top))
    area = QRectF(0, top, body.width(), bottom - top)
    left, right = area, area
    if not one_line:  # the date above, the page below it
        left, right = (QRectF(0, y, body.width(), area.height() / 2) for y in (top, top + area.height() / 2))
    painter.drawText(left, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), document.footer)
    label = document.page_label.format(page=page[0], pages=page[1])
    painter.drawText(right, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
    painter.restore()


def new_printer(document: PrintDocument) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_a4(printer)
    printer.setDocName(document.title)
    return printer


def write_pdf(path: Path, document: PrintDocument) -> int:
    """An A4 portrait PDF at ``path`` with the font embedded, written whole or not at all.

    Qt's PDF writer ignores write errors (a full disk left a cut-off file reported as saved), so
    the PDF is made in memory and written by ``dvdesk.files.atomic_write``: on any failure the
    file that was at ``path`` stays as it was and no partial file is left."""
    path = Path(path)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setTitle(document.title)
    writer.setCreator(document.title)  # never the program's name: it would say what it is for
    setup_a4(writer)
    try:
        pages = to_printer(writer, document)
    finally:
        del writer  # ends the PDF in the buffer
    data = bytes(buffer.data().data())
    buffer.close()
    if not data:
        raise PrintFailed(
            QCoreApplication.translate("Printing", "PDF を保存できませんでした: {path}").format(path=path)
        )
    try:
        # Readable by her alone (0600 on POSIX, as the packages' keys): a staff copy holds staff notes,
        # and any copy names a client's needs; on Windows the user's folders already keep others out.
        atomic_write(path, data, private=True)
    except WriteFailed as exc:
        raise PrintFailed(exc.message) from exc
    return pages


_app = None


def ensure_gui_app() -> None:
    """Painting needs a QGuiApplication; the command line makes one without a display."""
    global _app
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        _app = QGuiApplication(["dvdesk", "-platform", "offscreen"])
