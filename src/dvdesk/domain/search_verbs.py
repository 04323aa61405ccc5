"""A term of the vocabulary that is a verb phrase (家を出たい, 家に帰れない, 部屋を借りたい) found in the
other forms she says it in: 家を出てきた, 家を出た, 家に帰れなかった. Typed that way, the phrase held no
term (家を出てきた was read as the noun 家 and listed 母子家庭等自立支援給付金 first, session 13's counselor
tryout). A verb phrase is a noun, a particle and a verb: its stem runs to the verb's kanji (家を出), and
wherever the stem goes on in kana that is no particle, the phrase stands for its term's group. A term
with no particle before its verb (逃げたい, 殴られた) is read through its stem by ``search_words`` already.
"""

from __future__ import annotations

from collections.abc import Iterable

from dvdesk.domain import japanese

_PARTICLES = frozenset("をがにへではとものや")


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u3096"


def verb_stems(terms: Iterable[str]) -> list[tuple[str, str]]:
    """(stem, term) for each verb-phrase term, longest stem first: 家を出たい → 家を出."""
    stems = []
    for term in terms:
        last = max((i for i, ch in enumerate(term) if japanese.is_kanji(ch)), default=-1)
        if last < 2 or last + 1 >= len(term) or not _is_kana(term[last + 1]) or term[last + 1] in _PARTICLES:
            continue
        stem = term[: last + 1]
        if any(ch in _PARTICLES and japanese.is_kanji(stem[i - 1]) for i, ch in enumerate(stem) if i):
            stems.append((stem, term))
    return sorted(stems, key=lambda pair: (-len(pair[0]), pair))


def place_verb_phrases(
    norm: str, stems: list[tuple[str, str]], placed: list[tuple[int, str]], covered: list[bool]
) -> None:
    """Add to ``placed`` (and ``covered``) each verb-phrase term whose stem lies in ``norm`` where no
    term lies yet, going on in a verb's kana (家を出てきた → 家を出たい; not 家を出す人 … a noun after it),
    and saying yes or no as she does (``_negative``)."""
    found = []  # (start, stem, term) where the stem goes on in a verb's kana
    for stem, term in stems:
        start = norm.find(stem)
        while start >= 0:
            end = start + len(stem)
            after = norm[end : end + 1]
            if after and _is_kana(after) and after not in _PARTICLES:
                found.append((start, stem, term))
            start = norm.find(stem, start + 1)
    # Longest stem first; of one stem's terms, one saying yes or no as she does, then the one her
    # ending shares most with (家に帰れなかった → 家に帰れない, not 家に帰りたくない).
    for same in (True, False):
        for start, stem, term in sorted(found, key=lambda f: (-len(f[1]), -_shared(norm, f), f[2])):
            end = start + len(stem)
            said, meant = _negative(norm[end:]), _negative(term[len(stem) :])
            if not any(covered[start:end]) and (said == meant or (said and not same)):
                covered[start:end] = [True] * len(stem)
                placed.append((start, term))


def _shared(norm: str, found: tuple[int, str, str]) -> int:
    start, stem, term = found
    tail, said = term[len(stem) :], norm[start + len(stem) :]
    return next((i for i, (a, b) in enumerate(zip(tail, said, strict=False)) if a != b), min(len(tail), len(said)))


# A verb's negative endings (帰れない, 帰らなかった, 帰りたくない, 帰れません, 帰れず). A wish to go home
# (家に帰りたい) is never read as not being able to (家に帰れない): that says the opposite of what she
# said. The other way, a term of the wish stands for its negative when no term says it (家を出たくない →
# 家を出たい: still the shelter lines, safety first).
_NEGATIVE = ("ない", "なかっ", "なく", "ません", "ず")


def _negative(tail: str) -> bool:
    kana = next((i for i, ch in enumerate(tail) if not _is_kana(ch)), len(tail))
    return any(n in tail[:kana] for n in _NEGATIVE)
