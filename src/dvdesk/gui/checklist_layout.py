"""The checklist window's three columns, made to fit a 1024×768 screen and to use a wide one.

The situation (left) and the print and slip boxes (right) are scroll areas in a splitter around
the list (centre): on a small screen they get a share of the width and wrap their words
(``gui.wrap_check``), scrolling only below that; the list takes what is left, and the counselor
can move the dividers. In the list, the name column is as wide as its longest name but leaves
持ち物 and 注意 at least a readable width (their header and a few words): at 1400 px the names
took 542 px and left 41 px each, «…» under a cut header. A name longer than its share wraps.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHeaderView,
    QLayout,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from dvdesk.gui.roomy_rows import RoomyRows

SIDE_SHARE = {0: 0.21, 2: 0.3}  # at most this part of the window for the left and the right column (0.23 left
# 持ち物 and 注意 under their headers at 1024 px in English; the left column is at its least width there)
OTHER_COLUMNS_EM = 9  # 持ち物 and 注意 get this many characters' width each when the names leave it
NAME_SHARE = 0.5  # else the names take up to this part of the list, the others share the rest
COMBO_CHARACTERS = 6  # a side column's drop-down list shrinks to this many characters (its list opens wide)


PANE_MARGIN = 3  # each column's left and right margin: the splitter's handles part them (Qt's 9 px each
# cost the list 36 px at 1024 px, 持ち物 and 注意 cut under their headers in English)


def _pane(layout: QLayout) -> QWidget:
    margins = layout.contentsMargins()
    layout.setContentsMargins(PANE_MARGIN, margins.top(), PANE_MARGIN, margins.bottom())
    inner = QWidget()
    inner.setLayout(layout)
    return inner


def _side(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(inner)
    for combo in inner.findChildren(QComboBox):  # a combo's minimum is its longest entry
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_CHARACTERS)
        combo.setMinimumWidth(combo.fontMetrics().height() * COMBO_CHARACTERS + 40)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return area


class Columns(QSplitter):
    """Left, centre and right; the side columns take their width or their share, the centre the rest."""

    def __init__(self, left: QLayout, center: QLayout, right: QLayout) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.inner = {0: _pane(left), 2: _pane(right)}  # the side columns' contents, in their scroll areas
        for widget in (_side(self.inner[0]), _pane(center), _side(self.inner[2])):
            self.addWidget(widget)
        self.setChildrenCollapsible(False)
        self.setStretchFactor(1, 1)
        self._shared = False

    def share(self, width: int) -> None:
        """Widths for a window ``width`` wide (once, when first shown: then hers to move)."""
        inner = self.inner
        # Room for a side's vertical scroll bar too: the right column is taller than a 768-px screen,
        # and its bar took 14 px from a column no wider than its least width (it scrolled sideways).
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        sides = {}
        for i, share in SIDE_SHARE.items():
            side = max(min(inner[i].sizeHint().width(), int(width * share)), inner[i].minimumSizeHint().width())
            layout = inner[i].layout()
            tall = inner[i].sizeHint().height()
            if layout is not None and layout.hasHeightForWidth():
                tall = layout.heightForWidth(side)
            sides[i] = side + 4 + (bar if tall > self.height() else 0)
        self.setSizes([sides[0], max(width - sides[0] - sides[2], 1), sides[2]])
        self._shared = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shared:
            self.share(self.width())


class FitColumns(QObject):
    """Keeps the list's name column as wide as its names, within what leaves the others readable."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        view.setWordWrap(True)  # a name wider than its column wraps, never cut
        view.setUniformRowHeights(False)
        view.setItemDelegate(WrappedRows(view))
        view.viewport().installEventFilter(self)
        view.model().modelReset.connect(self.fit)

    def fit(self) -> None:
        view, header = self.view, self.view.header()
        em, width = view.fontMetrics().height(), view.viewport().width()  # em: about a full-width character
        names = max(header.sectionSizeHint(0), max((_one_line(view, c) for c in _names(view)), default=0))
        # As wide as the names, unless 持ち物 and 注意 would get less than OTHER_COLUMNS_EM: then at
        # least NAME_SHARE of the list; never so wide that their headers are cut.
        wanted = max(min(names, width - 2 * OTHER_COLUMNS_EM * em), min(names, int(width * NAME_SHARE)))
        least = max(header.sectionSizeHint(1), header.sectionSizeHint(2))
        column = max(min(wanted, width - 2 * least), header.sectionSizeHint(0))
        if column != header.sectionSize(0):
            header.resizeSection(0, column)
            view.doItemsLayout()  # row heights for the new width (wrapped names)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False


def _names(view: QTreeView) -> list[QModelIndex]:
    model, found = view.model(), []
    for s in range(model.rowCount()):
        parent = model.index(s, 0)
        found.append(parent)
        found += [model.index(r, 0, parent) for r in range(model.rowCount(parent))]
    return found


def _one_line(view: QTreeView, index: QModelIndex) -> int:
    """The width a row's name needs on one line, its indentation and the margins included."""
    text = str(index.data() or "")
    font = index.data(Qt.ItemDataRole.FontRole)
    metrics = view.fontMetrics() if font is None else QFontMetrics(font)
    return _indent(view, index) + metrics.horizontalAdvance(text) + 3 * metrics.horizontalAdvance(" ") + 8


def _indent(view: QTreeView, index: QModelIndex | QPersistentModelIndex) -> int:
    depth = 0 if not index.parent().isValid() else 1
    return view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))


class WrappedRows(RoomyRows):
    """Rows as tall as their wrapped name: measured at the name column's width (Qt measures a tree's
    rows without a width, so a wrapped name would be cut to one line); 持ち物 and 注意 keep to the
    row's height (cut with «…»: the selected item is shown whole below the list, and as a tooltip)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = self.parent()
        if isinstance(view, QTreeView) and index.column() == 0:  # 持ち物 and 注意: one line (the item's text below)
            option = QStyleOptionViewItem(option)
            width = view.columnWidth(0) - _indent(view, index)
            option.rect = QRect(0, 0, max(width, 1), 100_000)  # a valid rect: the style wraps within it
        return super().sizeHint(option, index)
