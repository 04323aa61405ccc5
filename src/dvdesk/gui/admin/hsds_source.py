"""Before an HSDS import is checked: which files or folders, and which municipality.

Several files or a folder are one import (references by id across files resolve). The
municipality drop-down is the sheet mapping dialog's (``MunicipalityScopeBox``): the directory's
municipalities, and 全国 only by choosing it, never by default. The window checks the choice
(``hsds_import.check_hsds``); if records state no municipality and none is chosen, it says so
here (``ask``) and the dialog stays open — nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dvdesk.app.administration import ScopeChoice
from dvdesk.gui.admin.municipality_scope import MunicipalityScopeBox
from dvdesk.gui.discard_question import DiscardQuestion
from dvdesk.gui.plain import plain_label
from dvdesk.gui.window_keys import closes_with_keys


class HsdsSourceDialog(QDialog):
    """``check`` is emitted when she asks to check; the window accepts the dialog when it can preview."""

    check = Signal()

    def __init__(self, scopes: Sequence[ScopeChoice], paths: list[Path] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("HSDS から取り込む"))
        self.files = QListWidget()
        self.files.setObjectName("files")
        self.add_files_button = QPushButton(self.tr("ファイルを追加…"))
        self.add_files_button.clicked.connect(self._add_files)
        self.add_folder_button = QPushButton(self.tr("フォルダを追加…"))
        self.add_folder_button.clicked.connect(self._add_folder)
        remove = QPushButton(self.tr("選んだものを外す"))
        remove.clicked.connect(self._remove)
        file_buttons = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, remove):
            file_buttons.addWidget(button)
        file_buttons.addStretch(1)

        self.municipality = MunicipalityScopeBox(scopes)

        self.notes = plain_label("")
        self.notes.setObjectName("notes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)  # file and record names are data, never markup
        self.notes.setStyleSheet("color: #a00000")
        self.municipality.currentIndexChanged.connect(lambda: self.notes.setText(""))  # her answer to what it asked

        buttons = QDialogButtonBox()
        self.next_button = buttons.addButton(self.tr("確認する…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.next_button.setObjectName("next")
        buttons.addButton(self.tr("キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)

        intro = QLabel(
            self.tr(
                "HSDS の JSON ファイルを選んでください。複数のファイルやフォルダはまとめて"
                "ひとつの取り込みになり、ファイルをまたぐ id の参照もつながります。"
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("市区町村"), self.municipality)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.files, 1)
        layout.addLayout(file_buttons)
        layout.addLayout(form)
        layout.addWidget(self.notes)
        layout.addWidget(buttons)
        self.resize(760, 420)
        closes_with_keys(self)
        for path in paths or []:
            self.add(Path(path))
        self._enable()
        self._kept = self._choices()  # as opened: closing with nothing chosen asks nothing
        self.discard_question = DiscardQuestion(
            self,
            "hsdsSourceDiscardQuestion",
            self.tr("選んだファイルと市区町村は、閉じると失われます（何も取り込まれません）。"),
            self.tr("閉じる（選んだものを捨てる）"),
            super().reject,
            lambda: self._choices() != self._kept,
        )

    def _choices(self) -> tuple[object, ...]:
        return (self.paths, self.code, self.nationwide)

    def reject(self) -> None:
        """Esc, Ctrl+W, キャンセル, the title bar: the files she chose are dropped only once she says so."""
        self.discard_question.reject()

    # --- her choices ------------------------------------------------------------------------
    @property
    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    @property
    def code(self) -> str:
        """The chosen municipality's code; "" for none or 全国."""
        return self.municipality.code

    @property
    def nationwide(self) -> bool:
        return self.municipality.nationwide

    def add(self, path: Path) -> None:
        if str(path) not in {str(p) for p in self.paths}:
            self.files.addItem(str(path))
        self.notes.setText("")
        self._enable()

    def ask(self, message: str) -> None:
        """Records need a municipality: say so next to the drop-down and give it the focus."""
        self.notes.setText(message)
        self.municipality.setFocus()

    def _add_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, self.tr("HSDS ファイル"), "", "HSDS JSON (*.json)")
        for path in chosen:
            self.add(Path(path))

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("HSDS のフォルダ"))
        if folder:
            self.add(Path(folder))

    def _remove(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._enable()

    def _enable(self) -> None:
        self.next_button.setEnabled(self.files.count() > 0)
