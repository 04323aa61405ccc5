"""The counselor's desk: municipality, search, needs, results, the selected service, departments.

Hook points for features built beside this window: ``checklist_action`` (opens the checklist
dialog for the chosen municipality and needs), the ``admin_menu`` and ``records_menu`` (hidden
while empty; ``gui.desk_menus`` fills them), and ``selected_need_keys()`` / ``municipality_code()``
/ ``needs_changed`` for what the counselor has chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dvdesk.app.directory_queries import ALL_KINDS, CLIENT_KINDS, DeskData, DeskQuery
from dvdesk.domain.directory_views import NotFound
from dvdesk.domain.search import ORGANIZATION, PROCEDURE
from dvdesk.gui import desk_menu_bar, desk_state, error_dialogs, integrity_notice
from dvdesk.gui.desk_models import ID_ROLE
from dvdesk.gui.desk_state import DEPARTMENT_TAB, SEARCH_TAB
from dvdesk.gui.detail_pane import DetailPane
from dvdesk.gui.discard_question import asks_before_closing
from dvdesk.gui.need_pane import NeedPane
from dvdesk.gui.procedure_html import procedure_html
from dvdesk.gui.qt_wrap import push_button
from dvdesk.gui.results_pane import ResultsPane
from dvdesk.gui.search_controller import SearchController
from dvdesk.gui.settings import Settings
from dvdesk.gui.setup_notice import SetupNotice, TownLine, opening_row
from dvdesk.storage.errors import StorageError

if TYPE_CHECKING:
    from dvdesk.domain.detail_views import OrganizationView  # imported when a record is first read
    from dvdesk.domain.integrity import Finding  # the scan imports the database layer
    from dvdesk.gui.department_pane import DepartmentPane


CHECKLIST_DIALOG = "checklistDialog"  # the open checklist's object name (at most one is open)


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    needs_changed = Signal(tuple)
    closing = Signal()  # closeEvent: the desk stops listening to its start tasks (``gui.app.Desk``)
    checklist_action: QAction  # these four: gui.desk_menu_bar
    records_menu: QMenu
    admin_menu: QMenu
    help_menu: QMenu

    def __init__(self, data: DeskData, settings: Settings, language: str = "ja") -> None:
        super().__init__()
        self.data, self.settings, self.language = data, settings, language
        english = language == "en"
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("dvdesk — 支援先ディレクトリ"))
        self.controller = SearchController(data, self)

        self.municipality = QComboBox(self)
        self.municipality.setObjectName("municipality")
        self.municipality.setAccessibleName(self.tr("市区町村"))
        self.municipality.setToolTip(self.tr("全国の相談窓口はどの市区町村を選んでも表示されます"))
        muni_label = QLabel(self.tr("市区町村(&M)"), self)
        muni_label.setBuddy(self.municipality)
        self.national_note = QLabel(self.tr("全国の窓口は常に含まれます"), self)
        self.national_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, follows font size

        self.needs = NeedPane(english, self)
        self.results = ResultsPane(self)
        # The departments tab's page; its pane is built the first time it is needed (``departments``).
        self.department_page = QWidget(self)
        QVBoxLayout(self.department_page).setContentsMargins(0, 0, 0, 0)
        self._departments: DepartmentPane | None = None
        self.detail = DetailPane(english, self)

        # Side by side, Qt's default; made without a parent (the tab takes it), for PySide chooses
        # QSplitter(parent)'s overload by creating its ``Qt`` namespace (gui.qt_ints).
        self.search_splitter = QSplitter()
        self.search_splitter.setObjectName("searchSplitter")
        self.search_splitter.addWidget(self.needs)
        self.search_splitter.addWidget(self.results)
        self.search_splitter.setStretchFactor(1, 3)
        self.search_splitter.setSizes([240, 600])
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setAccessibleName(self.tr("探し方"))
        self.tabs.addTab(self.search_splitter, self.tr("支援を探す"))
        self.tabs.addTab(self.department_page, self.tr("部署・機関から探す"))
        self.main_splitter = QSplitter()  # side by side; the layout below takes it
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.addWidget(self.detail)
        self.main_splitter.setStretchFactor(0, 3)
        self.main_splitter.setStretchFactor(1, 2)
        self.main_splitter.setSizes([840, 440])

        top = QHBoxLayout()
        self.town_line = TownLine(self.municipality, self)  # a set-up desk showing another town says so
        for widget in (muni_label, self.municipality, self.national_note, self.town_line):
            top.addWidget(widget)
        top.addStretch(1)
        self.checklist_button = push_button(self.tr("手続きチェックシート…"), self)
        self.checklist_button.setObjectName("checklistButton")
        self.checklist_button.setToolTip(self.tr("選んだ市区町村とニーズで手続きチェックシートを作ります（Ctrl+P）"))
        self.checklist_button.clicked.connect(self.open_checklist)
        top.addWidget(self.checklist_button)
        self.data_warning = integrity_notice.banner([], self)  # filled by show_findings (gui.start_tasks)
        self.start_tasks_done = False  # set by the app once the scan, check and backup have run
        self.setup_notice = SetupNotice(self)  # while this PC's municipality is not chosen (gui.setup_notice)
        self.setup_notice.choose_button.clicked.connect(self._choose_municipality)
        self.setup_notice.setup_button.clicked.connect(self._open_setup)
        self._desk_code = ""  # this PC's municipality (first-run setup), read by _fill_municipalities
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.data_warning)
        layout.addWidget(self.setup_notice)
        layout.addLayout(top)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

        desk_menu_bar.build(self)
        self._fill_municipalities()
        self.results.show_all.setChecked(settings.show_all_kinds)
        self.controller.query = DeskQuery(
            municipality_code=self.municipality_code(), kinds=ALL_KINDS if settings.show_all_kinds else CLIENT_KINDS
        )
        self._reload_needs()
        self._departments_loaded = False  # filled when the tab first opens: not needed to start
        self._connect()
        self.controller.run_now()
        order: list[QWidget] = [self.municipality, self.results.search, self.results.show_all, self.needs.tree]
        order += [self.needs.clear_button, self.results.table, self.detail.browser, self.detail.copy_button]
        for first, then in zip(order, order[1:], strict=False):
            self.setTabOrder(first, then)
        desk_state.restore_layout(self)
        self.results.search.setFocus()
        # Closing the desk (title bar, 終了, log-off) with typed work in a window under it asks first.
        self.close_guard = asks_before_closing(self, self.tr("終了する（入力を捨てる）"), watch=False)

    # -- what other features read --------------------------------------------------------
    def selected_need_keys(self) -> tuple[str, ...]:
        return self.needs.selected_keys()

    def municipality_code(self) -> str | None:
        return self.municipality.currentData() or None

    def current_service_id(self) -> int:
        return self.detail.detail.id if self.detail.detail else 0

    @property
    def departments(self) -> DepartmentPane:
        """The departments tab's pane, built on first use (the tab opened, a department chosen
        from the list, a test): not before the first paint, which never shows it (its modules and
        widgets were ~25 ms of CPU of every start). Its list is read later still
        (``ensure_departments``)."""
        if self._departments is None:
            from dvdesk.gui.department_pane import DepartmentPane

            pane = DepartmentPane(self.department_page)
            layout = self.department_page.layout()
            assert layout is not None  # made with the page
            layout.addWidget(pane)
            pane.show()  # the page may be on screen already (the tab just opened)
            pane.department_selected.connect(self._department_selected)
            pane.service_selected.connect(self.show_service)
            pane.service_opened.connect(self.open_service)
            desk_state.restore_splitter(self, pane.splitter)
            self._departments = pane
        return self._departments

    @property
    def departments_built(self) -> bool:
        return self._departments is not None

    # -- building -----------------------------------------------------------------------
    def show_hook_menus(self) -> None:
        """Call after adding actions to ``admin_menu`` or ``records_menu``."""
        for menu in (self.records_menu, self.admin_menu):
            menu.menuAction().setVisible(not menu.isEmpty())

    def _connect(self) -> None:
        c = self.controller
        self.results.text_changed.connect(c.set_text)
        self.results.show_all_kinds_changed.connect(self._kinds_changed)
        self.results.escape_on_empty.connect(self.needs.clear)
        self.needs.needs_changed.connect(c.set_needs)
        self.needs.needs_changed.connect(self.needs_changed)
        c.results_ready.connect(
            lambda hits: self.results.set_hits(
                hits, c.fetch_more if c.more else None, (c.words, c.as_typed, c.typed_last)
            )
        )
        c.counted.connect(self.results.set_count)
        c.failed.connect(self._storage_failed)
        self.results.service_selected.connect(self.show_service)
        self.results.service_opened.connect(self.open_service)
        self.results.item_selected.connect(self.show_item)
        self.results.item_opened.connect(self.open_item)
        self.results.add_to_checklist.connect(self.add_procedure_to_checklist)
        self.detail.add_to_checklist.connect(self.add_procedure_to_checklist)
        self.results.copy_requested.connect(self.detail.copy_contact)
        self.detail.copied.connect(lambda msg: self.statusBar().showMessage(msg, 5000))
        self.detail.back_requested.connect(self.back_to_list)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.municipality.currentIndexChanged.connect(self._municipality_changed)

    def _fill_municipalities(self) -> None:
        self.municipality.addItem(self.tr("全市区町村"), "")
        for m in self.data.municipalities():
            self.municipality.addItem(f"{m.name}（{m.prefecture}）" if m.prefecture else m.name, m.code)
            self.town_line.names[m.code] = m.name
        # Her choice, else this PC's own municipality (first-run setup): setup_notice.opening_row.
        self._desk_code = self.data.desk_municipality()
        self.municipality.setCurrentIndex(opening_row(self.municipality, self.settings, self._desk_code))
        self._show_setup_notice()

    def _show_setup_notice(self) -> None:
        names = [self.municipality.itemText(i) for i in range(1, self.municipality.count())]
        set_up = bool(self._desk_code) and self.municipality.findData(self._desk_code) >= 0  # not if gone
        self.setup_notice.show_state(set_up, self.municipality_code(), names)
        self.town_line.show_state(self._desk_code if set_up else "", self.municipality_code())

    def _choose_municipality(self) -> None:
        self.municipality.setFocus()
        self.municipality.showPopup()

    def _open_setup(self) -> None:
        """The administrator's 初期設定, behind the administration login (``gui.desk_menus``)."""
        from dvdesk.gui import desk_menus

        desk_menus.enter_admin(self, then=lambda admin: admin.open_first_run())

    def desk_setup_changed(self) -> None:
        """The administrator's first-run setup saved: a municipality new to the directory joins
        the box, and a new choice for this PC is what the desk shows now."""
        desk = self.data.desk_municipality()
        if desk == self._desk_code:
            return
        self.municipality.blockSignals(True)
        self.municipality.clear()
        self._fill_municipalities()
        self.municipality.setCurrentIndex(max(self.municipality.findData(desk), 0))
        self.municipality.blockSignals(False)
        self._municipality_changed()

    # -- reacting -------------------------------------------------------------------------
    def _municipality_changed(self, *_: object) -> None:
        code = self.municipality_code()
        self.settings.choose_municipality(code, self._desk_code)
        self._show_setup_notice()
        self._reload_needs()
        if self._departments_loaded:
            self.departments.set_departments(*self.data.departments_for(code))
        self.controller.set_municipality(code)

    def _kinds_changed(self, show_all: bool) -> None:
        self.settings.show_all_kinds = show_all
        self.controller.set_show_all_kinds(show_all)
        self._reload_needs()

    def _reload_needs(self) -> None:
        self.needs.set_needs(self.data.needs(self.municipality_code(), self.controller.query.kinds))

    def _department_selected(self, org: OrganizationView | None) -> None:
        self.departments.set_services(self.data.services_of(org) if org else [])
        self.show_service(0)

    def ensure_departments(self) -> None:
        """The departments tab's list, read the first time it is needed."""
        if not self._departments_loaded:
            self._departments_loaded = True
            self.departments.set_departments(*self.data.departments_for(self.municipality_code()))

    def _tab_changed(self, tab: int) -> None:
        if tab == DEPARTMENT_TAB:
            self.ensure_departments()
        table = self.results.table if tab == SEARCH_TAB else self.departments.table
        index = table.currentIndex()
        self.show_service(int(index.data(ID_ROLE)) if index.isValid() else 0)

    def show_service(self, service_id: int) -> None:
        if not service_id:
            self.detail.show_service(None)
            return
        try:
            self.detail.show_service(self.data.detail(service_id))
        except NotFound:  # removed by an administrator since the list was drawn
            self.detail.show_service(None)

    def open_service(self, service_id: int) -> None:
        self.show_service(service_id)
        self.detail.browser.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)

    def show_item(self, item: str, record_id: int) -> None:
        """A procedure's or a department's row: its description in the detail pane."""
        try:
            if item == PROCEDURE:
                html = procedure_html(self.data.procedure(record_id), self.municipality_code())
                self.detail.show_html(html, (PROCEDURE, record_id))
            elif item == ORGANIZATION:
                self.detail.show_html(self.detail.html.organization(self.data.organization(record_id)))
        except NotFound:  # removed by an administrator since the list was drawn
            self.detail.show_service(None)

    def open_item(self, item: str, record_id: int) -> None:
        """Enter on a department: the departments tab, at that department; on a procedure: its text."""
        if item == ORGANIZATION:
            self.ensure_departments()
            index = self.departments.departments.index_of(record_id)
            if index.isValid():
                self.tabs.setCurrentIndex(DEPARTMENT_TAB)
                self.departments.select_department(index)
                self.departments.list.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
                return
        self.show_item(item, record_id)
        self.detail.browser.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)

    def open_checklist(self) -> Any:
        """The procedure checklist for the chosen municipality and needs (issue 4's dialog). It stays open
        beside the desk (not modal): what she adds from the desk goes into it; asked again while it is
        open, it comes to the front (one list for one client) with the needs she chose since added."""
        if (dialog := self.open_checklist_dialog()) is not None:
            self._to_front(dialog)
            if dialog.municipality != self.municipality_code():
                self.statusBar().showMessage(
                    self.tr(
                        "開いているチェックリストは{name}のものです。別の市区町村で作るには、先に閉じてください。"
                    ).format(name=dialog.model.checklist().municipality_name),
                    10000,
                )
            elif said := dialog.take_needs(self.selected_need_keys()):  # needs she chose since: added, said
                self.statusBar().showMessage(said, 10000)
            return dialog
        code = self.municipality_code()
        if code is None:
            QtWidgets.QMessageBox.information(  # made when first shown (gui.error_dialogs)
                self,
                self.tr("チェックリスト"),
                self.tr("チェックリストは市区町村ごとに作ります。上の「市区町村」で選んでください。"),
            )
            self.municipality.setFocus()
            return None
        from dvdesk.gui.checklist_dialog import ChecklistDialog  # printing is loaded only when used

        dialog = ChecklistDialog(self.data.db, code, self.selected_need_keys(), self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setObjectName(CHECKLIST_DIALOG)
        self._to_front(dialog)
        return dialog

    def open_checklist_dialog(self) -> Any:
        """The checklist open beside the desk, or None (one carried over by a language switch too)."""
        found = self.findChildren(QtWidgets.QDialog, CHECKLIST_DIALOG)
        return next((d for d in found if d.isVisible()), None)

    @staticmethod
    def _to_front(dialog: QWidget) -> None:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def add_procedure_to_checklist(self, item: str, record_id: int) -> None:
        """A procedure or service found on the desk (Alt+L, the row's menu, the detail pane): into
        the open checklist, once, or into a new one for this municipality; the list comes to the front."""
        dialog = self.open_checklist_dialog() or self.open_checklist()
        if dialog is None:
            return
        self._to_front(dialog)
        from dvdesk.domain.desk_items import NotHere

        try:
            entry = dialog.checklists.desk_item(dialog.municipality, item, record_id)
        except NotFound:
            self.statusBar().showMessage(self.tr("この項目は削除されています。"), 5000)
            return
        except NotHere as exc:
            dialog.say_added(str(exc))
            self.statusBar().showMessage(str(exc), 10000)
            return
        if dialog.add_item(entry):
            said = self.tr("「{name}」をチェックリストに追加しました。").format(name=entry.name)
        else:
            said = self.tr("「{name}」はすでにチェックリストにあります。").format(name=entry.name)
        dialog.select_item(entry)
        dialog.say_added(said)
        self.statusBar().showMessage(said, 5000)

    def back_to_list(self) -> None:
        """Esc in the detail pane: back to the row she was reading (the search box if no list)."""
        if self.tabs.currentIndex() == DEPARTMENT_TAB:
            table = self.departments.table
            target = table if table.currentIndex().isValid() else self.departments.list
            target.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        elif self.results.model.rowCount():
            self.results.focus_results()
        else:
            self.results.focus_search()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(SEARCH_TAB)
        self.results.focus_search()

    def show_findings(self, findings: list[Finding]) -> None:
        """The banner naming directory records that break a rule (none: hidden)."""
        integrity_notice.show(self.data_warning, findings)

    def _storage_failed(self, exc: StorageError) -> None:
        error_dialogs.show_storage_error(self, exc)

    # -- font and layout ------------------------------------------------------------------
    def change_point_size(self, step: int) -> None:
        self.set_point_size(self.settings.point_size + step)

    def set_point_size(self, size: int) -> None:
        self.settings.point_size = size
        font = QFont(QApplication.font())
        font.setPointSize(self.settings.point_size)
        QApplication.setFont(font)

    def save_layout(self) -> None:
        desk_state.save_layout(self)

    def desk_state(self) -> dict[str, Any]:
        """What the counselor was looking at, to carry into a rebuilt window (language switch)."""
        return desk_state.capture(self)

    def restore_desk_state(self, state: dict[str, Any]) -> None:
        desk_state.restore(self, state)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_guard.refuses(event):  # a referral being recorded, a note typed …: she is asked
            return
        self.save_layout()
        super().closeEvent(event)
        self.controller.stop()  # nothing is read for a closed window (its database may be closed next)
        self.closing.emit()
