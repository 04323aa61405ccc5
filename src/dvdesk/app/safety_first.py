"""Safety first: when a query asks for safety, the lines she can call now lead the list.

A query asks for safety when a safety need (安全確保・緊急避難 or a sub-need) is chosen, or when
its words name one. Which words name a need is data, not code: a synonym group whose key is a
need's key, or ``<need key>:<name>`` (``safety.shelter``, ``safety:police`` in
resources/directory/synonyms.toml), names that need. A typed word belongs to the group of the
*longest* term it is or holds, so 生活保護 (money) does not count as 保護 (safety), nor デートDV as DV.

The order is applied here over the engine's hits, whatever order the engine gave:
  0  a public phone of a safety need answering now (24 hours, or its written hours cover this time)
  1  a public phone of the need she named whose hours are not written (#8778 for シェルター)
  2  a line of tier 0 or 1 for children (the child-abuse line 189: on 安全確保, 24 hours) when
     neither her words nor a chosen need name children: below the DV lines, #8778 and the police,
     above everything else (子ども, 児童, 虐待 typed or a child need chosen: it keeps tier 0 or 1)
  3  at the desk (``when`` given), a place on the need she named with no phone to give but its hours written
     (the city's own DV consultation, 専任相談員による相談 in 高岡市): open now first, then closed; above
     the rows that say neither (thirteen 窓口でのDV相談 counters once ranked above it on their names)
  4  the rest, in the words' own rank (the shelters themselves, the procedure 一時保護 …)
and, within a tier, the lines of the need she named first, then the words' own rank.

On paper there is no "now" (a printout is read for days): ``when=None`` knows only that a line
answering 24 hours answers, so a safety section of a checklist lists its 24-hour lines first, then
the other public phones, then the places with no number to call (``app.checklists``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Protocol, TypeVar

from dvdesk.domain import japanese
from dvdesk.domain.opening_hours import open_at
from dvdesk.domain.search_words import placed_terms
from dvdesk.domain.spellings import found_only, spelling_variants, split_term

SAFETY_NEED = "safety"
CHILD_NEED = "children"
NOW, NEED_LINE, ASIDE, VISIT, REST = range(5)


class Line(Protocol):
    """What the order reads of a row: a search hit, or a place on a checklist."""

    @property
    def is_service(self) -> bool: ...
    @property
    def service_id(self) -> int: ...
    @property
    def phone(self) -> str: ...
    @property
    def hours(self) -> str: ...
    @property
    def always_open(self) -> bool: ...


L = TypeVar("L", bound=Line)


def is_safety_need(key: str) -> bool:
    return key == SAFETY_NEED or key.startswith(SAFETY_NEED + ".")


def is_child_need(key: str) -> bool:
    return key == CHILD_NEED or key.startswith(CHILD_NEED + ".")


class NeedVocabulary:
    """Normalized term -> the needs its synonym group names (empty: a group naming no need).
    Not changed once built. (A plain class: a dataclass compiles its methods when its module is
    imported, before the desk's first search.)"""

    __slots__ = ("_named", "terms")

    def __init__(self, terms: dict[str, frozenset[str]]) -> None:
        self.terms = terms
        # needs_named's answers by text: a keystroke asks it up to five times, each a walk of every term.
        self._named: dict[str, frozenset[str]] = {}

    def __eq__(self, other: object) -> bool:
        return self.terms == other.terms if isinstance(other, NeedVocabulary) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # as the frozen dataclass it was: its dict is unhashable

    def __repr__(self) -> str:
        return f"NeedVocabulary({len(self.terms)} terms)"

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str]], need_keys: Collection[str]) -> NeedVocabulary:
        terms: dict[str, set[str]] = {}
        for group, term in rows:
            need = group.split(":", 1)[0]
            named = {need} if need in need_keys else set()
            if found_only(term) is not None:  # "> 緊急避難先": a word the group finds, not one of its terms
                continue
            for part in split_term(term):  # 警察 = けいさつ: both name the need (domain.spellings)
                norm = japanese.normalize(part).strip()
                for spelling in (norm, *spelling_variants(norm)):  # 泊まる所 as 泊まるところ (search_words)
                    terms.setdefault(spelling, set()).update(named)
        return cls({t: frozenset(n) for t, n in terms.items() if t})

    def needs_named(self, text: str) -> set[str]:
        """The needs the typed words name: in each word, the terms it is or holds, longest first,
        each where no longer term already lies (生活保護 is money, not 保護; デートDV is dating, not
        DV), so a phrase names every need it speaks of (子どもを連れて逃げたい: children and shelter)."""
        kept = self._named.get(text)
        if kept is None:
            if len(self._named) > 256:  # typed texts: keep the last few hundred
                self._named.clear()
            kept = self._named[text] = frozenset(self._needs_named(text))
        return set(kept)

    def _needs_named(self, text: str) -> set[str]:
        named: set[str] = set()
        for word in japanese.normalize(text).split():
            held = sorted(
                (t for t in self.terms if t == word or (len(t) >= 2 and _holds(word, t))), key=lambda t: (-len(t), t)
            )
            for _, term in placed_terms(word, held)[0]:
                named.update(self.terms[term])
        return named


