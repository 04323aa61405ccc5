"""What the counselor typed, as the index understands it: each word normalized like the indexed
text (``domain.japanese``), widened through the synonym groups — also inside a compound
(障害者 finds 障がい者) — and turned into an FTS5 MATCH expression of bigram phrases (or a
one-character prefix). ``found_in`` says the same thing about one field's text, so a ranking
done in Python agrees with the index's match.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dvdesk.domain import japanese
from dvdesk.domain.sql_rows import SqlRows, rows_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# A compound can hold several synonym terms; its spellings are capped so one word stays one
# small FTS expression.
MAX_SPELLINGS = 16
SYNONYMS_SQL = "SELECT group_key, term FROM synonyms"


@dataclass
class SynonymTable:
    """Normalized term -> the normalized terms it also finds."""

    expansions: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]]) -> SynonymTable:
        table = cls()
        for group in groups:
            terms = {japanese.normalize(t).strip() for t in group if t.strip()}
            for term in terms:
                table.expansions.setdefault(term, set()).update(terms - {term})
        return table

    def spellings(self, word: str) -> list[str]:
        """Other spellings of ``word``: its synonyms, and the word with a synonym term inside it
        replaced by the term's synonyms (障害者 → 障がい者, しょうがい者 …)."""
        found = dict.fromkeys(sorted(self.alternatives(word)))
        for term in sorted(self.expansions, key=len, reverse=True):  # longest terms first
            if len(term) < 2 or term == word or term not in word:
                continue
            for alt in sorted(self.expansions[term]):
                found.setdefault(word.replace(term, alt))
        for spelling in list(found):  # 障害者 → 障がい者, itself a term: also しょうがいしゃ
            for alt in sorted(self.alternatives(spelling)):
                found.setdefault(alt)
        found.pop(word, None)
        return list(found)[:MAX_SPELLINGS]

    @classmethod
    def load(cls, source: Session | SqlRows) -> SynonymTable:
        # Plain column reads (no ORM objects: less garbage per keystroke), and the table is
        # built once per distinct synonym list, since a window may load it on every keystroke.
        rows = tuple((group, term) for group, term in rows_of(source).rows(SYNONYMS_SQL))
        return _synonym_table(rows)

    def alternatives(self, term: str) -> set[str]:
        return self.expansions.get(term, set())


@functools.lru_cache(maxsize=4)
def _synonym_table(rows: tuple[tuple[str, str], ...]) -> SynonymTable:
    groups: dict[str, list[str]] = {}
    for group, term in rows:
        groups.setdefault(group, []).append(term)
    return SynonymTable.from_groups(groups.values())


def typed_words(text_query: str, synonyms: SynonymTable) -> list[list[list[str]]]:
    """For each typed word, its options (itself, then its synonyms), each as its word runs."""
    words = []
    for word in japanese.normalize(text_query).split():
        own = japanese.word_runs(word)
        if own:
            alternatives = (japanese.word_runs(alt) for alt in synonyms.spellings(word))
            words.append([own, *(runs for runs in alternatives if runs)])
    return words


def words_expression(words: list[list[list[str]]]) -> str | None:
    """Every word must match, through any of its options; an option matches when all its runs do."""
    clauses = []
    for options in words:
        exprs = []
        for runs in options:
            parts = [japanese.phrase_for(run) for run in runs]
            exprs.append(parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")")
        clauses.append(exprs[0] if len(exprs) == 1 else "(" + " OR ".join(exprs) + ")")
    return " AND ".join(clauses) if clauses else None


def match_expression(text_query: str, synonyms: SynonymTable) -> str | None:
    """The FTS5 MATCH expression for what was typed, or None if nothing searchable was typed."""
    return words_expression(typed_words(text_query, synonyms))


def found_in(field: str, words: list[list[list[str]]]) -> bool:
    """What the index's phrase match means, checked on one field's text: every word has an
    option whose runs all lie inside the field's word runs."""
    field_runs = japanese.word_runs(field)
    return all(any(all(any(run in f for f in field_runs) for run in option) for option in options) for options in words)
