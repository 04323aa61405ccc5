"""Qt models over the yearly report's tables and over the monthly count entry grid."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QSpinBox, QStyledItemDelegate, QWidget

from dvdesk.domain import fiscal
from dvdesk.domain.casework_models import Channel
from dvdesk.domain.statistics import MAX_COUNT, CrossTable
from dvdesk.gui.referrals.casework_labels import NeedNames, channel_label, label, month_label

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root: these models are flat tables
ZERO = QColor("#9A9A9A")
TOTAL_BG = QColor("#EEF2F7")


class CrossTableModel(QAbstractTableModel):
    """Rows of a CrossTable, one column per month, then 合計 and うちDV; a 計 row at the bottom."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table: CrossTable | None = None
        self.months: tuple = ()
        self.names = NeedNames()

    def set_table(self, table: CrossTable, year: int, names: NeedNames | None = None) -> None:
        """``names`` shows the rows' need names in the interface language."""
        self.beginResetModel()
        self.table, self.months = table, fiscal.fiscal_months(year)
        self.names = names or NeedNames()
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() or self.table is None else len(self.table.rows) + 1

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 15

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not self.table:
            return None
        if section == 0:
            return label(self.table.row_header)
        if section <= 12:
            return month_label(self.months[section - 1])
        return self.tr("合計") if section == 13 else self.tr("うちDV")

    def cell(self, row: int, column: int) -> str | int:
        assert self.table is not None
        if row == len(self.table.rows):
            total = self.tr("計（延べ）") if self.table.overlapping else self.tr("計")
            values: tuple[str | int, ...] = (total, *self.table.month_totals, self.table.total, self.table.dv_total)
        else:
            r = self.table.rows[row]
            values = (self.names.of_label(r.label), *r.months, r.total, r.dv)
        return values[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.table is None:
            return None
        value = self.cell(index.row(), index.column())
        is_total = index.row() == len(self.table.rows)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value:,}" if isinstance(value, int) else value
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column():
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and value == 0:
            return ZERO
        if role == Qt.ItemDataRole.BackgroundRole and (is_total or index.column() >= 13):
            return TOTAL_BG
        if role == Qt.ItemDataRole.FontRole and (is_total or index.column() == 13):
            font = QFont()
            font.setBold(True)
            return font
        return None


class CountGridModel(QAbstractTableModel):
    """The entry form's grid: one row per need (and 未分類), one column per channel, then 計."""

    COLUMNS = tuple(Channel)

    def __init__(self, needs: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.needs = [("", self.tr("未分類（主訴なし）")), *needs]  # (key, label shown)
        self.counts: dict[tuple[str, Channel], int] = {}
        self.dirty = False

    def load(self, counts: dict[tuple[str, Channel], int]) -> None:
        self.beginResetModel()
        self.counts, self.dirty = dict(counts), False
        self.endResetModel()

    def total(self) -> int:
        return sum(self.counts.values())

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.needs)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self.needs[section][1]
        return channel_label(self.COLUMNS[section]) if section < len(self.COLUMNS) else self.tr("計")

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() < len(self.COLUMNS) else base

    def _row_total(self, row: int) -> int:
        key = self.needs[row][0]
        return sum(self.counts.get((key, c), 0) for c in self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.column() == len(self.COLUMNS):
            value = self._row_total(index.row())
        else:
            value = self.counts.get((self.needs[index.row()][0], self.COLUMNS[index.column()]), 0)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and value == 0:
            return ZERO
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == len(self.COLUMNS):
            return TOTAL_BG
        return None

    def setData(self, index: Index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() >= len(self.COLUMNS):
            return False
        try:
            count = int(value)
        except (TypeError, ValueError):
            return False
        if not 0 <= count <= MAX_COUNT:
            return False
        key = (self.needs[index.row()][0], self.COLUMNS[index.column()])
        if count:
            self.counts[key] = count
        else:
            self.counts.pop(key, None)
        self.dirty = True
        total_index = self.index(index.row(), len(self.COLUMNS))
        self.dataChanged.emit(index, total_index)
        return True


class CountDelegate(QStyledItemDelegate):
    """A spin box from 0 to MAX_COUNT, so a count can only be a whole number."""

    def createEditor(self, parent: QWidget, option, index):
        editor = QSpinBox(parent)
        editor.setRange(0, MAX_COUNT)
        editor.setFrame(False)
        return editor
