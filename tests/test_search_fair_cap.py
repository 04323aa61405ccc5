"""The spelling cap shared between groups, and the words session 16 added (かくまって, the hitting
verbs in one group, English sentences). A word expands to at most MAX_SPELLINGS spellings; cut by
code point, one word added to the shelter group took DV相談＋ out of 逃げたい's first five, so
かくまってほしい could not be added and found nothing."""

from __future__ import annotations

from datetime import datetime

import pytest

from dvdesk.domain import japanese
from dvdesk.domain.search_words import MAX_SPELLINGS, SynonymTable, searched_words
from search_support import desk_keys

TAKAOKA, KUNITACHI = "162027", "132152"
TUESDAY_10AM, TUESDAY_3AM = datetime(2026, 12, 1, 10, 0), datetime(2026, 12, 1, 3, 0)
DV_PLUS, POLICE_110, POLICE_9110, JIDO_189 = (
    "national.svc.dv-plus",
    "national.svc.police-110",
    "national.svc.police-consult",
    "national.svc.jido-189",
)
SHELTERS = {
    TAKAOKA: {"takaoka.svc.emergency-refuge", "takaoka.svc.temp-protection"},
    KUNITACHI: {"kunitachi.svc.emergency-protection", "kunitachi.svc.short-stay"},
    "": {"national.svc.josei-sodan"},
}


def _many(prefix: str, n: int = 30) -> list[str]:
    return [f"{prefix}{chr(0x4E00 + i)}" for i in range(n)]


def test_a_word_in_two_full_groups_takes_from_both():
    """ひなん is in two groups of 30 terms each: cut by code point, all 24 came from the group whose
    terms sort first (hiragana before kanji); now each group gives its first terms in turn."""
    kana = ["ひなん", *(f"ひ{chr(0x3041 + i)}" for i in range(30))]
    kanji = ["ひなん", "避難所", *_many("宿")]
    table = SynonymTable.from_groups([kana, kanji])
    spellings = table.spellings("ひなん")
    assert len(spellings) == MAX_SPELLINGS
    assert "避難所" in spellings  # the second group's first term, though its code point is last
    assert sum(s.startswith(("宿", "避")) for s in spellings) == MAX_SPELLINGS // 2


def test_a_group_is_cut_in_its_written_order_with_its_own_reading_and_what_it_finds_kept():
    """Past the cap, the group keeps its terms as written (not by code point), the word's own reading
    (its kana) and what the group lists to be found (``> DV``: the point of the group), English last."""
    written = _many("殴")[::-1]  # as written: not in code-point order
    table = SynonymTable.from_groups([["叩かれた = たたかれた", *written, "hit", "> DV", "> 警察"]])
    spellings = table.spellings(japanese.normalize("叩かれた"))
    assert spellings[0] == "たたかれた" and set(spellings[1:3]) == {"dv", "警察"}
    assert spellings[3:] == written[: MAX_SPELLINGS - 3]
    assert "hit" not in spellings


def test_what_a_group_only_finds_is_not_followed_into_its_groups():
    """``> 住宅`` in the no-home group: her words find what names 住宅, not every housing word (followed,
    they took the cap in turn with the shelter group's and pushed 市営住宅 out of 家がない's first five)."""
    table = SynonymTable.from_groups(
        [["家がない", "> 住宅", "> 緊急一時保護"], ["住宅", "市営住宅"], ["緊急一時保護", "避難"]]
    )
    assert set(table.spellings("家がない")) == {"住宅", "緊急一時保護"}  # found, not followed into their groups
    assert set(table.spellings("住宅")) == {"市営住宅"}


@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI, ""])
@pytest.mark.parametrize("said", ["かくまってほしい", "匿って", "匿ってほしい", "かくまって", "匿ってください"])
def test_asking_to_be_hidden_finds_the_dv_line_and_a_shelter(bundled_db_ro, said, municipality):
    """かくまってほしい found nothing at all (the shelter group was at the cap)."""
    keys = desk_keys(bundled_db_ro, said, municipality, TUESDAY_10AM, 5)
    assert DV_PLUS in keys, keys
    assert SHELTERS[municipality] & set(keys), keys


@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI, ""])
@pytest.mark.parametrize("said", ["にげたい", "にげる"])
def test_fleeing_typed_unconverted_finds_the_dv_line(bundled_db_ro, said, municipality):
    """にげたい (逃げたい with the IME left unconverted) found nothing: its reading was left out while the
    cap went by code point (hx-try10)."""
    assert DV_PLUS in desk_keys(bundled_db_ro, said, municipality, TUESDAY_3AM, 5)


