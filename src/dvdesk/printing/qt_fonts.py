"""The bundled fonts, registered with Qt once: BIZ UDPGothic for Japanese (the window's fallback
and every printout), Noto subsets for the Chinese and Vietnamese copies (registered when a
printout is made, or after the window's first paint; not before it).

Apart from ``qt_render`` (which re-exports these) so the window can load its font at start
without importing the printout machinery and, through it, the database layer.
"""

from __future__ import annotations

import logging
import unicodedata

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

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


def print_font(point_size: float = 11.0) -> QFont:
    """The font for printouts and PDFs: always the bundled one, so it embeds identically."""
    load_bundled_font()
    font = QFont(BUNDLED_FAMILY)
    font.setPointSizeF(point_size)
    return font


# Characters that draw nothing of their own: never a glyph to miss.
_NO_GLYPH = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))
_drawable: dict[str, bool] = {}
_fonts: dict[str, list[QRawFont]] = {}


def _raw_fonts(which: str) -> list[QRawFont]:
    """The bundled print fonts, or (``which`` "system") every other family Qt may fall back on."""
    if which not in _fonts:
        if which == "bundled":
            from dvdesk.printing.print_languages import FONT_FILES

            families = list(FONT_FILES)
        else:  # the system's, asked only for a character no bundled font has (a Korean name, an emoji)
            families = QFontDatabase.families()
        _fonts[which] = [QRawFont.fromFont(QFont(f)) for f in families]
    return _fonts[which]


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` no font here has a glyph for, in order, each once: drawn as an empty
    box (□) or a black block on paper, while the screen may show them (an emoji, Korean, 𠮷 typed in
    a free line). A printout holding one is refused rather than handed out with the box."""
    load_bundled_font()
    out: list[str] = []
    for c in dict.fromkeys(text):
        if c in _drawable:
            if not _drawable[c]:
                out.append(c)
            continue
        ok = unicodedata.category(c) in _NO_GLYPH or any(
            f.supportsCharacter(ord(c)) for which in ("bundled", "system") for f in _raw_fonts(which)
        )
        _drawable[c] = ok
        if not ok:
            out.append(c)
    return out
