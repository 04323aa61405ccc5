"""A term of the search vocabulary with the other spellings tied to it (issue 14.1).

In synonyms.toml (and in the database's ``synonyms`` rows, and in data packages, as the same text),
``"住民票 = じゅうみんひょう"`` is the term 住民票 and its reading: both are terms of the group (each
finds what the group finds, as before), and the reading typed is searched as its term is typed, so
the records naming 住民票 come first, then the rest of the group. Without ties, a reading typed
unconverted widened to the whole 支援措置 group and the 住民票 procedure fell to 4th or 5th.

A term without ``=`` is a plain term, as every file before this one: old files load unchanged. More
than one spelling: ``"引っ越し = 引越し = 引越"``. Width is folded (``＝``), spaces around ``=`` are
not part of a term. Tie only a spelling the directory itself does not write (こども is in
こども家庭庁: typed, it must rank the records that write it so first).

A word a group's terms find without finding them back: ``"> 緊急避難先"`` in the group of 家がない
(what a client with no home says also finds the emergency places by the word their records are named
with, while 緊急避難先 typed finds what it found: ``found_only``). Not a term of that group: typed,
it is searched as its own groups say; and it takes none of the capped spellings of the words that
do not list it.

And a term's other way of writing, made here rather than listed (``spelling_variants``: 泊まる所 as
泊まるところ, kanji and kana after hiragana).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

TIE = re.compile(r"\s*[=＝]\s*")
FINDS = re.compile(r"^\s*[>＞]\s*")


def found_only(term: str) -> str | None:
    """The word of ``"> 緊急避難先"`` (found by the group's terms, not finding them), None for a term."""
    match = FINDS.match(term)
    return (term[match.end() :].strip() or None) if match else None


def split_term(term: str) -> list[str]:
    """The term, then the spellings tied to it (``[term]`` for a plain term); never an empty one."""
    parts = [p for p in TIE.split(term.strip()) if p]
    return parts or [term.strip()]


def group_words(
    group: Iterable[str], ties: dict[str, str], normalize: Callable[[str], str]
) -> tuple[dict[str, None], dict[str, None]]:
    """A synonym group's terms, each tied spelling with its term, and the words it only finds
    (``found_only``), normalized, each in the order written; the spellings' ties go into ``ties``
    (the first tie of a spelling wins: a tie beats a plain listing)."""
    terms: dict[str, None] = {}
    found: dict[str, None] = {}
    for raw in group:
        if (word := found_only(raw)) is not None:
            if norm := normalize(word).strip():
                found.setdefault(norm)
            continue
        head, *others = (normalize(t).strip() for t in split_term(raw))
        terms.update(dict.fromkeys(t for t in (head, *others) if t))
        for other in others:
            if other and head and other != head:
                ties.setdefault(other, head)
    return terms, found


def follow_chains(ties: dict[str, str]) -> None:
    """A spelling tied to a spelling (引越 = 引越し, 引っ越し = 引越し) goes to the term at the
    chain's end; a cycle stops after one step."""
    for spelling, head in list(ties.items()):
        seen = {spelling, head}
        while head in ties and ties[head] not in seen:
            head = ties[head]
            seen.add(head)
        ties[spelling] = head


_KANA_SPELLINGS = (("所", "ところ"), ("無い", "ない"), ("欲しい", "ほしい"), ("分から", "わから"), ("出来", "でき"))
_AFTER_KANA = r"(?<=[\u3041-\u3096])"
_REWRITES = tuple((old, new) for kanji, kana in _KANA_SPELLINGS for old, new in ((kanji, kana), (kana, kanji)))
_FIRSTS = frozenset(old[0] for old, _ in _REWRITES)  # 1,010 of the 1,204 shipped terms hold none


def spelling_variants(term: str) -> list[str]:
    """``term`` written the other way (kanji ↔ kana) where it follows hiragana, one pair at a time
    (every synonym, twice at each start: most hold no pair's first character, and none a regex)."""
    if _FIRSTS.isdisjoint(term):
        return []
    variants = []
    for old, new in _REWRITES:
        if old in term and (variant := _after_kana(old).sub(new, term)) != term:
            variants.append(variant)
    return variants


@functools.cache
def _after_kana(old: str) -> re.Pattern[str]:
    return re.compile(_AFTER_KANA + re.escape(old))
