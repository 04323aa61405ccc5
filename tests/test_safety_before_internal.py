"""A safety query's places she can call come before internal rows whose name holds the words (h13-attack).

配偶者暴力相談支援センター typed at a 国立市 desk listed 「[庁内の取組] 配偶者暴力相談支援センターの設置検討」
first (the city's plan to set one up someday), and neither DV相談＋ nor the city's 女性DVホットライン was
in the first five: the name of the centre named no need, and found only the records that write it.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from dvdesk.app.directory_queries import ALL_KINDS, DeskData, DeskQuery
from dvdesk.domain.record_kinds import ServiceKind

KUNITACHI, TAKAOKA = "132152", "162027"
TUESDAY_10AM = datetime(2026, 12, 1, 10, 0)
INTERNAL_ROW = "配偶者暴力相談支援センターの設置検討"


def names(db, text, municipality, **kw):
    hits = DeskData(db).desk_search(DeskQuery(text, municipality, at=TUESDAY_10AM, **kw)).hits
    return [h.name for h in hits]


@pytest.mark.parametrize(
    "typed", ["配偶者暴力相談支援センター", "はいぐうしゃぼうりょくそうだんしえんせんたー", "配暴センター"]
)
def test_the_centre_typed_in_kunitachi_lists_the_lines_she_can_call_first(bundled_db_ro, typed):
    shown = names(bundled_db_ro, typed, KUNITACHI)
    assert "DV相談＋" in shown[:5] and "女性DVホットライン" in shown[:5], shown[:8]
    assert "DV相談ナビ" in shown[:5]  # #8008: to the nearest centre
    # the internal measure stays in the list (labelled by its kind), after the places she can call
    assert INTERNAL_ROW in shown
    assert shown.index(INTERNAL_ROW) > shown.index("女性DVホットライン")


def test_the_internal_row_keeps_its_place_when_she_shows_every_kind(bundled_db_ro):
    shown = names(bundled_db_ro, "配偶者暴力相談支援センター", KUNITACHI, kinds=ALL_KINDS)
    assert INTERNAL_ROW in shown[:5]


def test_an_internal_row_shown_on_a_safety_query_is_labelled_by_its_kind(bundled_db_ro):
    hits = DeskData(bundled_db_ro).desk_search(DeskQuery("配偶者暴力相談支援センター", KUNITACHI, at=TUESDAY_10AM)).hits
    [row] = [h for h in hits if h.name == INTERNAL_ROW]
    assert row.kind == ServiceKind.INTERNAL
