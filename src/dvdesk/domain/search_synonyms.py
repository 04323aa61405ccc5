"""The counselor's vocabulary as the search reads it: the synonym groups (``resources/directory/
synonyms.toml``, the ``synonyms`` table) as a table from a normalized term to the terms it also finds,
with a word's other spellings (a synonym term inside a compound replaced: 障害者 → 障がい者) and the
typed words split with a term that holds spaces kept whole. Split from ``search_words`` (which
re-exports ``SynonymTable``), which reads what was typed through it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from dvdesk.domain import japanese
from dvdesk.domain.spellings import follow_chains, group_words, spelling_variants
from dvdesk.domain.sql_rows import SqlRows, rows_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# A compound can hold several synonym terms; its spellings are capped so one word stays one
# small FTS expression. The cap is shared fairly (session 16): the word's own tied spellings (its
# kana) first, then one spelling from each group it expands through in turn (its own groups and the
# groups of the terms inside it; then, with room left, the groups of what those found), each group's
# in its written order with what it lists to be found (``> DV``) first and Japanese before English
# (the records are Japanese; an English word only finds the need labels' English), readings last.
# Cut by code point, one word added to the shelter group pushed 緊急避難 (DV相談＋'s need label) out of
# 逃げたい's list; cut by the file's order across groups, a word in two groups lost the second.
MAX_SPELLINGS = 24
# In the file's order (a group's terms as written, the groups as listed): the cap keeps the first ones.
SYNONYMS_SQL = "SELECT group_key, term FROM synonyms ORDER BY id"


class SynonymTable:
    """Normalized term -> the normalized terms it also finds. Not changed once built: what is
    derived from it (orders, spellings) is kept, since a window reuses one table every keystroke.
    A plain class: a dataclass compiles its methods on import, before the desk's first search."""

    def __init__(self, expansions: dict[str, set[str]] | None = None, ties: dict[str, str] | None = None) -> None:
        self.expansions: dict[str, set[str]] = {} if expansions is None else expansions
        # A spelling tied to its term (``住民票 = じゅうみんひょう``, domain.spellings), normalized: typed,
        # it is searched as its term (first what names the term, then the group).
        self.ties: dict[str, str] = {} if ties is None else ties
        # Each group's words in the order the cap takes them, and each term's groups (by number, as
        # listed): what the cap shares between groups. A table built from ``expansions`` alone has none.
        self.groups: list[list[str]] = []
        self.member: dict[str, list[int]] = {}
        self.reached: list[set[str]] = []  # what each group only finds (``> 緊急避難先``)
        self.written_as: dict[str, str] = {}  # 住むところがない → 住む所がない (``spelling_variants``)
        self._memo: dict[str, Any] = {}

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]]) -> SynonymTable:
        table = cls()
        written: list[tuple[dict[str, None], dict[str, None]]] = []
        for group in groups:
            terms, reached = group_words(group, table.ties, japanese.normalize)  # "> 緊急避難先": found, not finding
            for term in terms:
                table.expansions.setdefault(term, set()).update(terms.keys() - {term}, reached)
                table.member.setdefault(term, []).append(len(written))
            written.append((terms, reached))
        follow_chains(table.ties)
        table.reached = [set(reached) for _, reached in written]
        # What a group lists to be found first (no record writes its client phrases; 叩かれた's group
        # is there to reach DV and the police), then its terms, Japanese before English, readings last.
        table.groups = [_cap_order(terms, reached, table.ties) for terms, reached in written]
        # A term's other way of writing (住むところがない for 住む所がない) finds what the term
        # finds; it is no synonym of the others (their spellings, capped, stay as they were).
        for term, alts in list(table.expansions.items()):
            for variant in spelling_variants(term):
                if variant not in table.expansions:
                    table.expansions[variant] = alts | {term}
                    table.member[variant] = table.member.get(term, [])
                    table.written_as[variant] = term
        return table

    def spellings(self, word: str) -> list[str]:
        """Other spellings of ``word``: its synonyms, and the word with a synonym term inside it
        replaced by the term's synonyms (障害者 → 障がい者, しょうがい者 …)."""
        known: dict[str, list[str]] = self._derived("spellings", dict)
        if word not in known:
            if len(known) > 4096:  # bounded: a long session types many words
                known.clear()
            known[word] = self._spellings(word)
        return known[word]

    def _spellings(self, word: str) -> list[str]:
        # Its own other spellings (its kana: 一時保護 → いちじほご; the term it writes another way), then
        # a fair share of each group it is in, then of the groups of the terms inside it (a compound:
        # 障害者 → 障がい者), then, with room left, of the groups of what those found (障がい者 →
        # しょうがいしゃ). The spellings of before (session 16) in another order, less the groups of a word
        # its groups only find (below): the cap keeps others.
        found = dict.fromkeys(self._own(word))
        _take_in_turn(found, self._shares(word), word)
        inside = [
            [word.replace(term, alt) for alt in share]
            for term in self.terms_longest_first()
            if term != word and term in word
            for share in self._shares(term)
        ]
        _take_in_turn(found, inside, word)
        if len(found) < MAX_SPELLINGS:
            # Not through what its groups only find (``> 緊急一時保護``): found, not a synonym of hers.
            reached = {w for n in self._groups_of(word) for w in self.reached[n]}
            groups = dict.fromkeys(n for s in found if s not in reached for n in self._groups_of(s))
            further = [self.groups[n] for n in groups]
            further += [self._ordered(s) for s in found if s not in self.member and self.alternatives(s)]
            _take_in_turn(found, further, word)
        found.pop(word, None)
        return list(found)[:MAX_SPELLINGS]

    def _own(self, word: str) -> list[str]:
        """The spellings tied to ``word`` and the term it writes another way: always kept."""
        tied: dict[str, list[str]] = self._derived("tied", lambda: _tied_to(self.ties))
        variant = self.written_as.get(word)
        return ([variant] if variant else []) + tied.get(word, [])

    def _groups_of(self, term: str) -> list[int]:
        return self.member.get(term, [])

    def _share(self, n: int, term: str) -> list[str]:
        return [w for w in self.groups[n] if w != term]

    def _shares(self, term: str) -> list[list[str]]:
        """The term's alternatives, a list per group it is in (as listed); a table built without its
        groups (``expansions`` alone), or alternatives no group names: one list, ordered as before."""
        shares = [self._share(n, term) for n in self._groups_of(term)]
        named = {w for share in shares for w in share}
        rest = [t for t in self._ordered(term) if t not in named]
        return [*shares, rest] if rest else shares

    def _ordered(self, term: str) -> list[str]:
        """The term's synonyms, Japanese before English, a spelling tied to another term last (the
        order of a table without groups)."""
        ordered: dict[str, list[str]] = self._derived("ordered", dict)
        if term not in ordered:
            ordered[term] = sorted(self.alternatives(term), key=lambda t: (t.isascii(), t in self.ties, t))
        return ordered[term]

    def _derived(self, name: str, build: Callable[[], Any]) -> Any:
        """What is derived from the table, built on first use (``typed_words`` keeps its words here)."""
        if name not in self._memo:
            self._memo[name] = build()
        return self._memo[name]

    @classmethod
    def load(cls, source: Session | SqlRows) -> SynonymTable:
        # Plain column reads (no ORM objects: less garbage per keystroke), and the table is
        # built once per distinct synonym list, since a window may load it on every keystroke.
        rows = tuple((group, term) for group, term in rows_of(source).rows(SYNONYMS_SQL))
        return _synonym_table(rows)

    def alternatives(self, term: str) -> set[str]:
        return self.expansions.get(term, set())

    def split_words(self, text: str, as_typed: bool = False) -> list[str]:
        """The typed words, a term with spaces (legal advice, ほこ あ ほこ) kept as one word; normalized,
        or ``as_typed``: only width and case folded, katakana kept (the phrase reader tells a katakana
        noun from hiragana endings: パサパに行きたい)."""
        typed = japanese.normalize(text := japanese.typed_hyphens(text)).split()  # NFKC; ０ー１ → 0-1
        folded = text.casefold().split() if as_typed else typed
        spaced: list[tuple[int, frozenset[str]]] = self._derived("spaced", self._spaced_terms)
        words, i = [], 0
        while i < len(typed):
            n = next((n for n, terms in spaced if " ".join(typed[i : i + n]) in terms), 1)
            words.append(" ".join(folded[i : i + n]))
            i += n
        return words

    def _spaced_terms(self) -> list[tuple[int, frozenset[str]]]:
        """The terms with spaces, by their number of words, most words first."""
        by_count: dict[int, set[str]] = {}
        for term in self.expansions:
            if " " in term:
                by_count.setdefault(len(term.split()), set()).add(" ".join(term.split()))
        return [(n, frozenset(by_count[n])) for n in sorted(by_count, reverse=True)]

    def spellings_only(self, term: str) -> bool:
        """Whether ``term`` finds nothing but its own tied spellings (a department's name with its
        reading: 保険年金課 = ほけんねんきんか), not a synonym of anything."""
        alts = self.alternatives(term)
        return bool(alts) and all(self.ties.get(a) == term for a in alts)

    def terms_longest_first(self) -> list[str]:
        """The terms of two or more characters, longest first (then in code order)."""
        return self._derived(
            "longest", lambda: sorted((t for t in self.expansions if len(t) >= 2), key=lambda t: (-len(t), t))
        )

    def term_starting(self, stem: str) -> str | None:
        """The shortest term beginning with ``stem`` (a verb's stem: 預け → 預け先), if any."""
        starting = [t for t in self.terms_longest_first() if t.startswith(stem)]
        return min(starting, key=lambda t: (len(t), t)) if starting else None


