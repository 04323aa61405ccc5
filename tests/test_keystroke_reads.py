"""Fewer reads per keystroke, same answers (h14-keys4): the names' index read once for every kind
and both name places (``Searcher._names_if_few``, shared within ``names_shared``), departments
nationwide read place by place without first reading every match, one statement for the need,
safety and the children's lines of a safety query, and the needs a text names kept per text."""

from __future__ import annotations

import pytest

from dvdesk.app import safety_first
from dvdesk.app.desk_reads import _need_vocabulary
from dvdesk.app.directory_queries import ALL_KINDS, CLIENT_KINDS
from dvdesk.domain import search_sql
from dvdesk.domain.record_kinds import ServiceKind
from dvdesk.domain.search import ORGANIZATION, ORGS_TABLE, Searcher, SearchQuery
from dvdesk.domain.search_layout import KIND_ORDER
from dvdesk.domain.search_words import typed_words

TAKAOKA = "162027"
TEXTS = ["相談", "DV", "住民票", "しぇるたー", "子", "弁護士", "生活保護", "法律相談", "DV 相談", "障害"]
NAMED = {"children", "safety.shelter"}  # a phrase names every need it speaks of
SCOPES = [(TAKAOKA, None), (None, "consultation"), (TAKAOKA, "safety"), (None, "safety.shelter")]


def _args(searcher: Searcher, query: SearchQuery) -> tuple:
    kinds = sorted(query.kinds, key=KIND_ORDER.__getitem__)
    return typed_words(query.text, searcher.synonyms), searcher._filter_expression(query), kinds


@pytest.mark.parametrize("kinds", [CLIENT_KINDS, ALL_KINDS], ids=["client", "all kinds"])
def test_the_name_places_from_one_lookup_are_those_of_a_lookup_per_place_and_kind(any_bundled_db_ro, kinds):
    """``_ranked`` with a need or a municipality takes both name places of every kind from one
    lookup when the names are few: the same rows, groups and order as one lookup per place and
    kind, at two depths, for every place (up to the names only, and to the end); and inside
    ``names_shared`` (the lookup made once for every kind) the same again."""
    at_once = 0
    with any_bundled_db_ro.read() as session:
        searcher = Searcher(session)
        for text in TEXTS:
            for municipality, need in SCOPES:
                query = SearchQuery(text, municipality, need, kinds)
                words, filters, ordered = _args(searcher, query)
                at_once += searcher._names_if_few(words, filters, ordered) is not None
                for last in (1, 3):
                    for limit in (2, 400):  # inside the name places, and past them
                        by_place = searcher._ranked(words, filters, ordered, limit, last, names_at_once=False)
                        assert searcher._ranked(words, filters, ordered, limit, last) == by_place, (query, limit)
                        with searcher.names_shared():
                            shared = searcher._ranked(words, filters, ordered, limit, last)
                        assert shared == by_place, (query, limit, last)
    assert at_once > 30  # the one lookup answered most of them (else this compared nothing new)


def test_a_shared_names_lookup_answers_each_kind_as_its_own_would(any_bundled_db_ro):
    """Within ``names_shared`` the client services' search and the other kinds' ``search_named``
    share one lookup; each answers exactly what it answers alone; after the block nothing is kept."""
    other = frozenset(ServiceKind) - CLIENT_KINDS
    with any_bundled_db_ro.read() as session:
        searcher = Searcher(session)
        for text in TEXTS:
            for municipality, need in SCOPES:
                client = SearchQuery(text, municipality, need, CLIENT_KINDS, 51)
                named = client._replace(kinds=other)
                alone = (searcher.search(client), searcher.search_named(named))
                with searcher.names_shared():
                    shared = (searcher.search(client), searcher.search_named(named))
                    assert searcher._names_memo  # the lookup was kept for the second asker
                assert shared == alone, client
                assert searcher._names_memo is None


