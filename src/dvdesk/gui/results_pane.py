"""The search box and the result list, with the keyboard moves between them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from PySide6 import QtCore
from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Signal,
)
from PySide6.QtGui import QContextMenuEvent, QFont, QKeyEvent, QKeySequence, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.app import search_notes
from dvdesk.app.desk_query import MAX_QUERY_CHARS, DeskCount
from dvdesk.domain.search import PROCEDURE, SERVICE, SearchHit
from dvdesk.gui import result_columns, static_headers
from dvdesk.gui.desk_models import ITEM_ROLE, Fetch, ResultsModel
from dvdesk.gui.qt_ints import Key, TextFormat, set_property
from dvdesk.gui.qt_wrap import push_button
from dvdesk.gui.result_columns import FITTED_COLUMNS, CellSize
from dvdesk.gui.wrap_check import WrapCheckBox

_INTO_RESULTS = (Key.DOWN, Key.RETURN, Key.ENTER, Key.PAGE_DOWN)
# Above this many rows the count asks her to narrow the list (it scrolls to its end all the same).
LONG_LIST = 200
Said = tuple[Sequence[str], int, bool]  # words searched one by one, rows found as typed, those after the words
ScrollHint = QAbstractItemView.ScrollHint
_ENSURE = ScrollHint.EnsureVisible


class ResultsTable(QTableView):
    """A table that opens a row with Enter, returns to the search box with Up on the first row,
    and clears the search with Esc (as the search box does).

    Its rows are as tall as their wrapped text, measured here rather than by Qt's own
    ``sizeHintForRow``: Qt asks the model for every role of every cell (about eight ``data()``
    calls a cell) on every re-layout, ~25,000 calls for 200 rows before the window first
    painted. Here each cell costs one question to the delegate, about a one-item model holding its
    text and font (``result_columns.CellSize``), and a row's height is kept until its column
    widths, the font or the style change. The result is Qt's own height (a test compares them
    row by row).
    """

    open_requested = Signal(QModelIndex)
    back_to_search = Signal()
    escape_pressed = Signal()
    copy_requested = Signal()
    menu_requested = Signal(object)  # a right click (or the menu key) on a row: where, on the screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[int, int] = {}  # row -> height, for ``_sizing_key``
        self._cells: dict[tuple[int, str, bool], int] = {}  # (column, text, bold) -> height, the same
        self._sizing_key: tuple = ()
        self._cell_size: CellSize | None = None  # the view's options as last measured with
        self._font = QFont()
        self._style_changes = 0  # a new style: every size again
        # Hidden (before the window's first paint, or behind the departments tab) the rows are not
        # measured: their widths are not the final ones yet. The first paint measures them.
        self._unsized = False
        self._measure_hidden = False

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self._heights.clear)
            model.layoutChanged.connect(self._heights.clear)
            model.modelReset.connect(self.fit_columns)
            model.layoutChanged.connect(self.fit_columns)
            model.modelReset.connect(self.remeasure_rows)
            model.layoutChanged.connect(self.remeasure_rows)
            # A page that arrives as she scrolls (fetchMore) may hold the widest phone or the
            # longest name: fitted and measured like the first page.
            model.rowsInserted.connect(self.fit_columns)
            model.rowsInserted.connect(self.remeasure_rows)

    def remeasure_rows(self) -> None:
        """Rows as tall as their text again at the next paint (or scroll): new rows, other column
        widths or another font. The row heights are set here, once per change, rather than by a
        ``ResizeToContents`` vertical header, which asked every row (and the model's header data
        for it) again on each of Qt's layouts: four passes over 190 rows before the first paint."""
        self._unsized = True  # each of these changes repaints the table already (no update() of ours)

    def fit_columns(self) -> None:
        """The fitted columns as wide as their content, then name and provider share the rest
        (``result_columns``)."""
        result_columns.fit_columns(self)

    def share_columns(self) -> None:
        result_columns.share_columns(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.share_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._style_changes += event.type() == QEvent.Type.StyleChange
            self.fit_columns()
            self.remeasure_rows()

    def sizeHintForRow(self, row: int) -> int:
        model = self.model()
        if not isinstance(model, ResultsModel) or not self.wordWrap() or not 0 <= row < model.rowCount():
            return super().sizeHintForRow(row)
        if not self.isVisible() and not self._measure_hidden:
            self._unsized = True
            return 0  # the header's one-line height until the first paint
        grid = 1 if self.showGrid() else 0  # Qt leaves the grid line out of the text's width, adds it below
        columns = [(c, self.columnWidth(c) - grid) for c in range(model.columnCount()) if not self.isColumnHidden(c)]
        font = self.font()
        key = (tuple(columns), grid, self._style_changes)
        if key != self._sizing_key or font != self._font or self._cell_size is None:
            self._heights.clear()
            self._cells.clear()
            self._sizing_key = key
            self._font = font
            self._cell_size = CellSize(self)  # the view's options: wrapping, alignment, font
        measure = self._cell_size
        height = self._heights.get(row)
        if height is None:
            height = 0
            for col, width in columns:
                text, bold = model.cell(row, col)
                cell = (col, text, bold)
                cell_height = self._cells.get(cell)
                if cell_height is None:
                    cell_height = self._cells[cell] = measure.size(text, bold, width).height()
                height = max(height, cell_height)
            height += grid
            self._heights[row] = height
        return height

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._unsized:  # drawn at last (shown, or grabbed): the rows as tall as their text first
            self._measure_rows()
        super().paintEvent(event)

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex, hint: ScrollHint = _ENSURE) -> None:
        if self._unsized:  # a row chosen before the first paint (a language switch): scroll by real heights
            self._measure_rows()
        super().scrollTo(index, hint)

    def _measure_rows(self) -> None:
        self._unsized = False
        self._measure_hidden = True
        try:
            self.resizeRowsToContents()
        finally:
            self._measure_hidden = False

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos()) if event.reason() == QContextMenuEvent.Reason.Mouse else self.currentIndex()
        if index.isValid():
            self.setCurrentIndex(index)  # the row clicked is the row the menu acts on
            self.menu_requested.emit(event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Key.RETURN, Key.ENTER) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        if key == Key.ESCAPE:
            self.escape_pressed.emit()
            return
        if key == Key.UP and self.currentIndex().row() <= 0:
            self.back_to_search.emit()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            return
        super().keyPressEvent(event)


