"""Rows with room for Japanese text in a list or a tree.

A list's or tree's default row is exactly the font's height: with the bundled BIZ UDPGothic at
11 pt, 15 px rows for kanji 15 px tall, so each row's background cut the lowest pixels of the row
above it (the checklist's items read as clipped). A quarter of a line more, centred around the text.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem


class RoomyRows(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + room(option.fontMetrics.height()))


def room(line_height: int) -> int:
    """Pixels added to a row of text ``line_height`` high (at least 4: 2 above, 2 below)."""
    return max(4, line_height // 4)


def give_room(view: QAbstractItemView) -> None:
    view.setItemDelegate(RoomyRows(view))
