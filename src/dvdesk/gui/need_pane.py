"""The need navigator: the taxonomy as a tree; one or several needs (Ctrl+click) filter the list."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.app.directory_queries import NeedRow
from dvdesk.gui import static_headers
from dvdesk.gui.desk_models import KEY_ROLE, NeedTreeModel
from dvdesk.gui.qt_ints import Key, Role
from dvdesk.gui.qt_wrap import push_button


class WrappingDelegate(QStyledItemDelegate):
    """Wraps long labels in the first column (need labels in English or at a large font size,
    department names) instead of cutting them.

    Sizes are kept by what they depend on (column, text, width, fonts): the tree asks again for
    every row on each of its several layouts before the window first paints, and each answer
    otherwise asks the model for every role of the cell. In front of that, the size of each item
    as last asked (its row, the model's pointer, column; the column's width, indentation and the
    font), so a repeated question asks the model nothing: the need tree's ~300 questions before
    the first paint cost ~40 ms of CPU in model calls and font keys. That memo is dropped
    whenever the model changes (reset, rows, layout, data)."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree
        self._sizes: dict[tuple[int, str, int, str], QSize] = {}
        self._items: dict[tuple[int, int, int], tuple[tuple[int, int, bool], QSize]] = {}
        self._font = QFont()  # the option font the memo's sizes were measured with
        self._model: object = None

    def _watch(self) -> None:
        """Drop the per-item memo whenever the tree's model changes (or is another model)."""
        model = self.tree.model()
        self._model = model
        self._items.clear()
        if model is not None:
            for signal in (
                model.modelReset,
                model.layoutChanged,
                model.dataChanged,
                model.rowsInserted,
                model.rowsRemoved,
                model.rowsMoved,
            ):
                signal.connect(self._forget)

    def _forget(self, *_: object) -> None:
        self._items.clear()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if self.tree.model() is not self._model:
            self._watch()
        column = index.column()
        # Only the wrapped label depends on the column's width (the count has its natural size).
        basis = (self.tree.columnWidth(column), self.tree.indentation(), self.tree.rootIsDecorated())
        if column != NeedTreeModel.LABEL:
            basis = (0, 0, False)
        if option.font != self._font:
            self._font = QFont(option.font)
            self._items.clear()
        item = (index.row(), index.internalId(), column)
        known = self._items.get(item)
        if known is not None and known[0] == basis:
            return QSize(known[1])
        size = self._measure(option, index, column)
        self._items[item] = (basis, size)
        return QSize(size)

    def _measure(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, column: int) -> QSize:
        width = -1  # the count's natural width
        if column == NeedTreeModel.LABEL:
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            indent = self.tree.indentation() * (depth + (1 if self.tree.rootIsDecorated() else 0))
            width = max(self.tree.columnWidth(column) - indent - 8, 40)  # 8: the item's own text margins
        own_font = index.data(Role.FONT)  # a department group's bold heading
        font_key = option.font.key() + (own_font.key() if isinstance(own_font, QFont) else "")
        key = (column, str(index.data()), width, font_key)
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > 5_000:  # many widths seen (a splitter dragged): start again
                self._sizes.clear()
                self._items.clear()
            if width < 0:
                size = super().sizeHint(option, index)
            else:
                wrapped = QStyleOptionViewItem(option)
                wrapped.rect = QRect(0, 0, width, 10_000)
                wrapped.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
                size = super().sizeHint(wrapped, index)
            self._sizes[key] = size
        return size


def unbreakable(text: str) -> list[str]:
    """The pieces a wrapped label cannot break: a Latin word (up to and with a hyphen), one Japanese character."""
    return [piece for word in _WORD.findall(text) for piece in _HYPHENED.findall(word)]


_CJK = r"\u3000-\u9fff\uff00-\uffef"  # Japanese: a line may break between any two characters
_WORD = re.compile(rf"[^\s{_CJK}]+|[{_CJK}]")
_HYPHENED = re.compile(r"[^-]+-?|-")


