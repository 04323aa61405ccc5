"""Search on the small fictional directory: the cases counselors type.

Every test taking ``any_mini_db_ro`` (shared, read-only) or ``any_mini_db`` runs on SQLite and on a
PostgreSQL server (shared mode); the server half of those not marked ``pg_quick`` in the thorough tier.
"""

import pytest
from sqlalchemy import text

from dvdesk.domain.models import ServiceKind
from dvdesk.domain.search import Searcher, SearchQuery, SynonymTable, match_expression


def names(db, text="", **kw):
    with db.read() as session:
        return [h.name for h in Searcher(session).search(SearchQuery(text, **kw))]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("住宅", "市営住宅の入居配慮"),  # two characters
        ("法律", "女性弁護士による無料法律相談"),
        ("保護", "緊急一時保護"),
        ("夜", "女性のための電話相談"),  # one character, found inside 夜間 in the description
        ("宅", "市営住宅の入居配慮"),  # one character that only ends a word run
        ("しぇるたー", "緊急一時保護"),  # hiragana synonym of シェルター → 一時保護
        ("ｼｪﾙﾀｰ", "緊急一時保護"),  # half-width katakana
        ("弁護士", "女性弁護士による無料法律相談"),
        ("子供", "子どものケア"),  # 子供 → 子ども through the synonym list
        ("こども", "子どものケア"),
        ("第4金曜", "女性弁護士による無料法律相談"),  # full-width/half-width digits alike
        ("第４金曜", "女性弁護士による無料法律相談"),
    ],
)
@pytest.mark.pg_quick("the server's search backend on the typed cases (normalisation, synonyms, one character)")
def test_counselor_queries_find_the_service(any_mini_db_ro, query, expected):
    assert expected in names(any_mini_db_ro, query)


def test_words_separated_by_spaces_must_all_match(any_mini_db_ro):
    assert names(any_mini_db_ro, "電話 相談") == ["女性のための電話相談"]
    assert names(any_mini_db_ro, "電話 住宅") == []


def test_name_match_ranks_above_description_match(any_mini_db_ro):
    # 相談 is in the name of two services; a service only mentioning it elsewhere ranks lower.
    found = names(any_mini_db_ro, "相談")
    assert found[:2] == sorted(found[:2], key=lambda n: "相談" not in n) and "相談" in found[0]


def test_secret_location_and_staff_note_are_not_searchable(any_mini_db_ro):
    assert names(any_mini_db_ro, "秘密の場所") == []
    assert names(any_mini_db_ro, "必要な人だけ") == []


def test_internal_measures_are_excluded_unless_asked_for(any_mini_db_ro):
    assert "庁内連絡会議" not in names(any_mini_db_ro, "連絡", kinds=frozenset({ServiceKind.CLIENT}))
    assert "庁内連絡会議" in names(any_mini_db_ro, "連絡")


def test_need_filter_includes_sub_categories(any_mini_db_ro):
    assert names(any_mini_db_ro, need_key="safety") == ["緊急一時保護"]  # tagged safety.shelter
    assert names(any_mini_db_ro, need_key="children") == ["子どものケア"]
    assert names(any_mini_db_ro, "保護", need_key="housing") == []


def test_municipality_filter(any_mini_db_ro):
    assert "市営住宅の入居配慮" in names(any_mini_db_ro, "住宅", municipality_code="162027")
    assert names(any_mini_db_ro, "住宅", municipality_code="132152") == []


def test_unknown_need_is_an_error(any_mini_db_ro):
    with any_mini_db_ro.read() as session, pytest.raises(KeyError):
        Searcher(session).search(SearchQuery("", need_key="no-such-need"))


@pytest.mark.pg_quick("query syntax reaching the server's search is text")
@pytest.mark.parametrize("query", ['"', "AND", "OR NOT", "*", "(", "NEAR(a b)", "a:b", "^", "-", "''"])
def test_fts_syntax_in_the_query_is_treated_as_text(any_mini_db_ro, query):
    names(any_mini_db_ro, query)  # must not raise


def test_synonyms_expand_both_ways():
    table = SynonymTable.from_groups([["シェルター", "一時保護"]])
    assert '"一時 時保 保護"' in (match_expression("シェルター", table) or "")
    assert "しぇ" in (match_expression("一時保護", table) or "")


def test_name_matches_come_first_then_the_provider_then_the_rest_shorter_names_first(any_mini_db_ro):
    # 相談 is in two names, and in the provider テスト相談センター of the other centre services.
    client = frozenset({ServiceKind.CLIENT})
    assert names(any_mini_db_ro, "相談", kinds=client) == [
        "女性のための電話相談",
        "女性弁護士による無料法律相談",  # in the name, the shorter first
        "子どものケア",
        "緊急一時保護",  # only in the provider's name
    ]
    assert names(any_mini_db_ro, "住宅課") == ["市営住宅の入居配慮"]  # the department's services


def test_count_agrees_with_the_hits(any_mini_db_ro):
    with any_mini_db_ro.read() as session:
        searcher = Searcher(session)
        for query in [
            SearchQuery("相談"),
            SearchQuery(""),
            SearchQuery("", need_key="safety"),
            SearchQuery("住宅", municipality_code="162027"),
            SearchQuery("相談", kinds=frozenset({ServiceKind.INTERNAL})),
        ]:
            assert searcher.count(query) == len(searcher.search(query)), query


