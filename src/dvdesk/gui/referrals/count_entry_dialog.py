"""The monthly count entry form: one department, one month, DV or other, counts by need × channel.

Switching month, department or DV/other while the grid has unsaved numbers is blocked until they
are saved or discarded, and closing it (Esc, Ctrl+W, 閉じる, the title bar) asks first, so no typed
count is lost silently.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.app.statistics import CountConflict, Statistics
from dvdesk.domain.department_keys import DepartmentKey, department_labels
from dvdesk.gui.discard_question import DiscardQuestion
from dvdesk.gui.referrals.casework_labels import NeedNames
from dvdesk.gui.referrals.casework_widgets import MessageBar, attempt, date_edit, pydate, qdate
from dvdesk.gui.referrals.report_models import CountDelegate, CountGridModel
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import open_at
from dvdesk.gui.wrap_header import WrapRowHeader


class CountEntryDialog(QDialog):
    saved = Signal()

    def __init__(self, db, today: dt.date | None = None, month: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or dt.date.today()
        self.setWindowTitle(self.tr("相談件数の入力（月ごと）"))
        self.statistics = Statistics(db)
        choices, labels, orgs = self.statistics.entry_choices()
        names = NeedNames(labels)
        needs = [(key, "　" * depth + names.of_key(key, label)) for key, label, depth in choices]
        self.grid = CountGridModel(needs, self)
        self.seen: dict = {}  # the month as the form last showed or saved it
        self.month = date_edit(qdate(month or self.today), self.tr("yyyy年M月"))
        self.month.setMaximumDate(qdate(self.today))
        self.department = QComboBox(editable=True)
        self.department.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Two towns' departments of one name are two entries, each named with its town.
        keys = [DepartmentKey(org.id, org.municipality, org.name) for org in orgs]
        for key, text in department_labels(keys).items():
            self.department.addItem(text, key.organization_id)
        line = self.department.lineEdit()
        assert line is not None  # an editable combo box has one
        line.setPlaceholderText(self.tr("課・機関の名前"))
        self.kind = QButtonGroup(self)
        self.dv_button = QRadioButton(self.tr("DV相談"))
        self.dv_button.setChecked(True)
        self.other_button = QRadioButton(self.tr("DV以外の相談"))
        self.kind.addButton(self.dv_button)
        self.kind.addButton(self.other_button)
        self.table = QTableView()
        # The needs' names at most 16 characters wide, a longer one on two lines (in English the
        # longest made the dialog 1,069 px: 計 past a 1024-px screen's edge).
        self.table.setVerticalHeader(WrapRowHeader(16 * self.fontMetrics().height(), self.table))
        self.table.setModel(self.grid)
        self.table.setItemDelegate(CountDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(
            max(
                header.fontMetrics().horizontalAdvance(str(self.grid.headerData(c, Qt.Orientation.Horizontal)))
                for c in range(self.grid.columnCount())
            )
            + 12
        )  # channel names fit
        self.total = QLabel()
        self.save_button = QPushButton(self.tr("保存"))
        self.discard_button = QPushButton(self.tr("変更を取り消す"))
        self.close_button = QPushButton(self.tr("閉じる"))
        self.message = MessageBar()
        self.discard_question = DiscardQuestion(
            self,
            "countEntryDiscardQuestion",
            self.tr("入力した件数はまだ保存していません。閉じると、保存していない件数は失われます。"),
            self.tr("閉じる（入力を捨てる）"),
            self._discarded,
            lambda: self.grid.dirty,
        )
        self._layout()
        closes_with_keys(self)  # Ctrl+W / Ctrl+F4 as every window of the desk; Esc is the dialog's own
        # Wide enough for every column beside the need names, however long the language makes them.
        needed = self.table.verticalHeader().sizeHint().width() + header.count() * header.minimumSectionSize() + 64
        open_at(self, max(720, needed), 760)
        self.month.dateChanged.connect(self.load)
        self.department.currentTextChanged.connect(self.load)
        self.dv_button.toggled.connect(self.load)
        self.grid.dataChanged.connect(self._edited)
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.load)
        self.close_button.clicked.connect(self.reject)
        self.load()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("年月"), self.month)
        form.addRow(self.tr("担当課・機関"), self.department)
        kind = QHBoxLayout()
        kind.addWidget(self.dv_button)
        kind.addWidget(self.other_button)
        kind.addStretch()
        form.addRow(self.tr("区分"), kind)
        hint = QLabel(
            self.tr(
                "件数だけを入力します。1件の相談は主な相談内容（ニーズ）1つに数えてください。"
                "保存すると、この月・課・区分の件数が入力した内容に置き換わります。"
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555555;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.total)
        buttons.addStretch()
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def selection(self) -> tuple[dt.date, str | int, bool]:
        text = self.department.currentText().strip()
        index = self.department.findText(text)
        department = self.department.itemData(index) if index >= 0 else text
        return pydate(self.month.date()), department, self.dv_button.isChecked()

    def load(self) -> None:
        month, department, dv = self.selection()
        if not self.department.currentText().strip():
            self.grid.load({})
            self.seen = {}
            self._edited()
            return

        ok, counts = attempt(self.message, lambda: self.statistics.month_counts(month, department, dv))
        self.grid.load(counts if ok and counts else {})
        # What the form shows (an empty grid when the month could not be read): a save compares it
        # with the month as it is then, so neither another desk's save nor counts unseen are replaced.
        self.seen = dict(counts) if ok and counts else {}
        if ok:
            self.message.clear_message()
        self._edited()

    def _edited(self, *_args) -> None:
        dirty = self.grid.dirty
        for w in (self.month, self.department, self.dv_button, self.other_button):
            w.setEnabled(not dirty)
        self.discard_button.setEnabled(dirty)
        self.total.setText(
            self.tr("合計 {count}件").format(count=f"{self.grid.total():,}") + (self.tr("（未保存）") if dirty else "")
        )

    def save(self) -> bool:
        month, department, dv = self.selection()

        ok, total = attempt(self.message, lambda: self._save(month, department, dv))
        if ok:
            self.seen = dict(self.grid.counts)
            self.grid.dirty = False
            self._edited()
            kind = self.tr("DV相談") if dv else self.tr("DV以外の相談")
            self.message.show_info(
                self.tr("{month} {department}（{kind}） {count}件を保存しました。").format(
                    month=self.month.date().toString(self.month.displayFormat()),
                    department=self.department.currentText(),
                    kind=kind,
                    count=f"{total:,}",
                )
            )
            self.saved.emit()
        return ok

    def _save(self, month: dt.date, department: str | int, dv: bool) -> int:
        try:
            return self.statistics.save_month_counts(
                month, department, dv, self.grid.counts, self.today, seen=self.seen
            )
        except CountConflict as exc:
            # Her numbers stay in the grid, unsaved; the message says the month's total now. Saved
            # again, they replace what she has now been told of.
            self.seen = exc.now
            raise

    def reject(self) -> None:
        """Every way of closing (Esc, Ctrl+W, 閉じる, the title bar) comes here: typed counts not yet
        saved are thrown away only once she says so (the question is window-modal)."""
        self.discard_question.reject()

    def _discarded(self) -> None:
        self.grid.dirty = False
        super().reject()
