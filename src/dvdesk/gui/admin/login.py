"""Entering the administration mode: a local passphrase, set on first use, and the name the
history will record."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from dvdesk.admin import passphrase
from dvdesk.gui.admin.form import ERROR_STYLE
from dvdesk.gui.plain import plain_label


class AdminLoginDialog(QDialog):
    """On success ``admin_name`` holds the administrator's name."""

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.first_use = not passphrase.is_set(db)
        self.admin_name = ""
        self.admin_window: QWidget | None = None  # the administration window, once entered
        self.setWindowTitle(self.tr("管理モード"))
        intro = QLabel(
            self.tr(
                "ディレクトリを編集する管理モードです。初めて使うので、この PC の管理用パスフレーズを決めてください。"
            )
            if self.first_use
            else self.tr("管理用パスフレーズを入力してください。お名前は変更履歴に残ります。")
        )
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.secret = QLineEdit()
        self.secret.setObjectName("passphrase")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = plain_label()
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("お名前"), self.name)
        form.addRow(self.tr("パスフレーズ"), self.secret)
        if self.first_use:
            form.addRow(self.tr("もう一度"), self.confirm)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("管理モードに入る"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_enter)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(440, 0)

    def try_enter(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.error.setText(self.tr("お名前を入力してください（変更履歴に残ります）"))
            return
        if self.first_use:
            try:
                passphrase.set_passphrase(self.db, self.secret.text(), self.confirm.text())
            except passphrase.PassphraseError as exc:
                self.error.setText(str(exc))
                return
        elif not passphrase.verify(self.db, self.secret.text()):
            self.error.setText(self.tr("パスフレーズが違います"))
            self.secret.clear()
            return
        self.admin_name = name
        self.accept()
