"""The referral log window: open referrals with their age, reminders, status changes and notes.

Openable on its own (``ReferralLogWindow(db)``) or placed in a dock by the main window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.app.referrals import Referrals
from dvdesk.domain import privacy
from dvdesk.domain.casework_models import ReferralStatus
from dvdesk.domain.referrals import ReferralConflict, ReferralView
from dvdesk.gui.discard_question import UnsavedWork
from dvdesk.gui.kept_dialog import let_go
from dvdesk.gui.plain import plain_label, rich
from dvdesk.gui.referrals.casework_labels import NeedNames, channel_label, status_label
from dvdesk.gui.referrals.casework_widgets import MessageBar, attempt, date_edit, pydate, qdate, use_japanese_font
from dvdesk.gui.referrals.referral_dialog import NewReferralDialog
from dvdesk.gui.referrals.referral_model import EventTableModel, ReferralTableModel
from dvdesk.gui.window_size import open_at

BANNER_STYLE = "background:#FFF1C2; color:#5C4300; border:1px solid #E8C65A; padding:6px; border-radius:3px;"
STATUS_BUTTONS = {
    ReferralStatus.CONTACTED: QT_TRANSLATE_NOOP("ReferralLogWindow", "連絡済みにする"),
    ReferralStatus.DONE: QT_TRANSLATE_NOOP("ReferralLogWindow", "対応完了にする"),
    ReferralStatus.FAILED: QT_TRANSLATE_NOOP("ReferralLogWindow", "不調として終了"),
}


class ReferralLogWindow(QWidget):
    def __init__(
        self,
        db,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], dt.date] = dt.date.today,
        municipality_code: str | None = None,
        current_municipality: Callable[[], str | None] | None = None,
    ):
        """``current_municipality``: the desk's choice when the form opens (the window outlives it)."""
        super().__init__(parent)
        self.db, self.clock, self._given_municipality = db, clock, municipality_code
        self.current_municipality = current_municipality
        self.referrals = Referrals(db)
        self.setWindowTitle(self.tr("紹介記録 — dvdesk"))
        use_japanese_font(self)
        open_at(self, 1100, 720)
        self.model = ReferralTableModel(self)
        self.events = EventTableModel(self)
        self.stale: list[ReferralView] = []
        self.need_names = NeedNames()
        self.dialog: NewReferralDialog | None = None

        self.banner = plain_label()  # lists case references
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.show_stale = QPushButton(self.tr("これらを表示"))
        self.new_button = QPushButton(self.tr("＋ 新しい紹介を記録…"))
        self.open_only = QCheckBox(self.tr("未完了のみ表示"))
        self.open_only.setChecked(True)
        self.stale_only = QCheckBox(self.tr("リマインド対象のみ"))
        self.days = QSpinBox(minimum=1, maximum=365, suffix=self.tr(" 日"))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ReferralTableModel.TARGETS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ReferralTableModel.NEEDS, QHeaderView.ResizeMode.Stretch)  # long need names

        self.detail = QLabel(self.tr("紹介を選ぶと、経過と操作が表示されます。"))
        self.detail.setTextFormat(Qt.TextFormat.RichText)  # our markup; every value escaped (rich)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.event_view = QTableView()
        self.event_view.setModel(self.events)
        self.event_view.verticalHeader().hide()
        self.event_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.event_view.horizontalHeader().setStretchLastSection(True)
        self.event_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.status_buttons = {s: QPushButton(self.tr(str(text))) for s, text in STATUS_BUTTONS.items()}
        self.event_date = date_edit(None, "yyyy-MM-dd")
        self.note = QLineEdit(placeholderText=self.tr("行ったこと（例: 市民課に連絡）— 状況の変更にも添えられます"))
        self.note.setMaxLength(privacy.NOTE_MAX)
        # A note typed and not yet added is work: closing the window or the desk asks first (gui.discard_question).
        UnsavedWork(self, lambda: bool(self.note.text().strip()), self.note.clear)
        self.add_note_button = QPushButton(self.tr("記録を追加"))
        self.delete_button = QPushButton(self.tr("この紹介を削除…"))
        self.confirm = QWidget()
        self.confirm_yes = QPushButton(self.tr("削除する"))
        self.confirm_no = QPushButton(self.tr("やめる"))
        self.message = MessageBar()
        self._layout()
        self._connect()
        self.days.setValue(self.referrals.reminder_days())
        self.refresh()

    def _layout(self) -> None:
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.show_stale)
        self.banner_box = QWidget()
        self.banner_box.setLayout(banner_row)
        banner_row.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        tools.addWidget(self.new_button)
        tools.addSpacing(12)
        tools.addWidget(self.open_only)
        tools.addWidget(self.stale_only)
        tools.addStretch()
        tools.addWidget(QLabel(self.tr("更新がない紹介をリマインドするまで")))
        tools.addWidget(self.days)

        actions = QHBoxLayout()
        for button in self.status_buttons.values():
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(self.delete_button)
        note_row = QHBoxLayout()
        note_row.addWidget(QLabel(self.tr("日付")))
        note_row.addWidget(self.event_date)
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.add_note_button)
        confirm_row = QHBoxLayout(self.confirm)
        confirm_row.setContentsMargins(0, 0, 0, 0)
        confirm_row.addWidget(QLabel(self.tr("この紹介記録と経過をすべて削除します。よろしいですか？")))
        confirm_row.addWidget(self.confirm_yes)
        confirm_row.addWidget(self.confirm_no)
        confirm_row.addStretch()
        self.confirm.hide()
        detail_box = QWidget()
        detail = QVBoxLayout(detail_box)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.addWidget(self.detail)
        detail.addWidget(self.event_view, 1)
        detail.addLayout(actions)
        detail.addWidget(self.confirm)
        detail.addLayout(note_row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail_box)
        split.setSizes([420, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner_box)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.open_new_referral)
        self.open_only.toggled.connect(lambda _: self.refresh())
        self.stale_only.toggled.connect(lambda _: self.refresh())
        self.show_stale.clicked.connect(lambda: self.stale_only.setChecked(True))
        self.days.valueChanged.connect(self.set_reminder_days)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        for status, button in self.status_buttons.items():
            button.clicked.connect(lambda _=False, s=status: self.change_status(s))
        self.add_note_button.clicked.connect(self.add_note)
        self.note.returnPressed.connect(self.add_note)
        self.delete_button.clicked.connect(lambda: self.confirm.show())
        self.confirm_no.clicked.connect(lambda: self.confirm.hide())
        self.confirm_yes.clicked.connect(self.delete_selected)

    # ------------------------------------------------------------ reading

    def refresh(self, select_id: int | None = None) -> None:
        today = self.clock()
        select_id = select_id if select_id is not None else getattr(self.selected(), "id", None)
        log = self.referrals.log(today, open_only=self.open_only.isChecked())
        days, rows, self.stale = log.reminder_days, log.rows, log.stale
        self.need_names = NeedNames(log.need_labels)
        if self.stale_only.isChecked():
            stale_ids = {r.id for r in self.stale}
            rows = [r for r in rows if r.id in stale_ids]
        self.model.set_rows(rows, today, days, self.need_names)
        self._update_banner(today, days)
        self.event_date.setMaximumDate(qdate(today))
        row = self.model.row_of(select_id) if select_id is not None else -1
        if row >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._show_selected()

    def _update_banner(self, today: dt.date, days: int) -> None:
        if not self.stale:
            self.banner_box.hide()
            return
        listed = self.tr("、").join(
            self.tr("{case}（{days}日）").format(case=r.case_ref, days=r.idle_days(today)) for r in self.stale[:6]
        )
        more = self.tr(" ほか{count}件").format(count=len(self.stale) - 6) if len(self.stale) > 6 else ""
        self.banner.setText(
            self.tr(
                "⚠ {days}日以上更新のない紹介が{count}件あります: {listed}{more}"
                "　— 紹介先に状況を確認し、記録してください。"
            ).format(days=days, count=len(self.stale), listed=listed, more=more)
        )
        self.banner_box.show()

    def selected(self) -> ReferralView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.referral(rows[0].row()) if rows else None

    def select_case(self, case_ref: str) -> None:
        row = next(i for i, r in enumerate(self.model.rows) if r.case_ref == case_ref)
        self.table.selectRow(row)

    def _show_selected(self) -> None:
        r = self.selected()
        self.confirm.hide()
        enabled = r is not None
        for w in (self.add_note_button, self.note, self.event_date, self.delete_button):
            w.setEnabled(enabled)
        if r is None:
            self.detail.setText(self.tr("紹介を選ぶと、経過と操作が表示されます。"))
            self.events.set_events(())
            for button in self.status_buttons.values():
                button.setEnabled(False)
            return
        today = self.clock()
        targets = self.tr("、").join(t.label for t in r.targets)
        needs = self.tr("、").join(self.need_names.of_key(key, label) for key, label in r.needs) or self.tr(
            "（未分類）"
        )
        age = self.tr("紹介から{days}日").format(days=r.age_days(today)) if r.is_open else status_label(r.status)
        template = self.tr(
            "<b>{case}</b>　{date}　{channel}　担当: {counselor}　<b>{status}</b>（{age}）<br>"
            "紹介先: {targets}<br>ニーズ: {needs}"
        )
        self.detail.setText(
            rich(
                template,
                case=r.case_ref,
                date=f"{r.referred_on:%Y-%m-%d}",
                channel=channel_label(r.channel),
                counselor=r.counselor,
                status=status_label(r.status),
                age=age,
                targets=targets,
                needs=needs,
            )
        )
        self.events.set_events(r.events)
        for status, button in self.status_buttons.items():
            button.setEnabled(status in r.allowed_next())
        self.event_date.setMinimumDate(qdate(r.referred_on))
        self.event_date.setDate(qdate(today))

    # ------------------------------------------------------------ writing

    def _write(self, action: Callable[[], object], done: str, select_id: int | None = None) -> bool:
        conflict = False

        def run() -> object:
            nonlocal conflict
            try:
                return action()
            except ReferralConflict:
                conflict = True  # another desk changed it since this screen showed it
                raise

        ok, _ = attempt(self.message, run)
        if ok:
            self.message.show_info(done)
        if ok or conflict:  # after a conflict too: she sees what the other desk did (the message stays)
            self.refresh(select_id)
        return ok

    def change_status(self, status: ReferralStatus) -> None:
        r = self.selected()
        if r is None:
            return
        note, on, today = self.note.text(), pydate(self.event_date.date()), self.clock()
        if self._write(
            lambda: self.referrals.change_status(r.id, status, on=on, note=note, today=today, seen_version=r.version),
            self.tr("{case} を「{status}」にしました。").format(case=r.case_ref, status=status_label(status)),
            r.id,
        ):
            self.note.clear()

    def add_note(self) -> None:
        r = self.selected()
        if r is None:
            return
        note, on, today = self.note.text(), pydate(self.event_date.date()), self.clock()
        if self._write(
            lambda: self.referrals.add_note(r.id, note, on=on, today=today, seen_version=r.version),
            self.tr("{case} に記録を追加しました。").format(case=r.case_ref),
            r.id,
        ):
            self.note.clear()

    def delete_selected(self) -> None:
        r = self.selected()
        if r is not None:
            if self._write(
                lambda: self.referrals.delete(r.id, seen_version=r.version),
                self.tr("{case} の紹介記録を削除しました。").format(case=r.case_ref),
            ):
                attempt(self.message, self.referrals.forget_deleted)  # gone from the WAL and the file now

    def set_reminder_days(self, days: int) -> None:
        if self.referrals.reminder_days() == days:
            return
        self._write(
            lambda: self.referrals.set_reminder_days(days),
            self.tr("リマインドを{days}日にしました。").format(days=days),
        )

    @property
    def municipality_code(self) -> str | None:
        """Where a new referral starts: the desk's choice now (the window outlives it), else the one given."""
        return self.current_municipality() if self.current_municipality else self._given_municipality

    def open_new_referral(self) -> NewReferralDialog:
        let_go(self.dialog)
        code = self.municipality_code
        self.dialog = NewReferralDialog(self.db, code, self.clock(), self)  # none: this PC's municipality

        def recorded(view: ReferralView) -> None:
            self.refresh(view.id)
            self.message.show_info(self.tr("{case} を記録しました。").format(case=view.case_ref))

        self.dialog.recorded.connect(recorded)
        self.dialog.open()
        return self.dialog