@pytest.mark.pg_quick("the server's ranking paged")
def test_a_short_page_is_the_top_of_the_full_ranking(any_mini_db_ro):
    """Each lookup reads only as many rows as the page holds, best first: a page of one is the
    first row of the full list, with or without words."""
    with any_mini_db_ro.read() as session:
        searcher = Searcher(session)
        for query in [
            SearchQuery(""),
            SearchQuery("相談"),
            SearchQuery("", need_key="safety"),
            SearchQuery("支援", municipality_code="162027"),
        ]:
            full = [h.service_id for h in searcher.search(query)]
            for limit in (1, 2, 3):
                page = searcher.search_result(
                    SearchQuery(query.text, query.municipality_code, query.need_key, query.kinds, limit)
                )
                assert page.complete and [h.service_id for h in page.hits] == full[:limit], (query, limit)


def test_refresh_indexes_a_service_exactly_as_rebuild_does(mini_db):
    from sqlalchemy import select

    from dvdesk.domain.models import Service
    from dvdesk.domain.search import id_of
    from dvdesk.storage import search_index

    def index_rows(session):  # by service id: an edited service gets a new rank slot, same rows
        return (
            sorted(
                (id_of(r[0]), *r[1:])
                for r in session.execute(text("SELECT rowid, name, org, body, tags FROM search_fts")).all()
            ),
            sorted(
                (id_of(r[0]), *r[1:])
                for r in session.execute(text("SELECT rowid, name, tags FROM search_fts_names")).all()
            ),
            session.execute(text("SELECT * FROM search_list ORDER BY 1, 2, 3, 4")).all(),
            session.execute(text("SELECT service_id, len, name FROM search_order ORDER BY slot")).all(),
        )

    with mini_db.write() as session:
        rebuilt = index_rows(session)
        for service in session.scalars(select(Service)):
            search_index.refresh(session, service)
        assert index_rows(session) == rebuilt


def test_an_index_built_before_revision_0005_is_upgraded_in_place(mini_db):
    from dvdesk.domain.search import id_of
    from dvdesk.storage import migrations
    from dvdesk.storage.db import open_database

    with mini_db.write() as session:  # as dvdesk wrote it then: rowid = service id, no index version
        session.execute(text("DELETE FROM meta WHERE key = 'search_index_version'"))
        for table, columns in (("search_fts", "name, org, body, tags"), ("search_fts_names", "name, tags")):
            rows = session.execute(text(f"SELECT rowid, {columns} FROM {table}")).all()
            session.execute(text(f"DELETE FROM {table}"))
            for row in rows:
                session.execute(
                    text(
                        f"INSERT INTO {table}(rowid, {columns}) VALUES ({', '.join('?' * len(row))})".replace("?", ":p")
                        .replace(":p", "{}")
                        .format(*(f":p{i}" for i in range(len(row))))
                    ),
                    {f"p{i}": (id_of(v) if i == 0 else v) for i, v in enumerate(row)},
                )
    migrations.downgrade(mini_db.engine, "0001")  # back to the index without kind tags or prefixes
    with mini_db.read() as session:
        tags = session.execute(text("SELECT tags FROM search_fts")).scalars().all()
    assert tags and not any("kind" in t for t in tags)
    migrations.upgrade(mini_db.engine)
    with mini_db.read() as session:
        assert session.execute(text("SELECT count(*) FROM search_fts_names")).scalar() == len(tags)
    mini_db.close()
    db = open_database(mini_db.path, fill=False)  # the next start re-indexes the older index
    try:
        assert names(db, "夜") == ["女性のための電話相談"]
        assert names(db, "相談", kinds=frozenset({ServiceKind.CLIENT}))[0] == "女性のための電話相談"
        assert "庁内連絡会議" not in names(db, "連絡", kinds=frozenset({ServiceKind.CLIENT}))
        assert "庁内連絡会議" in names(db, "連絡", kinds=frozenset({ServiceKind.INTERNAL}))
    finally:
        db.close()


def test_the_word_as_typed_ranks_above_its_synonyms(any_mini_db):
    from dvdesk.domain.models import Service
    from dvdesk.storage import search_index

    with any_mini_db.write() as session:
        service = Service(key="test.svc.kodomo-shokudo", name="こども食堂の案内", source="test")
        session.add(service)
        search_index.refresh(session, service)
    # 子どものケア is shorter, but only its synonym 子ども is in its name; こども is typed as is.
    assert names(any_mini_db, "こども")[:2] == ["こども食堂の案内", "子どものケア"]


@pytest.mark.pg_quick("the server's index refresh")
def test_refresh_on_a_server_indexes_a_service_exactly_as_rebuild_does(any_mini_db, engine_name):
    from sqlalchemy import select

    from dvdesk.domain.models import Service
    from dvdesk.storage import search_index

    if engine_name == "sqlite":
        return  # test_refresh_indexes_a_service_exactly_as_rebuild_does reads the FTS5 tables

    from dvdesk.domain.search import id_of

    def index_rows(session):  # by service id: an edited service gets a new rank slot, same rows
        return [
            sorted(
                (id_of(r[0]), *r[1:])
                for r in session.execute(text(f"SELECT rank, doc, name_doc, org_doc, tokens FROM {t}")).all()
            )
            for t in ("search_pg_services", "search_pg_names")
        ] + [
            session.execute(text("SELECT * FROM search_list ORDER BY 1, 2, 3, 4")).all(),
            session.execute(text("SELECT service_id, len, name FROM search_order ORDER BY slot")).all(),
        ]

    with any_mini_db.write() as session:
        rebuilt = index_rows(session)
        for service in session.scalars(select(Service)):
            search_index.refresh(session, service)
        assert index_rows(session) == rebuilt
        assert all(rows for rows in rebuilt)
