"""A printout ready to draw: title, HTML body, footer; and the helpers the builders share."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from dvdesk.domain import discreet
from dvdesk.domain.disclosure import Printable

BODY_PT = 11.5  # readable at arm's length; nothing on a page is smaller than 11pt
TABLE = (
    "<table border='1' cellspacing='0' width='100%' style='border-width:1pt; border-style:solid; border-color:#000'>"
)
FONT_FAMILY = "BIZ UDPGothic"  # dvdesk.gui.fonts.BUNDLED_FAMILY, embedded in every PDF
# Japanese names inside a copy in another language: always the Japanese font (a Chinese font
# would draw 市民課 with Chinese glyph shapes the window may misread).
JA_FONTS = (FONT_FAMILY, "Noto Sans CJK SC")


@dataclass(frozen=True)
class PrintDocument:
    title: str  # also the PDF's title and the suggested file name
    html: str
    footer: str  # left of the footer: date printed (and 職員用 on a staff copy)
    page_label: str  # right of the footer, with {page} and {pages}
    discreet: bool = False
    # What must be on paper, each as printed (an item's number and name): the renderer refuses
    # a layout on whose pages one of them is not found.
    items: tuple[str, ...] = ()

    def plain_text(self) -> str:
        """Everything the page says, for the discreet check and for tests."""
        body = re.sub(r"<head>.*?</head>|<[^>]+>", " ", self.html, flags=re.S)
        return " ".join([self.title, html.unescape(body), self.footer, self.page_label])


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def require_printable(value: object) -> Printable:
    if not isinstance(value, Printable):
        raise TypeError("printouts are built only from disclosure.checklist_for(...)")
    return value


def finish(doc: PrintDocument) -> PrintDocument:
    """The last gate: a discreet page that still says what it is about is refused."""
    if doc.discreet:
        discreet.ensure_clean(doc.plain_text())
    return doc


STYLE = """
body {{ font-family: {fonts}; font-size: {BODY_PT}pt; color: #000; }}
span.ja {{ font-family: {ja_fonts}; }}
h1 {{ font-size: 19pt; margin-top: 0; margin-bottom: 4pt; }}
h2 {{ font-size: 15pt; margin-top: 14pt; margin-bottom: 2pt; background-color: #e8e8e8; }}
h3 {{ font-size: 13pt; margin-top: 8pt; margin-bottom: 1pt; }}
h4 {{ font-size: {BODY_PT}pt; font-weight: normal; margin-top: 1pt; margin-bottom: 1pt; line-height: 125%; }}
p, li, td {{ font-size: {BODY_PT}pt; }}
p {{ margin-top: 1pt; margin-bottom: 1pt; line-height: 125%; }}
p.meta {{ color: #333; }}
p.contact {{ margin-bottom: 4pt; }}
p.detail {{ margin-left: 24pt; }}
p.staff {{ margin-left: 24pt; color: #7a1f00; }}
p.untranslated {{ margin-left: 24pt; font-style: italic; }}
p.banner {{ font-size: 13pt; font-weight: bold; color: #7a1f00; }}
p.intro {{ margin-bottom: 3pt; }}
p.label {{ margin-top: 8pt; margin-bottom: 2pt; }}
td {{ padding: 5pt; }}
td.blank {{ padding: 9pt; }}
"""


def _families(names: tuple[str, ...]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def page(title: str, body: str, fonts: tuple[str, ...] = (FONT_FAMILY,)) -> str:
    style = STYLE.format(fonts=_families(fonts), ja_fonts=_families(JA_FONTS), BODY_PT=BODY_PT)
    return (
        f"<html><head><meta charset='utf-8'><title>{esc(title)}</title>"
        f"<style>{style}</style></head><body>{body}</body></html>"
    )


def ja(text: str) -> str:
    """Japanese inside a copy in another language, drawn with the Japanese font."""
    return f"<span class='ja'>{esc(text)}</span>"


CSS_PX_PER_PT = 96 / 72
_BOX_PROPERTY = re.compile(r"((?:margin|padding)[-a-z]*|border-width)\s*:\s*([^;}'\"]+)")
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")


def points_to_pixels(html: str) -> str:
    """Qt's rich text reads margins, padding and border widths only in CSS pixels (1/96 inch,
    scaled to the device), font sizes in points: the builders write points everywhere, and
    here the box lengths become CSS pixels."""

    def convert(m: re.Match[str]) -> str:
        value = _POINTS.sub(lambda p: f"{float(p.group(1)) * CSS_PX_PER_PT:.1f}px", m.group(2))
        return f"{m.group(1)}: {value}"

    return _BOX_PROPERTY.sub(convert, html)
