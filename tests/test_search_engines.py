"""Shared mode (issue #16): search on the PostgreSQL server answers exactly as SQLite's FTS5 does.

The same bundled directory is opened on both engines and every query — the counselor query set,
one- and two-character queries, synonyms, FTS syntax typed by mistake, municipality / need / kind
filters, procedures and departments — must give the same hits in the same order with the same
scores and phones, and the same ``complete`` flag and count.
"""

from __future__ import annotations

import pytest
from benchmarks.search_quality import HELDOUT, cases

from dvdesk.domain.models import ServiceKind
from dvdesk.domain.search import Searcher, SearchQuery

TAKAOKA, KUNITACHI = "162027", "132152"
TYPED = [
    "",
    "住",
    "夜",
    "子",
    "税",
    "宅",
    "m",
    "8",
    "住宅",
    "相談",
    "保護",
    "ＤＶ",
    "dv",
    "手当",
    "住宅課",
    "弁護士",
    "しぇるたー",
    "ｼｪﾙﾀｰ",
    "児童扶養手当",
    "生活保護",
    "法律相談",
    "DV 相談",
    "障害者",
    "子供",
    "警察",
    "逃げたい",
    "#8008",
    "189",
    '"相談',
    "相談 AND",
    "NEAR(住宅)",
    "こども 食堂",
    "マイナンバー",
    "住民票",
    "離婚",
    "年金",
]
SCOPES = [
    (None, None),
    (TAKAOKA, None),
    (KUNITACHI, None),
    (None, "consultation"),
    (TAKAOKA, "consultation"),
    (None, "safety"),
    (TAKAOKA, "safety.shelter"),
    (KUNITACHI, "money"),
]
KINDS = [frozenset(ServiceKind), frozenset({ServiceKind.CLIENT}), frozenset({ServiceKind.INTERNAL})]


@pytest.fixture(scope="module")
def both(tmp_path_factory, pg_cluster, _bundled_template):
    """The bundled directory on SQLite and on the server (module scope: read-only tests)."""
    import shutil

    import pg_support
    from dvdesk.storage.db import open_database

    path = tmp_path_factory.mktemp("parity") / "bundled.sqlite3"
    shutil.copy(_bundled_template, path)  # the session's bundled database, filled once
    sqlite_db = open_database(path)
    server_db, name = pg_support._server_copy(pg_cluster, "tpl_bundled", pg_support._setup_bundled)
    yield sqlite_db, server_db
    sqlite_db.close()
    server_db.close()
    pg_cluster.drop_database(name)


def _answer(db, queries):
    out = []
    with db.read() as session:
        searcher = Searcher(session)
        for q in queries:
            try:
                result = searcher.search_result(q)
            except KeyError:
                out.append("KeyError")
                continue
            out.append(
                (
                    result.complete,
                    searcher.count(q),
                    [
                        (
                            h.service_id,
                            h.name,
                            h.provider,
                            h.municipality,
                            h.kind,
                            h.has_phone,
                            round(h.score, 6),
                            h.phone,
                            h.hours,
                        )
                        for h in result.hits
                    ],
                    [(h.service_id, h.place) for h in searcher.search_procedures(q)],
                    [(h.service_id, h.place) for h in searcher.search_organizations(q)],
                )
            )
    return out


def _queries(every: bool) -> list[SearchQuery]:
    """Every typed text in every scope and kind with both query sets whole (the thorough tier), or each
    typed text once in a scope or kind that turns, a fifth of the counselor set and a tenth of the
    held-out set spread over their classes (the quick tier): every text, scope and kind is still asked."""
    if every:
        queries = [SearchQuery(t, m, need) for t in TYPED for m, need in SCOPES]
        queries += [SearchQuery(t, TAKAOKA, None, kinds) for t in TYPED for kinds in KINDS[1:]]
        queries += [SearchQuery(c.query, c.municipality) for c in cases() + cases(HELDOUT)]
        queries += [SearchQuery(t, TAKAOKA, limit=3) for t in TYPED]  # short pages: the cap and `complete`
        return queries
    turns = [(m, need, KINDS[0]) for m, need in SCOPES] + [(TAKAOKA, None, kinds) for kinds in KINDS[1:]]
    queries = [SearchQuery(t, *turns[n % len(turns)]) for n, t in enumerate(TYPED)]
    queries += [SearchQuery(c.query, c.municipality) for c in cases()[::5] + cases(HELDOUT)[2::10]]
    queries += [SearchQuery(t, TAKAOKA, limit=3) for t in TYPED[::3]]
    return queries


@pytest.mark.parametrize(
    "every", [pytest.param(True, marks=pytest.mark.slow, id="every-scope"), pytest.param(False, id="each-text-once")]
)
def test_every_query_gets_the_same_hits_on_both_engines(both, every):
    sqlite_db, server_db = both
    queries = _queries(every)
    local, shared = _answer(sqlite_db, queries), _answer(server_db, queries)
    differing = [(q, a, b) for q, a, b in zip(queries, local, shared, strict=True) if a != b]
    assert not differing, differing[:3]
    # The comparison compares something: most queries find services, some find procedures.
    assert sum(1 for a in local if a != "KeyError" and a[2]) > len(queries) // 2
    assert any(a != "KeyError" and a[3] for a in local)


def test_the_server_answers_one_and_two_character_queries_from_its_gin_index(both):
    from sqlalchemy import text

    from dvdesk.storage import pg_search

    _, server_db = both
    with server_db.read() as session:
        searcher = Searcher(session)
        assert any("住宅" in h.name for h in searcher.search(SearchQuery("住", TAKAOKA)))
        session.execute(text("SET LOCAL enable_seqscan = off"))  # the table is small: ask what the index can do
        for typed in ("住", "住宅"):
            condition, params = pg_search.translate(Searcher(session).match_for(SearchQuery(typed, TAKAOKA)))
            plan = "\n".join(
                session.execute(
                    text(f"EXPLAIN SELECT rank FROM search_pg_services WHERE {condition}"), params
                ).scalars()
            )
            assert "ix_search_pg_services_tokens" in plan, plan
