"""Search on a PostgreSQL server with the same answers as SQLite's FTS5 index.

Debian 12 has no pg_bigm, and pg_trgm cannot look up a one- or two-character query (its index
needs trigrams) and splits CJK by locale. So each FTS5 index of ``storage.search_index`` has a
table here (migrations 0009, 0011) holding, per item, ``rank``: the FTS5 rowid (a rank position,
``slot << 24 | id``, see ``storage.search_index``), ``doc``: its normalized word runs separated by
spaces (``name_doc`` and ``org_doc``: those of the columns a lookup may name alone, ``{name}`` and
``{org}``), ``tokens``: the set of what FTS5 could match in its text (the same bigrams, every
character — what ``"x"*`` finds), and ``tags``: its tag words (municipality, needs, kind), each
under a GIN index. Tags apart: testing a row's kind or municipality reads a few words instead of
the 350 tokens of a description (a need-less しぇるたー took 3.4 s with the tags among the
tokens, 38 ms apart, on 5,730 services; docs/performance.md). Rows are made from the
very rows ``search_index`` writes to FTS5, so both engines index the same text under the same keys.

The FTS5 MATCH expression that ``domain.search`` builds (phrases of bigrams, one-character
prefixes, tag words, column filters, AND, OR, parentheses) is translated here: a phrase is "all
its bigrams are in the tokens" (the GIN lookup) and "the term lies inside one word run" (``doc
LIKE``), which is what an FTS5 phrase of consecutive bigrams means. Rows come in rank order and a
lookup stops at its ``LIMIT``, as FTS5's ``ORDER BY rowid LIMIT`` does. ``search_order`` and
``search_list`` are plain tables with the same name and rows on both engines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import Text

# FTS5 table -> the server's table
TABLES = {
    "search_fts": "search_pg_services",
    "search_fts_names": "search_pg_names",
    "search_fts_procedures": "search_pg_procedures",
    "search_fts_orgs": "search_pg_orgs",
}
# The text columns of each FTS5 index, as search_index's rows name them ("t" holds tag words)
_TEXT_COLUMNS = {
    "search_fts": ("n", "o", "b"),
    "search_fts_names": ("n",),
    "search_fts_procedures": ("n", "o", "b"),
    "search_fts_orgs": ("n", "d"),
}
# A column filter's FTS5 column -> the server's column holding that column's runs
_COLUMN_DOCS = {"name": "name_doc", "org": "org_doc"}


def runs_of(tokens: str) -> list[str]:
    """The word runs that ``japanese.index_tokens`` turned into ``tokens`` (bigrams, then the
    run's last character alone; a one-character run is that character)."""
    runs: list[str] = []
    current = ""
    for token in tokens.split():
        if len(token) == 2:
            current = current + token[1] if current else token
        else:
            runs.append(current or token)
            current = ""
    if current:
        runs.append(current)
    return runs


def row_of(fts_row: dict[str, object], columns: Sequence[str] = ("n", "o", "b")) -> dict[str, object]:
    """The server's row for one FTS5 row (id = its rowid, and n/o/b/d/t as ``search_index`` makes them)."""
    runs: list[str] = []
    for column in columns:
        runs.extend(runs_of(str(fts_row.get(column) or "")))
    tokens: set[str] = set()
    for run in runs:
        tokens.update(run)  # every character: what a one-character prefix query finds
        tokens.update(run[i : i + 2] for i in range(len(run) - 1))
    for tag in str(fts_row.get("t") or "").split():
        tokens.add(tag)
        tokens.add(tag[0])  # FTS5's "m"* also finds the token muni…
    return {
        "rank": fts_row["id"],
        "doc": " ".join(runs),
        "name_doc": " ".join(runs_of(str(fts_row.get("n") or ""))),
        "org_doc": " ".join(runs_of(str(fts_row.get("o") or ""))) if "o" in columns else "",
        "tokens": sorted(tokens),
    }


def insert(session: Session, fts_table: str, rows: Sequence[dict[str, object]]) -> None:
    if not rows:
        return
    table = TABLES[fts_table]
    # array_to_tsvector: the tokens as they are, no parser, no stemming, no stop words.
    statement = text(
        f"INSERT INTO {table}(rank, doc, name_doc, org_doc, tokens) "
        "VALUES (:rank, :doc, :name_doc, :org_doc, array_to_tsvector(:tokens))"
    ).bindparams(bindparam("tokens", type_=ARRAY(Text)))
    session.execute(statement, [row_of(r, _TEXT_COLUMNS[fts_table]) for r in rows])


def clear(session: Session, fts_table: str) -> None:
    session.execute(text(f"DELETE FROM {TABLES[fts_table]}"))


def delete(session: Session, fts_table: str, rowid: int) -> None:
    session.execute(text(f"DELETE FROM {TABLES[fts_table]} WHERE rank = :r"), {"r": rowid})


def analyze(session: Session) -> None:
    """Fresh statistics after a rebuild: the planner chooses between the GIN index and the rank
    order by how many rows a token holds."""
    for table in (*TABLES.values(), "search_order", "search_list"):
        session.execute(text(f"ANALYZE {table}"))


# --- the MATCH expression -------------------------------------------------------------------

_LEXEME = re.compile(r'\s*(?:(\()|(\))|\{(\w+)\}\s*:|"([^"]*)"(\*)?|([^\s()"]+))')


class _Translator:
    """FTS5 expression (the subset ``domain.search`` writes) -> SQL condition with parameters."""

    def __init__(self, expression: str, exact: bool, params: dict[str, object]):
        self.lexemes = self._lex(expression)
        self.at = 0
        self.params = params
        self.doc = "doc"  # inside a column filter ({org} : …), that column's runs
        # exact: each phrase as its text test (LIKE: what the phrase means); else as its tokens
        # (what the GIN index can look up, implied by the text test).
        self.exact = exact

    @staticmethod
    def _lex(expression: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        pos = 0
        while pos < len(expression):
            if expression[pos:].strip() == "":
                break
            found = _LEXEME.match(expression, pos)
            if not found:
                raise ValueError(f"unexpected search expression: {expression!r}")
            opening, closing, column, phrase, star, word = found.groups()
            if opening:
                out.append(("(", "("))
            elif closing:
                out.append((")", ")"))
            elif column:
                out.append(("column", column))
            elif phrase is not None:
                out.append(("prefix" if star else "phrase", phrase))
            elif word in ("AND", "OR"):
                out.append((word, word))
            else:
                out.append(("word", word))
            pos = found.end()
        return out

    def _peek(self) -> str | None:
        return self.lexemes[self.at][0] if self.at < len(self.lexemes) else None

    def _take(self) -> tuple[str, str]:
        if self.at >= len(self.lexemes):
            raise ValueError("unfinished search expression")
        lexeme = self.lexemes[self.at]
        self.at += 1
        return lexeme

    def condition(self) -> str:
        sql = self._or()
        if self._peek() is not None:
            raise ValueError("unexpected search expression")
        return sql

    def _or(self) -> str:
        parts = [self._and()]
        while self._peek() == "OR":
            self._take()
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else "(" + (" OR " if self.exact else " | ").join(parts) + ")"

    def _and(self) -> str:
        parts = [self._atom()]
        while self._peek() == "AND":
            self._take()
            parts.append(self._atom())
        return parts[0] if len(parts) == 1 else "(" + (" AND " if self.exact else " & ").join(parts) + ")"

    def _has(self, lexeme: str) -> str:
        """One token: a test of its own in the exact translation, a word of the tsquery else."""
        return f"tokens @@ CAST({self._param(lexeme)} AS tsquery)" if self.exact else lexeme

    def _param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def _atom(self) -> str:
        kind, value = self._take()
        if kind == "(":
            inner = self._or()
            if self._take()[0] != ")":
                raise ValueError("unbalanced search expression")
            return inner
        if kind == "column":  # {org} : (…): the phrases inside must lie in that column's runs
            if value not in _COLUMN_DOCS or self.doc != "doc":
                raise ValueError(f"unexpected column filter {value!r}")
            self.doc = _COLUMN_DOCS[value]
            try:
                return self._atom()
            finally:
                self.doc = "doc"
        if kind == "word":  # a tag word (muni…, need…, kind…)
            return self._has(_lexeme(value))
        if kind == "prefix":  # a one-character query: "x"* (a token starting with x: x is in a run)
            if self.exact and (self.doc != "doc" or value not in _TAG_INITIALS):
                return f"{self.doc} LIKE {self._param(f'%{value}%')}"
            return self._has(_lexeme(value))
        if kind == "phrase":
            bigrams = value.split()
            term = bigrams[0] + "".join(b[1:] for b in bigrams[1:])
            if self.exact:
                return f"{self.doc} LIKE {self._param(f'%{term}%')}"  # runs hold no %, _ or backslash
            return "(" + " & ".join(_lexeme(b) for b in sorted(set(bigrams))) + ")"
        raise ValueError(f"unexpected search expression near {value!r}")


# A tag's first letter is a token too (FTS5's "m"* finds muni…), never in a text run's LIKE.
_TAG_INITIALS = frozenset("mnk")


def _lexeme(token: str) -> str:
    """A token quoted as a tsquery word (tokens are word characters; quoted all the same)."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def translate(expression: str) -> tuple[str, dict[str, object]]:
    """SQL condition and parameters for an FTS5 MATCH expression.

    Two translations joined by AND: the exact one (each phrase a LIKE over the word runs: what
    FTS5's phrase of consecutive bigrams means) and the tokens one (each phrase "all its bigrams
    are tokens"). The exact one implies the other, so together they mean the exact one; the
    tokens one is there for the GIN index, and the clauses the index answers leave the per-row
    filter, which then runs LIKEs over a row's text instead of containment tests over its 350
    tokens (a need-less DV 相談 filtered 3,167 rows in 530 ms that way; docs/performance.md).
    Written exact first: a row the LIKEs refuse is never tested against its tokens.
    """
    params: dict[str, object] = {}
    exact = _Translator(expression, True, params).condition()
    tokens = _Translator(expression, False, params).condition()
    return f"({exact}) AND tokens @@ CAST(:tsquery AS tsquery)", params | {"tsquery": tokens}


def lookup(session: Session, fts_table: str, match: str, cap: int | None) -> list[int]:
    """Rank positions (FTS5 rowids) matching ``match``, best first, at most ``cap`` (None: all)."""
    condition, params = translate(match)
    sql = f"SELECT rank FROM {TABLES[fts_table]} WHERE {condition} ORDER BY rank"
    if cap is None:
        return list(session.execute(text(sql), params).scalars())
    return list(session.execute(text(sql + " LIMIT :cap"), {**params, "cap": cap}).scalars())


def count(session: Session, fts_table: str, match: str, at_most: int | None = None) -> int:
    """How many rows match, counting no further than ``at_most``."""
    condition, params = translate(match)
    rows = f"SELECT 1 FROM {TABLES[fts_table]} WHERE {condition}"
    if at_most is None:
        return int(session.execute(text(f"SELECT count(*) FROM ({rows}) m"), params).scalar_one())
    return int(
        session.execute(text(f"SELECT count(*) FROM ({rows} LIMIT :cap) m"), {**params, "cap": at_most}).scalar_one()
    )


def has_table(session: Session, fts_table: str) -> bool:
    return bool(
        session.execute(
            text("SELECT to_regclass(:t) IS NOT NULL"), {"t": TABLES.get(fts_table, fts_table)}
        ).scalar_one()
    )
