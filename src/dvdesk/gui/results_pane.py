"""The search box and the result list, with the keyboard moves between them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.domain.search import SearchHit
from dvdesk.gui.models import ID_ROLE, ResultsModel

_INTO_RESULTS = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_PageDown)


class ResultsTable(QTableView):
    """A table that opens a service with Enter and returns to the search box with Esc or Up."""

    open_requested = Signal(int)
    back_to_search = Signal()
    copy_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(int(self.currentIndex().data(ID_ROLE)))
            return
        if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up and self.currentIndex().row() <= 0):
            self.back_to_search.emit()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            return
        super().keyPressEvent(event)


class ResultsPane(QWidget):
    text_changed = Signal(str)
    show_all_kinds_changed = Signal(bool)
    service_selected = Signal(int)  # 0: nothing selected
    service_opened = Signal(int)
    copy_requested = Signal()
    escape_on_empty = Signal()  # Esc in an empty search box: clear the other filters too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("例：シェルター、住まい、弁護士、子ども（Ctrl+F）"))
        self.search.setAccessibleName(self.tr("検索"))
        self.search.setAccessibleDescription(self.tr("入力すると結果がすぐに変わります。"
                                                     "↓ か Enter で結果の一覧へ移動します。"))
        self.search.textChanged.connect(self.text_changed)
        self.search.installEventFilter(self)
        self.search_label = QLabel(self.tr("検索(&S)"), self)
        self.search_label.setBuddy(self.search)

        self.show_all = QCheckBox(self.tr("啓発・庁内の取組も表示(&I)"), self)
        self.show_all.setObjectName("showAllKinds")
        self.show_all.setToolTip(self.tr("計画にある啓発・予防や庁内の取組も一覧に含めます"))
        self.show_all.toggled.connect(self.show_all_kinds_changed)
        self.show_all.toggled.connect(lambda on: self.table.setColumnHidden(ResultsModel.KIND, not on))

        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")
        self.count_label.setWordWrap(True)  # a long message must not widen the pane

        self.model = ResultsModel(self)
        self.table = ResultsTable(self)
        self.table.setObjectName("results")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ResultsModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ResultsModel.PROVIDER, QHeaderView.ResizeMode.Interactive)
        for col in (ResultsModel.AREA, ResultsModel.PHONE, ResultsModel.KIND):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(ResultsModel.PROVIDER, 175)
        # Wrapped names need their rows re-measured whenever a column changes width.
        self._rewrap = QTimer(self)
        self._rewrap.setSingleShot(True)
        self._rewrap.setInterval(0)
        self._rewrap.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(self._rewrap.start)
        self.table.setColumnHidden(ResultsModel.KIND, True)  # shown with 啓発・庁内 only
        self.table.setAccessibleName(self.tr("検索結果"))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.open_requested.connect(self.service_opened)
        self.table.back_to_search.connect(self.focus_search)
        self.table.copy_requested.connect(self.copy_requested)

        bar = QHBoxLayout()
        bar.addWidget(self.search_label)
        bar.addWidget(self.search, 1)
        under = QHBoxLayout()
        under.addWidget(self.count_label, 1)
        under.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(under)
        layout.addWidget(self.table, 1)

    def set_hits(self, hits: Sequence[SearchHit], limit: int) -> None:
        """New results; keeps the selected service selected if it is still in the list."""
        selected = self.selected_service_id()
        self.model.set_hits(hits)
        if not hits:
            self.count_label.setText(self.tr("該当する支援は見つかりませんでした。"
                                             "言葉を変えるか、分野の選択を解除してください。"))
        elif len(hits) >= limit:
            self.count_label.setText(self.tr("{n}件以上あります。言葉や分野で絞り込んでください。").format(n=limit))
        else:
            self.count_label.setText(self.tr("{n}件").format(n=len(hits)))
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self.select_row(row)
        else:
            self.service_selected.emit(0)

    def selected_service_id(self) -> int:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        return int(index.data(ID_ROLE)) if index.isValid() and rows else 0

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def focus_results(self) -> None:
        if self.model.rowCount() == 0:
            return
        if not self.table.selectionModel().hasSelection():
            self.select_row(0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in _INTO_RESULTS:
                self.focus_results()
                return True
            if key == Qt.Key.Key_Escape:
                if self.search.text():
                    self.search.clear()
                else:
                    self.escape_on_empty.emit()
                return True
        return super().eventFilter(watched, event)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.service_selected.emit(int(current.data(ID_ROLE)) if current.isValid() else 0)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.service_opened.emit(int(index.data(ID_ROLE)))
