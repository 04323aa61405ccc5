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

No ``Qt`` namespace nor ``QStyle`` before it wraps: the desk's 「啓発・庁内の取組も表示」 is one of
these, made and painted before the desk's first paint, where ``QStyle``'s Python type alone costs
5 ms (≈ 3 % of the start). Its flags are Qt's values as ints (``gui.qt_ints``); on one line it is
measured and painted by ``QCheckBox`` itself.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

MNEMONIC = 0x0800  # Qt.TextShowMnemonic
WRAP = 0x1000 | MNEMONIC  # Qt.TextWordWrap | Qt.TextShowMnemonic
LEFT_TOP = 0x0001 | 0x0020  # Qt.AlignLeft | Qt.AlignTop
LEAST_CHARACTERS = 6  # the narrowest it goes: a few characters a line


class WrapCheckBox(QCheckBox):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(text.replace("&", ""))

    def _indent(self) -> int:
        """What the style puts before the text: the indicator and the spacing."""
        from PySide6.QtWidgets import QStyle  # only once it wraps (see the module's note)

        style = self.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self) + style.pixelMetric(
            QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self
        )

    def _text_rect(self, width: int) -> QRect:
        return self.fontMetrics().boundingRect(QRect(0, 0, max(width - self._indent(), 1), 100_000), WRAP, self.text())

    def minimumSizeHint(self) -> QSize:
        # The indent as QCheckBox's one-line width less its text's (a few pixels more than the
        # style's metrics: a floor, and no QStyle before the desk's first paint).
        indent = super().sizeHint().width() - self.fontMetrics().size(MNEMONIC, self.text()).width()
        least = max(indent, 0) + self.fontMetrics().height() * LEAST_CHARACTERS
        return QSize(min(least, super().sizeHint().width()), super().minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        one_line = super().sizeHint()
        if width >= one_line.width():
            return one_line.height()
        return max(self._text_rect(width).height() + 2, one_line.height())

    def sizeHint(self) -> QSize:
        one_line = super().sizeHint()
        return QSize(one_line.width(), max(one_line.height(), self.heightForWidth(one_line.width())))

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)  # the text too, as a plain check box

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.width() >= super().sizeHint().width():
            super().paintEvent(event)  # on one line: as a plain check box
            return
        from PySide6.QtWidgets import QStyle, QStyleOptionButton, QStylePainter  # only once it wraps

        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""  # the indicator (and its focus frame) from the style, the text below
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)
        area = self.rect().adjusted(self._indent(), 0, 0, 0)
        role = self.foregroundRole()
        painter.drawItemText(area, LEFT_TOP | WRAP, self.palette(), self.isEnabled(), self.text(), role)


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
