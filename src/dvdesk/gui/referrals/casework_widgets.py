"""Small pieces shared by the referral and statistics windows."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

from dvdesk.domain.input_errors import InputError
from dvdesk.domain.report_export import ExportError
from dvdesk.gui.error_dialogs import storage_message
from dvdesk.gui.fonts import ui_font_family
from dvdesk.storage.errors import StorageError

log = logging.getLogger(__name__)
T = TypeVar("T")


def qdate(day: dt.date) -> QDate:
    """``day`` as a QDate (PySide converts a date itself, but its type stubs do not say so)."""
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    """A date field's date as a ``datetime.date``."""
    return dt.date(day.year(), day.month(), day.day())


def date_edit(day: QDate | None, display_format: str) -> QDateEdit:
    """A date field with a calendar pop-up."""
    edit = QDateEdit(day) if day is not None else QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(display_format)
    return edit


def use_japanese_font(widget: QWidget, point_size: float = 10.5) -> None:
    """Give a top-level window a font with Japanese glyphs (the bundled one if the PC has none)."""
    font = QFont(ui_font_family())
    font.setPointSizeF(point_size)
    widget.setFont(font)


class MessageBar(QLabel):
    """One line under a form: what went wrong and what to do, or what was just saved."""

    STYLES = {
        "error": "background:#FDECEA; color:#8A1C1C; border:1px solid #F5C2C0; padding:6px; border-radius:3px;",
        "info": "background:#E8F4EA; color:#1E5E2A; border:1px solid #B9DEC0; padding:6px; border-radius:3px;",
    }

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        self.setWordWrap(True)
        self.kind = ""
        self.hide()

    def show_error(self, text: str) -> None:
        self._show("error", text)

    def show_info(self, text: str) -> None:
        self._show("info", text)

    def _show(self, kind: str, text: str) -> None:
        self.kind = kind
        self.setStyleSheet(self.STYLES[kind])
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()


def attempt(bar: MessageBar, action: Callable[[], T]) -> tuple[bool, T | None]:
    """Run ``action``; a refusal or a storage failure becomes a message on ``bar``, never a traceback."""
    try:
        return True, action()
    except StorageError as exc:
        bar.show_error(storage_message(exc))  # in the interface language
    except (InputError, ExportError) as exc:
        bar.show_error(exc.message)
    except Exception:  # a bug: the counselor gets a sentence, the log gets the traceback
        log.exception("unexpected error in the referral/statistics window")
        bar.show_error(
            QCoreApplication.translate(
                "Casework", "予期しないエラーが起きました。入力した内容は保存されていません。詳細はログに記録しました。"
            )
        )
    return False, None
