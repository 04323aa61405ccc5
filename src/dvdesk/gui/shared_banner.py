"""The banner that says plainly when the shared server is away, and what still works.

Bound to a ``dvdesk.app.shared_mode.SharedDatabase``: a timer asks it every few seconds whether
the server answers (``probe``); the banner shows while it does not and hides when it is back.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget
from shiboken6 import isValid

from dvdesk.gui.plain import plain_label

PROBE_MS = 5000
STYLE = "background:#FDECEA; color:#8A1C1C; border:1px solid #F5C2C0; padding:8px; border-radius:3px;"


class ServerBanner(QWidget):
    def __init__(self, db, parent: QWidget | None = None, interval_ms: int = PROBE_MS, clock=dt.datetime.now) -> None:
        super().__init__(parent)
        self.setObjectName("serverBanner")
        self.db, self.clock = db, clock
        self.since: dt.datetime | None = None
        self.label = plain_label()
        self.label.setObjectName("serverBannerText")
        self.label.setWordWrap(True)
        self.label.setStyleSheet(STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        # The window is rebuilt on a language switch: a deleted banner must not be called.
        self._listener = lambda online: self.show_state(online) if isValid(self) else None
        db.listeners.append(self._listener)
        self.destroyed.connect(lambda *_: self._forget())
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.show_state(db.online)

    def check(self) -> None:
        self.db.probe()  # calls show_state through the listener when the state flips

    def show_state(self, online: bool) -> None:
        if online:
            self.since = None
            self.hide()
            return
        self.since = self.since or self.clock()
        copy = self._copy_time()
        self.label.setText(
            self.tr(
                "⚠ 共有サーバーに接続できません（{since} から）。検索・ディレクトリ・チェックシートは、この PC の控え"
                "（{copy} 時点）で使えます。紹介の記録と状況の変更は、失われないよう受け付けません。"
                "サーバーが戻ると自動で元に戻ります。"
            ).format(since=f"{self.since:%H:%M}", copy=copy)
        )
        self.show()

    def _copy_time(self) -> str:
        try:
            stamp = dt.datetime.fromtimestamp(self.db.copy_path.stat().st_mtime)
        except OSError:
            return self.tr("不明")
        return f"{stamp:%m/%d %H:%M}"

    def _forget(self) -> None:
        if self._listener in self.db.listeners:
            self.db.listeners.remove(self._listener)
