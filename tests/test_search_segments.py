"""The search index is merged into one segment per FTS5 table after a rebuild (index version 5),
and an index of version 4 (same rows, segments not merged) is merged in place at open instead of
re-indexed (issue 14: a keystroke at 350k; docs/performance.md).

"Merged" is checked by what FTS5's ``optimize`` does to it: nothing (the stored pages stay the
same) on a merged index, a rewrite on an index with more than one segment.
"""

import sqlite3

from sqlalchemy import select, text

from dvdesk.domain.models import Service
from dvdesk.domain.search import Searcher, SearchQuery
from dvdesk.storage import search_index, start_open
from dvdesk.storage.db import open_database

QUERIES = ("相談", "夜", "住宅", "DV 相談", "しぇるたー")


def merged_already(path, table) -> bool:
    """Whether FTS5's optimize leaves ``table``'s stored pages as they are (rolled back either way)."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("BEGIN")
        before = con.execute(f"SELECT id, block FROM {table}_data ORDER BY id").fetchall()
        con.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        after = con.execute(f"SELECT id, block FROM {table}_data ORDER BY id").fetchall()
        con.execute("ROLLBACK")
    finally:
        con.close()
    return after == before


def answers(db):
    with db.read() as session:
        searcher = Searcher(session)
        return {q: [h.service_id for h in searcher.search(SearchQuery(q))] for q in QUERIES}


def add_segments(db):
    """Re-index a few services in transactions of their own: each commit writes a new segment."""
    with db.read() as session:
        ids = list(session.scalars(select(Service.id).limit(3)))
    for sid in ids:
        with db.write() as session:
            search_index.refresh(session, session.get(Service, sid))


def test_a_rebuild_leaves_every_fts_table_merged(mini_db):
    add_segments(mini_db)
    assert not merged_already(mini_db.path, search_index.FTS_TABLE)  # the check can fail: edits left segments
    with mini_db.write() as session:
        search_index.rebuild(session)
    for table in search_index.FTS_TABLES:
        assert merged_already(mini_db.path, table), table


def test_an_index_of_version_4_is_merged_in_place_not_rebuilt(mini_db, monkeypatch):
    add_segments(mini_db)
    expected = answers(mini_db)
    with mini_db.write() as session:
        session.execute(text("UPDATE meta SET value = '4' WHERE key = 'search_index_version'"))
    assert not merged_already(mini_db.path, search_index.FTS_TABLE)
    path = mini_db.path
    mini_db.close()

    def no_rebuild(session):
        raise AssertionError("a version 4 index is merged, not re-indexed")

    monkeypatch.setattr(search_index, "rebuild", no_rebuild)
    db = open_database(path, fill=False)
    try:
        with db.read() as session:
            assert search_index.is_current(session)
            stored = session.execute(text("SELECT value FROM meta WHERE key = 'search_index_version'")).scalar()
            assert stored == start_open.INDEX_VERSION == "5"
        for table in search_index.FTS_TABLES:
            assert merged_already(path, table), table
        assert answers(db) == expected  # same rows: the same answers
    finally:
        db.close()


def test_an_older_index_is_still_rebuilt(mini_db):
    with mini_db.write() as session:
        session.execute(text("UPDATE meta SET value = '3' WHERE key = 'search_index_version'"))
        assert not search_index.upgrade(session)  # nothing done: the rows of version 3 differ
        stored = session.execute(text("SELECT value FROM meta WHERE key = 'search_index_version'")).scalar()
        assert stored == "3"
    path = mini_db.path
    mini_db.close()
    db = open_database(path, fill=False)  # the usual way: a re-index
    try:
        with db.read() as session:
            assert search_index.is_current(session)
    finally:
        db.close()


def provider_rows(session):
    """The providers' index, as (rowid, provider tokens, tags), beside what the services' own index holds."""
    own = session.execute(text(f"SELECT rowid, org, tags FROM {search_index.PROVIDERS_TABLE} ORDER BY rowid")).all()
    services = session.execute(text("SELECT rowid, org, tags FROM search_fts ORDER BY rowid")).all()
    return own, services


def test_the_providers_index_holds_each_service_s_provider_after_rebuild_edits_and_upgrade(mini_db):
    with mini_db.read() as session:
        own, services = provider_rows(session)
    assert own and own == services
    add_segments(mini_db)  # edits: refresh moves a service's rows, in both indexes alike
    with mini_db.write() as session:
        service = session.scalars(select(Service).where(Service.retired.is_(False))).first()
        service.retired = True
        search_index.refresh(session, service)
    with mini_db.read() as session:
        own, services = provider_rows(session)
    assert own == services and len(own) == len(services) > 0
    with mini_db.write() as session:  # an index of version 4 had no providers' index
        session.execute(text(f"DROP TABLE {search_index.PROVIDERS_TABLE}"))
        session.execute(text("UPDATE meta SET value = '4' WHERE key = 'search_index_version'"))
        assert search_index.upgrade(session)
    with mini_db.read() as session:
        assert provider_rows(session)[0] == own


def test_a_provider_is_found_through_the_providers_index(mini_db):
    with mini_db.read() as session:
        searcher = Searcher(session)
        provider = session.execute(
            text("SELECT o.name FROM services s JOIN organizations o ON o.id = s.organization_id LIMIT 1")
        ).scalar()
        hits = searcher.search(SearchQuery(provider))
        assert searcher._providers_table() == search_index.PROVIDERS_TABLE
    assert any(h.provider == provider and h.place <= 2 for h in hits)
