"""A safety query's 200-deep pool is read with only what orders it (``Searcher.search(reach_only)``:
name, kind, rank, the phone shown and its hours), its need looked up only for the lines it can
move, and the rows shown read whole afterwards (``Searcher.complete``). The list must be exactly
the one the long way gives: every row read whole, the need looked up for every service."""

from __future__ import annotations

from datetime import datetime

import pytest

from dvdesk.app import safety_first
from dvdesk.app.desk_query import SAFETY_POOL, merge_hits
from dvdesk.app.desk_reads import _need_vocabulary
from dvdesk.app.desk_search import _items
from dvdesk.app.directory_queries import ALL_KINDS, CLIENT_KINDS, DeskData, DeskQuery
from dvdesk.domain.record_kinds import ServiceKind
from dvdesk.domain.search import Searcher, SearchQuery

TAKAOKA, KUNITACHI = "162027", "132152"
NIGHT, MORNING, SATURDAY = datetime(2026, 12, 1, 3), datetime(2026, 12, 1, 10), datetime(2026, 12, 5, 18)


def the_long_way(db, query: DeskQuery, need: str) -> list:
    """The safety order as it was first written: every source read whole, every service's need looked up."""
    with db.read() as session:
        searcher = Searcher(session)
        keys = query.need_keys or (None,)
        depth = max(query.limit + 1, SAFETY_POOL)
        qs = [SearchQuery(query.text, query.municipality_code, k, query.kinds, depth) for k in keys]
        lists = [searcher.search(q) for q in qs]
        if query.text.strip():
            lists += _items(searcher, query)
            other = frozenset(ServiceKind) - query.kinds
            if other:
                lists += [searcher.search_named(q._replace(kinds=other)) for q in qs]
        merged = merge_hits(lists, sum(len(x) for x in lists))
        pool = {(h.item, h.service_id) for hits in lists for h in hits[:SAFETY_POOL]}
        head = [h for h in merged if (h.item, h.service_id) in pool]
        tail = [h for h in merged if (h.item, h.service_id) not in pool]
        ids = [h.service_id for h in head if h.is_service and h.kind in query.kinds]
        # 189 and the other child lines after the DV lines unless the query speaks of children.
        words = _need_vocabulary(searcher.sql)
        children = safety_first.names_children(query.text, query.need_keys, words)
        aside = set() if children else searcher.on_needs(ids, [safety_first.CHILD_NEED])[safety_first.CHILD_NEED]
        on_need = searcher.on_needs(ids, [need])[need]
        ordered = safety_first.order_for_safety(head, on_need, query.at, None, aside) + tail
        return ordered[: query.limit]


CASES = [
    DeskQuery("シェルター"),
    DeskQuery("ＤＶ", kinds=ALL_KINDS),
    DeskQuery("保護", need_keys=("consultation",)),
    DeskQuery("逃げたい", TAKAOKA),
    DeskQuery("", TAKAOKA, ("safety.shelter",)),
    DeskQuery("相談", KUNITACHI, ("safety",), kinds=ALL_KINDS),
    DeskQuery("電話", None, ("safety", "housing")),
]


@pytest.mark.parametrize("when", [NIGHT, MORNING, SATURDAY], ids=["night", "morning", "saturday"])
@pytest.mark.parametrize("limit", [1, 5, 50, 51, 400])
def test_the_safety_list_is_the_long_ways_list(bundled_db, when, limit):
    data = DeskData(bundled_db)
    for query in CASES:
        q = query._replace(limit=limit, at=when)
        with bundled_db.read() as session:
            need = data._safety_need(Searcher(session), q)
        assert need is not None and safety_first.is_safety_need(need), q  # a safety query
        expected = the_long_way(bundled_db, q, need)
        assert expected, q
        got = data.desk_search(q).hits
        assert got == expected, q


@pytest.mark.parametrize("kinds", [CLIENT_KINDS, ALL_KINDS])
@pytest.mark.parametrize("text", ["相談", "シェルター", "DV", "住宅", ""])
def test_reach_only_hits_completed_are_the_whole_hits(bundled_db, text, kinds):
    with bundled_db.read() as session:
        searcher = Searcher(session)
        query = SearchQuery(text, None, None, kinds, 300)
        whole = searcher.search(query)
        light = searcher.search(query, reach_only=True)
        assert [(h.service_id, h.score, h.phone, h.hours, h.always_open) for h in light] == [
            (h.service_id, h.score, h.phone, h.hours, h.always_open) for h in whole
        ]
        assert searcher.complete(light) == whole and whole
        assert any(h.provider for h in whole) and not any(h.provider for h in light)


@pytest.fixture(scope="module")
def both(tmp_path_factory, pg_cluster, _bundled_template):
    """The bundled directory on SQLite and on a PostgreSQL server (module scope: read-only)."""
    import shutil

    import pg_support
    from dvdesk.storage.db import open_database

    path = tmp_path_factory.mktemp("pool") / "bundled.sqlite3"
    shutil.copy(_bundled_template, path)
    sqlite_db = open_database(path)
    server_db, name = pg_support._server_copy(pg_cluster, "tpl_bundled", pg_support._setup_bundled)
    yield sqlite_db, server_db
    sqlite_db.close()
    server_db.close()
    pg_cluster.drop_database(name)


def test_the_safety_list_is_the_same_on_the_server(both):
    """REACH_SQL and ``complete`` are written once for both engines: the same lists, rows read whole."""
    sqlite_db, server_db = both
    for query in CASES:
        for when in (NIGHT, MORNING):
            q = query._replace(limit=60, at=when)
            assert DeskData(server_db).desk_search(q) == DeskData(sqlite_db).desk_search(q), q
