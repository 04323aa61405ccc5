"""The result list's column widths: the fitted columns (area, phone, kind) as wide as their widest
cell, and what they leave shared between the service's name and its provider; and ``CellSize``,
the size of one of its cells, which the rows' heights use too."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem, QTableView

from dvdesk.gui.desk_models import ResultsModel
from dvdesk.gui.qt_ints import Role
from dvdesk.gui.qt_wrap import viewport_of

FITTED_COLUMNS = (ResultsModel.AREA, ResultsModel.PHONE, ResultsModel.KIND)
PROVIDER_SHARE = 0.36  # of the width the fitted columns leave (at least the heading's, at most half)


def fit_columns(table: QTableView) -> None:
    """The fitted columns as wide as their widest cell or their header, as Qt's
    ``ResizeToContents`` makes them, from every row, without asking ``data()``: Qt's own fitting
    asked for every role of 40 rows on each layout before the first paint."""
    model = table.model()
    if not isinstance(model, ResultsModel):
        return
    header = table.horizontalHeader()
    grid = 1 if table.showGrid() else 0  # Qt's sizeHintForColumn adds the grid line
    cells = CellSize(table)
    rows = model.rowCount()
    for col in FITTED_COLUMNS:
        if table.isColumnHidden(col):
            continue  # sized when shown (ResultsPane._show_kind_column)
        widest = 0
        for text, is_bold in {model.cell(row, col) for row in range(rows)}:
            widest = max(widest, cells.size(text, is_bold).width())
        width = max(header.sectionSizeHint(col), widest + grid if rows else 0)
        if header.sectionSize(col) != width:
            header.resizeSection(col, width)
    share_columns(table)


def share_columns(table: QTableView) -> None:
    """The provider gets ``PROVIDER_SHARE`` of what the fitted columns leave — its heading whole
    when there is room, never more than half — and the name (a stretched column) the rest: a
    service's name is what she reads first, and is the longer (in English, beside the wider
    Nationwide / Not recorded / Procedure columns, an even split left it 115 px, four lines)."""
    header = table.horizontalHeader()
    fitted = sum(header.sectionSize(c) for c in FITTED_COLUMNS if not table.isColumnHidden(c))
    left = viewport_of(table).width() - fitted  # viewport_of: not PySide's search over every widget class
    width = min(max(header.sectionSizeHint(ResultsModel.PROVIDER), int(left * PROVIDER_SHARE)), max(left // 2, 0))
    if header.sectionSize(ResultsModel.PROVIDER) != width:
        header.resizeSection(ResultsModel.PROVIDER, width)


class CellSize:
    """The size the view's delegate gives a cell of ``ResultsModel`` showing ``text`` (bold or not):
    what ``QStyledItemDelegate.sizeHint`` makes of the cell's display text and font — all that
    sizes one of the model's cells — asked of a one-item C++ model that holds just those, so the
    model is asked nothing (Qt's own fitting asked every role of every cell on every layout), and
    Python never holds the style (``QStyle``'s 572 enum members made ~50 M instructions before the
    first paint). The view's options as they are now; a text wraps at ``width`` when given."""

    def __init__(self, view: QAbstractItemView) -> None:
        self.delegate = view.itemDelegate()
        self.option = QStyleOptionViewItem()
        view.initViewItemOption(self.option)
        self.bold = QFont()  # as ResultsModel gives a bold cell's font (resolved against the view's)
        self.bold.setBold(True)
        self.cell = QStandardItem()
        self.model = QStandardItemModel(1, 1)
        self.model.setItem(0, 0, self.cell)
        self.index = self.model.index(0, 0)

    def size(self, text: str, bold: bool, width: int | None = None) -> QSize:
        self.cell.setData(text, Role.DISPLAY)
        self.cell.setData(self.bold if bold else None, Role.FONT)
        if width is not None:
            self.option.rect = QRect(0, 0, width, 1)  # only the width counts (a row is at least 1 high)
        return self.delegate.sizeHint(self.option, self.index)
