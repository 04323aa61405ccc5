"""Japanese fonts: the system's UI font where there is one, the bundled BIZ UDPGothic otherwise.

A fresh Linux machine (or a stripped-down PC) may have no Japanese font at all, and Qt would then
draw boxes (豆腐). Printouts always use the bundled font, so a PDF looks the same on every PC and
the font is embedded in it (the bundled font is registered by ``dvdesk.printing.qt_fonts``).
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from dvdesk.printing import qt_fonts
from dvdesk.printing.qt_fonts import BUNDLED_FAMILY

# In order of preference: Windows' UI fonts first, then common Linux/macOS CJK fonts.
SYSTEM_UI_FONTS = (
    "Yu Gothic UI",
    "Meiryo UI",
    "BIZ UDPGothic",
    "Yu Gothic",
    "Meiryo",
    "MS UI Gothic",
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans JP",
    "IPAexGothic",
    "IPAPGothic",
    "Hiragino Sans",
    "TakaoPGothic",
    "VL PGothic",
)


def ui_font_family() -> str:
    """The family the window should use for Japanese text."""
    installed = set(QFontDatabase.families())
    for family in SYSTEM_UI_FONTS:
        if family in installed and family != BUNDLED_FAMILY:
            return family
    qt_fonts.load_japanese_font()
    return BUNDLED_FAMILY


def load_fallback_extras() -> None:
    """After the first paint: where the window draws with the bundled font (no Japanese font on
    this PC), the bundled Chinese and Vietnamese subsets too, as before they waited for it, so
    translations shown in the window find their glyphs."""
    if qt_fonts.japanese_font_loaded():
        qt_fonts.load_extra_fonts()
