"""The question a window asks before closing with work she changed and has not kept.

One mechanism for every window that holds typed work:

- ``UnsavedWork`` marks a window's work: what counts as changed, and how to drop it. It is a
  child of that window, so any window above it finds it (``unsaved_in``).
- ``DiscardQuestion`` (an ``UnsavedWork``) is a dialog's: closing the dialog any way (Esc,
  Ctrl+W, キャンセル, the title bar all come to ``QDialog.reject``) with changes asks first; the
  question is window-modal over the dialog, 戻る is its default button and its Esc, and the
  dialog closes only on 「閉じる（…を捨てる）」.
- ``asks_before_closing(window)`` guards a window's close event (the title bar, Esc and Ctrl+W
  of ``window_keys``, the desk's 終了, the system's log-off): when the window itself or any
  window or dialog under it holds changed work (the desk: the referral log, a referral being
  recorded, the checklist, the count entry …), one question names them; 戻る keeps everything
  open and brings the first of them to the front, 「…（入力を捨てる）」 drops them and closes.

A window or dialog with nothing changed closes at once, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the desk imports this module: QMessageBox is made when a question is first asked
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QDialog, QMessageBox


def _question(
    parent: QWidget, name: str, text: str, discard_label: str, answered: Callable[[bool], None]
) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    from dvdesk.gui.plain import plain_box

    box = QMessageBox(
        QMessageBox.Icon.Question, parent.windowTitle(), text, QMessageBox.StandardButton.NoButton, parent
    )
    plain_box(box)  # it may name windows whose titles hold data (a file's name): never markup
    box.setObjectName(name)
    discard = box.addButton(discard_label, QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton(QCoreApplication.translate("DiscardQuestion", "戻る"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.finished.connect(lambda *_: answered(box.clickedButton() is discard))
    box.open()  # window-modal over ``parent``
    return box


class UnsavedWork(QObject):
    """Work held in ``window``: ``changed()`` says whether there is any, ``drop()`` lets it go."""

    def __init__(self, window: QWidget, changed: Callable[[], bool], drop: Callable[[], None]) -> None:
        super().__init__(window)
        self.changed = changed
        self.drop = drop

    @property
    def window(self) -> QWidget:
        return cast(QWidget, self.parent())  # not kept in Python: a closed window is freed as before

    def pending(self) -> bool:
        """Changed work in a window on screen (a dialog closed earlier, kept hidden, holds none)."""
        return self.window.isVisible() and self.changed()


def unsaved_in(window: QWidget) -> list[UnsavedWork]:
    """The changed work of ``window`` and of every window and dialog under it."""
    return [work for work in window.findChildren(UnsavedWork) if work.pending()]


class DiscardQuestion(UnsavedWork):
    """Owned by ``dialog``: ``reject`` from the dialog's own ``reject``; ``box`` is the open question."""

    def __init__(
        self,
        dialog: QDialog,
        name: str,
        text: str,
        discard_label: str,
        close: Callable[[], None],
        changed: Callable[[], bool],
    ) -> None:
        super().__init__(dialog, changed, close)
        self.name = name  # the question box's object name (tests find it by it)
        self.text = text
        self.discard_label = discard_label
        self.close = close  # the dialog's own QDialog.reject: closes without asking again
        self.box: QMessageBox | None = None

    @property
    def dialog(self) -> QDialog:
        return cast("QDialog", self.parent())

    def reject(self) -> None:
        """Close the dialog now when nothing changed; otherwise ask (once) and close on her answer."""
        if self.changed():
            self.ask()
        else:
            self.close()

    def ask(self) -> QMessageBox:
        if self.box is None:
            self.box = _question(self.dialog, self.name, self.text, self.discard_label, self._answered)
        return self.box

    def _answered(self, discard: bool) -> None:
        box, self.box = self.box, None
        if box is not None:
            box.deleteLater()
        if discard:
            self.close()


class CloseGuard(QObject):
    """The event filter ``asks_before_closing`` puts on a window; ``box`` is the open question."""

    def __init__(self, window: QWidget, discard_label: str, watch: bool) -> None:
        super().__init__(window)
        self.discard_label = discard_label
        self.box: QMessageBox | None = None
        self.closing = False  # her answer was to drop the work: the close it starts asks nothing
        if watch:
            window.installEventFilter(self)

    @property
    def window(self) -> QWidget:
        return cast(QWidget, self.parent())  # not kept in Python: a closed window is freed as before

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            return self.refuses(event)  # type: ignore[arg-type]  # a Close event is a QCloseEvent
        return False

    def refuses(self, event: QCloseEvent) -> bool:
        """True (the event ignored, the question open) when closing now would lose changed work."""
        if self.closing:
            return False
        work = unsaved_in(self.window)
        if not work:
            return False
        event.ignore()
        self.ask(work)
        return True  # the window stays open; its own closeEvent is not run

    def ask(self, work: list[UnsavedWork]) -> QMessageBox:
        if self.box is None:
            names = "\n".join(dict.fromkeys(f"・{w.window.windowTitle()}" for w in work))
            text = (
                QCoreApplication.translate(
                    "DiscardQuestion", "まだ保存・記録していない入力があります。閉じると失われます。"
                )
                + "\n\n"
                + names
            )
            self.box = _question(self.window, "closeDiscardQuestion", text, self.discard_label, self._answered)
        return self.box

    def _answered(self, discard: bool) -> None:
        box, self.box = self.box, None
        if box is not None:
            box.deleteLater()
        work = unsaved_in(self.window)
        if not discard:
            if work:  # back to her work: the window that holds it in front
                work[0].window.raise_()
                work[0].window.activateWindow()
            return
        for w in work:
            w.drop()
        self.closing = True
        try:
            self.window.close()
        finally:
            self.closing = False


def asks_before_closing(window: QWidget, discard_label: str | None = None, watch: bool = True) -> CloseGuard:
    """Closing ``window`` with changed work in it or under it asks first (see the module). With
    ``watch`` False the window's own ``closeEvent`` calls ``refuses`` (the desk: no Python call for
    each of its events)."""
    return CloseGuard(
        window, discard_label or QCoreApplication.translate("DiscardQuestion", "閉じる（入力を捨てる）"), watch
    )
