"""Search on a PostgreSQL server with the same answers as SQLite's FTS5 index.

Debian 12 has no pg_bigm, and pg_trgm cannot look up a one- or two-character query (its index
needs trigrams) and splits CJK by locale. So each FTS5 index of ``storage.search_index`` has a
table here (migration 0009) holding, per item, ``doc``: its normalized word runs separated by
spaces, and ``tokens``: the set of what FTS5 could match in it (the same bigrams, every
character — what ``"x"*`` finds — and the tag words), under a GIN index. Rows are made from the
very rows ``search_index`` writes to FTS5, so both engines index the same text.

The FTS5 MATCH expression that ``domain.search`` builds (phrases of bigrams, one-character
prefixes, tag words, AND, OR, parentheses) is translated here: a phrase is "all its bigrams are in
the tokens" (the GIN lookup) and "the term lies inside one word run" (``doc LIKE``), which is
what an FTS5 phrase of consecutive bigrams means. Rows come in id order, as FTS5 returns rowids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

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
_TEXT_COLUMNS = {"search_fts": ("n", "o", "b"), "search_fts_names": ("n",),
                 "search_fts_procedures": ("n", "o", "b"), "search_fts_orgs": ("n",)}


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
    """The server's row for one FTS5 row (id, and n/o/b/t as ``search_index`` makes them)."""
    runs: list[str] = []
    for column in columns:
        runs.extend(runs_of(str(fts_row.get(column) or "")))
    tokens: set[str] = set()
    for run in runs:
        tokens.update(run)  # every character: what a one-character prefix query finds
        tokens.update(run[i:i + 2] for i in range(len(run) - 1))
    for tag in str(fts_row.get("t") or "").split():
        tokens.add(tag)
        tokens.add(tag[0])  # FTS5's "m"* also finds the token muni…
    return {"id": fts_row["id"], "doc": " ".join(runs), "tokens": sorted(tokens)}


def insert(session: Session, fts_table: str, rows: Sequence[dict[str, object]]) -> None:
    if not rows:
        return
    table = TABLES[fts_table]
    statement = text(f"INSERT INTO {table}(id, doc, tokens) VALUES (:id, :doc, :tokens)").bindparams(
        bindparam("tokens", type_=ARRAY(Text)))
    session.execute(statement, [row_of(r, _TEXT_COLUMNS[fts_table]) for r in rows])


def clear(session: Session, fts_table: str) -> None:
    session.execute(text(f"DELETE FROM {TABLES[fts_table]}"))


def delete(session: Session, fts_table: str, item_id: int) -> None:
    session.execute(text(f"DELETE FROM {TABLES[fts_table]} WHERE id = :id"), {"id": item_id})


# --- the MATCH expression -------------------------------------------------------------------

_LEXEME = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"(\*)?|([^\s()"]+))')


class _Translator:
    """FTS5 expression (the subset ``domain.search`` writes) -> SQL condition with parameters."""

    def __init__(self, expression: str):
        self.lexemes = self._lex(expression)
        self.at = 0
        self.params: dict[str, object] = {}

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
            opening, closing, phrase, star, word = found.groups()
            if opening:
                out.append(("(", "("))
            elif closing:
                out.append((")", ")"))
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
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def _and(self) -> str:
        parts = [self._atom()]
        while self._peek() == "AND":
            self._take()
            parts.append(self._atom())
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

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
        if kind == "word":  # a tag word (muni…, need…, kind…)
            return f"tokens @> ARRAY[{self._param(value)}]::text[]"
        if kind == "prefix":  # a one-character query: "x"*
            return f"tokens @> ARRAY[{self._param(value)}]::text[]"
        if kind == "phrase":
            bigrams = value.split()
            term = bigrams[0] + "".join(b[1:] for b in bigrams[1:])
            tokens = self._param(sorted(set(bigrams)))
            if len(bigrams) == 1:
                return f"tokens @> CAST({tokens} AS text[])"
            like = self._param(f"%{term}%")  # runs hold no %, _ or backslash: [^\W_]
            return f"(tokens @> CAST({tokens} AS text[]) AND doc LIKE {like})"
        raise ValueError(f"unexpected search expression near {value!r}")


def translate(expression: str) -> tuple[str, dict[str, object]]:
    """SQL condition and parameters for an FTS5 MATCH expression."""
    translator = _Translator(expression)
    return translator.condition(), translator.params


