"""The question a dialog asks before closing with work she changed and has not kept.

One pattern for every dialog that holds typed work (the administrator's record, a new referral):
closing it any way (Esc, Ctrl+W, キャンセル, the title bar all come to ``QDialog.reject``) with
changes asks first; the question is window-modal over the dialog, 戻る is its default button and
its Esc, and the dialog closes only on 「閉じる（…を捨てる）」. A dialog with nothing changed
closes at once, as before.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox


class DiscardQuestion:
    """Owned by ``dialog``: ``reject`` from the dialog's own ``reject``; ``box`` is the open question."""

    def __init__(self, dialog: QDialog, name: str, text: str, discard_label: str, close: Callable[[], None]) -> None:
        self.dialog = dialog
        self.name = name  # the question box's object name (tests find it by it)
        self.text = text
        self.discard_label = discard_label
        self.close = close  # the dialog's own QDialog.reject: closes without asking again
        self.box: QMessageBox | None = None

    def reject(self, changed: bool) -> None:
        """Close the dialog now when nothing ``changed``; otherwise ask (once) and close on her answer."""
        if changed:
            self.ask()
        else:
            self.close()

    def ask(self) -> QMessageBox:
        if self.box is not None:
            return self.box
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.dialog.windowTitle(),
            self.text,
            QMessageBox.StandardButton.NoButton,
            self.dialog,
        )
        box.setObjectName(self.name)
        discard = box.addButton(self.discard_label, QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(QCoreApplication.translate("DiscardQuestion", "戻る"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.finished.connect(lambda *_: self._answered(box.clickedButton() is discard))
        self.box = box
        box.open()  # window-modal over the dialog
        return box

    def _answered(self, discard: bool) -> None:
        box, self.box = self.box, None
        if box is not None:
            box.deleteLater()
        if discard:
            self.close()
