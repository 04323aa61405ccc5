"""Japanese fonts: the system's UI font where there is one, the bundled BIZ UDPGothic otherwise.

A fresh Linux machine (or a stripped-down PC) may have no Japanese font at all, and Qt would then
draw boxes (豆腐). Printouts always use the bundled font, so a PDF looks the same on every PC and
the font is embedded in it.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase

from dvdesk import paths
from dvdesk.printing.i18n import FONT_FILES

log = logging.getLogger(__name__)

# In order of preference: Windows' UI fonts first, then common Linux/macOS CJK fonts.
SYSTEM_UI_FONTS = (
    "Yu Gothic UI", "Meiryo UI", "BIZ UDPGothic", "Yu Gothic", "Meiryo", "MS UI Gothic",
    "Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP", "IPAexGothic", "IPAPGothic",
    "Hiragino Sans", "TakaoPGothic", "VL PGothic",
)
BUNDLED_FAMILY = "BIZ UDPGothic"
BUNDLED_FILES = ("BIZUDPGothic-Regular.ttf", "BIZUDPGothic-Bold.ttf")
# Simplified Chinese and Vietnamese copies (dvdesk.printing.i18n.FONT_FILES): OFL Noto subsets.
EXTRA_FILES = tuple(f for files in FONT_FILES.values() for f in files if f not in BUNDLED_FILES)

_bundled_loaded: bool | None = None


def load_bundled_font() -> bool:
    """Register the bundled font with Qt (once). False if the files are missing or unreadable."""
    global _bundled_loaded
    if _bundled_loaded is None:
        folder = paths.resources_dir() / "fonts"
        ids = [QFontDatabase.addApplicationFont(str(folder / name)) for name in BUNDLED_FILES]
        _bundled_loaded = all(i >= 0 for i in ids)
        if not _bundled_loaded:
            log.warning("bundled Japanese font could not be loaded from %s", folder)
        for name in EXTRA_FILES:  # a missing one only affects the zh / vi copies: say so in the log
            if QFontDatabase.addApplicationFont(str(folder / name)) < 0:
                log.warning("bundled font %s could not be loaded", name)
    return _bundled_loaded


def ui_font_family() -> str:
    """The family the window should use for Japanese text."""
    installed = set(QFontDatabase.families())
    for family in SYSTEM_UI_FONTS:
        if family in installed and family != BUNDLED_FAMILY:
            return family
    load_bundled_font()
    return BUNDLED_FAMILY


def print_font(point_size: float = 11.0) -> QFont:
    """The font for printouts and PDFs: always the bundled one, so it embeds identically."""
    load_bundled_font()
    font = QFont(BUNDLED_FAMILY)
    font.setPointSizeF(point_size)
    return font
