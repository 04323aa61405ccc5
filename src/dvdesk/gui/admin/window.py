"""The administration window: lists of records to add, edit, retire and verify, their history,
and the data exchange (packages, spreadsheets, HSDS) with a preview before every import.

Opened standalone as ``AdminWindow(db, admin_name)``, or through ``open_admin(db, parent)``,
which asks for the passphrase first. Dialogs are opened with ``open()`` (not ``exec()``) and kept
on the window (``self.dialog``), so the window stays responsive and tests can drive them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.admin import first_run
from dvdesk.admin.conflicts import EditConflict
from dvdesk.admin.editing import EditError, Editor
from dvdesk.admin.kinds import KINDS, kind
from dvdesk.admin.records import Snapshot
from dvdesk.app.administration import Administration
from dvdesk.gui.admin.admin_labels import kind_label
from dvdesk.gui.admin.capped_columns import CappedColumns
from dvdesk.gui.admin.case_pattern import add_settings_menu
from dvdesk.gui.admin.exchange import ExchangeActions
from dvdesk.gui.admin.first_run import FirstRunWindow
from dvdesk.gui.admin.form import Options
from dvdesk.gui.admin.history_dialog import HistoryDialog
from dvdesk.gui.admin.list_scope import ListScopeBox, desk_moves
from dvdesk.gui.admin.login import AdminLoginDialog
from dvdesk.gui.admin.record_dialog import RecordDialog
from dvdesk.gui.admin.ref_options import build_options as build_options  # re-exported: tests import it here
from dvdesk.gui.admin.ref_options import read_options
from dvdesk.gui.admin.report_dialog import VerificationReportDialog
from dvdesk.gui.admin.table_model import Column, ObjectTableModel
from dvdesk.gui.busy import run_busy
from dvdesk.gui.discard_question import asks_before_closing
from dvdesk.gui.fonts import ui_font_family
from dvdesk.gui.kept_dialog import let_go
from dvdesk.gui.plain import plain_box
from dvdesk.gui.window_size import open_at

if TYPE_CHECKING:
    from dvdesk.storage.db import Database

LARGE_LIST = 20_000  # records: read only once the window is on screen, behind the busy dialog
LIST_ORDER = ("service", "organization", "procedure", "municipality", "need")
EXTRA_COLUMN = {
    "service": (
        QT_TRANSLATE_NOOP("AdminWindow", "提供"),
        lambda s, names: names.get(("organization", s["provider"]), ""),
    ),
    "organization": (
        QT_TRANSLATE_NOOP("AdminWindow", "電話"),
        lambda s, names: " / ".join(c["phone"] for c in s["contacts"] if c["phone"]),
    ),
    "procedure": (
        QT_TRANSLATE_NOOP("AdminWindow", "担当"),
        lambda s, names: names.get(("organization", s["department"]), s["department_hint"]),
    ),
    "municipality": (QT_TRANSLATE_NOOP("AdminWindow", "都道府県"), lambda s, names: s["prefecture"]),
    "need": (QT_TRANSLATE_NOOP("AdminWindow", "上位の分類"), lambda s, names: names.get(("need", s["parent"]), "")),
}


class AdminWindow(ExchangeActions, QMainWindow):
    setup_changed = Signal()  # first-run setup saved (this PC's municipality may be new)

    def __init__(self, db: Database, admin_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        family = ui_font_family()
        if QApplication.instance() is not None and QApplication.font().family() != family:
            QApplication.setFont(QFont(family, QApplication.font().pointSize()))
        self.db = db
        self.editor = Editor(db, admin_name)
        self.dialog: QDialog | None = None  # the dialog currently open, for tests and for keeping it alive
        self.message_box: QMessageBox | None = None
        self.setWindowTitle(self.tr("dvdesk 管理モード — {name}").format(name=admin_name))
        asks_before_closing(self)  # a record or contact being edited, the first-run grid: asked before lost

        self.kinds = QListWidget()
        self.kinds.setObjectName("kinds")
        for name in LIST_ORDER:
            self.kinds.addItem(kind_label(KINDS[name]))
        self.kinds.setFixedWidth(150)
        self.kinds.setSpacing(3)
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText(self.tr("名称・キーで絞り込み"))
        self.scope = ListScopeBox()
        self.scope.setToolTip(self.tr("一覧に出す記録の市区町村"))
        self.model = ObjectTableModel([], greyed=lambda s: bool(s.get("retired")))
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("records")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # by key until clicked
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.columns = CappedColumns(self.table)

        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("add", self.tr("追加…"), self.add_record),
            ("edit", self.tr("編集…"), self.edit_selected),
            ("retire", self.tr("廃止"), self.retire_selected),
            ("restore", self.tr("復元"), self.restore_selected),
            ("verify", self.tr("確認済みにする"), self.verify_selected),
            ("history", self.tr("履歴…"), self.history_of_selected),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self.buttons[name] = b
        buttons.addStretch()
        right = QVBoxLayout()
        above = QHBoxLayout()
        above.addWidget(self.scope)
        above.addWidget(self.filter, 1)
        right.addLayout(above)
        right.addWidget(self.table, 1)
        right.addLayout(buttons)
        body = QWidget()
        row = QHBoxLayout(body)
        row.addWidget(self.kinds)
        row.addLayout(right, 1)
        self.setCentralWidget(body)
        self._menus()
        add_settings_menu(self)
        self.first_run: FirstRunWindow | None = None
        setup = self.menuBar().addMenu(self.tr("初期設定"))
        setup.addAction(self.tr("市区町村と部署の連絡先…"), self.open_first_run)
        self._read_when_shown = False
        self.options: Options = {}
        self.names: dict[tuple[str, str], str] = {}
        self.kinds.currentRowChanged.connect(lambda _: self.refresh())
        self.desk = first_run.desk_municipality(db)  # this PC's municipality, "" before the setup
        self.scope.set_municipalities(self.editor.headings("municipality"), self.desk or None)
        self.scope.currentIndexChanged.connect(lambda _: self.refresh())
        desk_moves().moved.connect(self._follow_desk)  # set in this window's setup or another's
        self.kinds.setCurrentRow(0)
        open_at(self, 1200, 720)
        if not first_run.desk_municipality(db):
            self.statusBar().showMessage(
                self.tr("初期設定がまだです: 「初期設定」メニューから市区町村と部署の連絡先を入力してください")
            )

    # --- lists ------------------------------------------------------------------------------
    @property
    def kind_name(self) -> str:
        return LIST_ORDER[max(self.kinds.currentRow(), 0)]

    def refresh(self) -> None:
        shown = self.kind_name

        scope = self.scope.scope

        def read() -> tuple[dict[str, list[Snapshot]], list[Snapshot]]:
            return read_options(self.editor), self.editor.all(shown, scope)

        # Once on screen (after an import, an edit), read off the window's thread: a large directory's
        # lists take long. Not while the window is being built: the login that builds it is deleted
        # by the next round of events (``open_admin``), which a busy wait would run. A large list
        # is left until the window is on screen (``showEvent``): a national directory's services
        # took 210 s to read, with no window to show for it.
        if not self.isVisible() and self.editor.count(shown, scope) > LARGE_LIST:
            self._read_when_shown = True
            return
        fetched, items = run_busy(self, self.tr("一覧を読み込んでいます…"), read) if self.isVisible() else read()
        self.options, self.names = build_options(self.editor, fetched)
        self.scope.set_municipalities(fetched["municipality"])  # an import may have brought new ones
        k = kind(self.kind_name)
        extra_header, extra = EXTRA_COLUMN[self.kind_name]
        names = self.names
        nationwide, unverified = self.tr("全国"), self.tr("未確認")
        retired = QCoreApplication.translate("AdminLabels", "廃止")  # the state ("Retired"), not the button
        columns = [Column(self.tr("名称"), lambda s: s[k.title_field])]
        if k.municipality_field:
            columns.append(
                Column(self.tr("市区町村"), lambda s: names.get(("municipality", s["municipality"]), nationwide))
            )
        columns.append(Column(self.tr(str(extra_header)), lambda s: extra(s, names)))
        if k.sourced:
            columns.append(
                Column(
                    self.tr("最終確認"),
                    lambda s: f"{s['verified_on']} {s['verified_by']}" if s["verified_on"] else unverified,
                )
            )
        if k.retirable:
            columns.append(Column(self.tr("状態"), lambda s: retired if s["retired"] else ""))
        columns.append(Column(self.tr("キー"), lambda s: s["key"]))
        self.model.columns = columns
        self.model.set_items(items)
        # Long names must not push the last verification or the key off screen: the name and the
        # extra column (提供する部署 …) give way.
        self.columns.measure((0, 2 if k.municipality_field else 1))
        for name in ("retire", "restore"):
            self.buttons[name].setEnabled(k.retirable)
        self.buttons["verify"].setEnabled(k.sourced)
        self.scope.setEnabled(bool(k.municipality_field))
        count = self.tr("{kind} {count}件").format(kind=kind_label(k), count=len(self.model.items))
        if k.municipality_field and scope is not None:
            count += self.tr("（{scope}）").format(scope=self.scope.currentText())
        self.statusBar().showMessage(count)

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._read_when_shown:
            self._read_when_shown = False
            QTimer.singleShot(0, self.refresh)  # after the window is painted

    def select_key(self, key: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.model.item(self.proxy.mapToSource(self.proxy.index(row, 0)).row())["key"] == key:
                self.table.selectRow(row)
                return
        raise KeyError(key)

    def show_kind(self, kind_name: str) -> None:
        self.kinds.setCurrentRow(LIST_ORDER.index(kind_name))

    # --- record actions ---------------------------------------------------------------------
    def add_record(self) -> None:
        self._open_record(None)

    def edit_selected(self) -> None:
        snap = self.selected()
        if snap is not None:
            self._open_record(snap["key"])

    def _open_record(self, key: str | None) -> None:
        let_go(self.dialog)
        self.dialog = dialog = RecordDialog(self.editor, self.kind_name, key, self.options, self)
        dialog.saved.connect(lambda result: self._after_edit(self.tr("保存しました"), result.key))
        reread = self.tr("ほかの管理者が保存した内容を読み直しました")
        dialog.reread.connect(lambda key: self._after_edit(reread, key))  # the list shows it too
        dialog.open()

    def _after_edit(self, message: str, key: str) -> None:
        self.refresh()
        try:
            self.select_key(key)
        except KeyError:
            # Saved outside the chosen municipality or the typed filter: shown, not lost from view.
            self.filter.clear()
            if self.scope.scope is not None and all(s["key"] != key for s in self.model.items):
                self.scope.widen(self.editor.municipality_of(self.kind_name, key))  # (refreshes)
            with contextlib.suppress(KeyError):  # (deleted meanwhile by another PC's import)
                self.select_key(key)
        self.statusBar().showMessage(message)

    def _act(self, done: str, action: Callable[[str, str], object]) -> None:
        """``done`` says what happened, with {name} for the record's name."""
        stale = QT_TRANSLATE_NOOP(
            "AdminWindow",
            "「{name}」は、一覧を読んだ後にほかの管理者が変更しています（{fields}）。確認済みにしていません。"
            "一覧を読み直しました。内容を確かめてから、もう一度押してください",
        )
        snap = self.selected()
        if snap is None:
            return
        try:
            action(self.kind_name, snap["key"])
        except EditError as exc:
            self.show_error(str(exc))
            return
        except EditConflict as exc:  # changed since the list was read: read again, she looks first
            self._after_edit("", snap["key"])
            changed = "、".join(f.label for f in exc.fields)
            self.show_error(self.tr(str(stale)).format(name=snap[kind(self.kind_name).title_field], fields=changed))
            return
        self._after_edit(done.format(name=snap[kind(self.kind_name).title_field]), snap["key"])

    def retire_selected(self) -> None:
        self._act(
            self.tr("「{name}」を廃止しました（相談員には表示されません。履歴に残り、復元できます）"),
            self.editor.retire,
        )

    def restore_selected(self) -> None:
        self._act(self.tr("「{name}」を復元しました"), self.editor.restore)

    def verify_selected(self) -> None:
        seen = self.selected()  # the record as she saw it: another administrator's change is not stamped unseen
        self._act(
            self.tr("「{name}」を確認済みにしました"), lambda k, key: self.editor.mark_verified(k, key, base=seen)
        )

    def history_of_selected(self) -> None:
        snap = self.selected()
        if snap is None:
            return
        let_go(self.dialog)
        self.dialog = dialog = HistoryDialog(
            self.editor, self.kind_name, snap["key"], snap[kind(self.kind_name).title_field], self
        )
        undone = self.tr("「{name}」の変更を取り消しました").format(name=snap[kind(self.kind_name).title_field])
        dialog.changed.connect(lambda: self._after_edit(undone, snap["key"]))  # moved out of the scope: shown
        dialog.open()

    def open_first_run(self) -> FirstRunWindow:
        """The first-run setup (municipality, departments' contacts) in a window of its own."""
        if self.first_run is None:
            self.first_run = FirstRunWindow(self.editor, self)
            self.first_run.changed.connect(desk_moves().moved)  # every open window follows
            self.first_run.changed.connect(self.setup_changed)  # the desk follows this PC's municipality
        self.first_run.show()
        self.first_run.raise_()
        return self.first_run

    def _follow_desk(self) -> None:
        """After the setup: the list follows this PC's new municipality (``ListScopeBox.follow``)."""
        if not self.isVisible():
            return  # closed (deleted once events run): nothing to show
        old, self.desk = self.desk, first_run.desk_municipality(self.db)
        self.scope.follow(old, self.desk, self.editor.headings("municipality"))
        self.refresh()

    def show_report(self) -> None:
        rows = Administration(self.db).verification_report()
        let_go(self.dialog)
        self.dialog = dialog = VerificationReportDialog(rows, self)
        dialog.open()

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message)
        self.message_box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("dvdesk 管理モード"), message, QMessageBox.StandardButton.Ok, self
        )
        plain_box(self.message_box)  # record and package names: data, never markup
        self.message_box.open()


_open_windows: set[AdminWindow] = set()  # entered through ``open_admin``, until each is closed


def open_admin(db: Database, parent: QWidget | None = None) -> AdminLoginDialog:
    """Ask for the passphrase (setting it on first use), then show the administration window.

    For the main window's 管理 menu. Returns the login dialog (already open); the window is
    kept on it as ``login.admin_window`` once entered (not ``window``: that is QWidget.window()).
    Both are deleted when closed; with a ``parent`` (the desk) the login is its child and is gone
    once entered, so read ``admin_window`` before events are processed."""
    login = AdminLoginDialog(db, parent)

    def entered() -> None:
        # Deleted when closed, with what it read (every record's snapshot); a new login makes a
        # new one. Not the desk's child: closing the desk must not end the app (and her edit)
        # while it is open, so the module keeps it until then (``_open_windows``).
        window = login.admin_window = AdminWindow(db, login.admin_name)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _open_windows.add(window)
        window.destroyed.connect(lambda *_: _open_windows.discard(window))
        window.show()

    login.accepted.connect(entered)
    if parent is not None:  # without one, the caller keeps the login (and the window on it)
        login.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    login.open()
    return login
