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
from dvdesk.domain.spellings import follow_chains, found_by, group_terms, spelling_variants
from dvdesk.domain.sql_rows import SqlRows, rows_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# A compound can hold several synonym terms; its spellings are capped so one word stays one
# small FTS expression. A group's own terms come first, Japanese before English (the records are
# Japanese; an English word only finds the need labels' English), so the cap drops the least useful.
MAX_SPELLINGS = 24
SYNONYMS_SQL = "SELECT group_key, term FROM synonyms"


class SynonymTable:
    """Normalized term -> the normalized terms it also finds. Not changed once built: what is
    derived from it (orders, spellings) is kept, since a window reuses one table every keystroke.
    A plain class: a dataclass compiles its methods on import, before the desk's first search."""

    def __init__(self, expansions: dict[str, set[str]] | None = None, ties: dict[str, str] | None = None) -> None:
        self.expansions: dict[str, set[str]] = {} if expansions is None else expansions
        # A spelling tied to its term (``住民票 = じゅうみんひょう``, domain.spellings), normalized: typed,
        # it is searched as its term (first what names the term, then the group).
        self.ties: dict[str, str] = {} if ties is None else ties
        self._memo: dict[str, Any] = {}

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]]) -> SynonymTable:
        table = cls()
        for group in groups:
            terms = group_terms(group, table.ties, japanese.normalize)
            found = terms | found_by(group, japanese.normalize)  # "> 緊急避難先": found, not finding
            for term in terms:
                table.expansions.setdefault(term, set()).update(found - {term})
        follow_chains(table.ties)
        # A term's other way of writing (住むところがない for 住む所がない) finds what the term
        # finds; it is no synonym of the others (their spellings, capped, stay as they were).
        for term, alts in list(table.expansions.items()):
            for variant in spelling_variants(term):
                table.expansions.setdefault(variant, alts | {term})
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
        found = dict.fromkeys(self._ordered(word))
        for term in self.terms_longest_first():
            if term == word or term not in word:
                continue
            for alt in self._ordered(term):
                found.setdefault(word.replace(term, alt))
        for spelling in list(found):  # 障害者 → 障がい者, itself a term: also しょうがいしゃ
            for alt in self._ordered(spelling):
                found.setdefault(alt)
        found.pop(word, None)
        return list(found)[:MAX_SPELLINGS]

    def _ordered(self, term: str) -> list[str]:
        """The term's synonyms, Japanese before English, a spelling tied to another term last: no
        record writes a reading, and its term is in the list already (see MAX_SPELLINGS; session 13:
        the readings of 離婚届 and 不受理申出 took ひとり親's last places from 離婚)."""
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
