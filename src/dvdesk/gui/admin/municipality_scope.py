"""The municipality chooser of the sheet and HSDS imports: one drop-down, one wording.

A ``QComboBox`` over ``ScopeModel``, a list model of the app layer's ``ScopeChoice`` entries
(``Administration.import_scopes``): the records' own municipality first (the default), the
directory's municipalities, and 全国 last — the whole country only by choosing it. The item data
(``findData``/``currentData``) is the municipality's code, ``NATIONWIDE`` for 全国, "" for as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QWidget

from dvdesk.app.administration import Scope, ScopeChoice

NATIONWIDE = "*"  # the item data of 全国 (explicit, never a default)
Index = QModelIndex | QPersistentModelIndex


class ScopeModel(QAbstractListModel):
    def __init__(self, choices: Sequence[ScopeChoice], parent: QObject | None = None):
        super().__init__(parent)
        self.choices = list(choices)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.choices)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.choices):
            return None
        choice = self.choices[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(choice)
        if role == Qt.ItemDataRole.UserRole:
            return {Scope.AS_WRITTEN: "", Scope.NATIONWIDE: NATIONWIDE}.get(choice.scope, choice.code)
        return None

    def text(self, choice: ScopeChoice) -> str:
        if choice.scope is Scope.AS_WRITTEN:
            return self.tr("データに書かれた市区町村のとおり（書かれていない記録があれば選んでください）")
        if choice.scope is Scope.NATIONWIDE:
            return self.tr("全国の窓口として取り込む（市区町村の書かれていない記録）")
        return self.tr("{name}（{code}）: 市区町村の書かれていない記録").format(name=choice.name, code=choice.code)


class MunicipalityScopeBox(QComboBox):
    """``code``: the chosen municipality ("" for as written or 全国); ``nationwide``: 全国 was chosen."""

    def __init__(self, choices: Sequence[ScopeChoice], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("municipality")
        self.setModel(ScopeModel(choices, self))

    @property
    def code(self) -> str:
        data = str(self.currentData() or "")
        return "" if data == NATIONWIDE else data

    @property
    def nationwide(self) -> bool:
        return self.currentData() == NATIONWIDE
