"""Recording a referral in a few clicks: case number, needs, services, done.

The case number and the note are checked as they are typed (``dvdesk.domain.privacy``), so the
counselor sees at once why a name or a phone number cannot go in, and nothing is saved until the
whole form is acceptable. Closing it (Esc, Ctrl+W, キャンセル, the title bar) with something typed or
ticked asks first (``gui.discard_question``); untouched, it closes at once.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QRadioButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dvdesk.app.referrals import Referrals
from dvdesk.domain import privacy, referrals
from dvdesk.domain.casework_models import Channel
from dvdesk.domain.input_errors import InputError
from dvdesk.domain.japanese import normalize
from dvdesk.domain.referral_choices import ServiceChoice
from dvdesk.gui.discard_question import DiscardQuestion
from dvdesk.gui.referrals.casework_labels import NeedNames, channel_label
from dvdesk.gui.referrals.casework_widgets import MessageBar, attempt, date_edit, pydate, qdate
from dvdesk.gui.roomy_rows import give_room
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import open_at

ID_ROLE = Qt.ItemDataRole.UserRole + 1
HINT_STYLE = "color:#555555;"


def _checkable(label: str, value: object) -> QStandardItem:
    item = QStandardItem(label)
    item.setCheckable(True)
    item.setEditable(False)
    item.setData(value, ID_ROLE)
    return item


def checked_values(model: QStandardItemModel) -> list:
    return [
        model.item(i).data(ID_ROLE)
        for i in range(model.rowCount())
        if model.item(i).checkState() == Qt.CheckState.Checked
    ]


class NewReferralDialog(QDialog):
    recorded = Signal(object)  # the ReferralView just saved

    def __init__(
        self, db, municipality_code: str | None = None, today: dt.date | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.db = db
        self.today = today or dt.date.today()
        self.setWindowTitle(self.tr("紹介を記録"))
        open_at(self, 880, 640)
        self.referrals = Referrals(db)
        form = self.referrals.form_data()
        self.municipalities = form.municipalities
        names = NeedNames(form.need_labels)
        self.needs = [(key, names.of_key(key, label), depth) for key, label, depth in form.needs]
        counselor = form.last_counselor
        self.public_numbers = form.public_numbers
        self.case_pattern = form.case_pattern
        self.services: list[ServiceChoice] = []
        self.saved: referrals.ReferralView | None = None

        self.case_ref = QLineEdit(placeholderText=self.tr("例: {example}").format(example=self.case_pattern.example))
        self.case_hint = QLabel(
            self.tr("紙の記録（ケースファイル）の番号。名前・電話番号・住所・生年月日は入力できません。")
        )
        self.date = date_edit(qdate(self.today), "yyyy-MM-dd")
        self.date.setMaximumDate(qdate(self.today))
        self.counselor = QLineEdit(counselor, placeholderText=self.tr("担当相談員の名前"))
        self.channels = QButtonGroup(self)
        channel_row = QHBoxLayout()
        for i, channel in enumerate(Channel):
            button = QRadioButton(channel_label(channel))
            button.setChecked(channel is Channel.IN_PERSON)
            self.channels.addButton(button, i)
            channel_row.addWidget(button)
        self.dv = QCheckBox(self.tr("DV相談として数える"))
        self.dv.setChecked(True)
        channel_row.addSpacing(16)
        channel_row.addWidget(self.dv)
        channel_row.addStretch()
        self.municipality = QComboBox()
        for code, name in self.municipalities:
            self.municipality.addItem(name, code)
        # Where the desk is: the municipality given (her choice on the desk), else this PC's.
        start = next((c for c in (municipality_code, form.desk_municipality) if self.municipality.findData(c) >= 0), "")
        self.municipality.setCurrentIndex(max(0, self.municipality.findData(start)))

        self.need_model = QStandardItemModel(self)
        for key, label, depth in self.needs:
            self.need_model.appendRow(_checkable("　" * depth + label, key))
        self.need_view = QListView()
        self.need_view.setModel(self.need_model)
        give_room(self.need_view, wrap=True)
        self.service_filter = QLineEdit(placeholderText=self.tr("サービス名・課の名前で絞り込み"))
        self.service_model = QStandardItemModel(self)
        self.service_view = QListView()
        self.service_view.setModel(self.service_model)
        give_room(self.service_view, wrap=True)
        self.department_model = QStandardItemModel(self)
        self.department_view = QListView()
        self.department_view.setModel(self.department_model)
        give_room(self.department_view, wrap=True)

        self.note = QLineEdit(placeholderText=self.tr("行ったこと（例: 市民課に連絡、窓口に同行）— 任意"))
        self.note.setMaxLength(privacy.NOTE_MAX)
        self.note_hint = QLabel(
            self.tr("相談者の名前・連絡先・住所は書かないでください（自動の確認は完全ではありません）。")
        )
        for hint in (self.case_hint, self.note_hint):
            hint.setStyleSheet(HINT_STYLE)
            hint.setWordWrap(True)
        self.message = MessageBar()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("記録する"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("キャンセル"))
        self._layout(channel_row)

        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.case_ref.textChanged.connect(self._check_fields)
        self.note.textChanged.connect(self._check_fields)
        self.need_model.itemChanged.connect(self._fill_services)
        self.service_filter.textChanged.connect(self._fill_services)
        self.municipality.currentIndexChanged.connect(self._load_municipality)
        self._load_municipality()
        self.case_ref.setFocus()
        closes_with_keys(self)  # Ctrl+W / Ctrl+F4 as every window of the desk; Esc is the dialog's own
        self.discard_question = DiscardQuestion(
            self,
            "referralDiscardQuestion",
            self.tr("この紹介はまだ記録していません。閉じると、入力した内容は失われます。"),
            self.tr("閉じる（入力を捨てる）"),
            super().reject,
            lambda: self._work() != self._kept,
        )
        self._kept = self._work()  # the form as opened: closing it untouched asks nothing

    def _work(self) -> tuple[object, ...]:
        """Everything she can type or tick that ``save`` records (the service filter is only a view)."""
        return (
            self.case_ref.text().strip(),
            self.date.date(),
            self.counselor.text().strip(),
            self.channels.checkedId(),
            self.dv.isChecked(),
            self.municipality.currentData(),
            checked_values(self.need_model),
            self.checked_services(),
            checked_values(self.department_model),
            self.note.text().strip(),
        )

    def reject(self) -> None:
        """Every way of closing comes here: what she entered is dropped only once she says so."""
        self.discard_question.reject()

    def _layout(self, channel_row: QHBoxLayout) -> None:
        form = QFormLayout()
        form.addRow(self.tr("事例番号"), self.case_ref)
        form.addRow("", self.case_hint)
        top = QHBoxLayout()
        top.addWidget(self.date)
        top.addWidget(QLabel(self.tr("担当相談員")))
        top.addWidget(self.counselor, 1)
        top.addWidget(QLabel(self.tr("市区町村")))
        top.addWidget(self.municipality)
        form.addRow(self.tr("紹介日"), top)
        form.addRow(self.tr("相談方法"), channel_row)
        needs_box = QWidget()
        needs_layout = QVBoxLayout(needs_box)
        needs_layout.setContentsMargins(0, 0, 0, 0)
        needs_layout.addWidget(QLabel(self.tr("ニーズ（相談内容）")))
        needs_layout.addWidget(self.need_view)
        services_box = QWidget()
        services_layout = QVBoxLayout(services_box)
        services_layout.setContentsMargins(0, 0, 0, 0)
        services_layout.addWidget(self.service_filter)
        services_layout.addWidget(self.service_view)
        self.targets = QTabWidget()
        self.targets.addTab(services_box, self.tr("紹介先のサービス"))
        self.targets.addTab(self.department_view, self.tr("担当課・機関だけを選ぶ"))
        split = QSplitter()
        split.addWidget(needs_box)
        split.addWidget(self.targets)
        needs_width = self.need_view.sizeHintForColumn(0) + 2 * self.need_view.frameWidth() + 24  # + scroll bar
        split.setSizes([max(260, min(needs_width, 380)), 600])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        notes = QFormLayout()
        notes.addRow(self.tr("記録"), self.note)
        notes.addRow("", self.note_hint)
        layout.addLayout(notes)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------ choices

    def _load_municipality(self) -> None:
        code = self.municipality.currentData()
        self.services, orgs = self.referrals.choices_in(code)
        self.department_model.clear()
        for org in orgs:
            self.department_model.appendRow(
                _checkable(
                    self.tr("{name}（{where}）").format(name=org.name, where=org.municipality or self.tr("全国")),
                    org.id,
                )
            )
        self._fill_services()

    def _fill_services(self) -> None:
        kept = set(self.checked_services())
        chosen = set(checked_values(self.need_model))
        words = [normalize(w) for w in self.service_filter.text().split()]  # as the desk's search compares
        self.service_model.clear()
        for choice in self.services:
            if (chosen and not choice.matches(chosen)) and choice.id not in kept:
                continue
            if words and not all(w in normalize(choice.label) for w in words) and choice.id not in kept:
                continue
            item = _checkable(choice.label, choice.id)
            item.setCheckState(Qt.CheckState.Checked if choice.id in kept else Qt.CheckState.Unchecked)
            self.service_model.appendRow(item)

    def checked_services(self) -> list[int]:
        return checked_values(self.service_model)

    def check(self, model: QStandardItemModel, value: object, on: bool = True) -> None:
        """Tick the row whose value is ``value`` (used by tests and by callers that preselect)."""
        for i in range(model.rowCount()):
            if model.item(i).data(ID_ROLE) == value:
                model.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(value)

    # ------------------------------------------------------------ saving

    def _check_fields(self) -> None:
        """Say at once what is wrong with the case number or the note; the save button waits."""
        problems = []
        if self.case_ref.text().strip():
            try:
                privacy.normalize_case_ref(self.case_ref.text(), self.case_pattern)
            except InputError as exc:
                problems.append(exc.message)
        if self.note.text().strip():
            try:
                privacy.check_note(self.note.text(), self.public_numbers, self.today)
            except InputError as exc:
                problems.append(exc.message)
        if problems:
            self.message.show_error("\n".join(problems))
        else:
            self.message.clear_message()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)

    def save(self) -> None:
        def write():
            return self.referrals.record(
                case_ref=self.case_ref.text(),
                counselor=self.counselor.text(),
                service_ids=self.checked_services(),
                organization_ids=checked_values(self.department_model),
                need_keys=checked_values(self.need_model),
                referred_on=pydate(self.date.date()),
                channel=list(Channel)[self.channels.checkedId()],
                dv=self.dv.isChecked(),
                note=self.note.text(),
                today=self.today,
            )

        ok, view = attempt(self.message, write)
        if ok:
            self.saved = view
            self.recorded.emit(view)
            self.accept()
