"""The administration list's columns: as wide as their content, the long text columns (a name, a
provider) given up first so that the last verification date stays in view.

At 1024 px the name and 提供する部署 columns took 340 px each and 最終確認 began 9 px before the list's
edge: 「La」 over 「No」, and a date there would read as another date (「2026-1」).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

MOST, LEAST = 340, 140  # a text column's width at most, and how far it gives way


class CappedColumns(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.content: list[int] = []  # each column's content width, measured when the list changes
        self.capped: tuple[int, ...] = ()
        table.viewport().installEventFilter(self)

    def measure(self, capped: tuple[int, ...]) -> None:
        """After the list changed: the content widths, then the caps for the list's width. Only the
        ``capped`` columns give way (a name, a provider: cut with «…»); a date, a state, never."""
        table = self.table
        table.resizeColumnsToContents()
        self.content = [table.columnWidth(c) for c in range(table.model().columnCount())]
        self.capped = capped
        self.fit()

    def fit(self) -> None:
        widths = self.content
        if not widths:
            return
        room = self.table.viewport().width()
        shown = widths[:-1]  # the key, last, takes what is left (stretched)

        def total(cap: int) -> int:
            return sum(min(w, cap) if c in self.capped else w for c, w in enumerate(shown))

        cap = MOST
        while cap > LEAST and total(cap) > room:
            cap -= 10
        for column, width in enumerate(shown):
            self.table.setColumnWidth(column, min(width, cap) if column in self.capped else width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