_LINK_TEXT = re.compile(r"(<a [^>]*>)([^<]*)(</a>)")


class ResultsPane(QWidget):
    text_changed = Signal(str)
    show_all_kinds_changed = Signal(bool)
    service_selected = Signal(int)  # 0: nothing selected
    service_opened = Signal(int)
    item_selected = Signal(str, int)  # a procedure's or department's row: (item, id)
    item_opened = Signal(str, int)
    add_to_checklist = Signal(str, int)  # a procedure or service: (item, id)
    copy_requested = Signal()
    escape_on_empty = Signal()  # Esc in an empty search box: clear the other filters too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(MAX_QUERY_CHARS)
        self.search.setPlaceholderText(self.tr("例：シェルター、住まい、弁護士、子ども（Ctrl+F）"))
        self.search.setAccessibleName(self.tr("検索"))
        self.search.setAccessibleDescription(
            self.tr("入力すると結果がすぐに変わります。↓ か Enter で結果の一覧へ移動します。")
        )
        self.search.textChanged.connect(self.text_changed)
        self.search.installEventFilter(self)
        self.search_label = QLabel(self.tr("検索(&S)"), self)
        self.search_label.setBuddy(self.search)

        # Wraps when the pane is narrow: on one line (486 px at 15 pt in English) it held the desk
        # wider than a 1024-px screen with large text.
        self.show_all = WrapCheckBox(self.tr("啓発・庁内の取組も表示(&I)"), self)
        self.show_all.setObjectName("showAllKinds")
        self.show_all.setToolTip(self.tr("計画にある啓発・予防や庁内の取組も一覧に含めます"))
        self.show_all.toggled.connect(self.show_all_kinds_changed)
        self.show_all.toggled.connect(lambda _on: self._show_kind_column())

        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")
        self.count_label.setWordWrap(True)  # a long message must not widen the pane
        self._count: DeskCount | None = None
        # What a sentence found nothing (or little) for was searched as: the words, one by one (app.fallback).
        self.searched_words = QLabel(self, wordWrap=True)
        self.searched_words.setObjectName("searchedWords")
        self.searched_words.hide()
        # "N items of other kinds match — show": prevention / internal items left out of the list.
        self.other_kinds = QLabel(self)
        self.other_kinds.setObjectName("otherKinds")
        self.other_kinds.setWordWrap(True)  # on one line beside 「Add to checklist」 it squeezed the need tree
        set_property(self.other_kinds, "textFormat", TextFormat.RICH)
        self.other_kinds.linkActivated.connect(lambda _link: self.show_all.setChecked(True))
        self.other_kinds.hide()
        self.checklist_button = push_button(self.tr("チェックリストに追加(&L)"), self)
        self.checklist_button.setObjectName("addToChecklist")
        self.checklist_button.setToolTip(self.tr("選んだ手続き・支援を、開いているチェックリストに加えます"))
        self.checklist_button.clicked.connect(self._add_selected_procedure)
        self.checklist_button.hide()

        self.model = ResultsModel(self)
        self.table = ResultsTable(self)
        self.table.setObjectName("results")
        static_headers.set_model(self.table, self.model)  # headers fed by C++: Qt never calls Python with an enum
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # ResultsTable sets them
        header = self.table.horizontalHeader()
        # Name and provider share what the fitted columns leave (ResultsTable.share_columns): a fixed 150 px
        # provider left the name 80 px wide in English at 1280 px (names wrapped onto five lines); an even
        # split still left it 115 px, four lines, beside English's wider phone and kind columns.
        header.setSectionResizeMode(ResultsModel.NAME, QHeaderView.ResizeMode.Fixed)  # the rest, at least its heading
        header.setSectionResizeMode(ResultsModel.PROVIDER, QHeaderView.ResizeMode.Fixed)
        for col in FITTED_COLUMNS:  # sized by ResultsTable.fit_columns whenever the rows change
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        # The phone is shown next to the name: in a narrow window (1024 px) the columns on the right
        # scroll out of view, and a number cut at the edge reads like a whole, wrong number.
        header.moveSection(header.visualIndex(ResultsModel.PHONE), 1)
        # Wrapped names need their rows re-measured whenever a column changes width.
        header.sectionResized.connect(lambda *_: self.table.remeasure_rows())
        self.table.setColumnHidden(ResultsModel.KIND, True)  # shown with 啓発・庁内 only
        self.table.setAccessibleName(self.tr("検索結果"))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.open_requested.connect(self._double_clicked)
        self.table.back_to_search.connect(self.focus_search)
        self.table.escape_pressed.connect(self._escape_in_results)
        self.table.copy_requested.connect(self.copy_requested)
        self.table.menu_requested.connect(self._show_menu)
        self.menu: QMenu | None = None  # the row's menu, made when first asked for

        bar = QHBoxLayout()
        bar.addWidget(self.search_label)
        bar.addWidget(self.search, 1)
        under = QHBoxLayout()
        under.addWidget(self.count_label, 1)
        under.addWidget(self.show_all)
        extra = QHBoxLayout()  # shown only when there is something to say or do
        extra.addWidget(self.other_kinds, 1)
        extra.addWidget(self.checklist_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(under)
        layout.addLayout(extra)
        layout.addWidget(self.searched_words)
        layout.addWidget(self.table, 1)

    def set_hits(self, hits: Sequence[SearchHit], fetch: Fetch | None = None, said: Said = ((), 0, False)) -> None:
        """New results (the first page; ``fetch`` gives the next ones, see ``ResultsModel``); keeps
        the selected row selected if it is still in the list. The total comes with ``set_count``.
        ``said``: the words searched one by one, below the first N rows or above them, said above it."""
        selected = self.selected_item()
        self.model.set_hits(hits, fetch)
        self._show_kind_column()
        self._count = None
        self._say_count(len(hits), fetch is not None)
        self.other_kinds.hide()
        self._say_words(*said)
        row = self.model.row_of(selected[1], selected[0]) if selected else -1
        if row >= 0:
            self.select_row(row)
        else:
            self._current_changed(QModelIndex(), QModelIndex())

    def set_count(self, count: DeskCount) -> None:
        """The list's total (what scrolling to its end reaches) and the other kinds it leaves out."""
        self._count = count
        self._say_count(count.total, False)
        said = search_notes.other_kinds(count, self.tr) if not self.show_all.isChecked() else ""
        # The link whole on one line (word joiners between its characters): wrapped, 「表示」 broke
        # into 「表」 at a line's end and 「示」 under it.
        said = _LINK_TEXT.sub(lambda m: m[1] + "\u2060".join(m[2]) + m[3], said)
        self.other_kinds.setText(said)
        self.other_kinds.setVisible(bool(said))

    def _say_words(self, words: Sequence[str], as_typed: int, typed_last: bool = False) -> None:
        """Never a silent reinterpretation: which words were searched, and below (or above) which rows."""
        said = search_notes.widened(words, as_typed, typed_last, self.tr)
        self.searched_words.setVisible(bool(said))
        self.searched_words.setText(said)

    def _say_count(self, n: int, at_least: bool) -> None:
        if not n:
            self.count_label.setText(
                self.tr("該当する支援は見つかりませんでした。言葉を変えるか、分野の選択を解除してください。")
            )
        elif at_least:  # until the list is counted: the rows of the first page, and more
            self.count_label.setText(self.tr("{n}件以上").format(n=n))
        elif n > LONG_LIST:  # 123,456件: a national list's total is read at a glance
            self.count_label.setText(self.tr("{n}件あります。言葉や分野で絞り込んでください。").format(n=f"{n:,}"))
        else:
            self.count_label.setText(self.tr("{n}件").format(n=n))
        if len(self.search.text()) >= MAX_QUERY_CHARS:  # the box is full: what came after was cut
            self.count_label.setText(search_notes.too_long(self.tr) + self.count_label.text())

    def _show_kind_column(self) -> None:
        """The kind column says what a row is whenever the list holds more than client services
        (every row's kind with 啓発・庁内 shown; otherwise only the rows that are not services for clients)."""
        self.model.label_clients = self.show_all.isChecked()
        self.table.setColumnHidden(
            ResultsModel.KIND, not self.show_all.isChecked() and self.model.only_client_services()
        )
        self.table.fit_columns()  # the kind column's words change with label_clients

    def selected_service_id(self) -> int:
        item = self.selected_item()
        return item[1] if item and item[0] == SERVICE else 0

    def selected_item(self) -> tuple[str, int] | None:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        return tuple(index.data(ITEM_ROLE)) if index.isValid() and rows else None

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def focus_results(self) -> None:
        if self.model.rowCount() == 0:
            return
        if not self.table.selectionModel().hasSelection():
            self.select_row(0)
        self.table.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = cast(QKeyEvent, event).key()
            if key in _INTO_RESULTS:
                self.focus_results()
                return True
            if key == Key.ESCAPE:
                if self.search.text():
                    self.search.clear()
                else:
                    self.escape_on_empty.emit()
                return True
        return super().eventFilter(watched, event)

    def _escape_in_results(self) -> None:
        """Esc in the list does what it does in the search box: clear the words (then the needs)."""
        self.focus_search()
        if self.search.text():
            self.search.clear()
        else:
            self.escape_on_empty.emit()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item, record = current.data(ITEM_ROLE) if current.isValid() else (SERVICE, 0)
        self.checklist_button.setVisible(item in (PROCEDURE, SERVICE) and bool(record))
        if item == SERVICE:
            self.service_selected.emit(int(record))
        else:
            self.service_selected.emit(0)
            self.item_selected.emit(item, int(record))

    def _double_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        item, record = index.data(ITEM_ROLE)
        if item == SERVICE:
            self.service_opened.emit(int(record))
        else:
            self.item_opened.emit(item, int(record))

    def _add_selected_procedure(self) -> None:
        item = self.selected_item()
        if item and item[0] in (PROCEDURE, SERVICE):
            self.add_to_checklist.emit(item[0], int(item[1]))

    def _show_menu(self, where: QPoint) -> None:
        item = self.selected_item()
        if not item or item[0] not in (PROCEDURE, SERVICE):
            return
        if self.menu is None:
            self.menu = QMenu(self)
            self.menu.setObjectName("resultMenu")
            self.menu.addAction(self.tr("チェックリストに追加"), self._add_selected_procedure)
        self.menu.popup(where)
