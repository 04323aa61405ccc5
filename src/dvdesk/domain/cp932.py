"""Text for CP932 (Shift_JIS as Windows writes it), never failing and never changing silently.

Old Excel and many municipal systems read only CP932. Characters it lacks are replaced by a
readable equivalent — ㉗ → (27), Ⓐ → (A), ⑴ → (1), 𠮷 → 吉 — and every replacement is listed with
the cells it happened in, so the administrator sees exactly what the file says differently. A
character with no equivalent (Hangul, emoji) becomes 〓 (the JIS "geta" mark for a missing
character) and is listed apart, with the advice to write UTF-8 (BOM付き) instead, which keeps
everything.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

GETA = "〓"

# JIS X 0208 code points that Windows' CP932 spells differently ("wave dash problem").
JIS_TO_CP932 = {
    "\u301c": "\uff5e",
    "\u2016": "\u2225",
    "\u2212": "\uff0d",
    "\u00a2": "\uffe0",
    "\u00a3": "\uffe1",
    "\u00ac": "\uffe2",
    "\u2014": "\u2015",
}

# Variant kanji (異体字) outside CP932 and the standard form a reader recognises.
VARIANTS = {  # 髙 and 﨑 need no entry: CP932 has them (IBM extensions)
    "𠮷": "吉",
    "𡈽": "土",
    "𣘺": "橋",
    "𩸽": "ほっけ",
    "𠀋": "丈",
    "𡌛": "坪",
    "𥔎": "碕",
    "𦚰": "脇",
    "鷗": "鴎",
    "剝": "剥",
    "𠮟": "叱",
    "頰": "頬",
    "塡": "填",
    "𣳾": "泰",
}
# Punctuation and spaces some systems paste in.
PUNCTUATION = {
    "\u2013": "－",
    "\u00a0": " ",
    "\u2009": " ",
    "\u200b": "",
    "\ufeff": "",
    "\u2010": "－",
    "\u2011": "－",
    "\u00b7": "・",
    "\u2022": "・",
    "\u2026": "…",
    "\u201c": "“",
    "\u201d": "”",
}

_ENCLOSED = re.compile(
    r"^(CIRCLED|NEGATIVE CIRCLED|DOUBLE CIRCLED|PARENTHESIZED|SQUARED|"
    r"NEGATIVE SQUARED|DINGBAT (NEGATIVE )?CIRCLED)"
)


def encodable(text: str) -> bool:
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def equivalent(ch: str) -> str | None:
    """A readable CP932 spelling of one character outside CP932, or None when there is none."""
    for table in (JIS_TO_CP932, VARIANTS, PUNCTUATION):
        if ch in table and encodable(table[ch]):
            return table[ch]
    folded = unicodedata.normalize("NFKC", ch)
    if folded == ch or not folded or not encodable(folded):
        return None
    name = unicodedata.name(ch, "")
    if _ENCLOSED.match(name) and not folded.startswith("("):
        return f"({folded})"  # ㉗ → (27), not a bare 27 that reads as part of the text
    return folded


@dataclass
class Folded:
    """What changed: {(original, replacement): [cell, ...]} and the characters with no equivalent."""

    replaced: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)

    def notes(self, limit: int = 8) -> list[str]:
        """Japanese lines for the administrator (empty when nothing changed)."""

        def cells(where: list[str]) -> str:
            shown = "、".join(where[:limit])
            return shown + (f" ほか{len(where) - limit}か所" if len(where) > limit else "")

        lines = [f"「{a}」→「{b}」に置き換えました（{cells(w)}）" for (a, b), w in self.replaced.items()]
        lines += [
            f"「{ch}」は Shift_JIS（CP932）で表せないため「{GETA}」にしました（{cells(w)}）。"
            "元の文字のまま書き出すには UTF-8（BOM付き）を選んでください"
            for ch, w in self.missing.items()
        ]
        return lines

    @property
    def changed(self) -> bool:
        return bool(self.replaced or self.missing)


def fold_text(text: str, where: str = "", into: Folded | None = None) -> str:
    """``text`` with every character outside CP932 replaced; what changed is added to ``into``."""
    if encodable(text):
        return text
    into = into if into is not None else Folded()
    out = []
    for ch in text:
        if encodable(ch):
            out.append(ch)
            continue
        eq = equivalent(ch)
        if eq is None:
            into.missing.setdefault(ch, []).append(where)
            out.append(GETA)
        else:
            spots = into.replaced.setdefault((ch, eq), [])
            if not spots or spots[-1] != where:
                spots.append(where)
            out.append(eq)
    return "".join(out)


def column_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column letters Excel shows."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def fold_table(table: list[list[Any]]) -> tuple[list[list[Any]], Folded]:
    """Every text cell folded; cells are named as Excel shows them (B12), with the header's text."""
    folded = Folded()
    header = [str(h) for h in table[0]] if table else []
    out = []
    for r, row in enumerate(table, start=1):
        new_row = []
        for c, value in enumerate(row):
            if isinstance(value, str) and not encodable(value):
                title = f"「{header[c]}」" if c < len(header) and r > 1 else ""
                value = fold_text(value, f"{column_name(c)}{r}{title}", folded)
            new_row.append(value)
        out.append(new_row)
    return out, folded