@pytest.mark.parametrize("text", ["相談", "課", "DV", "住民票", "障害", "子ども", "しぇるたー", "市民"])
def test_departments_nationwide_read_place_by_place_are_those_ranked_from_every_match(any_bundled_db_ro, text):
    """Without a municipality, departments are looked up place by place (every match read first
    only with a municipality): the same departments in the same order as ranking every match."""
    with any_bundled_db_ro.read() as session:
        searcher = Searcher(session)
        for limit in (1, 5, 3000):
            query = SearchQuery(text)
            ranked = searcher._other_items(
                query, limit, ORGANIZATION, ORGS_TABLE, search_sql.ORG_HITS_SQL, few_first=True
            )
            assert searcher.search_organizations(query, limit) == ranked, (text, limit)
            assert len(ranked) == min(limit, len(searcher.search_organizations(query, 3000)))


def test_one_read_tells_which_lines_are_on_each_of_three_needs(any_bundled_db_ro):
    with any_bundled_db_ro.read() as session:
        searcher = Searcher(session)
        ids = [h.service_id for h in searcher.search(SearchQuery("", None, None, ALL_KINDS, 400))]
        keys = ["safety.shelter", "safety", "children"]
        together = searcher.on_needs(ids, keys)
        assert together == {key: searcher.on_needs(ids, [key])[key] for key in keys}
        assert all(together.values()) and together["safety.shelter"] <= together["safety"]
        assert searcher.on_needs(ids, keys[:2]) == {k: together[k] for k in keys[:2]}
        with pytest.raises(ValueError):
            searcher.on_needs(ids, [*keys, "housing"])


def test_the_needs_a_text_names_are_kept_per_text_and_given_as_a_fresh_set(bundled_db_ro):
    with bundled_db_ro.read() as session:
        words = _need_vocabulary(Searcher(session).sql)
    first = words.needs_named("子どもを連れて逃げたい")
    assert first == words._needs_named("子どもを連れて逃げたい") == NAMED
    assert any(safety_first.is_child_need(k) for k in first) and any(safety_first.is_safety_need(k) for k in first)
    first.add("not a need")  # a caller's change does not reach the kept answer
    assert "not a need" not in words.needs_named("子どもを連れて逃げたい")
    assert words.needs_named("生活保護") == words._needs_named("生活保護")


@pytest.mark.parametrize("municipality", [None, TAKAOKA])
def test_the_other_kinds_read_for_their_rank_only_complete_to_the_whole_rows(any_bundled_db_ro, municipality):
    """A safety query reads the other kinds named by the words for their rank only (no phone: it
    never lifts them); read whole afterwards they are exactly the rows a whole read gives."""
    other = frozenset(ServiceKind) - CLIENT_KINDS
    with any_bundled_db_ro.read() as session:
        searcher = Searcher(session)
        compared = 0
        for text in TEXTS:
            query = SearchQuery(text, municipality, None, other, 51)
            whole = searcher.search_named(query)
            ranked = searcher.search_named(query, rank_only=True)
            assert [(h.service_id, h.name, h.kind, h.score) for h in ranked] == [
                (h.service_id, h.name, h.kind, h.score) for h in whole
            ]
            assert not any(h.phone or h.hours for h in ranked)
            assert searcher.complete(ranked) == whole
            compared += len(whole)
        assert compared > 10


def test_a_service_hit_built_from_a_row_is_the_record_the_constructor_makes():
    from dvdesk.domain.search_records import SearchHit, service_hit

    for row in [
        (7, "DV相談", "県", "高岡市", "client", 1, "0120", "24時間"),
        (8, "窓口", "", "", "internal", 0, None, None),
    ]:
        hit = service_hit(row, 1.004)
        made = SearchHit(
            row[0],
            row[1],
            row[2],
            row[3],
            ServiceKind(row[4]),
            bool(row[5]),
            1.004,
            row[6] or "",
            row[7] or "",
            row[7] == "24時間",
        )
        assert hit == made and hash(hit) == hash(made) and repr(hit) == repr(made)
        assert type(hit) is SearchHit and hit._asdict() == made._asdict()
        with pytest.raises(AttributeError):
            hit.name = "changed"  # type: ignore[misc]  # a frozen record still
