"""A reading (or any other spelling) tied to its own term in the vocabulary (issue 14.1).

A reading typed with the IME left unconverted (じゅうみんひょう) used to widen to the whole group it
was listed in (支援措置, 閲覧制限, 戸籍の附票 …), so the 住民票 procedure fell to 4th/5th while 住民票
itself put it first. ``住民票 = じゅうみんひょう`` in synonyms.toml ties the reading to its term: typed,
it searches as the term does (then the group, as before).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from dvdesk.app.safety_first import NeedVocabulary
from dvdesk.domain import japanese
from dvdesk.domain.search_words import SynonymTable, typed_words
from dvdesk.domain.spellings import split_term
from dvdesk.storage import vocabulary
from search_support import desk_keys

TAKAOKA, KUNITACHI = "162027", "132152"
AT = datetime(2026, 12, 1, 10, 0)


def _keys(db, words: str, municipality: str) -> list[str]:
    return desk_keys(db, words, municipality, AT)


@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI])
def test_a_reading_ranks_its_own_terms_procedure_first(bundled_db_ro, municipality):
    city = "takaoka" if municipality == TAKAOKA else "kunitachi"
    as_kanji = _keys(bundled_db_ro, "住民票", municipality)
    assert as_kanji[0] == f"{city}.proc.shienshochi"  # what the term itself does
    assert _keys(bundled_db_ro, "じゅうみんひょう", municipality)[0] == f"{city}.proc.shienshochi"


@pytest.mark.parametrize(
    ("reading", "term"),
    [
        ("じゅうみんひょう", "住民票"),
        ("ﾈﾝｷﾝ", "年金"),
        ("子供", "子ども"),
        ("引越し", "引っ越し"),
        ("ほうてらす", "法テラス"),
        ("ﾎｳﾃﾗｽ", "法テラス"),
        # typed unconverted in the tryout (hx-try14), each found nothing
        ("ぼしかてい", "母子家庭"),
        ("じどうそうだんしょ", "児童相談所"),
        ("よういくひ", "養育費"),
        ("ちょうてい", "調停"),
        ("べっきょ", "別居"),
        ("てんにゅう", "転入"),
        ("てんしゅつ", "転出"),
        ("ざいりゅうしかく", "在留資格"),
        ("しえいじゅうたく", "市営住宅"),
    ],
)
def test_a_tied_spelling_lists_what_its_term_lists(bundled_db_ro, reading, term):
    for municipality in (TAKAOKA, KUNITACHI):
        assert _keys(bundled_db_ro, reading, municipality) == _keys(bundled_db_ro, term, municipality)


def test_a_spelling_the_directory_writes_is_not_tied(bundled_db_ro):
    """こども is in こども家庭庁's name: typed, that record comes first (as before the ties)."""
    assert _keys(bundled_db_ro, "こども", "")[0] == "national.cfa"


def test_the_notation():
    assert split_term("住民票") == ["住民票"]  # every term of an earlier file: a plain term
    assert split_term("住民票 = じゅうみんひょう") == ["住民票", "じゅうみんひょう"]
    assert split_term("引っ越し=引越し＝引越") == ["引っ越し", "引越し", "引越"]
    assert split_term(" legal advice ") == ["legal advice"]


def _first_option(table: SynonymTable, typed: str) -> str:
    return "".join(typed_words(typed, table)[0][0])


def test_an_old_file_has_no_ties_and_a_tie_beats_a_plain_listing():
    old = SynonymTable.from_groups([["支援措置", "住民票", "じゅうみんひょう"]])
    assert old.ties == {} and _first_option(old, "じゅうみんひょう") == "じゅうみんひょう"
    # A database loaded before the vocabulary's digest existed keeps the plain reading beside the tie.
    both = SynonymTable.from_groups([["支援措置", "住民票", "じゅうみんひょう", "住民票 = じゅうみんひょう"]])
    assert _first_option(both, "じゅうみんひょう") == japanese.normalize("住民票")
    assert both.alternatives("じゅうみんひょう") == {"支援措置", "住民票"}  # still the whole group
    assert "じゅうみんひょう" in both.alternatives("住民票")  # a record writing the reading is still found


def test_a_reading_of_a_safety_word_still_names_the_need():
    words = NeedVocabulary.build([("safety:police", "警察 = けいさつ"), ("safety:police", "110")], {"safety"})
    assert words.needs_named("けいさつ") == {"safety"} and words.needs_named("警察") == {"safety"}


def test_an_update_replaces_the_shipped_plain_reading_and_keeps_her_terms():
    base = {"shienshochi": ["住民票", "じゅうみんひょう"]}
    current = {"shienshochi": ["住民票", "じゅうみんひょう", "ふだ"]}
    new = {"shienshochi": ["住民票 = じゅうみんひょう"]}
    assert vocabulary.merge(current, base, new, {}) == {"shienshochi": ["住民票 = じゅうみんひょう", "ふだ"]}


def test_a_package_from_an_older_dvdesk_keeps_the_ties(bundled_db):
    """An administrator's data package made before the ties holds the plain reading: imported, the
    group keeps our tied term beside it, and the reading still lists what 住民票 lists."""
    from dvdesk.admin.history import Edit
    from dvdesk.admin.sync import apply_changes

    plain = {"shienshochi": ["支援措置", "住民票", "じゅうみんひょう", "しえんそち", "ふだ"]}
    with bundled_db.write() as session:
        apply_changes(session, {}, Edit("管理 花子", "import"), plain)
    with bundled_db.read() as session:
        terms = [t for (t,) in session.execute(text("SELECT term FROM synonyms WHERE group_key = 'shienshochi'"))]
    assert "ふだ" in terms and "住民票 = じゅうみんひょう" in terms
    for municipality in (TAKAOKA, KUNITACHI):
        assert _keys(bundled_db, "じゅうみんひょう", municipality) == _keys(bundled_db, "住民票", municipality)
        assert _keys(bundled_db, "ふだ", municipality)  # her word finds the group


def test_a_spelling_tied_to_a_spelling_goes_to_its_term_and_a_cycle_stops():
    table = SynonymTable.from_groups([["引っ越し = 引越し", "引越し = 引越", "転居"], ["a = b", "b = a"]])
    assert _first_option(table, "引越") == japanese.normalize("引っ越し")
    assert table.ties["b"] == "a" and table.ties["a"] == "b"  # each one step: no endless walk


def test_a_visa_typed_in_kana_finds_the_foreign_nationals_help(bundled_db_ro):
    """びざ (ビザ, folded) found nothing: the foreign nationals' group now holds ビザ."""
    for municipality in (TAKAOKA, KUNITACHI):
        assert _keys(bundled_db_ro, "びざ", municipality) == _keys(bundled_db_ro, "在留資格", municipality) != []
