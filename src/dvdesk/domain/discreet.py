"""Discreet wording: the vocabulary a discreet printout must never carry, in one place.

A discreet client copy may be found by the person she fled from, so no word on it may say what
it is about. Names come from ``discreet_name`` where the directory has one; this module is the
safety net under that: ``clean`` rewrites the known phrases into neutral ones, and
``ensure_clean`` refuses (raises) if a forbidden word is still on the page — for example one
with no neutral rewording, or one in a translated heading.

Matching is done on NFKC-normalised text, ignoring case, so ＤＶ, dv and DV are the same word.
Latin words match only as whole words (DV, but not the "dv" inside "advice").
"""

from __future__ import annotations

import re
import unicodedata

# Known phrases and their neutral wording. Longer phrases first: they win over their parts.
REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("配偶者暴力相談支援センター", "相談センター"),
    ("女性相談支援センター", "相談センター"),
    ("女性相談センター", "相談センター"),
    ("婦人相談所", "相談センター"),
    ("ドメスティック・バイオレンス", "家庭の事情"),
    ("ドメスティックバイオレンス", "家庭の事情"),
    ("配偶者暴力", "家庭の事情"),
    ("DV等支援措置", "支援措置"),
    ("DV被害者", "対象の方"),
    ("DVの証明書", "証明書"),
    ("DV証明書", "証明書"),
    ("DV相談", "相談"),
    ("DVのこと", "事情"),
    ("DVによる", "事情による"),
    ("DV", "事情"),
    ("被害者", "ご本人"),
    ("加害者", "相手方"),
    ("暴力", "トラブル"),
    ("虐待", "トラブル"),
    ("民間シェルター", "民間の支援団体"),
    ("シェルター", "滞在先"),
    ("保護命令", "裁判所の命令"),
)

# Words with no neutral rewording: a discreet page that still carries one is refused.
REFUSED: tuple[str, ...] = (
    "dvdesk",  # the program's own name says what it is for
    "domestic violence", "violence", "violent", "abuse", "abuser", "abusive", "victim",
    "shelter", "perpetrator",
    "violência", "vítima", "abrigo", "agressor",
    "家暴", "受害者", "庇护所", "施暴者",
    "bạo lực", "bạo hành", "nạn nhân", "nơi tạm lánh",
)

FORBIDDEN: tuple[str, ...] = tuple(dict.fromkeys([k for k, _ in REPLACEMENTS] + list(REFUSED)))


class DiscreetViolation(ValueError):
    """A forbidden word would be printed on a discreet page."""

    def __init__(self, words: list[str]):
        self.words = words
        super().__init__("控えめ表示の用紙に使えない語が含まれています: " + "、".join(words))


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _pattern(words: list[str]) -> re.Pattern[str]:
    parts = []
    for word in sorted((_normalize(w) for w in words), key=len, reverse=True):
        escaped = re.escape(word)
        if word[:1].isascii() and word[:1].isalpha():
            escaped = r"(?<![A-Za-z])" + escaped
        if word[-1:].isascii() and word[-1:].isalpha():
            escaped += r"(?![A-Za-z])"
        parts.append(escaped)
    return re.compile("|".join(parts), re.IGNORECASE)


_REPLACE_RE = _pattern([k for k, _ in REPLACEMENTS])
_REPLACEMENT = {_normalize(k).casefold(): v for k, v in REPLACEMENTS}
_FORBIDDEN_RE = _pattern(list(FORBIDDEN))


def clean(text: str) -> str:
    """``text`` with every known phrase reworded (normalised to NFKC)."""
    return _REPLACE_RE.sub(lambda m: _REPLACEMENT[m.group(0).casefold()], _normalize(text))


def violations(text: str) -> list[str]:
    """The forbidden words in ``text``, as found, without repeats."""
    return list(dict.fromkeys(m.group(0) for m in _FORBIDDEN_RE.finditer(_normalize(text))))


def ensure_clean(text: str) -> None:
    found = violations(text)
    if found:
        raise DiscreetViolation(found)
