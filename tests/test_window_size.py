"""The checklist window fits a 1366×768 municipal laptop, in Japanese and in English (it opened
1,520 px wide in English, its least width, so it could not be made to fit)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from dvdesk.gui import i18n
from dvdesk.gui.app import apply_font
from dvdesk.gui.checklist_dialog import ChecklistDialog
from dvdesk.gui.settings import DEFAULT_POINT_SIZE
from dvdesk.gui.window_size import SMALL_SCREEN, TITLE_BAR, fit
from stats_fixtures import TODAY

FRAME = 16  # the window manager's borders, left and right


@pytest.fixture(params=["ja", "en"])
def language(request, qapp):
    translators = i18n.Translators()
    if request.param == "en":
        assert translators.install("en")
    yield request.param
    translators.uninstall()


def test_the_checklist_window_fits_a_small_laptop_screen_in_either_language(qtbot, bundled_db, language):
    dialog = ChecklistDialog(bundled_db, "高岡市", ["housing", "money", "safety"])
    qtbot.addWidget(dialog)
    least = dialog.minimumSizeHint()
    assert least.width() + FRAME <= SMALL_SCREEN.width(), (language, least)
    assert least.height() + TITLE_BAR <= SMALL_SCREEN.height(), (language, least)
    on_the_laptop = fit(QSize(1280, 800), SMALL_SCREEN - QSize(0, 40), least)  # a 40-px taskbar
    assert on_the_laptop.width() <= SMALL_SCREEN.width() and on_the_laptop.height() + TITLE_BAR <= 768 - 40
    dialog.show()
    screen = dialog.screen().availableGeometry()
    assert dialog.height() <= max(screen.height() - TITLE_BAR, least.height())  # 800 was taller than 768


@pytest.mark.parametrize("screen", [QSize(1280, 800), QSize(1024, 768)], ids=["1280", "1024"])
def test_the_checklist_window_fits_the_smaller_desk_screens_too(qtbot, bundled_db, language, screen):
    """At 1280 px its least width in English was 1,326 px, and at 1024 px in Japanese 1,261 px: the
    print and slip buttons and 閉じる were past the screen's edge (h13-lang, under Xvfb)."""
    font = QApplication.font()
    apply_font(QApplication.instance(), DEFAULT_POINT_SIZE)  # the desk's own font, as the counselor sees it
    try:
        dialog = ChecklistDialog(bundled_db, "高岡市", ["housing", "children"])
        qtbot.addWidget(dialog)
        assert dialog.minimumSizeHint().width() + FRAME <= screen.width(), (language, dialog.minimumSizeHint())
        dialog.show()
        dialog.resize(dialog.minimumSizeHint())
        QApplication.processEvents()
        case_ref = dialog.slip.case_ref  # its hint: never a name — whole, at the narrowest
        hint = case_ref.fontMetrics().horizontalAdvance(case_ref.placeholderText())
        assert case_ref.width() >= hint, (language, case_ref.width(), hint)
    finally:
        QApplication.setFont(font)


def test_a_window_gets_what_it_asks_for_on_a_large_screen_and_never_less_than_its_minimum():
    assert fit(QSize(1280, 800), QSize(1920, 1040), QSize(900, 500)) == QSize(1280, 800)
    assert fit(QSize(1280, 800), QSize(1366, 728), QSize(900, 500)) == QSize(1280, 728 - TITLE_BAR)
    assert fit(QSize(1280, 800), QSize(800, 600), QSize(900, 500)) == QSize(900, 600 - TITLE_BAR)


@pytest.mark.parametrize("which", ["referral_log", "statistics"])
def test_the_referral_log_and_the_statistics_fit_a_1024_screen(qtbot, mini_db, language, which):
    """In English the referral log's least width was 1,064 px and the statistics' 1,171 px, one row
    of tools each: past a 1024-px screen's edge (h13-lang, under Xvfb)."""
    from dvdesk.gui.referrals import ReferralLogWindow, StatisticsWindow

    font = QApplication.font()
    apply_font(QApplication.instance(), DEFAULT_POINT_SIZE)
    try:
        make = {"referral_log": ReferralLogWindow, "statistics": StatisticsWindow}[which]
        window = make(mini_db, clock=lambda: TODAY)
        qtbot.addWidget(window)
        assert window.minimumSizeHint().width() + FRAME <= 1024, (language, window.minimumSizeHint())
    finally:
        QApplication.setFont(font)
