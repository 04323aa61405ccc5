"""When she says it happened, before what happened: 昨夜逃げてきた, 今朝家を出てきた, 夜中に逃げてきた.

A client often begins with when (session 13's counselor tryout): the time word is context, not a need,
and written in kanji it runs into the verb's kanji (昨夜逃げてきた read as the one word 「昨夜逃」 found
nothing, while 逃げてきた listed the shelters). ``said_when`` tells how much of a typed phrase's start is
such a time word (with the particle after it), so the phrase reader (``search_words``) reads the rest.
``said_when_inside`` finds the same in the middle of a sentence (子どもを連れて昨夜逃げてきた, 夫に昨日殴られた,
家を今朝出てきた), after a particle or a verb's て/で, so the phrase is read as without it.
Not the words that are a need themselves (今夜, 今晩: a place for tonight; 夜間, 深夜, 休日: the lines
answering at night), and not a time word that begins a longer word of the vocabulary.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from dvdesk.domain import japanese

# Normalized (katakana folded to hiragana); longest first where one begins another (昨日 / 昨).
TIME_WORDS = tuple(
    sorted(
        (
            *("昨夜", "昨晩", "昨日", "一昨日", "おととい", "きのう", "今朝", "けさ", "今日", "きょう"),
            *("さっき", "さきほど", "先ほど", "先程", "先日", "先週", "先月", "夜中", "朝", "今", "いま"),
            *("最近", "この前", "この間", "去年", "夕方", "夜"),
        ),
        key=lambda w: (-len(w), w),
    )
)
# What follows a time word before the rest of the sentence (昨日の夜, 夜中に, 今日は, 昨日から).
_AFTER = ("から", "に", "は", "の", "も", "、", ",", "。")
_MAX_WORDS = 3  # 昨日の夜中に
_PARTICLES = "をがにへではとものや"
_PAST = ("た", "だ")  # 逃げてきた, 家を出た, 転んだ


def _verb_at(text: str, start: int) -> bool:
    """Whether a kanji at ``start`` goes on in kana that is no particle (逃げ, 出て: a verb's stem)."""
    after = text[start + 1 : start + 2]
    return bool(after) and "\u3041" <= after <= "\u3096" and after not in _PARTICLES


def said_when(norm: str, terms_longest_first: Iterable[str], vocabulary: Container[str] = ()) -> int:
    """How many characters at the start of ``norm`` (a typed phrase, normalized) say when: time words
    and their particles, when something follows them; 0 when the phrase does not begin with one. A
    one-character time word (今, 朝, 夜) only before kana, a verb or after another time word
    (今すぐ逃げたい, 夜逃げてきた, 昨日の夜家を出た; not 夜間の相談), and never the start of a longer
    term (夜中 is a time word, 夜間 a term).
    A time word that is itself a word of the ``vocabulary`` (夜, 夜中: the lines answering at night) only
    in a sentence about what happened (夜中に逃げてきた), not about what she wants (夜に相談したい)."""
    if not norm.startswith(TIME_WORDS):  # most phrases: no time word, nothing more to read
        return 0
    terms = [t for t in terms_longest_first if len(t) >= 2]
    cut = 0
    for _ in range(_MAX_WORDS):
        rest = norm[cut:]
        word = next((w for w in TIME_WORDS if rest.startswith(w) and len(rest) > len(w)), None)
        if word is None or any(len(t) > len(word) and t.startswith(word) and rest.startswith(t) for t in terms):
            break
        if word in vocabulary and not norm.endswith(_PAST):
            break
        if len(word) == 1 and japanese.is_kanji(rest[1]) and not (cut or _verb_at(rest, 1)):
            break
        end = len(word)
        if not any(rest.startswith(t, end) for t in terms):  # さっきもらはら: the も of もらはら is no particle
            end += next((len(p) for p in _AFTER if rest.startswith(p, end)), 0)
        if end >= len(rest):
            break
        cut += end
    return cut


# Before a time word inside a sentence: a particle (夫に|昨日, 家を|今朝, 夫から|先週) or a verb's て/で
# (連れて|昨夜).
_BEFORE_INSIDE = (*_PARTICLES, "て", "から")
_INSIDE_WORDS = tuple(w for w in TIME_WORDS if japanese.is_kanji(w[0]) or w == "さっき")


def said_when_inside(
    norm: str, terms_longest_first: Iterable[str], vocabulary: Container[str] = ()
) -> tuple[int, int] | None:
    """Where a time word (and its particles) lies inside ``norm``, after a particle or a verb's て/で,
    with something after it: (start, end), else None. Written in kanji only (昨夜, 今朝, 先週) or
    さっき: a time word in hiragana inside a sentence is often part of another word (家に|います)."""
    for start in range(1, len(norm) - 1):
        if not norm.endswith(_BEFORE_INSIDE, 0, start) or not norm.startswith(_INSIDE_WORDS, start):
            continue
        if cut := said_when(norm[start:], terms_longest_first, vocabulary):
            return start, start + cut
    return None