@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI])
def test_the_hitting_verbs_answer_alike_and_reach_the_child_abuse_line_after_the_dv_lines(bundled_db_ro, municipality):
    """叩かれた's group reached DV and the police but not 189; 殴られた (in the safety group) did. Being hit
    is one act, one group: every hitting verb reaches the safety lines, 189 among them (a child who
    sees DV is abused: 面前DV), after the DV lines and the police while she names no child."""
    lists = {
        said: desk_keys(bundled_db_ro, said, municipality, TUESDAY_10AM)
        for said in ("叩かれた", "殴られた", "蹴られた", "夫に叩かれた", "夫に殴られた", "旦那に蹴られた")
    }
    first = lists["殴られた"]
    assert all(keys[:5] == first[:5] for keys in lists.values()), {s: k[:5] for s, k in lists.items()}
    assert {DV_PLUS, POLICE_110, POLICE_9110} <= set(first[:5]), first[:6]
    for keys in lists.values():
        assert JIDO_189 in keys and keys.index(JIDO_189) > max(keys.index(DV_PLUS), keys.index(POLICE_110)), keys[:8]


def test_a_hitting_verb_with_a_child_need_puts_the_child_abuse_line_first(bundled_db_ro):
    from dvdesk.app.directory_queries import DeskData, DeskQuery

    for said in ("叩かれた", "蹴られた"):
        hits = DeskData(bundled_db_ro).desk_search(DeskQuery(said, need_keys=("children",), at=TUESDAY_3AM)).hits
        assert hits[0].phone == "189", (said, [h.name for h in hits[:3]])


@pytest.mark.parametrize(
    ("said", "first"),
    [
        ("I was hit by my husband", {DV_PLUS}),
        ("he beats me", {DV_PLUS}),
        ("my husband hits me", {DV_PLUS}),
        ("my boyfriend hits me", {DV_PLUS}),  # was: the dating-DV leaflets (boyfriend AND hits)
        ("he threatens to kill me", {DV_PLUS}),  # was: 同行支援 (to, me in "Someone to go with you")
        ("he is following me", {POLICE_9110, POLICE_110, "kunitachi.svc.sexual-violence"}),
        ("I need a place to hide", {DV_PLUS}),
        ("I want to leave my husband", {DV_PLUS}),
        ("I am afraid of my husband", {DV_PLUS}),  # was: nothing
    ],
)
@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI])
def test_an_interpreters_english_sentence_puts_a_safety_line_first(bundled_db_ro, said, first, municipality):
    keys = desk_keys(bundled_db_ro, said, municipality, TUESDAY_10AM, 5)
    assert keys and keys[0] in first, keys


def test_an_english_place_to_hide_lists_the_shelters(bundled_db_ro):
    for municipality in (TAKAOKA, KUNITACHI):
        keys = desk_keys(bundled_db_ro, "I need a place to hide", municipality, TUESDAY_10AM, 5)
        assert SHELTERS[municipality] & set(keys), keys


def test_english_function_words_are_left_out_only_beside_another_word():
    table = SynonymTable.from_groups([["DV", "hit", "help"], ["デートDV", "boyfriend"]])
    assert searched_words("he hit me", table) == ["hit"]
    assert searched_words("my boyfriend hits me", table) == ["hits"]  # who he is: context
    assert searched_words("my boyfriend", table) == ["boyfriend"]
    assert searched_words("help me", table) == ["help"]
    assert searched_words("he", table) == ["he"]  # typed alone: searched
    assert searched_words("夫に殴られた me", table)[-1] != "me"


@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI, ""])
@pytest.mark.parametrize("said", ["子どもと逃げたい", "子供と逃げてきた", "こどもと逃げたい"])
def test_fleeing_with_a_child_lists_the_dv_line_and_the_child_abuse_line(bundled_db_ro, said, municipality):
    """A bare と after a child marks who comes along, as を連れて does: 子どもと逃げたい searched 子ども AND
    逃げたい and had no DV相談＋ in its first five (189 first, then 自立支援 in 国立市)."""
    keys = desk_keys(bundled_db_ro, said, municipality, TUESDAY_3AM, 5)
    assert DV_PLUS in keys and JIDO_189 in keys, keys


def test_a_bare_to_marks_a_child_who_comes_along_not_whom_she_wants_to_talk_to():
    from dvdesk.domain.search_words import phrase_words

    table = SynonymTable.from_groups(
        [["逃げたい", "シェルター"], ["子ども", "児童"], ["弁護士", "法律相談"], ["話したい"]]
    )
    assert phrase_words("子どもと逃げたい", table) == ["逃げたい"]
    assert phrase_words("弁護士と話したい", table) == ["弁護士", "話したい"]
