"""Having no home (issue 14.1): what a client says when she has nowhere to live (家がない,
住む場所がない) is the housing for after and a place for tonight. It found only the housing.
"""

from __future__ import annotations

import pytest

from dvdesk.app.safety_first import NeedVocabulary
from dvdesk.domain.search_words import SynonymTable
from test_search_handling import KUNITACHI, TAKAOKA, _rows


@pytest.mark.parametrize(
    ("words", "municipality", "housing", "tonight"),
    [
        ("家がない", TAKAOKA, "takaoka.svc.municipal-housing", "takaoka.svc.emergency-refuge"),
        ("家がない", KUNITACHI, "kunitachi.proc.shiei-jutaku", "kunitachi.svc.emergency-protection"),
        ("住む場所がない", KUNITACHI, "kunitachi.proc.shiei-jutaku", "kunitachi.svc.emergency-protection"),
        ("住む場所がない", TAKAOKA, "takaoka.svc.municipal-housing", "takaoka.svc.emergency-refuge"),
        ("住むところがない", TAKAOKA, "takaoka.svc.municipal-housing", "takaoka.svc.emergency-refuge"),
        ("住まいがない", KUNITACHI, "kunitachi.proc.shiei-jutaku", "kunitachi.svc.emergency-protection"),
    ],
)
def test_no_home_finds_the_places_for_tonight_and_the_housing(bundled_db_ro, words, municipality, housing, tonight):
    keys = [k for _, k, _ in _rows(bundled_db_ro, words, municipality)]
    assert housing in keys[:5], keys[:8]
    assert tonight in keys[:5], keys[:8]


def test_the_emergency_words_still_list_what_they_listed(bundled_db_ro):
    """The no-home words are found by the emergency places' words only where a record holds them: none does."""
    for words in ("一時保護", "緊急一時保護", "短期宿泊支援", "緊急避難先"):
        for municipality in (TAKAOKA, KUNITACHI):
            keys = [k for _, k, _ in _rows(bundled_db_ro, words, municipality)]
            assert not any("housing" in k or "jutaku" in k for k in keys[:10]), (words, keys[:10])


def test_a_word_found_without_finding_back():
    """``"> 緊急避難先"``: the group's terms find it; it finds only what its own groups find."""
    table = SynonymTable.from_groups([["家がない", "住む所がない", "> 緊急避難先"], ["緊急避難先", "一時保護"]])
    assert "緊急避難先" in table.alternatives("家がない")
    assert "緊急避難先" in table.alternatives("住むところがない")  # its other writing too
    assert table.alternatives("緊急避難先") == {"一時保護"}
    assert not any(">" in t for t in table.expansions)
    words = NeedVocabulary.build(
        [("safety.shelter", "緊急避難先"), ("no-home", "家がない"), ("no-home", "> 緊急避難先")], {"safety.shelter"}
    )
    assert not words.needs_named("家がない")  # her words are no safety query
    assert words.needs_named("緊急避難先") == {"safety.shelter"}
    assert not any(">" in t for t in words.terms)
