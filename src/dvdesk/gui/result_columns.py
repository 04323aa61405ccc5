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
    asked for every role of 40 rows on each layout before the first paint. Each column's least
    width (its heading, its longest word) is kept for ``share_columns``."""
    model = table.model()
    if not isinstance(model, ResultsModel):
        return
    header = table.horizontalHeader()
    grid = 1 if table.showGrid() else 0  # Qt's sizeHintForColumn adds the grid line
    cells = CellSize(table)
    rows = model.rowCount()
    fitted: dict[int, tuple[int, int]] = {}
    for col in FITTED_COLUMNS:
        if table.isColumnHidden(col):
            continue  # sized when shown (ResultsPane._show_kind_column)
        widest = word = 0
        for text, is_bold in {model.cell(row, col) for row in range(rows)}:
            whole = cells.size(text, is_bold).width()
            widest = max(widest, whole)
            words = text.split()  # a cell wraps between words, never inside one
            word = max([word, *(cells.size(w, is_bold).width() for w in words)] if len(words) > 1 else [word, whole])
        least = max(header.sectionSizeHint(col), word + grid if rows else 0)
        fitted[col] = (max(header.sectionSizeHint(col), widest + grid if rows else 0), least)
    table.setProperty(_FITTED, fitted)
    share_columns(table)


_FITTED = "dvdeskFittedWidths"  # column -> (as wide as its widest cell, least: its heading and longest word)


def share_columns(table: QTableView) -> None:
    """The provider gets ``PROVIDER_SHARE`` of what the fitted columns leave (at most half, never
    less than its heading) and the name the rest: a service's name is what she reads first, and is
    the longer (in English, beside the wider Nationwide / Not recorded / Procedure columns, an even
    split left it 115 px, four lines). When the provider's heading would not fit whole beside a
    name column at least as wide, the fitted columns give way first, down to their own heading and
    longest word (their cells wrap): in English at 1280 px a kind column as wide as
    "Department/agency" cut the provider's heading to "rovided b"."""
    header = table.horizontalHeader()
    view = viewport_of(table).width()  # viewport_of: not PySide's search over every widget class
    hint = header.sectionSizeHint(ResultsModel.PROVIDER)
    heads = max(header.sectionSizeHint(ResultsModel.NAME), hint) + hint  # the name no narrower than the provider
    fitted = {c: w for c, w in (table.property(_FITTED) or {}).items() if not table.isColumnHidden(c)}
    for col, width in _give_way(fitted, view - heads).items():
        if header.sectionSize(col) != width:
            header.resizeSection(col, width)
    left = view - sum(header.sectionSize(c) for c in FITTED_COLUMNS if not table.isColumnHidden(c))
    width = max(hint, min(int(left * PROVIDER_SHARE), left // 2))
    if header.sectionSize(ResultsModel.PROVIDER) != width:
        header.resizeSection(ResultsModel.PROVIDER, width)
    # The name takes the rest, never less than its heading nor the provider: in a window too narrow
    # for every heading the list scrolls sideways rather than cut them (1024 px: 「援・サービ」, "ervic").
    name = max(left - width, header.sectionSizeHint(ResultsModel.NAME), width)
    if header.sectionSize(ResultsModel.NAME) != name:
        header.resizeSection(ResultsModel.NAME, name)


def _give_way(fitted: dict[int, tuple[int, int]], room: int) -> dict[int, int]:
    """Each fitted column as wide as its widest cell if they fit in ``room``; else each gives up the
    same share of what it has above its least width, so that together they fit (or all are at
    their least)."""
    natural = sum(w for w, _ in fitted.values())
    spare = sum(w - least for w, least in fitted.values())
    if natural <= room or spare <= 0:
        return {c: w for c, (w, _) in fitted.items()}
    keep = max(0.0, 1 - (natural - room) / spare)
    return {c: least + int((w - least) * keep) for c, (w, least) in fitted.items()}


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
