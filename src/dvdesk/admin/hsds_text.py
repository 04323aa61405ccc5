"""Text and phone numbers as other systems' HSDS feeds write them, made fit for dvdesk.

- ``plain``: descriptions are often HTML (``<p>``, ``<br>``, ``&amp;``). They become plain text with
  the stdlib ``html.parser``: paragraph and line breaks kept, entities decoded, script and style
  dropped, never stored with tags. Text with no tag and no entity is returned as it is (a literal
  ``<5歳`` stays).
- ``domestic``: ``+81 766-20-5555`` → ``0766-20-5555`` (a Japanese number written for abroad);
  any other international number (``+44 …``) is kept as written, with a note saying so.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

from dvdesk.domain.rules import canonical_extension, canonical_phone, phone_problem

_LOOKS_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>|&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]+\d*);")
_BLOCK = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "address",
    "header",
    "footer",
}
_DROP = {"script", "style", "head", "title", "noscript", "template"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _DROP:
            self.dropping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag == "p" else "\n")
            if tag == "li":
                self.parts.append("・")

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCK and tag != "li":  # an item's line break comes with the next item
            self.parts.append("\n\n" if tag == "p" else "\n")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))  # HTML's own whitespace is not a line break

    def close(self) -> None:
        # What is left unparsed at the end is an unfinished tag or comment ("<p", "<!-- …"): markup,
        # not text, so it is dropped instead of being stored with its "<".
        if re.match(r"<[a-zA-Z!/?]", self.rawdata):
            self.rawdata = ""
        super().close()


def plain(value: Any) -> str:
    """``value`` as plain, stripped text ('' for anything that is not text)."""
    if not isinstance(value, str):
        return ""
    if not _LOOKS_HTML.search(value):
        return value.strip()
    parser = _Text()
    try:
        parser.feed(value)
        parser.close()
        text = "".join(parser.parts)
    except AssertionError:  # html.parser gives up on some broken markup ("<![ …"): tags removed by pattern
        text = html.unescape(re.sub(r"<[^<>]*>?", " ", value))
    text = text.replace("\xa0", " ")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_JAPAN = re.compile(r"^(\+|00)\s*81[\s\-.]*(\(\s*0\s*\)|0)?[\s\-.]*(?=\d)")


def is_japanese_international(number: str) -> bool:
    """A Japanese number written for abroad (+81 / 0081), which ``domestic`` rewrites."""
    return bool(_JAPAN.match(unicodedata.normalize("NFKC", number.strip().strip("\"'").strip())))


def domestic(number: str) -> tuple[str, str]:
    """(the number to store, a note or '') for one phone number from a feed."""
    number = number.strip().strip("\"'").strip()  # some feeds quote the number inside the string
    raw = unicodedata.normalize("NFKC", number)
    match = _JAPAN.match(raw)
    if match:
        rest = re.sub(r"[\s.]+", "-", raw[match.end() :]).strip("-")
        rest = re.sub(r"[()]", "", re.sub(r"-{2,}", "-", rest))
        converted = f"0{rest}"
        if phone_problem(converted) is None:
            return converted, ""
        return raw, f"日本の番号（+81）ですが国内の形式に直せませんでした: {number}"
    if raw.startswith(("+", "00")):
        return raw, f"海外の番号です（書かれたとおり）: {number}"
    return canonical_phone(number), ""  # as the form and a sheet store it


def extension(phone: dict[str, Any]) -> str:
    """A phone's ``extension`` (a number in HSDS 3.1, text in some feeds) as dvdesk stores a 内線: "" if none."""
    raw = phone.get("extension")
    if raw is None or isinstance(raw, bool) or raw == "":
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return canonical_extension(plain(str(raw)))
