"""The bundled fonts, registered with Qt once: BIZ UDPGothic for Japanese (the window's fallback
and every printout), Noto subsets for the Chinese and Vietnamese copies (registered when a
printout is made, or after the window's first paint; not before it).

Apart from ``qt_render`` (which re-exports these) so the window can load its font at start
without importing the printout machinery and, through it, the database layer.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from dvdesk import paths

log = logging.getLogger(__name__)
BUNDLED_FAMILY = "BIZ UDPGothic"
BUNDLED_FILES = ("BIZUDPGothic-Regular.ttf", "BIZUDPGothic-Bold.ttf")

_bundled_loaded: bool | None = None
_extras_loaded = False


def load_japanese_font() -> bool:
    """Register BIZ UDPGothic with Qt (once): the window's font on a PC without a Japanese one.
    False if the files are missing or unreadable."""
    global _bundled_loaded
    if _bundled_loaded is None:
        folder = paths.resources_dir() / "fonts"
        ids = [QFontDatabase.addApplicationFont(str(folder / name)) for name in BUNDLED_FILES]
        _bundled_loaded = all(i >= 0 for i in ids)
        if not _bundled_loaded:
            log.warning("bundled Japanese font could not be loaded from %s", folder)
    return _bundled_loaded


def japanese_font_loaded() -> bool:
    return bool(_bundled_loaded)


def load_extra_fonts() -> None:
    """Register the Chinese and Vietnamese subsets (once): printouts need them, the window's
    first paint does not (``gui.app`` registers them after it when the window uses BIZ UDPGothic)."""
    global _extras_loaded
    if not _extras_loaded:
        _extras_loaded = True
        folder = paths.resources_dir() / "fonts"
        for name in extra_files():  # a missing one only affects the zh / vi copies: say so in the log
            if QFontDatabase.addApplicationFont(str(folder / name)) < 0:
                log.warning("bundled font %s could not be loaded", name)


def extra_files() -> tuple[str, ...]:
    """The Simplified Chinese and Vietnamese copies' fonts (OFL Noto subsets), from the print
    languages' table: imported here, not by the window's start (its dataclass and tables cost
    ~15 ms of CPU before the first paint)."""
    from dvdesk.printing.print_languages import FONT_FILES

    return tuple(f for files in FONT_FILES.values() for f in files if f not in BUNDLED_FILES)


def load_bundled_font() -> bool:
    """Register every bundled font with Qt (once), as a printout needs. False if the Japanese
    font's files are missing or unreadable."""
    loaded = load_japanese_font()
    load_extra_fonts()
    return loaded
