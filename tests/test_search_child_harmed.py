"""A child harmed: 子どもが叩かれている lists the child-abuse line (189) first, in both cities.

It listed, in 国立市, 自立支援 and 短期宿泊支援 (services naming 子ども and DV) and no line at all:
子ども AND 叩かれた, neither of which the 189 line's record holds, while 子どもが殴られた had 189
second. A phrase where a child (が, は, を, も) is the one an act of violence is done to stands for
虐待; a child who only comes along (子どもを連れて逃げたい), is there (子どもの前で殴られた) or is the one
who acts (子どもに叩かれた) does not.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from dvdesk.app.directory_queries import DeskData, DeskQuery
from dvdesk.domain.search import SynonymTable
from dvdesk.domain.search_words import phrase_words
from search_support import item_keys

TAKAOKA, KUNITACHI = "162027", "132152"
TUESDAY_10AM = datetime(2026, 12, 1, 10, 0)
LINE_189 = "national.svc.jido-189"

HARMED = [
    "子どもが叩かれている",
    "子どもが叩かれた",
    "子どもが殴られた",
    "子どもが夫に殴られている",
    "夫が子どもを叩く",
    "息子が蹴られた",
    "娘が父親に叩かれる",
    "子供が暴力を受けている",
    "こどもがたたかれている",
]
NOT_HARMED = {
    "子どもを連れて逃げたい": None,
    "子どもの前で殴られた": None,
    "子どもに叩かれた": None,
    "子どもが心配": None,
    "子どもは無事だが夫に殴られた": None,
}


@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI])
@pytest.mark.parametrize("said", HARMED)
def test_a_child_harmed_puts_the_child_abuse_line_first(bundled_db_ro, said, municipality):
    keys = item_keys(bundled_db_ro)
    hits = DeskData(bundled_db_ro).desk_search(DeskQuery(said, municipality, at=TUESDAY_10AM)).hits
    top = [keys.get((h.item, h.service_id), "") for h in hits[:3]]
    assert LINE_189 in top, (said, top)


@pytest.mark.parametrize("said", list(NOT_HARMED))
def test_a_child_who_comes_along_or_watches_is_no_child_harmed(bundled_db_ro, said):
    with bundled_db_ro.read() as session:
        synonyms = SynonymTable.load(session)
    assert phrase_words(said, synonyms) != ["虐待"], said
