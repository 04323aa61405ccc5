"""A shelter's location written again in a printed text: 「所在地」 is secret and never printed, but
the same words typed into its description, access line or discreet sentence were printed on the
client's copy like any other text (nothing compared them). The gate now refuses such a shelter on
every path (editor, sheet, package: one gate) and says which words; a file that has one already is
found by the start scan, and the client copy of it is refused before a page is drawn."""

import sqlite3

import pytest

from db_support import dump
from dvdesk.admin.editing import Editor
from dvdesk.admin.validation import ValidationError
from dvdesk.app.checklists import Checklists
from dvdesk.domain import integrity
from dvdesk.domain.disclosure import Audience
from dvdesk.domain.secret_echo import echo

LOCATION = "東京都新宿区西新宿二丁目8番1号 サンシャインビル5階"


@pytest.mark.parametrize(
    "text",
    [
        "西新宿2丁目の建物の5階です",
        "西新宿２－８－１",
        "最寄りは西新宿です",
        "サンシャインビルの裏手",
        "建物は2-8-1にあります",
    ],
)
def test_the_words_that_give_the_location_away_are_found(text):
    assert echo(LOCATION, [text])


@pytest.mark.parametrize(
    "text",
    [
        "新宿区の女性のための緊急の避難先",
        "受付 9:00-17:00、電話 03-1234-5678",
        "新宿20番の系統とは無関係",
        "12-8-14 の番号",
        "",
    ],
)
def test_the_municipality_hours_and_phones_are_not_the_location(text):
    assert echo(LOCATION, [text]) is None


def hide(editor: Editor, **changes: str) -> None:
    shelter = editor.load("service", "test.svc.shelter")
    editor.save("service", {**shelter, "location": LOCATION, "location_confidentiality": "secret", **changes})


@pytest.mark.parametrize("field", ["description", "access", "discreet_line", "name"])
def test_a_shelter_whose_printed_text_carries_its_location_is_refused_and_nothing_changes(mini_db, field):
    editor = Editor(mini_db, "管理 花子")
    hide(editor)
    before = dump(mini_db)
    shelter = editor.load("service", "test.svc.shelter")
    with pytest.raises(ValidationError, match="所在地.*「新宿2」"):
        editor.save("service", {**shelter, field: "西新宿2丁目の建物"})
    assert dump(mini_db) == before


def test_an_ordinary_service_may_name_its_own_place(mini_db):
    editor = Editor(mini_db, "管理 花子")
    housing = editor.load("service", "test.svc.housing")
    editor.save("service", {**housing, "location": "テスト市役所本庁舎2階", "description": "本庁舎2階の窓口"})
    assert editor.load("service", "test.svc.housing")["description"] == "本庁舎2階の窓口"


def put_in_the_file(db, description: str) -> None:
    con = sqlite3.connect(db.path)
    with con:
        con.execute(
            "UPDATE services SET location = ?, location_confidentiality = 'secret', description = ? "
            "WHERE key = 'test.svc.shelter'",
            (LOCATION, description),
        )
    con.close()


def test_one_already_in_a_file_is_found_by_the_scan_and_its_client_copy_is_refused(mini_db):
    put_in_the_file(mini_db, "西新宿2丁目の建物の5階")
    with mini_db.read() as session:
        found = [f for f in integrity.scan(session) if f.key == "test.svc.shelter"]
    assert found and "「新宿2」" in found[0].problem
    checklists = Checklists(mini_db)
    draft = checklists.new_draft("162027", ["safety"], [])
    draft.add(checklists.service_item("test.svc.shelter"))
    for audience in (Audience.CLIENT, Audience.STAFF):
        with pytest.raises(ValueError, match="所在地"):
            checklists.render(draft.printed(), audience)
    # The discreet copy prints only its discreet wording: none here, so no description and no words.
    assert "西新宿" not in checklists.render(draft.printed(), Audience.CLIENT, discreet=True).html


def test_a_discreet_sentence_with_the_location_is_refused(mini_db):
    put_in_the_file(mini_db, "身の安全のための緊急の避難先")
    con = sqlite3.connect(mini_db.path)
    with con:
        con.execute(
            "UPDATE services SET discreet_name = 'ご案内', discreet_line = 'サンシャインビルでお待ちしています' "
            "WHERE key = 'test.svc.shelter'"
        )
    con.close()
    checklists = Checklists(mini_db)
    draft = checklists.new_draft("162027", ["safety"], [])
    draft.add(checklists.service_item("test.svc.shelter"))
    with pytest.raises(ValueError, match="「サンシャインビル」"):
        checklists.render(draft.printed(), Audience.CLIENT, discreet=True)


def test_a_shelter_with_a_clean_description_still_prints(mini_db):
    put_in_the_file(mini_db, "身の安全のための緊急の避難先")
    checklists = Checklists(mini_db)
    draft = checklists.new_draft("162027", ["safety"], [])
    draft.add(checklists.service_item("test.svc.shelter"))
    html = checklists.render(draft.printed(), Audience.CLIENT).html
    assert "緊急一時保護" in html and "西新宿" not in html


def _translation_past_the_gate(db, description: str) -> None:
    """An English translation of the shelter written before the gate held translations (an old file)."""
    from dvdesk.domain.translations import item_fingerprint

    item = Checklists(db).service_item("test.svc.shelter")
    con = sqlite3.connect(db.path)
    with con:
        con.execute(
            "INSERT INTO translations (lang, record_key, source_hash, name, description, what_to_bring, caution, hours)"
            " VALUES ('en', 'test.svc.shelter', ?, 'Emergency shelter', ?, '[]', '', '')",
            (item_fingerprint(item), description),
        )
    con.close()


def test_a_translation_already_in_a_file_that_gives_the_location_away_is_not_printed(mini_db):
    put_in_the_file(mini_db, "身の安全のための緊急の避難先")
    _translation_past_the_gate(mini_db, "The building is at 2-8-1 Nishi-Shinjuku, Sunshine building.")
    checklists = Checklists(mini_db)
    draft = checklists.new_draft("162027", ["safety"], [])
    draft.add(checklists.service_item("test.svc.shelter"))
    with pytest.raises(ValueError, match="翻訳に、秘密の所在地の一部「2-8-1」.*日本語の控えは印刷できます"):
        checklists.render(draft.printed(), Audience.CLIENT, language="en")
    html = checklists.render(draft.printed(), Audience.CLIENT).html  # in Japanese: the translation is not used
    assert "緊急一時保護" in html and "2-8-1" not in html


def test_a_shelter_with_a_clean_translation_prints_it(mini_db):
    put_in_the_file(mini_db, "身の安全のための緊急の避難先")
    _translation_past_the_gate(mini_db, "A safe place to stay for women and their children.")
    checklists = Checklists(mini_db)
    draft = checklists.new_draft("162027", ["safety"], [])
    draft.add(checklists.service_item("test.svc.shelter"))
    html = checklists.render(draft.printed(), Audience.CLIENT, language="en").html
    assert "A safe place to stay" in html and "Nishi-Shinjuku" not in html