def _holds(word: str, term: str) -> bool:
    """Whether ``term`` lies in ``word``; a term in Latin letters only as a word of its own or beside
    other scripts (DV相談), never inside an English word (advice holds no DV: legal advice named safety)."""
    if not term.isascii():
        return term in word
    return re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", word) is not None


@functools.lru_cache(maxsize=4)
def vocabulary(rows: tuple[tuple[str, str], ...], need_keys: frozenset[str]) -> NeedVocabulary:
    return NeedVocabulary.build(rows, need_keys)


def safety_need(text: str, chosen: Collection[str], words: NeedVocabulary) -> str | None:
    """The safety need a query asks for (the chosen one, else the one its words name; ``safety``
    when several), or None when it does not ask for safety."""
    picked = sorted(k for k in chosen if is_safety_need(k))
    if not picked:
        picked = sorted(k for k in words.needs_named(text) if is_safety_need(k))
    if not picked:
        return None
    return picked[0] if len(picked) == 1 else SAFETY_NEED


def names_children(text: str, chosen: Collection[str], words: NeedVocabulary) -> bool:
    """Whether a query speaks of children (a chosen child need, or words naming one: 子ども, 虐待)."""
    return any(is_child_need(k) for k in chosen) or any(is_child_need(k) for k in words.needs_named(text))


def reach_tier(hit: Line, on_need: bool, when: datetime | None) -> int:
    """Where a row goes in a safety query (see the module's table); ``when`` None on paper."""
    if not hit.is_service or not hit.phone:
        return REST
    if when is None:  # on paper a 24-hour line answers (its hours are printed, notes and all)
        answering = True if hit.always_open else None
    else:  # 24 hours too, save what its notes say is closed now (24時間（水曜を除く）)
        answering = open_at(hit.hours, when)
        if answering is None and hit.always_open:  # a 24-hour line whose hours say no more
            answering = True
    if answering:
        return NOW
    return NEED_LINE if on_need and answering is None else REST


def need_matters(hit: Line, when: datetime | None) -> bool:
    """Whether being on the named need can move ``hit`` in ``order_for_safety``: a service with a
    phone not known to be closed at ``when``, or at the desk one with no phone and its hours written
    (for any other row the need changes nothing, so a caller need not look it up)."""
    if not hit.is_service:
        return False
    if not hit.phone:
        return when is not None and bool(hit.hours)
    return hit.always_open or when is None or open_at(hit.hours, when) is not False


def order_for_safety(
    hits: list[L],
    on_need: Collection[int],
    when: datetime | None,
    for_safety: Collection[int] | None = None,
    aside: Collection[int] = (),
) -> list[L]:
    """Reachable now first, then the rest; within a tier the named need's lines first, then the
    order given (stable, so the words' rank holds); at the desk, a place on the named need with its
    hours and no phone after the lines (open now first). ``for_safety``: the lines on a safety need;
    another line (legal aid answering at 10:00 for 殴られた) keeps its words' rank. None: all are.
    ``aside``: lines for a group she did not speak of (189 on a query without children): lifted,
    but after the other lifted lines (tier ASIDE)."""

    def key(hit: L) -> tuple[int, int]:
        if not hit.is_service:  # a procedure or a department: never a line to call
            return (REST, 1)
        named = hit.service_id in on_need
        safe = for_safety is None or hit.service_id in for_safety
        tier = reach_tier(hit, named, when) if safe else REST
        if tier != REST and hit.service_id in aside:
            tier = ASIDE
        if tier == REST and named and when is not None and not hit.phone and hit.hours:
            return (VISIT, 0 if open_at(hit.hours, when) else 1)
        return (tier, 0 if named and tier != REST else 1)

    return sorted(hits, key=key)
