"""The reading of a department's or a procedure's name, typed unconverted, lists what the name lists
(session 13). Held-out set 2 found じどうそうだんじょ (児童相談所, tied only as じどうそうだんしょ) listing
nothing and こくみんけんこうほけん (国民健康保険) another order; a check of every department and procedure
name of the bundled directory found 26 more readings listing nothing at all (しみんか, のうぜいか,
ふくしそうむか, ぜいしょうめい, ふじゅりもうしで, ひふようしゃ …): each is tied to its name now
(resources/directory/synonyms.toml).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from search_support import desk_keys

TAKAOKA, KUNITACHI = "162027", "132152"
AT = datetime(2026, 12, 1, 10, 0)


def _top(db, words: str, municipality: str) -> list[str]:
    return desk_keys(db, words, municipality, AT, 5)


@pytest.mark.parametrize(
    ("name", "reading", "municipality"),
    [
        ("児童相談所", "じどうそうだんじょ", TAKAOKA),
        ("国民健康保険", "こくみんけんこうほけん", KUNITACHI),
        ("国民健康保険", "こくみんけんこうほけん", TAKAOKA),
        ("市民課", "しみんか", TAKAOKA),
        ("納税課", "のうぜいか", TAKAOKA),
        ("保険年金課", "ほけんねんきんか", TAKAOKA),
        ("建築政策課", "けんちくせいさくか", TAKAOKA),
        ("福祉総務課", "ふくしそうむか", KUNITACHI),
        ("子育て支援課", "こそだてしえんか", KUNITACHI),
        ("子ども・子育て課", "こどもこそだてか", TAKAOKA),
        ("女性相談支援センター", "じょせいそうだんしえんせんたー", KUNITACHI),
        ("地方裁判所", "ちほうさいばんしょ", TAKAOKA),
        ("税証明", "ぜいしょうめい", KUNITACHI),
        ("不受理申出", "ふじゅりもうしで", TAKAOKA),
        ("被扶養者", "ひふようしゃ", KUNITACHI),
        ("区域外就学", "くいきがいしゅうがく", TAKAOKA),
        ("保育所", "ほいくじょ", KUNITACHI),
        ("特例免除", "とくれいめんじょ", TAKAOKA),
        ("児童扶養手当", "じどうふようてあて", TAKAOKA),
    ],
)
def test_a_name_typed_unconverted_lists_what_the_name_lists(bundled_db_ro, name, reading, municipality):
    named = _top(bundled_db_ro, name, municipality)
    assert named and _top(bundled_db_ro, reading, municipality) == named


@pytest.mark.parametrize(
    ("words", "municipality"), [("ひとり親", TAKAOKA), ("母子", KUNITACHI), ("single mother", TAKAOKA)]
)
def test_readings_take_no_place_from_the_words_records_write(bundled_db_ro, words, municipality):
    """A word's spellings are capped (search_words.MAX_SPELLINGS): the readings of 離婚届 and 不受理申出,
    sorted before kanji, took ひとり親's last places from 離婚, and 児童扶養手当の申請（離婚前でも） left its
    first five. A tied reading now comes last: no record writes it, and its term is in the list."""
    assert f"{'takaoka' if municipality == TAKAOKA else 'kunitachi'}.proc.jido-fuyo" in _top(
        bundled_db_ro, words, municipality
    )
