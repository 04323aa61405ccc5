"""A small stacked bar chart drawn with QPainter (PySide6-Essentials has no QtCharts).

Vertical bars suit the twelve months; horizontal bars suit departments and needs, whose
Japanese names are long. The same ``paint`` draws on the screen and into a PNG for the plan's
progress report, so the saved image is what the administrator saw, only sharper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dvdesk.files import WriteFailed, atomic_write

# Colour-blind-safe (Okabe–Ito) colours, in the order series are given.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
AXIS = QColor("#555555")
GRID = QColor("#DDDDDD")
TEXT = QColor("#222222")
IMAGE_SIZE = QSize(960, 560)  # logical pixels of a saved chart: fits an A4 page of the progress report


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


def nice_step(maximum: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10ⁿ, at least 1) giving about ``ticks`` gridlines."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return max(1, step)


class BarChart(QWidget):
    def __init__(self, orientation: Qt.Orientation = Qt.Orientation.Vertical, parent: QWidget | None = None):
        super().__init__(parent)
        self.orientation = orientation
        self.title = ""
        self.categories: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.unit = self.tr("件")
        self.footnote = ""  # e.g. where the numbers come from, drawn small at the bottom right
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 240)

    def set_data(
        self,
        title: str,
        categories: list[str] | tuple[str, ...],
        series: list[Series],
        unit: str | None = None,
        footnote: str = "",
    ) -> None:
        """``unit`` follows the top value on the axis (件 unless given)."""
        self.title, self.categories, self.series = title, tuple(categories), tuple(series)
        self.unit, self.footnote = self.tr("件") if unit is None else unit, footnote
        self.update()

    def totals(self) -> list[int]:
        return [sum(s.values[i] for s in self.series) for i in range(len(self.categories))]

    def sizeHint(self) -> QSize:
        return QSize(720, 420)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        try:
            self.paint(painter, QRectF(self.rect()))
        finally:
            painter.end()

    def render_image(self, size: QSize = IMAGE_SIZE, scale: float = 2.0) -> QImage:
        """The chart at ``size`` logical pixels, drawn ``scale`` times sharper, on white."""
        image = QImage(int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(scale)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        try:
            painter.setFont(self.font())
            self.paint(painter, QRectF(0, 0, size.width(), size.height()))
        finally:
            painter.end()
        return image

    def save_png(self, path: str, size: QSize = IMAGE_SIZE) -> str | None:
        """Write the chart whole or not at all (Qt leaves a cut-off file on a full disk): None, or why
        not in one line (a full disk, a read-only folder: ``files.explain``); "" when Qt drew nothing."""
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.render_image(size).save(buffer, "PNG"):  # type: ignore[call-overload]  # stub says bytes; PySide wants str
            return ""
        try:
            atomic_write(Path(path), bytes(buffer.data().data()))
        except WriteFailed as exc:
            return exc.message
        return None

    # ------------------------------------------------------------ drawing

    def paint(self, p: QPainter, area: QRectF) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(area, Qt.GlobalColor.white)
        base = QFont(self.font())
        fm = QFontMetricsF(base)
        pad = fm.height() * 0.8
        box = area.adjusted(pad, pad * 0.6, -pad, -pad * 0.6)
        title_font = QFont(base)
        title_font.setPointSizeF(base.pointSizeF() * 1.2)
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(TEXT)
        title_h = QFontMetricsF(title_font).height()
        p.drawText(QRectF(box.left(), box.top(), box.width(), title_h), Qt.AlignmentFlag.AlignLeft, self.title)
        box.setTop(box.top() + title_h + fm.height() * 0.4)
        p.setFont(base)
        if self.footnote:
            small = QFont(base)
            small.setPointSizeF(base.pointSizeF() * 0.85)
            small_h = QFontMetricsF(small).height()
            p.setFont(small)
            p.setPen(AXIS)
            p.drawText(
                QRectF(box.left(), box.bottom() - small_h, box.width(), small_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.footnote,
            )
            box.setBottom(box.bottom() - small_h - fm.height() * 0.3)
            p.setFont(base)
        if len(self.series) > 1:
            box.setTop(self._legend(p, box, fm) + fm.height() * 0.5)
        totals = self.totals()
        if not self.categories or not any(totals):
            p.setPen(AXIS)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.tr("この期間のデータはありません"))
            return
        step = nice_step(max(totals))
        top = step * math.ceil(max(totals) / step)
        if self.orientation == Qt.Orientation.Vertical:
            self._vertical(p, box, fm, totals, step, top)
        else:
            self._horizontal(p, box, fm, totals, step, top)

    def _legend(self, p: QPainter, box: QRectF, fm: QFontMetricsF) -> float:
        x, y, swatch = box.left(), box.top(), fm.height() * 0.7
        for i, s in enumerate(self.series):
            p.fillRect(QRectF(x, y + (fm.height() - swatch) / 2, swatch, swatch), QColor(PALETTE[i % len(PALETTE)]))
            x += swatch + fm.height() * 0.3
            p.setPen(TEXT)
            p.drawText(
                QRectF(x, y, fm.horizontalAdvance(s.name) + 2, fm.height()), Qt.AlignmentFlag.AlignVCenter, s.name
            )
            x += fm.horizontalAdvance(s.name) + fm.height()
        return y + fm.height()

    def _vertical(
        self, p: QPainter, box: QRectF, fm: QFontMetricsF, totals: list[int], step: float, top: float
    ) -> None:
        axis_w = fm.horizontalAdvance(f"{int(top):,}{self.unit}") + fm.height() * 0.5
        plot = QRectF(
            box.left() + axis_w, box.top() + fm.height() * 0.3, box.width() - axis_w, box.height() - fm.height() * 1.6
        )
        self._value_grid(p, plot, fm, step, top, vertical=True)
        slot = plot.width() / len(self.categories)
        bar_w = slot * 0.62
        for i, label in enumerate(self.categories):
            x = plot.left() + slot * i + (slot - bar_w) / 2
            y = plot.bottom()
            for k, s in enumerate(self.series):
                h = plot.height() * s.values[i] / top
                p.fillRect(QRectF(x, y - h, bar_w, h), QColor(PALETTE[k % len(PALETTE)]))
                y -= h
            p.setPen(TEXT)
            if totals[i]:
                p.drawText(
                    QRectF(x - slot, y - fm.height(), bar_w + 2 * slot, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    f"{totals[i]:,}",
                )
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, slot)
            p.drawText(
                QRectF(plot.left() + slot * i, plot.bottom() + fm.height() * 0.3, slot, fm.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                text,
            )

    def _horizontal(
        self, p: QPainter, box: QRectF, fm: QFontMetricsF, totals: list[int], step: float, top: float
    ) -> None:
        label_w = min(max(fm.horizontalAdvance(c) for c in self.categories) + fm.height() * 0.6, box.width() * 0.38)
        value_w = max(
            fm.horizontalAdvance(f"{max(totals):,}") + fm.height() * 0.6,
            fm.horizontalAdvance(f"{int(top):,}{self.unit}") / 2 + 2,
        )
        plot = QRectF(
            box.left() + label_w, box.top(), box.width() - label_w - value_w, box.height() - fm.height() * 1.4
        )
        self._value_grid(p, plot, fm, step, top, vertical=False)
        slot = plot.height() / len(self.categories)
        bar_h = min(slot * 0.66, fm.height() * 2.2)
        for i, label in enumerate(self.categories):
            y = plot.top() + slot * i + (slot - bar_h) / 2
            x = plot.left()
            for k, s in enumerate(self.series):
                w = plot.width() * s.values[i] / top
                p.fillRect(QRectF(x, y, w, bar_h), QColor(PALETTE[k % len(PALETTE)]))
                x += w
            p.setPen(TEXT)
            p.drawText(
                QRectF(x + fm.height() * 0.25, y, value_w, bar_h), Qt.AlignmentFlag.AlignVCenter, f"{totals[i]:,}"
            )
            text = fm.elidedText(label, Qt.TextElideMode.ElideMiddle, label_w - fm.height() * 0.4)
            p.drawText(
                QRectF(box.left(), plot.top() + slot * i, label_w - fm.height() * 0.4, slot),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

    def _value_grid(
        self, p: QPainter, plot: QRectF, fm: QFontMetricsF, step: float, top: float, vertical: bool
    ) -> None:
        """Gridlines at each tick, the zero line darker; the last tick carries the unit."""
        ticks = int(round(top / step))
        for t in range(ticks + 1):
            value = step * t
            label = f"{int(value):,}" + (self.unit if t == ticks else "")
            p.setPen(QPen(GRID if t else AXIS, 1))
            if vertical:
                y = plot.bottom() - plot.height() * value / top
                p.drawLine(QLineF(plot.left(), y, plot.right(), y))
                where = QRectF(plot.left() - 200, y - fm.height() / 2, 200 - fm.height() * 0.3, fm.height())
                align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            else:
                x = plot.left() + plot.width() * value / top
                p.drawLine(QLineF(x, plot.top(), x, plot.bottom()))
                where = QRectF(x - 100, plot.bottom() + fm.height() * 0.2, 200, fm.height())
                align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            p.setPen(AXIS)
            p.drawText(where, align, label)
