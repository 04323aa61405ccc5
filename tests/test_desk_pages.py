"""The desk's list read a page at a time is the same list as one whole read: each page is the
start of the whole list, ``more`` says whether rows follow, ``desk_count`` says how many rows
scrolling reaches, and the other kinds named by the words are what a whole search finds by name."""

from __future__ import annotations

import pytest

from dvdesk.app.directory_queries import ALL_KINDS, CLIENT_KINDS, DeskData, DeskQuery
from dvdesk.domain.record_kinds import ServiceKind
from dvdesk.domain.search import NAMES_TABLE, Searcher, SearchQuery

TAKAOKA = "162027"
QUERIES = [
    DeskQuery(kinds=ALL_KINDS),
    DeskQuery(kinds=CLIENT_KINDS),
    DeskQuery("相談", kinds=ALL_KINDS),
    DeskQuery("相談"),
    DeskQuery("住民票", TAKAOKA),
    DeskQuery("シェルター"),  # a safety query: reachable lines first, over a 200-deep pool
    DeskQuery("保護", need_keys=("consultation",)),
    DeskQuery("相談", need_keys=("housing", "money")),  # a union of needs
    DeskQuery("", TAKAOKA, ("safety.shelter",)),
    DeskQuery("DV", TAKAOKA, kinds=ALL_KINDS),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.text or '-'}/{q.municipality_code}/{q.need_keys}")
def test_pages_are_the_start_of_the_whole_list_and_the_count_is_its_length(bundled_db, query):
    data = DeskData(bundled_db)
    whole = data.desk_search(query._replace(limit=100_000))
    assert not whole.more and whole.hits
    assert len({(h.item, h.service_id) for h in whole.hits}) == len(whole.hits)  # no row twice
    for size in (1, 7, 50, 51, len(whole.hits) - 1, len(whole.hits)):
        page = data.desk_search(query._replace(limit=size))
        assert page.hits == whole.hits[:size]
        assert page.more == (size < len(whole.hits))
    assert data.desk_count(query).total == len(whole.hits)


def test_the_count_of_a_union_of_needs_counts_a_service_on_both_once(bundled_db):
    data = DeskData(bundled_db)
    housing, money = (data.desk_count(DeskQuery(need_keys=(k,))).total for k in ("housing", "money"))
    both = data.desk_count(DeskQuery(need_keys=("housing", "money")))
    listed = data.desk_search(DeskQuery(need_keys=("housing", "money"), limit=100_000)).hits
    assert both.total == len(listed) <= housing + money


@pytest.mark.parametrize("text", ["相談", "DV", "住民票", "しぇるたー", "子", "弁護士"])
@pytest.mark.parametrize("municipality", [None, TAKAOKA])
def test_the_items_named_by_the_words_are_those_a_whole_search_finds_by_name(bundled_db, text, municipality):
    other = frozenset(ServiceKind) - CLIENT_KINDS
    with bundled_db.read() as session:
        searcher = Searcher(session)
        query = SearchQuery(text, municipality, None, other, 100_000)
        by_name = [h for h in searcher.search(query) if h.place <= 1]
        assert searcher.search_named(query) == by_name
        assert searcher.search_named(query._replace(limit=3)) == by_name[:3]
        assert searcher.count_named(query) == len(by_name)


NAMED_TEXTS = ["相談", "DV", "住民票", "しぇるたー", "子", "弁護士", "保護", "生活保護", "法律相談", "DV 相談", "障害"]


@pytest.mark.parametrize("kinds", [frozenset(ServiceKind) - CLIENT_KINDS, ALL_KINDS], ids=["other kinds", "all kinds"])
def test_the_names_read_in_one_lookup_rank_as_the_lookups_place_by_place(any_bundled_db_ro, kinds):
    """``search_named`` reads the names in one lookup when they hold the words at most ``limit``
    times (``_all_if_few`` on the names' index), placing and ranking them itself: the same rows, order and scores as a lookup per place
    and kind (``_ranked``). Several limits, so that both ways run and the one lookup runs at its edge."""
    few_taken = 0
    with any_bundled_db_ro.read() as session:
        searcher = Searcher(session)
        for text in NAMED_TEXTS:
            for municipality, need in [(None, None), (TAKAOKA, None), (None, "consultation"), (TAKAOKA, "safety")]:
                for limit in (1, 2, 5, 51, 400):
                    query = SearchQuery(text, municipality, need, kinds, limit)
                    ranked = searcher._ranked(*_named_args(searcher, query), limit, last=1, names_at_once=False)
                    by_place = searcher._hits(ranked, True)[:limit]
                    few, _ = searcher._all_if_few(*_named_args(searcher, query), NAMES_TABLE, limit)
                    few_taken += few is not None
                    assert searcher.search_named(query) == by_place, query
                    assert few is None or searcher._hits(few, True) == by_place, query
    assert few_taken > 100  # the one lookup answered most of them (else this compared nothing new)


def _named_args(searcher: Searcher, query: SearchQuery) -> tuple:
    from dvdesk.domain.search_layout import KIND_ORDER
    from dvdesk.domain.search_words import typed_words

    kinds = sorted(query.kinds, key=KIND_ORDER.__getitem__)
    return typed_words(query.text, searcher.synonyms), searcher._filter_expression(query), kinds
