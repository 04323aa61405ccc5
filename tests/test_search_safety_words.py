"""What a client says of violence or stalking brings the police and the DV lines (session 13).

Found by session 12: in 高岡市 旦那に叩かれる listed DV相談＋, DV相談ナビ and then eleven 窓口でのDV相談
rows with no number, the police nowhere in the first five; 叩かれる, 蹴られた, 脅される and 監視されている
the same in both cities (殴られた did list them: its group holds 身の危険 and 緊急, words of the
police lines' text). ストーカー in 高岡市 listed #9110 and 法テラス only, not the police station nor the
procedure 警察への相談; GPS and スマホを見られる listed nothing at all.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from dvdesk.cli import main
from search_support import desk_keys

TAKAOKA, KUNITACHI = "162027", "132152"
TUESDAY_10AM, TUESDAY_11PM = datetime(2026, 12, 1, 10, 0), datetime(2026, 12, 1, 23, 0)
POLICE = {
    "national.svc.police-110",
    "national.svc.police-consult",
    "takaoka.police",
    "takaoka.proc.keisatsu",
    "kunitachi.proc.keisatsu",
}
# The DV lines and the city's own DV consultation.
DV_LINES = {"national.svc.dv-plus", "national.svc.dv-navi", "takaoka.svc.consultation", "kunitachi.svc.hotline"}

# The last three: the fallback searches them as DV (search_words.DV_ACTS), and DV is violence too.
VIOLENCE = [
    *("旦那に叩かれる", "叩かれる", "殴られた", "蹴られた", "脅される", "殺すと言われた", "夫に脅されている"),
    *("夫に首を絞められた", "主人に物を投げつけられる", "DV"),
]
STALKING = ["ストーカー", "つきまとい", "待ち伏せ", "後をつけられる", "監視されている", "GPS"]


def _top(db, words: str, municipality: str, at: datetime, n: int = 5) -> list[str]:
    return desk_keys(db, words, municipality, at, n)


@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI])
@pytest.mark.parametrize("words", VIOLENCE)
@pytest.mark.parametrize("at", [TUESDAY_10AM, TUESDAY_11PM])
def test_violence_in_her_words_lists_the_police_and_a_dv_line_in_the_first_five(bundled_db_ro, words, municipality, at):
    top = _top(bundled_db_ro, words, municipality, at)
    assert POLICE & set(top), top
    assert DV_LINES & set(top), top
    assert "national.svc.police-110" in top, top  # the emergency number, day and night


@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI])
@pytest.mark.parametrize("words", STALKING)
def test_stalking_in_her_words_lists_the_police_in_the_first_five(bundled_db_ro, words, municipality):
    top = _top(bundled_db_ro, words, municipality, TUESDAY_10AM)
    assert len(POLICE & set(top)) >= 2, top


def test_stalking_in_takaoka_lists_the_citys_police_entries(bundled_db_ro):
    """The tuned set's answer for ストーカー in 高岡市: the station (110) and the procedure 警察への相談."""
    top = _top(bundled_db_ro, "ストーカー", TAKAOKA, TUESDAY_10AM)
    assert {"takaoka.police", "takaoka.proc.keisatsu"} <= set(top), top


@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI])
@pytest.mark.parametrize("words", ["スマホを見られる", "携帯を見られる"])
def test_a_partner_checking_her_phone_finds_the_dv_lines(bundled_db_ro, words, municipality):
    """Watching over her phone is a form of DV (精神的暴力: 監視): it listed nothing at all."""
    top = _top(bundled_db_ro, words, municipality, TUESDAY_10AM)
    assert DV_LINES & set(top), top


@pytest.mark.parametrize(("words", "city"), [("旦那に叩かれる", "高岡市"), ("ストーカー", "高岡市"), ("GPS", "国立市")])
def test_the_command_line_lists_the_police_numbers_in_its_first_five(bundled_db, monkeypatch, capsys, words, city):
    """``dvdesk search`` is the window's list (tests/test_cli_search_as_window.py): the same lines."""
    monkeypatch.setenv("DVDESK_DB", str(bundled_db.path))
    assert main(["search", words, "-m", city, "--json"]) == 0
    names = [h["name"] for h in json.loads(capsys.readouterr().out)[:5]]
    assert {"110番（緊急通報）", "警察相談専用電話"} <= set(names), names
