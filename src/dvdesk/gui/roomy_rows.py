"""Rows with room for Japanese text in a list or a tree.

A list's or tree's default row is exactly the font's height: with the bundled BIZ UDPGothic at
11 pt, 15 px rows for kanji 15 px tall, so each row's background cut the lowest pixels of the row
above it (the checklist's items read as clipped). A quarter of a line more, centred around the text.

``give_room(list_view, wrap=True)``: a list's long item wraps at the list's width instead of running
past its edge (the referral form's needs and services, cut in English: 「single-parer」).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyledItemDelegate, QStyleOptionViewItem


class RoomyRows(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + room(option.fontMetrics.height()))


def room(line_height: int) -> int:
    """Pixels added to a row of text ``line_height`` high (at least 4: 2 above, 2 below)."""
    return max(4, line_height // 4)


class WrappedListRows(RoomyRows):
    """A list's rows measured at the list's width: a longer text wraps (the list lays its rows out again
    when it is resized, ``QListView.ResizeMode.Adjust``)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = self.parent()
        if not isinstance(view, QListView):
            return super().sizeHint(option, index)
        width = max(view.viewport().width() - 2 * view.spacing(), 40)
        wrapped = QStyleOptionViewItem(option)
        wrapped.rect = QRect(0, 0, width, 100_000)
        wrapped.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        size = super().sizeHint(wrapped, index)
        return QSize(min(size.width(), width), size.height())


def give_room(view: QAbstractItemView, wrap: bool = False) -> None:
    if wrap and isinstance(view, QListView):
        view.setWordWrap(True)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setItemDelegate(WrappedListRows(view))
        return
    view.setItemDelegate(RoomyRows(view))
