"""The result list's column widths: the fitted columns (area, phone, kind) as wide as their widest
cell, and what they leave shared between the service's name and its provider."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from dvdesk.gui.desk_models import ResultsModel
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
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
    regular = QFont(option.font)  # a copy: option.font is the option's own, reassigned below
    bold = QFont(regular)
    bold.setBold(True)
    fonts = (regular, bold)
    metrics = (QFontMetrics(fonts[0]), QFontMetrics(fonts[1]))
    style = table.style()
    rows = model.rowCount()
    for col in FITTED_COLUMNS:
        if table.isColumnHidden(col):
            continue  # sized when shown (ResultsPane._show_kind_column)
        widest = 0
        for cell in {model.cell(row, col) for row in range(rows)}:
            text, is_bold = cell
            option.text = text.replace("\n", "\u2028")  # as QStyledItemDelegate.displayText does
            option.font, option.fontMetrics = fonts[is_bold], metrics[is_bold]
            size = style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), table)
            widest = max(widest, size.width())
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
