"""Rebuild the bundled Chinese and Vietnamese print fonts (a developer tool; needs fontTools).

The client copy in simplified Chinese or Vietnamese needs glyphs BIZ UDPGothic does not have.
dvdesk ships OFL Noto fonts cut down to what a printout can need:

- Noto Sans CJK SC (face 2 of Debian's fonts-noto-cjk NotoSansCJK-*.ttc): every character of
  GB 2312 (the 6,763 common simplified hanzi), CJK and full-width punctuation, and every character
  of the shipped Chinese translations, so an administrator's corrections rarely fall outside it;
- Noto Sans (fonts-noto-core): Latin with Vietnamese (Latin Extended Additional) and punctuation.

Usage: apt-get download fonts-noto-cjk fonts-noto-core; dpkg-deb -x each .deb into X; then
    python scripts/subset_fonts.py X/usr/share/fonts
tests/test_translation_fonts.py checks that every character the shipped translations use is in
the bundled fonts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "fonts"
TRANSLATIONS = ROOT / "resources" / "directory" / "translations"


def gb2312() -> set[int]:
    found = set()
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes([b1, b2]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return found


def used(lang: str) -> set[int]:
    path = TRANSLATIONS / f"{lang}.toml"
    return {ord(c) for c in path.read_text(encoding="utf-8")} if path.exists() else set()


def ranges(*spans: tuple[int, int]) -> set[int]:
    return {c for a, b in spans for c in range(a, b + 1)}


def cut(font: TTFont, unicodes: set[int], target: Path) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    font.save(str(target))
    print(f"{target.name}: {target.stat().st_size // 1024} KiB")


def main(fonts: Path) -> None:
    common = ranges((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF))
    hanzi = gb2312() | common | used("zh")
    latin = ranges(
        (0x20, 0x7E),
        (0xA0, 0x24F),
        (0x300, 0x36F),
        (0x1E00, 0x1EFF),
        (0x2000, 0x206F),
        (0x20AB, 0x20AC),
        (0x2100, 0x2122),
        (0x25A1, 0x25A1),
        (0x2713, 0x2713),
    ) | {c for lang in ("vi", "en", "pt") for c in used(lang) if c < 0x3000}
    # One weight of the hanzi (3 MB): Qt draws headings in a synthesised bold.
    ttc = TTCollection(str(fonts / "opentype" / "noto" / "NotoSansCJK-Regular.ttc"))
    cut(ttc.fonts[2], hanzi, OUT / "NotoSansSC-Regular-subset.otf")
    for weight in ("Regular", "Bold"):
        cut(
            TTFont(str(fonts / "truetype" / "noto" / f"NotoSans-{weight}.ttf")),
            latin,
            OUT / f"NotoSans-{weight}-subset.ttf",
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
