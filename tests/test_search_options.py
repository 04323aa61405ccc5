"""A word's options without those another option already finds (h14-keys5): the MATCH expression of
法律相談 sought 25 phrases, a dozen of them ending in 相談 (each reading 相談's whole doclist), when
法律 alone finds every record those do. ``search_words.needed_options`` leaves such options out;
the records found must be exactly the same, in the index and by ``found_in``'s reading."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvdesk.domain import japanese
from dvdesk.domain.search import FTS_TABLE, NAMES_TABLE, PROVIDERS_TABLE, Searcher, SearchQuery
from dvdesk.domain.search_words import found_in, match_expression, needed_options, typed_words

TAKAOKA = "162027"
TEXTS = [
    *("法律相談", "弁護士", "ＤＶ", "DV 相談", "住宅課", "児童扶養手当", "生活保護", "しぇるたー", "保護"),
    *("夜", "住", "相談", "障害者", "legal advice", "手当", "子どもを連れて逃げたい", "無料法律相談"),
]


def _every_option(words: list[list[list[str]]]) -> str:
    """The expression as it was before: every option of every word, none left out."""
    clauses = []
    for options in words:
        exprs = ["(" + " AND ".join(japanese.phrase_for(run) for run in runs) + ")" for runs in options]
        clauses.append("(" + " OR ".join(exprs) + ")")
    return " AND ".join(clauses)


_RUNS = st.text(alphabet="abc", min_size=1, max_size=4)


@given(
    options=st.lists(st.lists(_RUNS, min_size=1, max_size=3), min_size=1, max_size=8),
    record=st.lists(_RUNS, min_size=0, max_size=4),
)
def test_the_options_left_find_what_every_option_finds(options, record):
    """On any record (its word runs), some option left matches exactly when some option does, and
    the options left are options, in their order."""
    kept = needed_options(options)
    field = " ".join(record)
    assert any(found_in(field, [[o]]) for o in kept) == any(found_in(field, [[o]]) for o in options)
    positions = [options.index(o) for o in kept]
    assert positions == sorted(positions) and len(kept) <= len(options)


def test_an_option_holding_another_is_left_out_and_the_wider_one_kept():
    options = [["法律相談"], ["法律"], ["無料法律相談"], ["legal", "advice"], ["legal"], ["弁護士"], ["法律"]]
    assert needed_options(options) == [["法律"], ["legal"], ["弁護士"]]
    # Two runs that both lie in one longer run: the longer run is the narrower option.
    assert needed_options([["どめすてぃっくばいおれんす"], ["どめすてぃっく", "ばいおれんす"]]) == [
        ["どめすてぃっく", "ばいおれんす"]
    ]


def test_legal_advice_no_longer_seeks_soudan_in_every_option(bundled_db_ro):
    """What made 法律相談 the slowest keystroke at 350k: 相談 sought inside a dozen of its options."""
    with bundled_db_ro.read() as session:
        searcher = Searcher(session)
        expr = match_expression("法律相談", searcher.synonyms)
        before = _every_option(typed_words("法律相談", searcher.synonyms))
    assert expr is not None and "相談" not in expr and '"法律"' in expr
    assert expr.count('"') < before.count('"') / 2


@pytest.mark.parametrize("scope", [(None, None), (TAKAOKA, None), (None, "consultation"), (TAKAOKA, "consultation")])
def test_every_lookup_finds_the_same_records_as_with_every_option(any_bundled_db_ro, scope):
    """Services, names and providers' indexes, each text and filter: the rowids of the expression
    with the options left out equal those of the expression with every option."""
    municipality, need = scope
    compared = 0
    with any_bundled_db_ro.read() as session:
        searcher = Searcher(session)
        for text in TEXTS:
            words = typed_words(text, searcher.synonyms)
            filters = searcher._filter_expression(SearchQuery(text, municipality, need))
            now, every = match_expression(text, searcher.synonyms), _every_option(words)
            assert now is not None
            for table, column in ((FTS_TABLE, ""), (NAMES_TABLE, ""), (searcher._providers_table(), "{org} : ")):
                wrap = (lambda e, c=column: f"{c}({e})") if table == PROVIDERS_TABLE or column else (lambda e: e)
                left = searcher._lookup(table, " AND ".join(p for p in (wrap(now), filters) if p), 100_000)
                full = searcher._lookup(table, " AND ".join(p for p in (wrap(every), filters) if p), 100_000)
                assert left == full, (text, table, scope)
                compared += bool(full)
    assert compared >= 20  # the lookups found something to compare