class NeedTree(QTreeView):
    """The need tree; its count column is as wide as its widest count (``fit_count_column``), and
    it never gets narrower than its longest word at its indentation beside the counts: squeezed by
    the results at 1024 px in English it broke words (「Te… pro… and she…」)."""

    escape_pressed = Signal()
    _least_label = 0  # the label column's least width: its longest word, indented, with the item's margins

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.dataChanged, model.rowsInserted):
                signal.connect(self.fit_count_column)

    def fit_count_column(self, *_: object) -> None:
        """The width Qt's ``ResizeToContents`` gives the count column (the widest count, at least
        the header's hint, within the header's bounds), measured once per change of the counts or
        the font: with ``ResizeToContents`` Qt asked the delegate for every row again on each of
        the tree's six layouts before the first paint (a test compares the two widths)."""
        model, header = self.model(), self.header()
        if model is None:
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate = self.itemDelegate()
        widest, seen = header.sectionSizeHint(NeedTreeModel.COUNT), set()
        parents = [QModelIndex()]
        while parents:
            parent = parents.pop()
            for row in range(model.rowCount(parent)):
                cell = model.index(row, NeedTreeModel.COUNT, parent)
                text = cell.data()
                if text not in seen:  # the need tree's counts differ only by their text
                    seen.add(text)
                    widest = max(widest, delegate.sizeHint(option, cell).width())
                parents.append(model.index(row, NeedTreeModel.LABEL, parent))
        width = min(max(widest, header.minimumSectionSize()), header.maximumSectionSize())
        if header.sectionSize(NeedTreeModel.COUNT) != width:
            header.resizeSection(NeedTreeModel.COUNT, width)
        self._fit_least_label()

    def _fit_least_label(self) -> None:
        model, least = self.model(), 0
        parents = [(QModelIndex(), 1 if self.rootIsDecorated() else 0)]
        while parents:
            parent, depth = parents.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, NeedTreeModel.LABEL, parent)
                parents.append((index, depth + 1))
                font = index.data(Role.FONT)
                metrics = QFontMetrics(font) if isinstance(font, QFont) else self.fontMetrics()
                widest = max((metrics.horizontalAdvance(w) for w in unbreakable(str(index.data() or ""))), default=0)
                least = max(least, self.indentation() * depth + widest + 8)  # 8: the delegate's text margins
        if least != self._least_label:
            self._least_label = least
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        least = self._least_label + self.header().sectionSize(NeedTreeModel.COUNT) + scroll_bar + 2 * self.frameWidth()
        return QSize(max(hint.width(), least), hint.height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_count_column()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Key.ESCAPE:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class NeedPane(QWidget):
    needs_changed = Signal(tuple)  # the chosen need keys

    def __init__(self, english: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = NeedTreeModel(english, self)
        self._quiet = False  # True while the pane itself changes the selection
        self.tree = NeedTree(self)
        self.tree.setObjectName("needTree")
        static_headers.set_model(self.tree, self.model)  # headers fed by C++: Qt never calls Python with an enum
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self.tree.setAccessibleName(self.tr("分野の一覧"))
        self.tree.setAccessibleDescription(
            self.tr("分野を選ぶと、その分野の支援だけを表示します。Ctrl キーを押しながら選ぶと複数の分野を選べます。")
        )
        header = self.tree.header()
        header.hide()  # the label above says what the tree is; the numbers are counts
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NeedTreeModel.LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NeedTreeModel.COUNT, QHeaderView.ResizeMode.Fixed)  # NeedTree.fit_count_column
        header.sectionResized.connect(lambda *_: self.tree.scheduleDelayedItemsLayout())  # re-wrap
        self.tree.selectionModel().selectionChanged.connect(self._emit)
        self.tree.escape_pressed.connect(self.clear)

        self.label = QLabel(self.tr("分野(&N)"), self)
        self.label.setBuddy(self.tree)
        self.clear_button = push_button(self.tr("選択を解除"), self)
        self.clear_button.setObjectName("clearNeeds")
        self.clear_button.setAccessibleName(self.tr("分野の選択を解除"))
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.label)
        top.addStretch(1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree)

    def set_needs(self, rows: Sequence[NeedRow]) -> None:
        """New counts (another municipality): keeps what was chosen. A need no longer in the tree
        (an administrator removed it) leaves the filter too, so the list never stays filtered by
        a need the tree cannot show."""
        keys = self.selected_keys()
        self._quiet = True
        try:
            self.model.set_needs(rows)
            self.tree.expandAll()
        finally:
            self._quiet = False
        self.select(keys, notify=False)
        if self.selected_keys() != keys:
            self.needs_changed.emit(self.selected_keys())

    def selected_keys(self) -> tuple[str, ...]:
        rows = self.tree.selectionModel().selectedRows(NeedTreeModel.LABEL)
        return tuple(sorted(str(i.data(KEY_ROLE)) for i in rows))

    def select(self, keys: Iterable[str], notify: bool = True) -> None:
        """Select exactly ``keys``. The selection model's own signals are NOT blocked: the tree
        repaints from them, and a blocked clear left 一時保護・シェルター drawn as chosen while the
        list was no longer filtered. Only this pane's own reaction is held back."""
        selection = self.tree.selectionModel()
        self._quiet = True
        try:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            for key in keys:
                index = self.model.index_of(key)
                if index.isValid():
                    selection.select(index, flags)
                    selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self._quiet = False
        if self.tree.isVisible():  # before the first paint there is nothing drawn to correct; and the
            # first viewport() call costs ~30 ms (PySide looks the plain QWidget up among every widget class)
            self.tree.viewport().update()
        self.clear_button.setEnabled(selection.hasSelection())
        if notify:
            self.needs_changed.emit(self.selected_keys())

    def clear(self) -> None:
        if self.tree.selectionModel().hasSelection():
            self.select(())

    def _emit(self) -> None:
        if self._quiet:
            return
        self.clear_button.setEnabled(self.tree.selectionModel().hasSelection())
        self.needs_changed.emit(self.selected_keys())
