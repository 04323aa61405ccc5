"""The checklist window fits a 1024×768 screen at the desk's font (BIZ UDPGothic 11 pt): it was at
least 1261 px wide, the situation's and the print box's check boxes on one line each. On a small
screen the side columns wrap their words (never cut them) and the list keeps its columns readable;
at 1400 px 持ち物 and 注意 were 41 px each («…» under a cut header)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QCheckBox, QScrollArea

from dvdesk.gui import i18n
from dvdesk.gui.app import apply_font
from dvdesk.gui.checklist_dialog import ChecklistDialog
from dvdesk.gui.window_size import TITLE_BAR

FRAME = 16  # the window manager's borders, left and right
NEEDS = ["safety.shelter", "money", "children.allowance", "children.school", "info_protection", "insurance_pension"]


@pytest.fixture(params=["ja", "en"])
def language(request, qapp):
    before = QApplication.font()
    apply_font(qapp, 11)  # the desk's default size
    translators = i18n.Translators()
    if request.param == "en":
        assert translators.install("en")
    yield request.param
    translators.uninstall()
    qapp.setFont(before)


def dialog_at(qtbot, db, size: QSize) -> ChecklistDialog:
    d = ChecklistDialog(db, "162027", NEEDS)
    qtbot.addWidget(d)
    for key in ("children", "school", "health_insurance"):
        d.circumstance_boxes[key].setChecked(True)
    d.resize(size)
    d.show()
    qtbot.waitExposed(d)
    return d


def test_the_checklist_window_fits_1024_by_768_with_nothing_cut_at_the_sides(qtbot, bundled_db, language):
    d = dialog_at(qtbot, bundled_db, QSize(1024 - FRAME, 768 - TITLE_BAR - 40))  # a 40-px taskbar
    least = d.minimumSizeHint()
    assert least.width() + FRAME <= 1024 and least.height() + TITLE_BAR <= 768 - 40, (language, least)
    assert d.width() <= 1024 - FRAME
    # Neither side column scrolls sideways: in English the group titles did not wrap, and 「Slip to the
    # chosen window」 made the right column 303 px in a 293-px view, 閉じる half under its scroll bar.
    for area in d.findChildren(QScrollArea):
        if area.widget() is not None and area.widget().findChildren(QCheckBox):
            assert area.widget().width() <= area.viewport().width(), ("a side column scrolls sideways", language)
    header = d.view.header()
    for column in (1, 2):  # 持ち物 and 注意: at least their header
        assert header.sectionSize(column) >= header.sectionSizeHint(column), (language, column)


def test_at_1400_px_what_to_bring_and_cautions_have_room(qtbot, bundled_db, language):
    d = dialog_at(qtbot, bundled_db, QSize(1400 - FRAME, 900 - TITLE_BAR))
    header, em = d.view.header(), d.view.fontMetrics().height()
    assert header.sectionSize(1) >= 8 * em and header.sectionSize(2) >= 8 * em, [
        header.sectionSize(c) for c in range(3)
    ]
    # Names are not cut: a name wider than its column wraps (its row is taller than one line).
    m = d.model
    long_rows = [
        m.index(r, 0, m.index(s, 0))
        for s in range(m.rowCount())
        for r in range(m.rowCount(m.index(s, 0)))
        if d.view.fontMetrics().horizontalAdvance(m.index(r, 0, m.index(s, 0)).data()) > header.sectionSize(0)
    ]
    line = d.view.fontMetrics().height()
    assert all(d.view.itemDelegate().sizeHint(_option(d), i).height() > 1.5 * line for i in long_rows)


def _option(d):
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(d.view)
    option.font = d.view.font()
    option.fontMetrics = d.view.fontMetrics()
    option.features = QStyleOptionViewItem.ViewItemFeature.WrapText
    return option
