"""Departments and agencies as a two-level tree: grouped by kind, national ones in their own group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from dvdesk.domain.directory_views import OrganizationView
from dvdesk.domain.record_kinds import OrgKind
from dvdesk.gui.desk_models import ID_ROLE, nationwide, org_kind_label

Index = QModelIndex | QPersistentModelIndex
_KIND_ORDER = {kind.value: i for i, kind in enumerate(OrgKind)}


@dataclass(eq=False)
class _Group:
    label: str
    orgs: tuple[OrganizationView, ...]


_ROOT = _Group("", ())  # the internal pointer of a group row: its parent is the root


def grouped(orgs: Sequence[OrganizationView]) -> list[_Group]:
    """The municipality's own, by kind in OrgKind order; then every national one together in one
    group: the nationwide lines and the national agencies, wherever a municipality filed them
    (ハローワーク is a national agency even when recorded under the city)."""
    own: dict[str, list[OrganizationView]] = {}
    national: list[OrganizationView] = []
    for org in orgs:
        if org.municipality and org.kind != OrgKind.NATIONAL:
            own.setdefault(org.kind, []).append(org)
        else:
            national.append(org)
    groups = [
        _Group(org_kind_label(kind), tuple(sorted(own[kind], key=lambda o: o.name)))
        for kind in sorted(own, key=lambda k: _KIND_ORDER.get(k, len(_KIND_ORDER)))
    ]
    if national:
        groups.append(_Group(nationwide(), tuple(national)))
    return groups


class DepartmentTreeModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []

    def set_organizations(self, orgs: Sequence[OrganizationView]) -> None:
        self.beginResetModel()
        self._groups = grouped(orgs)
        self.endResetModel()

    def organization(self, index: Index) -> OrganizationView | None:
        group = index.internalPointer() if index.isValid() else None
        if group is None or group is _ROOT:
            return None
        return group.orgs[index.row()]

    def index_of(self, organization_id: int) -> QModelIndex:
        for group in self._groups:
            for row, org in enumerate(group.orgs):
                if org.id == organization_id:
                    return self.createIndex(row, 0, group)
        return QModelIndex()

    def all_organizations(self) -> list[OrganizationView]:
        return [org for group in self._groups for org in group.orgs]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _ROOT) if row < len(self._groups) else QModelIndex()
        if parent.internalPointer() is _ROOT and parent.row() < len(self._groups):
            group = self._groups[parent.row()]
            return self.createIndex(row, 0, group) if row < len(group.orgs) else QModelIndex()
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # QObject.parent() too
        group = index.internalPointer() if index.isValid() else None
        if group is None or group is _ROOT:
            return QModelIndex()
        return self.createIndex(self._groups.index(group), 0, _ROOT)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalPointer() is _ROOT and parent.column() == 0:
            return len(self._groups[parent.row()].orgs)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and index.internalPointer() is _ROOT:
            return Qt.ItemFlag.ItemIsEnabled  # a heading, not something to choose
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalPointer() is _ROOT:
            group = self._groups[index.row()]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{group.label}（{len(group.orgs)}）"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        org = self.organization(index)
        assert org is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return org.name
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [org.name, f"{org_kind_label(org.kind)}・{org.municipality or nationwide()}"]
            return "\n".join(lines + ([org.parent] if org.parent else []))
        if role == ID_ROLE:
            return org.id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{org.name}, {org_kind_label(org.kind)}"
        return None
