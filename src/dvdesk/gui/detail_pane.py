"""The selected service, as the counselor reads it, with a button to copy its public contact."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from dvdesk.domain.record_kinds import Confidentiality
from dvdesk.gui.detail_html import DetailHtml
from dvdesk.gui.qt_ints import Key, TextInteraction, set_property
from dvdesk.gui.qt_wrap import push_button

if TYPE_CHECKING:
    from dvdesk.domain.detail_views import ServiceDetail  # imported when a record is first read


class DetailPane(QWidget):
    copied = Signal(str)  # a status message
    back_requested = Signal()  # Esc while reading: back to the list she came from
    add_to_checklist = Signal(str, int)  # the procedure or service shown: (item, id)

    def __init__(self, english: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.html = DetailHtml(english, self)
        self.detail: ServiceDetail | None = None
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("serviceDetail")
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(self.tr("支援の詳細"))
        set_property(  # ints: gui.qt_ints
            self.browser, "textInteractionFlags", TextInteraction.BROWSER | TextInteraction.SELECTABLE_BY_KEYBOARD
        )
        self.browser.installEventFilter(self)
        self.legend = QLabel(self)
        self.legend.setObjectName("legend")
        self.legend.setWordWrap(True)
        self.legend.setText(
            self.html.confidentiality_badge(Confidentiality.SECRET)
            + " "
            + self.tr("必要な職員だけ")
            + "　"
            + self.html.staff_badge()
            + " "
            + self.tr("利用者に渡さない")
        )
        self.copy_button = push_button(self.tr("連絡先をコピー(&C)"), self)
        self.copy_button.setObjectName("copyContact")
        self.copy_button.setToolTip(
            self.tr("利用者に伝えてよい連絡先だけをコピーします（秘・職員のみの情報は含みません）　Ctrl+Shift+C")
        )
        self.copy_button.setAccessibleName(self.tr("連絡先をコピー"))
        self.copy_button.clicked.connect(self.copy_contact)
        # The procedure or service read here goes into the open checklist (a new one if none is open).
        self.checklist_button = push_button(self.tr("チェックリストに追加"), self)
        self.checklist_button.setObjectName("detailAddToChecklist")
        self.checklist_button.setToolTip(self.tr("表示している手続き・支援を、開いているチェックリストに加えます"))
        self.checklist_button.clicked.connect(self._add_to_checklist)
        self._item: tuple[str, int] | None = None
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.checklist_button)
        buttons.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.legend)
        layout.addLayout(buttons)
        self.show_service(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.browser
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Key.ESCAPE
        ):
            self.back_requested.emit()
            return True
        return super().eventFilter(watched, event)

    def show_service(self, detail: ServiceDetail | None, today: dt.date | None = None) -> None:
        self.detail = detail
        if detail is None:
            self.browser.setHtml(
                '<p style="color:#6b6b6b;">'
                + self.tr("一覧から支援を選ぶと、ここに詳しい内容が表示されます。")
                + "</p>"
            )
        else:
            self.browser.setHtml(self.html.service(detail, today))
        self.copy_button.setEnabled(detail is not None)
        self.set_item(("service", detail.id) if detail is not None else None)

    def _add_to_checklist(self) -> None:
        if self._item is not None:
            self.add_to_checklist.emit(*self._item)

    def set_item(self, item: tuple[str, int] | None) -> None:
        """What 「チェックリストに追加」 adds: a procedure or service shown here (None: nothing)."""
        self._item = item
        self.checklist_button.setVisible(item is not None)

    def show_html(self, html: str, item: tuple[str, int] | None = None) -> None:
        """Something other than a service (a procedure, a department): shown, nothing to copy;
        ``item``: the procedure shown, which can go on the checklist."""
        self.detail = None
        self.browser.setHtml(html)
        self.copy_button.setEnabled(False)
        self.set_item(item)

    def copy_contact(self) -> None:
        if self.detail is None:
            return
        text = self.html.contact_text(self.detail)
        if text is None:
            self.copied.emit(self.tr("この支援は職員向けの情報のため、コピーできません。"))
            return
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(self.tr("連絡先をコピーしました（利用者に伝えてよい情報のみ）。"))
