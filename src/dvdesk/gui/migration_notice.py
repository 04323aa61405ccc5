"""The administrator's notice when the window meets a database made by an older dvdesk.

``storage.schema_upgrade`` takes the backup, then calls the announcer before it migrates: a box
(not modal, so the start goes on) says the file is being brought to this version's form and where
the copy for the previous version is; once the desk is open the same box says it is done, and stays
until she closes it. A migration that fails closes it: the error box that follows says the file is
as it was (``MigrationFailed``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from dvdesk.gui.plain import plain_box
from dvdesk.storage.schema_upgrade import MigrationNotice

_BOXES: list[QMessageBox] = []  # the box outlives the start function that showed it


def _filled(words: str, notice: MigrationNotice) -> str:
    return words.format(old=notice.from_revision, new=notice.to_revision, backup=notice.backup)


class Announcer:
    """Passed to ``open_database(announce=…)``; ``finished`` / ``failed`` after it returns."""

    def __init__(self) -> None:
        self.notice: MigrationNotice | None = None
        self.box: QMessageBox | None = None

    def __call__(self, notice: MigrationNotice) -> None:
        self.notice = notice
        box = plain_box(QMessageBox(QMessageBox.Icon.Information, "dvdesk", "", QMessageBox.StandardButton.NoButton))
        box.setObjectName("migrationNotice")
        box.setModal(False)
        box.setText(
            _filled(
                QCoreApplication.translate(
                    "MigrationNotice",
                    "データベースをこの版の dvdesk の形式に更新しています（{old} → {new}）。しばらくお待ちください。",
                ),
                notice,
            )
        )
        box.setInformativeText(_backup_words(notice))
        self.box = box
        _BOXES.append(box)
        box.show()
        for button in box.buttons():  # Qt adds OK to a box without buttons: not while it migrates
            button.setEnabled(False)
        for _ in range(3):  # painted before the migration holds the thread
            QApplication.processEvents()

    def finished(self) -> None:
        if self.box is None or self.notice is None:
            return
        done = QCoreApplication.translate(
            "MigrationNotice", "データベースをこの版の dvdesk の形式に更新しました（{old} → {new}）。"
        )
        self.box.setText(_filled(done, self.notice))
        self.box.setStandardButtons(QMessageBox.StandardButton.Ok)
        for button in self.box.buttons():
            button.setEnabled(True)
        self.box.buttonClicked.connect(self.box.close)
        QTimer.singleShot(0, self._to_front)  # the event loop runs once the desk is shown: above it

    def _to_front(self) -> None:
        if self.box is not None:
            self.box.raise_()
            self.box.activateWindow()

    def failed(self) -> None:
        if self.box is not None:
            self.box.close()
            _BOXES.remove(self.box)
            self.box = None


def _backup_words(notice: MigrationNotice) -> str:
    return _filled(
        QCoreApplication.translate(
            "MigrationNotice",
            "更新前のデータベースはバックアップしました: {backup}\n"
            "前の版の dvdesk に戻すときは、このバックアップを復元します（dvdesk restore）。",
        ),
        notice,
    )
