"""The desk's list read a page at a time is the same list as one whole read: each page is the
start of the whole list, ``more`` says whether rows follow, ``desk_count`` says how many rows
scrolling reaches, and the other kinds named by the words are what a whole search finds by name."""

from __future__ import annotations

import dataclasses

import pytest

from dvdesk.app.directory_queries import ALL_KINDS, CLIENT_KINDS, DeskData, DeskQuery
from dvdesk.domain.record_kinds import ServiceKind
from dvdesk.domain.search import Searcher, SearchQuery

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
    whole = data.desk_search(dataclasses.replace(query, limit=100_000))
    assert not whole.more and whole.hits
    assert len({(h.item, h.service_id) for h in whole.hits}) == len(whole.hits)  # no row twice
    for size in (1, 7, 50, 51, len(whole.hits) - 1, len(whole.hits)):
        page = data.desk_search(dataclasses.replace(query, limit=size))
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
        assert searcher.search_named(dataclasses.replace(query, limit=3)) == by_name[:3]
        assert searcher.count_named(query) == len(by_name)
