"""The print preview dialog: a window around the one renderer, ``dvdesk.printing.qt_render``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPaintEngine
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QWidget

from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import open_at
from dvdesk.printing.document import PrintDocument
from dvdesk.printing.qt_render import PrintFailed, draw, new_printer


class PrintPreview(QPrintPreviewDialog):
    """The print preview of one document. It owns its printer: QPrintPreviewDialog only borrows
    the printer it is given, and one freed while the dialog painted on it crashed the program.
    Call ``dispose()`` when done, which deletes the dialog before its printer."""

    def __init__(
        self,
        document: PrintDocument,
        report: Callable[[str], None],
        parent: QWidget | None = None,
        printed: Callable[[], None] | None = None,
    ):
        self.owned_printer = new_printer(document)
        super().__init__(self.owned_printer, parent)
        self.document, self.report, self.printed = document, report, printed
        self.shown: list[str] = []  # each previewed page's text, as drawn (laid out as the PDF is)
        self.paintRequested.connect(self._paint)
        open_at(self, 860, 960)  # a page readable at once, not the default postage stamp
        closes_with_keys(self)

    def _paint(self, printer: QPrinter) -> None:
        # The preview draws its pages through a picture engine; anything else is her print action,
        # which counts as printing (``printed``: the slip's referral recorded, the list handed out).
        engine = printer.paintEngine()
        previewing = engine is not None and engine.type() == QPaintEngine.Type.Picture
        try:
            pages = draw(printer, self.document)
        except PrintFailed as exc:  # a printer chosen from the preview: say so, draw nothing
            self.report(str(exc))
            return
        if previewing:
            self.shown = pages.page_texts()
        if not previewing and self.printed is not None:
            self.printed()

    def preview_widget(self) -> QPrintPreviewWidget:
        widget = self.findChild(QPrintPreviewWidget)
        assert widget is not None  # a QPrintPreviewDialog is built around one
        return widget

    def dispose(self) -> None:
        import shiboken6

        printer = self.owned_printer
        if shiboken6.isValid(self):
            shiboken6.delete(self)
        del printer  # the last reference, after the dialog that used it