def candidates(session: Session, fts_table: str, match: str, cap: int) -> list[int]:
    """Ids matching ``match``, at most ``cap``, in id order (as FTS5 returns its rowids)."""
    condition, params = translate(match)
    sql = f"SELECT id FROM {TABLES[fts_table]} WHERE {condition} ORDER BY id LIMIT :cap"
    return list(session.execute(text(sql), {**params, "cap": cap}).scalars())


def count(session: Session, fts_table: str, match: str) -> int:
    condition, params = translate(match)
    return int(session.execute(text(f"SELECT count(*) FROM {TABLES[fts_table]} WHERE {condition}"),
                               params).scalar_one())


def has_table(session: Session, fts_table: str) -> bool:
    return session.execute(text("SELECT to_regclass(:t) IS NOT NULL"),
                           {"t": TABLES.get(fts_table, fts_table)}).scalar_one()


def ids_json(ids: Iterable[int]) -> list[int]:
    return list(ids)


# --- the queries of domain.search that read JSON parameters, in PostgreSQL's words ----------------
# Names sort by code point, as SQLite's BINARY collation does (COLLATE "C" on UTF-8).

PROVIDERS_SQL = text("""
    SELECT DISTINCT o.name FROM jsonb_array_elements_text(CAST(:ids AS jsonb)) j(value)
    JOIN services s ON s.id = CAST(j.value AS integer)
    JOIN organizations o ON o.id = s.organization_id
""")
HITS_SQL = """
    WITH candidate AS (
        SELECT CAST(value ->> 0 AS integer) AS id, CAST(value ->> 1 AS integer) AS grp
        FROM jsonb_array_elements(CAST(:groups AS jsonb))
    ), top AS (
        SELECT s.id, s.name, COALESCE(o.name, '') AS provider, s.kind, s.municipality_id,
               s.organization_id, s.phone, s.confidentiality, s.schedule, {length} AS len,
               c.grp - :kinds * CAST(c.grp / :kinds = :elsewhere
                                     AND o.name IN (SELECT value FROM jsonb_array_elements_text(
                                         CAST(:providers AS jsonb))) AS integer) AS rank_group
        FROM candidate c JOIN services s ON s.id = c.id
        LEFT JOIN organizations o ON o.id = s.organization_id
        WHERE NOT s.retired
        ORDER BY rank_group, len, s.name COLLATE "C", s.id  -- the id: as on SQLite, ties included
        LIMIT :limit
    ), shown AS (
        SELECT t.*, (SELECT c.id FROM contact_points c
                     WHERE c.organization_id = t.organization_id AND c.phone != ''
                       AND c.confidentiality = 'public' ORDER BY c.id LIMIT 1) AS contact_id
        FROM top t
    )
    SELECT t.id, t.name, t.provider, COALESCE(m.name, ''), t.kind,
           t.phone != '' OR EXISTS (SELECT 1 FROM contact_points c
                                    WHERE c.organization_id = t.organization_id AND c.phone != ''),
           t.rank_group / :kinds + t.len / 1000.0,
           CASE WHEN t.phone != '' AND t.confidentiality = 'public' THEN t.phone ELSE COALESCE(cp.phone, '') END,
           CASE WHEN t.phone != '' AND t.confidentiality = 'public' OR t.schedule != '' THEN t.schedule
                ELSE COALESCE(cp.hours, '') END
    FROM shown t LEFT JOIN municipalities m ON m.id = t.municipality_id
    LEFT JOIN contact_points cp ON cp.id = t.contact_id
    ORDER BY t.rank_group, t.len, t.name COLLATE "C", t.id
"""
PROCEDURE_HITS_SQL = text("""
    SELECT p.id, p.key, p.name, COALESCE(o.name, p.department_hint, ''), COALESCE(m.name, '')
    FROM jsonb_array_elements_text(CAST(:ids AS jsonb)) j(value)
    JOIN procedures p ON p.id = CAST(j.value AS integer)
    LEFT JOIN organizations o ON o.id = p.organization_id
    LEFT JOIN municipalities m ON m.id = p.municipality_id
    WHERE NOT p.retired
""")
ORG_HITS_SQL = text("""
    SELECT o.id, o.key, o.name, COALESCE(parent.name, ''), COALESCE(m.name, '')
    FROM jsonb_array_elements_text(CAST(:ids AS jsonb)) j(value)
    JOIN organizations o ON o.id = CAST(j.value AS integer)
    LEFT JOIN organizations parent ON parent.id = o.parent_id
    LEFT JOIN municipalities m ON m.id = o.municipality_id
    WHERE NOT o.retired
""")
