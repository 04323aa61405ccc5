"""A check box whose text wraps onto more lines when its column is narrow, and a group box whose
title does.

``QCheckBox`` asks for its whole text on one line as its minimum width: the checklist's 状況 and
目立たない印刷 boxes alone made the window 1261 px wide at 11 pt, wider than a 1024×768 screen.
``WrapCheckBox`` is a ``QCheckBox`` (``text()``, ``toggled``, the keyboard, the mnemonic), asks
for its one-line width as its preferred size, shrinks to a few characters, and then wraps its text
(never cuts it); a click on the text ticks it, as on a plain check box.

A ``QGroupBox`` likewise asks for its whole title on one line: in English 「Slip to the chosen
window」 made the checklist's right column 303 px in its 293-px share at 1024 px, so the column
scrolled sideways with 閉じる half under the scroll bar. ``titled(box)`` shows the title as a
wrapping label over the frame, where the style draws a group's title.

``WrapRowHeader`` is a table's row header (its rows' names) no wider than a given width, a longer
name on more lines: the count entry's 「Child allowances and single-parent support」 (385 px) pushed
its 計 column out of a 1024-px screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

WRAP = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextShowMnemonic
LEFT_TOP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
WORD_WRAP = Qt.AlignmentFlag(int(Qt.TextFlag.TextWordWrap.value))  # a header's alignment may carry it
LEAST_CHARACTERS = 6  # the narrowest it goes: a few characters a line


class WrapCheckBox(QCheckBox):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(text.replace("&", ""))

    def _indent(self) -> int:
        style = self.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self) + style.pixelMetric(
            QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self
        )

    def _text_rect(self, width: int) -> QRect:
        return self.fontMetrics().boundingRect(
            QRect(0, 0, max(width - self._indent(), 1), 100_000), int(WRAP.value), self.text()
        )

    def minimumSizeHint(self) -> QSize:
        least = self._indent() + self.fontMetrics().height() * LEAST_CHARACTERS
        return QSize(min(least, super().sizeHint().width()), super().minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self._text_rect(width).height() + 2, super().sizeHint().height())

    def sizeHint(self) -> QSize:
        one_line = super().sizeHint()
        return QSize(one_line.width(), max(one_line.height(), self.heightForWidth(one_line.width())))

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)  # the text too, as a plain check box

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""  # the indicator (and its focus frame) from the style, the text below
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)
        area = self.rect().adjusted(self._indent(), 0, 0, 0)
        role = self.foregroundRole()
        painter.drawItemText(
            area, int(LEFT_TOP.value) | int(WRAP.value), self.palette(), self.isEnabled(), self.text(), role
        )


def titled(box: QGroupBox) -> QWidget:
    """``box`` under its title as a label that wraps (the box keeps it as its accessible name)."""
    title = box.title()
    box.setTitle("")
    box.setAccessibleName(title.replace("&", ""))
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    heading = QLabel(title)
    heading.setObjectName("groupTitle")
    heading.setWordWrap(True)
    layout.addWidget(heading)
    layout.addWidget(box)
    return holder


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
