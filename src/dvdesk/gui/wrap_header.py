"""A table's row header (its rows' names) no wider than a given width, a longer name on more lines:
the count entry's 「Child allowances and single-parent support」 (385 px) beside its five columns
pushed 計 out of a 1024-px screen in English.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QWidget

WORD_WRAP = Qt.AlignmentFlag(int(Qt.TextFlag.TextWordWrap.value))  # a header's alignment may carry it


class WrapRowHeader(QHeaderView):
    """A vertical header at most ``most`` px wide; a name wider than that wraps, its row as tall as it."""

    MARGIN = 8  # the style's margins around a section's text

    def __init__(self, most: int, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.most = most
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | WORD_WRAP)
        self.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def sectionSizeFromContents(self, logical: int) -> QSize:
        size = super().sectionSizeFromContents(logical)
        size.setHeight(max(size.height(), self.defaultSectionSize()))  # rows as tall as before, at least
        model = self.model()
        if size.width() <= self.most or model is None:
            return size
        text = str(model.headerData(logical, Qt.Orientation.Vertical) or "")
        box = self.fontMetrics().boundingRect(QRect(0, 0, self.most - self.MARGIN, 100_000), int(WORD_WRAP.value), text)
        return QSize(self.most, max(size.height(), box.height() + self.MARGIN))
