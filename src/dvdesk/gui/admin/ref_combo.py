"""A reference field's drop-down, found by typing: a prefecture's directory offers a service's
provider among thousands of organisations (3,257 for 100 municipalities, sorted by municipality
code), too many to scroll, and a plain drop-down takes no Japanese typed through the IME.

Any part of a name narrows the choices (a pop-up under the field); choosing one sets the field.
Text that names no single choice is never taken as a choice, nor silently put back: the record's
form refuses to save it (``unresolved``) and says so under the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


class RefCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # typing never adds a choice
        completer = self.completer()
        assert completer is not None  # an editable combo box has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        line = self.lineEdit()
        assert line is not None  # editable
        line.editingFinished.connect(self.settle)

    def chosen_text(self) -> str:
        return self.itemText(self.currentIndex())

    def typed(self) -> str:
        line = self.lineEdit()
        return line.text().strip() if line is not None else ""

    def settle(self) -> None:
        """Text that is exactly one choice's chooses it; an empty field chooses none (when the
        field may be empty). Anything else stays as typed, for ``unresolved`` to refuse."""
        text = self.typed()
        if text == self.chosen_text():
            return
        if not text and (empty := self.findData("")) >= 0:
            self.setCurrentIndex(empty)
            return
        same = [i for i in range(self.count()) if self.itemText(i) == text]
        if len(same) == 1:
            self.setCurrentIndex(same[0])

    def unresolved(self) -> str:
        """What she typed that names no single choice ("" when the field shows its choice)."""
        self.settle()
        text = self.typed()
        return "" if text == self.chosen_text() else text
