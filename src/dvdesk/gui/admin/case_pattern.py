"""The office's shape of a case reference (事例番号), set once by an administrator.

Counselors can then record only references of that shape (``dvdesk.domain.privacy``); the dialog
shows an example of what the shape accepts while it is typed, and refuses a shape that cannot be
read or that would let a phone number, a date of birth or a long number through. Closing it (Esc,
Ctrl+W, キャンセル, the title bar) with a changed shape not saved asks first (``gui.discard_question``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout

from dvdesk.app.referrals import Referrals
from dvdesk.domain import privacy
from dvdesk.domain.input_errors import InputError
from dvdesk.gui.discard_question import DiscardQuestion
from dvdesk.gui.plain import plain_label
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.storage.errors import StorageError

if TYPE_CHECKING:
    from dvdesk.gui.admin.window import AdminWindow  # which imports this module


class CasePatternDialog(QDialog):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.referrals = Referrals(db)
        self.setWindowTitle(self.tr("事例番号の形"))
        current = self.referrals.case_pattern()
        self.template = QLineEdit(current.template)
        self.template.setObjectName("template")
        help_text = plain_label(
            self.tr(
                "紙の記録の番号の形を決めます。{era} 元号の頭文字（R, H…）、{year} 年（1〜2桁）、{yyyy} 西暦、"
                "{n} 番号（1〜6桁）、{n4} 4桁の番号、{A} 英字1字、ほかは半角の英大文字・数字と「-」「/」「.」。"
                "既定は {era}{year}-{n}（例: R7-0142）。この形でない事例番号は記録できません。"
            )
        )
        help_text.setWordWrap(True)
        self.example = plain_label()
        self.example.setObjectName("example")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (help_text, self.template, self.example, self.buttons):
            layout.addWidget(w)
        self.template.textChanged.connect(self._preview)
        self._preview()
        closes_with_keys(self)
        self._kept = current.template  # as stored: closing it unchanged asks nothing
        self.discard_question = DiscardQuestion(
            self,
            "casePatternDiscardQuestion",
            self.tr("事例番号の形はまだ保存していません。閉じると、入力した形は失われます。"),
            self.tr("閉じる（入力を捨てる）"),
            super().reject,
            lambda: self.template.text().strip() != self._kept.strip(),
        )

    def reject(self) -> None:
        """Every way of closing comes here: a typed shape is dropped only once she says so."""
        self.discard_question.reject()

    def _preview(self) -> None:
        try:
            pattern = privacy.CasePattern.parse(self.template.text())
        except InputError as exc:
            self.example.setText(exc.message)
            ok = False
        else:
            self.example.setText(self.tr("例: {example}").format(example=pattern.example))
            ok = True
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def save(self) -> None:
        try:
            self.referrals.set_case_pattern(self.template.text())
        except (InputError, StorageError) as exc:
            self.example.setText(exc.message)
            return
        self.accept()


def add_settings_menu(window: AdminWindow) -> None:
    """A 設定 menu with the case-reference shape, for the administration window."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("AdminWindow", "設定"))
    action = QAction(QCoreApplication.translate("AdminWindow", "事例番号の形…"), window)

    def open_dialog() -> None:
        window.dialog = dialog = CasePatternDialog(window.db, window)
        dialog.open()

    action.triggered.connect(open_dialog)
    menu.addAction(action)
