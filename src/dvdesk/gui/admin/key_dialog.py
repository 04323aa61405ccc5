"""The city's package key in the administration window: see it, set it up once, copy it to the
city's other PCs (export to a key file, import it there). See ``dvdesk.admin.package_key``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from dvdesk.admin import package_key
from dvdesk.gui.window_keys import closes_with_keys


class PackageKeyDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("パッケージの署名鍵"))
        self.current = QLabel()
        self.current.setObjectName("current")
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        self.current.setWordWrap(True)
        explain = QLabel(
            self.tr(
                "データパッケージは市の鍵で署名されます。同じ鍵を持つ PC どうしでは、パッケージをそのまま取り込めます。"
                "鍵は1台で一度だけ作り、"
                "書き出した鍵ファイルを市の承認した USB メモリで他の PC に運んで取り込んでください。"
                "合言葉から作ると、どの PC でも同じ名前と合言葉で同じ鍵になります。"
            )
        )
        explain.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText(self.tr("例: 高岡市 男女平等推進課"))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("空欄なら無作為の鍵（12文字以上）"))
        form = QFormLayout()
        form.addRow(self.tr("鍵の名前"), self.name)
        form.addRow(self.tr("合言葉（任意）"), self.passphrase)
        self.create_button = QPushButton(self.tr("鍵を作る"))
        self.create_button.setObjectName("create")
        self.create_button.clicked.connect(self.create_key)
        export_button = QPushButton(self.tr("鍵を書き出す…"))
        export_button.clicked.connect(lambda: self._ask(True))
        import_button = QPushButton(self.tr("鍵を取り込む…"))
        import_button.clicked.connect(lambda: self._ask(False))
        row = QHBoxLayout()
        for b in (self.create_button, export_button, import_button):
            row.addWidget(b)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        close = QDialogButtonBox()
        close.addButton(self.tr("閉じる"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.current, explain):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(560, 320)
        closes_with_keys(self)
        self.show_current()

    def show_current(self) -> None:
        try:
            key = package_key.load()
        except package_key.PackageKeyError as exc:
            self.current.setText(str(exc))
            return
        if key is None:
            self.current.setText(self.tr("この PC にはまだ鍵がありません。"))
            return
        self.current.setText(
            self.tr("この PC の鍵: {name}（指紋 {fp}、作成 {created}）").format(
                name=key.name, fp=key.fingerprint, created=key.created
            )
        )

    def _done(self, action) -> None:
        try:
            action()
        except package_key.PackageKeyError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("完了しました。"))
        self.show_current()

    def create_key(self, replace: bool = False) -> None:
        secret = self.passphrase.text() or None
        self._done(lambda: package_key.create(self.name.text(), passphrase=secret, replace=replace))
        self.passphrase.clear()

    def export_to(self, path: Path) -> None:
        self._done(lambda: package_key.export_key(path))

    def import_from(self, path: Path) -> None:
        self._done(lambda: package_key.import_key(path))

    def _ask(self, export: bool) -> None:
        pattern = self.tr("dvdesk の鍵 (*.dvdesk-key)")
        if export:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("鍵の書き出し先"), "", pattern)
        else:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("鍵ファイル"), "", pattern)
        if path:
            (self.export_to if export else self.import_from)(Path(path))
