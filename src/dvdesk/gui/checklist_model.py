"""A Qt tree model over the domain Checklist: departments at the top, their items below.

The model shows the ``ChecklistDraft`` it is given (``dvdesk.app.checklists``); every edit goes
to the draft, which asks the domain for a new immutable ``Checklist`` and keeps track of what the
counselor added and removed, and the view is reset: the Qt side never keeps a second copy.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from dvdesk.app.checklists import ChecklistDraft
from dvdesk.domain.checklist import OTHER_DEPARTMENT, Checklist, ChecklistItem, ItemKind
from dvdesk.domain.record_kinds import Confidentiality

Index = QModelIndex | QPersistentModelIndex
HEADERS = (
    QT_TRANSLATE_NOOP("ChecklistModel", "手続き・窓口"),
    QT_TRANSLATE_NOOP("ChecklistModel", "持ち物"),
    QT_TRANSLATE_NOOP("ChecklistModel", "注意"),
)
KIND_MARK = {
    ItemKind.PROCEDURE: "",
    ItemKind.SERVICE: QT_TRANSLATE_NOOP("ChecklistModel", "［支援］"),
    ItemKind.TEXT: QT_TRANSLATE_NOOP("ChecklistModel", "［自由記入］"),
}


class ChecklistModel(QAbstractItemModel):
    def __init__(self, draft: ChecklistDraft, parent=None) -> None:
        super().__init__(parent)
        self.draft = draft

    # --- the domain value ----------------------------------------------------------------
    @property
    def _checklist(self) -> Checklist:
        return self.draft.checklist

    def checklist(self) -> Checklist:
        return self.draft.checklist

    def draft_changed(self) -> None:
        """The draft was changed elsewhere (new circumstances, a template, a window named)."""
        self.beginResetModel()
        self.endResetModel()

    @staticmethod
    def position(index: Index) -> tuple[int, int | None]:
        """(section, item row) of an index; item row is None for a department row."""
        if index.internalId() == 0:
            return index.row(), None
        return index.internalId() - 1, index.row()

    def item_at(self, index: Index) -> ChecklistItem | None:
        if not index.isValid():
            return None
        section, row = self.position(index)
        return None if row is None else self._checklist.sections[section].items[row]

    def remove(self, index: Index) -> None:
        section, row = self.position(index)
        self.beginResetModel()
        self.draft.remove(section, row)  # a whole department when row is None
        self.endResetModel()

    def move(self, index: Index, delta: int) -> QModelIndex:
        """Move a department or an item; returns where it is now (to keep it selected)."""
        section, row = self.position(index)
        self.beginResetModel()
        self.draft.move(section, row, delta)
        self.endResetModel()
        if row is None:
            target = min(max(section + delta, 0), len(self._checklist.sections) - 1)
            return self.index(target, 0)
        count = len(self._checklist.sections[section].items)
        return self.index(min(max(row + delta, 0), count - 1), 0, self.index(section, 0))

    def add(self, item: ChecklistItem) -> bool:
        if self.draft.checklist.contains(item):
            return False
        self.beginResetModel()
        self.draft.add(item)
        self.endResetModel()
        return True

    # --- QAbstractItemModel --------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # QObject.parent() too
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._checklist.sections)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._checklist.sections[parent.row()].items)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(str(HEADERS[section]))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        section, row = self.position(index)
        if row is None:
            dept = self._checklist.sections[section].department
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                if dept.unconfirmed:  # never the placeholder as if it were a department
                    return self.tr("窓口を確認してください（目安: {hint}）").format(hint=dept.hint)
                if dept.key == f"hint:{OTHER_DEPARTMENT}":  # the lines typed with no office: a word of ours
                    return self.tr("その他の窓口")
                return dept.name
            if role == Qt.ItemDataRole.ForegroundRole and dept.unconfirmed:
                return QBrush(QColor("#b00020"))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and dept.organization:
                return "\n".join(
                    " ".join(x for x in (c.label, c.window, c.phone, c.hours) if x) for c in dept.organization.contacts
                )
            return None
        item = self._checklist.sections[section].items[row]
        number = sum(len(s.items) for s in self._checklist.sections[:section]) + row + 1
        if role == Qt.ItemDataRole.DisplayRole:
            mark = self.tr(str(KIND_MARK[item.kind])) if KIND_MARK[item.kind] else ""
            name = f"{number}. {mark}{item.name}"
            if Confidentiality.of(item.confidentiality) is not Confidentiality.PUBLIC:  # off the client's paper
                name += self.tr("　［職員のみ：相談者用には印刷しません］")
            return (name, self.tr("、").join(item.what_to_bring), item.caution)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            note = self.tr("［職員メモ］{note}").format(note=item.staff_note) if item.staff_note else ""
            bring = (
                self.tr("持ち物: {items}").format(items=self.tr("、").join(item.what_to_bring))
                if item.what_to_bring
                else ""
            )
            return "\n".join(x for x in (item.name, item.description, bring, item.caution, note) if x)
        return None
