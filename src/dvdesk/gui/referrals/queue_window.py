"""The receiving department's queue (受付一覧): referrals addressed to this PC's department.

Thin over ``dvdesk.app.referral_queue``: the table is a Qt model over its ``ReferralView`` rows,
the buttons call ``referral_queue.move`` with the version the row showed, and a timer
(``live.LiveRefresh``) refreshes the table when another desk changes a referral.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.app import referral_queue
from dvdesk.app.referral_queue import Desk, ReferralQueue
from dvdesk.domain import privacy
from dvdesk.domain.casework_models import ReferralStatus
from dvdesk.domain.referrals import ReferralView
from dvdesk.gui.discard_question import UnsavedWork
from dvdesk.gui.plain import plain_label
from dvdesk.gui.referrals.casework_labels import NeedNames, status_label
from dvdesk.gui.referrals.casework_widgets import MessageBar, attempt, use_japanese_font
from dvdesk.gui.referrals.live import POLL_MS, LiveRefresh
from dvdesk.gui.referrals.queue_models import QueueEventModel, QueueTableModel
from dvdesk.gui.window_size import open_at

MOVE_BUTTONS = {
    ReferralStatus.RECEIVED: QT_TRANSLATE_NOOP("ReferralQueueWindow", "受付する"),
    ReferralStatus.CONTACTED: QT_TRANSLATE_NOOP("ReferralQueueWindow", "連絡済みにする"),
    ReferralStatus.DONE: QT_TRANSLATE_NOOP("ReferralQueueWindow", "対応完了にする"),
    ReferralStatus.FAILED: QT_TRANSLATE_NOOP("ReferralQueueWindow", "不調として終了"),
}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)  # the stubs know no QDate(datetime.date); PySide6 accepts it


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())  # QDate.toPython() is typed as object


class ReferralQueueWindow(QWidget):
    department_chosen = Signal(str)  # the organization key, to remember in the PC's settings

    def __init__(
        self,
        db,
        department_key: str = "",
        parent: QWidget | None = None,
        *,
        municipality_code: str | None = None,
        clock: Callable[[], dt.date] = dt.date.today,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self.db, self.clock = db, clock
        self.queue = ReferralQueue(db)
        self.read_failed = False
        self.desk: Desk | None = None
        self.setWindowTitle(self.tr("受付一覧（この課宛ての紹介） — dvdesk"))
        use_japanese_font(self)
        open_at(self, 1100, 700)
        self.model = QueueTableModel(self)
        self.events = QueueEventModel(self)
        self.need_names = NeedNames(self.queue.need_labels())

        self.department = QComboBox()
        self.department.setObjectName("queueDepartment")
        self.department.setMinimumContentsLength(24)
        self.show_closed = QCheckBox(self.tr("終了したものも表示"))
        self.checked = QLabel()
        self.checked.setObjectName("queueChecked")
        self.hint = plain_label()
        self.hint.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(QueueTableModel.NEEDS, QHeaderView.ResizeMode.Stretch)
        self.detail = plain_label(self.tr("紹介を選ぶと、経過と操作が表示されます。"))
        self.detail.setWordWrap(True)
        self.event_view = QTableView()
        self.event_view.setModel(self.events)
        self.event_view.verticalHeader().hide()
        self.event_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.event_view.horizontalHeader().setStretchLastSection(True)
        self.event_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.move_buttons = {s: QPushButton(self.tr(str(text))) for s, text in MOVE_BUTTONS.items()}
        self.event_date = QDateEdit()
        self.event_date.setCalendarPopup(True)
        self.event_date.setDisplayFormat("yyyy-MM-dd")
        self.note = QLineEdit(placeholderText=self.tr("行ったこと（例: 本人と面談の日を調整）— 名前・連絡先は書かない"))
        self.note.setMaxLength(privacy.NOTE_MAX)
        # A note typed and not yet added is work: closing the window or the desk asks first (gui.discard_question).
        UnsavedWork(self, lambda: bool(self.note.text().strip()), self.note.clear)
        self.message = MessageBar()
        self._layout()
        self._fill_departments(municipality_code, department_key)
        self.department.currentIndexChanged.connect(self._department_changed)
        self.show_closed.toggled.connect(lambda _: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        for status, button in self.move_buttons.items():
            button.clicked.connect(lambda _=False, s=status: self.move_referral(s))
        self.live = LiveRefresh(db, self.refresh, self, poll_ms)
        self.refresh()
        self.live.mark_seen()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("受け付ける課・機関")))
        top.addWidget(self.department, 1)
        top.addWidget(self.show_closed)
        top.addStretch()
        top.addWidget(self.checked)
        actions = QHBoxLayout()
        for button in self.move_buttons.values():
            actions.addWidget(button)
        actions.addStretch()
        note_row = QHBoxLayout()
        note_row.addWidget(QLabel(self.tr("日付")))
        note_row.addWidget(self.event_date)
        note_row.addWidget(self.note, 1)
        detail_box = QWidget()
        detail = QVBoxLayout(detail_box)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.addWidget(self.detail)
        detail.addWidget(self.event_view, 1)
        detail.addLayout(note_row)
        detail.addLayout(actions)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail_box)
        split.setSizes([380, 320])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

    def _fill_departments(self, municipality_code: str | None, key: str) -> None:
        desks = self.queue.desks(municipality_code)
        self.department.addItem(self.tr("（選んでください）"), None)
        for d in desks:
            self.department.addItem(d.label, d)
        index = next((i for i in range(1, self.department.count()) if self.department.itemData(i).key == key), 0)
        self.department.setCurrentIndex(index)
        self.desk = self.department.itemData(index)

    def _department_changed(self, index: int) -> None:
        self.desk = self.department.itemData(index)
        if self.desk is not None:
            self.department_chosen.emit(self.desk.key)
        self.refresh()

    def choose_department(self, key: str) -> None:
        index = next(i for i in range(1, self.department.count()) if self.department.itemData(i).key == key)
        self.department.setCurrentIndex(index)

    # ------------------------------------------------------------ reading

    def refresh(self, select_id: int | None = None) -> None:
        today = self.clock()
        select_id = select_id if select_id is not None else getattr(self.selected(), "id", None)
        if self.desk is None:
            self.hint.setText(self.tr("この PC が受け付ける課・機関を選ぶと、その課宛ての紹介が表示されます。"))
            self.hint.show()
            self.model.set_rows([], today)
            self._show_selected()
            return

        desk, open_only = self.desk, not self.show_closed.isChecked()
        ok, rows = attempt(self.message, lambda: self.queue.rows(desk, open_only=open_only))
        if not ok or rows is None:
            self.read_failed = True
            return  # the table keeps what it showed; the message says why
        if self.read_failed:  # e.g. the server is back: the reason it could not read is gone
            self.read_failed = False
            self.message.clear_message()
        self.hint.hide()
        self.model.set_rows(rows, today, self.need_names)
        self.checked.setText(self.tr("最終確認 {time}").format(time=f"{dt.datetime.now():%H:%M:%S}"))
        self.event_date.setMaximumDate(_qdate(today))
        row = self.model.row_of(select_id) if select_id is not None else -1
        if row >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._show_selected()

    def selected(self) -> ReferralView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.rows[rows[0].row()] if rows else None

    def select_case(self, case_ref: str) -> None:
        self.table.selectRow(next(i for i, r in enumerate(self.model.rows) if r.case_ref == case_ref))

    def _show_selected(self) -> None:
        r = self.selected()
        allowed = referral_queue.allowed_moves(r) if r is not None else ()
        for status, button in self.move_buttons.items():
            button.setEnabled(status in allowed)
        self.note.setEnabled(r is not None)
        self.event_date.setEnabled(r is not None)
        if r is None:
            self.detail.setText(self.tr("紹介を選ぶと、経過と操作が表示されます。"))
            self.events.set_events(())
            return
        targets = self.tr("、").join(t.label for t in r.targets)
        template = self.tr("{case}　{date}　紹介した相談員: {counselor}　状況: {status}\n紹介先: {targets}")
        self.detail.setText(
            template.format(
                case=r.case_ref,
                date=f"{r.referred_on:%Y-%m-%d}",
                counselor=r.counselor,
                status=status_label(r.status),
                targets=targets,
            )
        )
        self.events.set_events(r.events)
        self.event_date.setMinimumDate(_qdate(r.referred_on))
        self.event_date.setDate(_qdate(self.clock()))

    # ------------------------------------------------------------ writing

    def move_referral(self, status: ReferralStatus) -> bool:
        r, desk = self.selected(), self.desk
        if r is None or desk is None:
            return False
        note, on, today = self.note.text(), _pydate(self.event_date.date()), self.clock()

        ok, _ = attempt(
            self.message,
            lambda: self.queue.move(r.id, status, desk=desk, note=note, on=on, seen_version=r.version, today=today),
        )
        # a refusal (privacy net, conflict, server away) is a message; nothing was written
        if ok:
            self.note.clear()  # a refused note stays, so she can correct it
            self.message.show_info(
                self.tr("{case} を「{status}」にしました。").format(case=r.case_ref, status=status_label(status))
            )
        if ok or self.queue.online:  # while the server is away the table keeps its rows
            self.refresh(r.id)  # after a conflict too: she sees what the other desk did
        return ok
