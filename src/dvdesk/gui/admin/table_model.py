"""One table model for the administration window's lists: records, history, diffs, reports.

Columns are (header, getter) pairs over plain domain objects (snapshots, ChangeView, RecordDiff,
ReportRow); the model only holds the list. Greyed rows (retired records, undone changes) are
decided by a predicate, so views never inspect the data themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

ItemRole = Qt.ItemDataRole.UserRole + 1  # the row's domain object
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]
    width: int = 0  # a hint for the view, in characters


class ObjectTableModel(QAbstractTableModel):
    def __init__(
        self,
        columns: Sequence[Column],
        items: Sequence[Any] = (),
        greyed: Callable[[Any], bool] | None = None,
        background: Callable[[Any, int], str | None] | None = None,
        multiline: bool = False,
        parent=None,
    ):
        super().__init__(parent)
        self.columns = list(columns)
        self.items = list(items)
        self.greyed = greyed
        self.background = background  # (item, column) -> a colour name, or None
        self.multiline = multiline  # keep line breaks (a view with word wrap) instead of ⏎

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Any:
        return self.items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.columns[index.column()].value(item)
            text = "" if value is None else str(value)
            if role == Qt.ItemDataRole.ToolTipRole or self.multiline:
                return text
            return text.replace("\n", " ⏎ ")
        if role == Qt.ItemDataRole.ForegroundRole and self.greyed and self.greyed(item):
            return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.BackgroundRole and self.background:
            colour = self.background(item, index.column())
            return QBrush(QColor(colour)) if colour else None
        if role == ItemRole:
            return item
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None
