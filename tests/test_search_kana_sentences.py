"""What a client says, typed as heard with the IME left unconverted (こわい, なぐられた): each found
nothing at all (夫がこわい, 旦那にけられた: 「該当する支援は見つかりませんでした」), while the same words
in kanji found the DV lines first. The hiragana of what a client says is in the vocabulary now, as the
readings of the groups' head words already were; and 後をつけられた (being followed, past) found
国民健康保険・後期高齢者医療 through 後. Not けられた (kicked): it ends つけられた, 見つけられた."""

from __future__ import annotations

from datetime import datetime

import pytest

from dvdesk.app.directory_queries import DeskData, DeskQuery

TAKAOKA = "162027"
TUESDAY_10AM = datetime(2026, 12, 1, 10, 0)


def first_keys(db, text, n=3):
    from benchmarks.search_quality import _item_keys

    known = _item_keys(db)
    hits = DeskData(db).desk_search(DeskQuery(text, TAKAOKA, at=TUESDAY_10AM)).hits
    return [known[(h.item, h.service_id)] for h in hits[:n]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("夫がこわい", "national.svc.dv-plus"),
        ("主人がこわい", "national.svc.dv-plus"),
        ("なぐられた", "national.svc.dv-plus"),
        ("夫にたたかれる", "national.svc.dv-plus"),
        ("たすけて", "national.svc.police-110"),
        ("後をつけられた", "national.svc.police-consult"),
    ],
)
def test_what_a_client_says_typed_unconverted_finds_what_the_kanji_finds(bundled_db_ro, text, expected):
    assert expected in first_keys(bundled_db_ro, text)


def test_kicked_is_not_read_inside_being_followed(bundled_db_ro):
    assert "national.svc.dv-plus" not in first_keys(bundled_db_ro, "後をつけられた")
