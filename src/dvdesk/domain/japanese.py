"""Japanese text as a counselor types it and as the plans write it.

Both sides go through ``normalize`` so that ＤＶ, DV and dv, or しぇるたー and シェルター, are
the same string. The search index stores text as overlapping character bigrams so that one- and
two-character queries (住宅, 夜) work on every SQLite with FTS5, without the trigram tokenizer
(whose two-character LIKE returns nothing before SQLite 3.41.2).
"""

from __future__ import annotations

import re
import unicodedata

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
# Runs of letters and digits; everything else (spaces, punctuation, 〜, ・) separates words.
_WORD_RUN = re.compile(r"[^\W_]+")


# Kanji: CJK ideographs and compatibility ideographs, 々 and 〆. ``re`` takes ~0.8 ms to compile a
# class this wide (a table entry per character, in Python): ``is_kanji`` reads code points instead.
KANJI_CLASS = r"[\u3400-\u9fff\uf900-\ufaff々〆]"


def is_kanji(text: str) -> bool:
    """``text`` is one kanji or more: what ``KANJI_CLASS + "+"`` matches whole."""
    return bool(text) and all("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c in "々〆" for c in text)


def normalize(text: str) -> str:
    """Fold width (NFKC), case, and katakana to hiragana."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return folded.translate(_KATAKANA_TO_HIRAGANA)


# ー between digits: the hyphen key in a Japanese IME's kana mode (０５７０ー０７８３７４). The long
# vowel mark is a letter to ``_WORD_RUN``, so the number stayed one run that no index holds.
_DIGIT_DASH = re.compile(r"(?<=[0-9])ー(?=[0-9])")


def typed_hyphens(text: str) -> str:
    """``text`` width-folded (NFKC), with a ー between two digits read as the hyphen it was typed for."""
    return _DIGIT_DASH.sub("-", unicodedata.normalize("NFKC", text))


def word_runs(text: str) -> list[str]:
    return _WORD_RUN.findall(normalize(text))


def bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> str:
    """The space-separated tokens stored for ``text`` in the full-text index.

    Each word run becomes its bigrams followed by its last character alone, so a one-character
    query can find a character that only ever ends a word.
    """
    tokens: list[str] = []
    for run in word_runs(text):
        tokens.extend(bigrams(run))
        if len(run) >= 2:
            tokens.append(run[-1])
    return " ".join(tokens)


def phrase_for(term: str) -> str:
    """An FTS5 query fragment matching ``term`` (already normalized, one word run) as a substring."""
    if len(term) == 1:
        return f'"{term}"*'
    return '"' + " ".join(bigrams(term)) + '"'


def _is_kana(c: str) -> bool:
    return "\u3040" <= c <= "\u30ff" or "\u31f0" <= c <= "\u31ff" or "\uff66" <= c <= "\uff9f"


def typed_in_japanese(text: str, lang: str) -> bool:
    """What the counselor typed would print in Japanese on a copy in ``lang`` (nothing translates
    it): kana, or kanji — except on a Chinese copy, where Han characters alone may be her Chinese.
    Never on a Japanese copy, やさしい日本語 included (its lines can only be typed in Japanese)."""
    if lang in ("ja", "easy"):
        return False
    if lang == "zh":
        return any(_is_kana(c) for c in text)
    return any(_is_kana(c) or is_kanji(c) for c in text)
