"""The words a discreet printout may never carry, in every language dvdesk prints — in one place.

A discreet client copy may be found by the person she left, so nothing on it may say what it is
about. The wording itself is written per record (``discreet_name`` and ``discreet_line`` of a
procedure or service, ``discreet_name`` of an organisation) in natural Japanese; nothing here
rewrites text. This module is the last gate: ``ensure_clean`` refuses (raises) a page that still
carries a listed word, whatever produced it — a record without discreet wording, a counselor's
note, a translated heading.

Matching is done on NFKC-normalised text, ignoring case, so ＤＶ, dv and DV are the same word.
Latin words match only as whole words (DV, but not the "dv" inside "advice"). A note written for
her in やさしい日本語 spells the same words in hiragana, with spaces between words, and one typed on
a Japanese keyboard in Portuguese or Vietnamese often has no accents: katakana and hiragana are
compared as one (シェルター, しぇるたー), accents on Latin letters are ignored (violência, violencia;
bạo lực, bao luc), the list holds the kanji words' readings (ぼうりょく, ひなん …), and a word of
four kana or more (or of kanji and kana: 女性そうだん) matches with spaces inside it (いちじ ほご,
女性 そうだん). Shorter ones do not: 「に げつようび」 is not 逃げ.

Every language printed has its words for what the Japanese list refuses (一時保護 is "temporary
protection", 相手方 "the other party", a DV centre's name translated): tests read the shipped
translations and fail when one says a listed thing in words not on the list.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# What the page is about, by language. Chinese and Japanese share some characters (暴力, 虐待):
# each word is listed once.
FORBIDDEN_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "ja": (
        "DV",
        "ドメスティック・バイオレンス",
        "ドメスティックバイオレンス",
        "暴力",
        "配偶者",
        "シェルター",
        "被害",
        "加害",
        "一時保護",
        "避難",
        "保護先",
        "身の危険",
        "相手方",
        "保護命令",
        "虐待",
        "逃げ",
        "支援措置",
        # The same words as a note in やさしい日本語 spells them (hiragana; katakana matches too).
        # Not かがい (ちかがい, 地下街) nor にげ (なにげなく): the longer forms only.
        "でぃーぶい",
        "ぼうりょく",
        "はいぐうしゃ",
        "ひがい",
        "かがいしゃ",
        "いちじほご",
        "ひなん",
        "ほごさき",
        "みのきけん",
        "あいてがた",
        "ほごめいれい",
        "ぎゃくたい",
        "にげる",
        "にげた",
        "にげて",
        "にげら",
        "しえんそち",
        "あぶない",  # 身の危険 as the easy translations say it
    ),
    "en": (
        "domestic violence",
        "violence",
        "violent",
        "abuse",
        "abused",
        "abuser",
        "abusive",
        "victim",
        "victims",
        "shelter",
        "shelters",
        "refuge",
        "safe house",
        "protection order",
        "restraining order",
        "perpetrator",
        "batterer",
        "flee",
        "fleeing",
        "escape",
        # What the Japanese list refuses, in the words the shipped English translations use for it
        # (一時保護, 相手方, 支援措置, 配偶者, 身の危険, 虐待): tests/test_discreet_words_translated.py.
        "temporary protection",
        "other party",
        "support measure",
        "support measures",
        "support-measure",
        "spouse",
        "spouses",
        "danger",
        "maltreatment",
    ),
    "pt": (
        "violência",
        "violento",
        "violenta",
        "abuso",
        "abusador",
        "abrigo",
        "refúgio",
        "vítima",
        "vítimas",
        "agressor",
        "agressão",
        "medida protetiva",
        "medida de proteção",
        "ordem de proteção",
        "fugir",
        "fuga",
        "proteção temporária",
        "outra parte",
        "medida de apoio",
        "cônjuge",
        "perigo",
        "maus-tratos",
    ),
    "zh": (
        "家暴",
        "家庭暴力",
        "庇护",
        "庇护所",
        "避难",
        "受害",
        "施暴",
        "保护令",
        "配偶",
        "逃离",
        "一时保护",
        "支援措施",
        # Written with the kanji a Japanese keyboard gives (traditional forms).
        "庇護",
        "保護令",
        "逃離",
        "临时保护",
        "臨時保護",
        "对方",
        "對方",
        "人身安全",
        "危险",
    ),
    "vi": (
        "bạo lực",
        "bạo hành",
        "lạm dụng",
        "ngược đãi",
        "nạn nhân",
        "nơi tạm lánh",
        "lánh nạn",
        "trú ẩn",
        "lệnh bảo vệ",
        "kẻ gây hại",
        "chạy trốn",
        "bảo vệ tạm thời",
        "người kia",
        "biện pháp hỗ trợ",
        "vợ/chồng",
        "vợ chồng",
        "nguy hiểm",
    ),
}

# Names of the bodies that act as DV centres (配偶者暴力相談支援センター), old and new. A
# centre's own record gives the neutral name a discreet page uses instead (discreet_name).
DV_CENTRE_NAMES: tuple[str, ...] = (
    "配偶者暴力相談支援センター",
    "配暴センター",
    "女性相談支援センター",
    "女性相談センター",
    "婦人相談所",
    "男女平等推進センター",
    # The same bodies as the translations name them (a DV centre's name is as telling in any language).
    "Women's Consultation and Support Center",
    "Women's Consultation Center",
    "Gender Equality Promotion Center",
    "Centro de Consulta e Apoio à Mulher",
    "Igualdade de Gênero",
    "女性咨询支援中心",
    "男女平等推进中心",
    "tư vấn và hỗ trợ phụ nữ",
    "bình đẳng nam nữ",
    "じょせいそうだん",
    "女性そうだん",
    "だんじょびょうどう",
)

# Not about the situation, but telling all the same: the program's own name.
OTHER: tuple[str, ...] = ("dvdesk",)

FORBIDDEN: tuple[str, ...] = tuple(
    dict.fromkeys([w for words in FORBIDDEN_BY_LANGUAGE.values() for w in words] + list(DV_CENTRE_NAMES) + list(OTHER))
)


class DiscreetViolation(ValueError):
    """A forbidden word would be printed on a discreet page."""

    def __init__(self, words: list[str]):
        self.words = words
        super().__init__(
            "目立たない印刷には使えない語が含まれているため、印刷しません: "
            + "、".join(words)
            + "（該当する項目を外すか、通常の印刷にしてください）"
        )


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@functools.lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """One character as compared: katakana as hiragana, a Latin letter without its accents."""
    if "ァ" <= c <= "ヶ":
        return chr(ord(c) - 0x60)
    if c in "đĐ":
        return "d"
    if not c.isascii() and c.isalpha() and "LATIN" in unicodedata.name(c, ""):
        base = "".join(b for b in unicodedata.normalize("NFD", c) if not unicodedata.combining(b))
        return base if len(base) == 1 else c
    return c


def _fold(text: str) -> str:
    """``text`` (NFKC) folded character by character: the same length, so a match's span is the text's."""
    return "".join(_fold_char(c) for c in text)


def _is_kana(c: str) -> bool:
    return "ぁ" <= c <= "ゖ" or c == "ー"


def _is_japanese(c: str) -> bool:
    """Kana or a kanji: やさしい日本語 puts spaces between the words of a name (女性 そうだん)."""
    return _is_kana(c) or "\u4e00" <= c <= "\u9fff"


def _pattern(words: list[str]) -> re.Pattern[str]:
    parts = []
    for word in sorted(dict.fromkeys(_fold(_normalize(w)) for w in words), key=len, reverse=True):
        escaped = re.escape(word)
        if len(word) >= 4 and all(_is_japanese(c) for c in word) and any(_is_kana(c) for c in word):
            escaped = r"\s*".join(re.escape(c) for c in word)
        if word[:1].isascii() and word[:1].isalpha():
            escaped = r"(?<![A-Za-z])" + escaped
        if word[-1:].isascii() and word[-1:].isalpha():
            escaped += r"(?![A-Za-z])"
        parts.append(escaped)
    return re.compile("|".join(parts), re.IGNORECASE)


_FORBIDDEN_RE = _pattern(list(FORBIDDEN))


def violations(text: str) -> list[str]:
    """The forbidden words in ``text``, as found (NFKC), without repeats."""
    normal = _normalize(text)
    return list(dict.fromkeys(normal[m.start() : m.end()] for m in _FORBIDDEN_RE.finditer(_fold(normal))))


def is_clean(text: str) -> bool:
    return not violations(text)


def ensure_clean(text: str) -> None:
    found = violations(text)
    if found:
        raise DiscreetViolation(found)