# Words a client writes either in kanji or in kana after a verb or a particle (住む所 / 住むところ,
# お金が無い / お金がない, 服が欲しい / 服がほしい, 分からない / わからない, 出来ない / できない). Only
# after hiragana, so 住所 or 事務所 never becomes 住ところ.
@functools.lru_cache(maxsize=4)
def _synonym_table(rows: tuple[tuple[str, str], ...]) -> SynonymTable:
    groups: dict[str, list[str]] = {}
    for group, term in rows:
        groups.setdefault(group, []).append(term)
    return SynonymTable.from_groups(groups.values())


def _cap_order(terms: dict[str, None], reached: dict[str, None], ties: dict[str, str]) -> list[str]:
    """A group's words in the order the cap takes them: what it only finds, then its terms (a word
    both listed and found counts as found), each Japanese before English, readings last, as written."""
    words = [*reached, *(t for t in terms if t not in reached)]
    return sorted(words, key=lambda w: (w not in reached, w.isascii(), w in ties))


def _tied_to(ties: dict[str, str]) -> dict[str, list[str]]:
    """Term -> the spellings tied to it, as listed."""
    tied: dict[str, list[str]] = {}
    for spelling, term in ties.items():
        tied.setdefault(term, []).append(spelling)
    return tied


def _take_in_turn(found: dict[str, None], shares: list[list[str]], word: str) -> None:
    """Add to ``found`` (up to MAX_SPELLINGS, ``word`` aside) one new spelling of each share in turn."""
    rest = [iter(share) for share in shares if share]
    while rest and len(found) - (word in found) < MAX_SPELLINGS:
        for share in list(rest):
            if len(found) - (word in found) >= MAX_SPELLINGS:
                return
            if (new := next((w for w in share if w != word and w not in found), None)) is None:
                rest.remove(share)
            else:
                found[new] = None
