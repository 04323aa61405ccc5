"""The department view: every department or agency, its contacts, and everything it provides."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.domain.directory_views import OrganizationView
from dvdesk.domain.search import SearchHit
from dvdesk.gui.department_model import DepartmentTreeModel
from dvdesk.gui.desk_models import ID_ROLE, ResultsModel
from dvdesk.gui.detail_html import DetailHtml
from dvdesk.gui.need_pane import WrappingDelegate


class DepartmentPane(QWidget):
    department_selected = Signal(object)  # OrganizationView | None
    service_selected = Signal(int)  # 0: none
    service_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.html = DetailHtml(parent=self)
        self.departments = DepartmentTreeModel(self)
        self.list = QTreeView(self)
        self.list.setObjectName("departmentList")
        self.list.setModel(self.departments)
        self.list.setHeaderHidden(True)
        self.list.setAccessibleName(self.tr("部署・機関の一覧"))
        # Long names (高岡市DV被害者自立支援…) wrap onto a second line instead of being cut.
        self.list.setWordWrap(True)
        self.list.setItemDelegate(WrappingDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.header().setStretchLastSection(True)
        self.list.header().sectionResized.connect(lambda *_: self.list.scheduleDelayedItemsLayout())
        self.list.selectionModel().currentRowChanged.connect(self._department_changed)
        list_label = QLabel(self.tr("部署・機関(&D)"), self)
        list_label.setBuddy(self.list)
        # A national directory with no municipality chosen: only the national agencies are listed.
        self.national_only_note = QLabel(self.tr("市区町村を選ぶと、その市区町村の部署・機関も表示されます"), self)
        self.national_only_note.setObjectName("departmentsNationalOnly")
        self.national_only_note.setWordWrap(True)
        self.national_only_note.setVisible(False)

        self.info = QTextBrowser(self)
        self.info.setObjectName("departmentDetail")
        self.info.setAccessibleName(self.tr("部署・機関の連絡先"))
        self.services = ResultsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("departmentServices")
        self.table.setModel(self.services)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("この部署・機関が提供する支援"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ResultsModel.NAME, QHeaderView.ResizeMode.Stretch)
        for col in (ResultsModel.AREA, ResultsModel.PHONE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ResultsModel.KIND, QHeaderView.ResizeMode.Fixed)  # _fit_kind
        self.table.hideColumn(ResultsModel.PROVIDER)  # always this department
        # The phone next to the name, as in the result list: last, at 1024 px it was cut at the
        # list's edge (「Not recor」), and a number cut there reads like a whole, wrong one.
        header.moveSection(header.visualIndex(ResultsModel.PHONE), header.visualIndex(ResultsModel.NAME) + 1)
        self.table.selectionModel().currentRowChanged.connect(self._service_changed)
        self.table.doubleClicked.connect(self._service_double_clicked)
        self.table.activated.connect(self._service_double_clicked)
        services_label = QLabel(self.tr("提供する支援"), self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.national_only_note)
        left_layout.addWidget(self.list)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("departmentRightSplitter")
        lower = QWidget(right)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(services_label)
        lower_layout.addWidget(self.table)
        right.addWidget(self.info)
        right.addWidget(lower)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("departmentSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.show_department(None)

    def set_departments(self, orgs: Sequence[OrganizationView], national_only: bool = False) -> None:
        self.national_only_note.setVisible(national_only)
        current = self.current_department()
        self.departments.set_organizations(orgs)
        self.list.expandAll()
        index = self.departments.index_of(current.id) if current else QModelIndex()
        if index.isValid():
            self.select_department(index)
        else:
            self.show_department(None)
            self.department_selected.emit(None)

    def select_department(self, index: QModelIndex) -> None:
        self.list.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(index)

    def current_department(self) -> OrganizationView | None:
        return self.departments.organization(self.list.currentIndex())

    def show_department(self, org: OrganizationView | None) -> None:
        if org is None:
            self.info.setHtml(
                '<p style="color:#6b6b6b;">'
                + self.tr("左の一覧から部署・機関を選ぶと、連絡先と提供する支援が表示されます。")
                + "</p>"
            )
            self.services.set_hits([])
        else:
            self.info.setHtml(self.html.organization(org))

    def set_services(self, hits: Sequence[SearchHit]) -> None:
        self.services.set_hits(hits)
        self._fit_kind()

    def _fit_kind(self) -> None:
        """The kind column as wide as its longest word (its labels wrap): sized to its whole labels
        it pushed 区域 past the list's edge at 1024 px (「高」 for 高岡市)."""
        metrics, kind = self.table.fontMetrics(), ResultsModel.KIND
        words = {w for row in range(self.services.rowCount()) for w in self.services.cell(row, kind)[0].split()}
        header = self.table.horizontalHeader()
        widest = max((metrics.horizontalAdvance(w) for w in words), default=0) + 3 * metrics.horizontalAdvance(" ")
        self.table.setColumnWidth(kind, max(widest + 8, header.sectionSizeHint(kind)))

    def selected_service_id(self) -> int:
        index = self.table.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else 0

    def select_service(self, service_id: int) -> None:
        row = self.services.row_of(service_id) if service_id else -1
        if row >= 0:
            self.table.setCurrentIndex(self.services.index(row, 0))

    def _department_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        org = self.departments.organization(current)
        self.show_department(org)
        self.department_selected.emit(org)

    def _service_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.service_selected.emit(int(current.data(ID_ROLE)) if current.isValid() else 0)

    def _service_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.service_opened.emit(int(index.data(ID_ROLE)))
