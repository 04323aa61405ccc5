"""A shelter's place is not given away in the translation of a text that would not give it in Japanese.

Found in h18: a translation is printed on the client's copy in her language in place of the Japanese
(``printing.checklist_html``): a department's translated name under its heading, a service's translated
name, description, hours … The gate held a shelter provider's Japanese texts (``integrity_providers``)
and a shelter's (``shelter_echoes``) to no street address, but a translation only to no words of the
shelter's own hidden location: 「Women's Center, Hirokoji 7-50」 as the English name of the department
that provides the shelter, or 「Near Hirokoji 7-50」 in the shelter's description, passed every import
and was printed. The gate's translation rule now asks the same of them (``provider_place.address_words``,
``secret_echo.street_address``, which knows a Latin-script address too), its preview twin
(``translation_sync.findings``) says it first, and the copy refuses one already in a file.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from db_support import dump
from dvdesk.admin import translation_sync
from dvdesk.admin.editing import Editor
from dvdesk.admin.sync import RecordDiff
from dvdesk.admin.validation import ValidationError
from dvdesk.app.checklists import Checklists
from dvdesk.domain.disclosure import Audience
from dvdesk.domain.integrity_findings import DirectoryRefused
from dvdesk.domain.secret_echo import street_address
from dvdesk.domain.translations import department_fingerprint, item_fingerprint
from dvdesk.storage import translation_files
from dvdesk.storage.translation_files import TranslationRow

CENTER = "テスト相談センター"  # test.center: provides the mini directory's shelter (test.svc.shelter)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Women's Center, Hirokoji 7-50", "7-50"),
        ("7-50 Hirokoji, Takaoka City", "7-50"),
        ("Centro da Mulher (Hirokoji 7-50)", "7-50"),
        ("At 2-8-1 Nishi-Shinjuku", "2-8-1"),
        ("Trung tâm, 7-50 Hirokoji", "7-50"),
        ("Suehiro-cho 3-chome", "3-chome"),
        ("妇女中心（广小路7-50）", "7-50"),
        ("ひろこうじ 7番50号", "7番50号"),
    ],
)
def test_a_street_address_in_another_script_is_found(text, word):
    found = street_address([text])
    assert found is not None and word in found


@pytest.mark.parametrize(
    "text",
    [
        "Women's Consultation Center",
        "Mon-Fri 9-17",
        "Weekdays 9:00-17:00",
        "For ages 18-64",
        "Tel 0766-20-1234",
        "Call #8008, 24 hours",
        "Room 2, 3rd floor",
        "9-17 weekdays",
        "9-17 Mon-Fri",
        "Seg a Sex 9-17",
        "Thứ 2 - Thứ 6, 8-17 giờ",
        "周一至周五 9:00-17:00",
        "2025-04-01",
    ],
)
def test_an_ordinary_translated_text_is_no_address(text):
    assert street_address([text]) is None


def _row(key: str, lang: str = "en", source: str = "0" * 12, **texts: object) -> TranslationRow:
    values = {"name": "Center", "description": "", "what_to_bring": (), "caution": "", "hours": ""}
    values.update(texts)
    return TranslationRow(lang, key, source, **values)  # type: ignore[arg-type]


def _translations_of(db, key: str) -> list[tuple]:
    con = sqlite3.connect(db.path)
    try:
        return con.execute("SELECT lang, name, description FROM translations WHERE record_key = ?", (key,)).fetchall()
    finally:
        con.close()


REFUSED = {
    "a provider's English name": (_row("test.center", name="Women's Center, Hirokoji 7-50"), "英語の翻訳の「名称」"),
    "a provider's Portuguese name": (_row("test.center", "pt", name="Centro (Hirokoji 7-50)"), "ポルトガル語"),
    "a provider's Chinese name": (_row("test.center", "zh", name="妇女中心（广小路7番50号）"), "中国語"),
    "a provider's easy Japanese name": (_row("test.center", "easy", name="そうだん センター 7番50号"), "やさしい"),
    "a provider's discreet name": (_row("test.center#discreet", "vi", name="Trung tâm, 7-50 Hirokoji"), "ベトナム語"),
    "a shelter's description": (_row("test.svc.shelter", description="Near Hirokoji 7-50."), "英語の翻訳"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_the_gate_refuses_a_translation_giving_a_shelters_place_and_keeps_nothing(mini_db, case):
    row, words = REFUSED[case]
    before = dump(mini_db)
    with pytest.raises(DirectoryRefused) as refused:
        with mini_db.write() as session:
            translation_files.apply(session, [row])
    said = str(refused.value)
    assert words in said and "住所らしい語" in said and row.key in said, said
    assert dump(mini_db) == before


@pytest.mark.parametrize("case", REFUSED)
def test_the_package_preview_says_it_in_the_gates_words(mini_db, case):
    row, _ = REFUSED[case]
    planned = [RecordDiff(translation_sync.KIND, f"{row.lang}:{row.key}", row.name, "added", ())]
    with mini_db.read() as session:
        said = [str(f) for f in translation_sync.findings(session, [row], {}, planned)]
    with pytest.raises(DirectoryRefused) as refused:
        with mini_db.write() as session:
            translation_files.apply(session, [row])
    assert said and said == [str(f) for f in refused.value.findings]


def test_a_clean_translation_of_the_provider_and_another_departments_street_are_kept(mini_db):
    rows = [
        _row("test.center", name="Women's Consultation Center"),
        _row("test.housing", name="Housing Division, Hirokoji 7-50"),  # provides no shelter
    ]
    with mini_db.write() as session:
        translation_files.apply(session, rows)
    assert _translations_of(mini_db, "test.center") == [("en", "Women's Consultation Center", "")]
    assert _translations_of(mini_db, "test.housing") == [("en", "Housing Division, Hirokoji 7-50", "")]


def test_a_department_made_a_shelters_provider_is_held_to_its_translation(mini_db):
    """The service's doing: 住宅課's English name was fine until its service became a shelter."""
    with mini_db.write() as session:
        translation_files.apply(session, [_row("test.housing", name="Housing Division, Hirokoji 7-50")])
    editor = Editor(mini_db, "管理 花子")
    snap = editor.load("service", "test.svc.housing")
    before = dump(mini_db)
    with pytest.raises(ValidationError, match="英語の翻訳.*住所らしい語「.*7-50」"):
        editor.save("service", {**snap, "needs": ["housing", "safety.shelter"]})
    assert dump(mini_db) == before


def test_a_provider_given_a_hidden_address_its_translation_names_is_refused(mini_db):
    with mini_db.write() as session:
        translation_files.apply(session, [_row("test.center", "zh", name="秘密町妇女中心")])
    editor = Editor(mini_db, "管理 花子")
    snap = editor.load("organization", "test.center")
    before = dump(mini_db)
    with pytest.raises(ValidationError, match="中国語の翻訳.*所在地（非公開）の一部「秘密町」"):
        editor.save("organization", {**snap, "address": "テスト市秘密町9-9", "address_confidentiality": "staff"})
    assert dump(mini_db) == before


# --- a file already past the gate (an old backup, a hand edit): the copy refuses it ------------


def _past_the_gate(db, key: str, source: str, name: str, description: str = "") -> None:
    con = sqlite3.connect(db.path)
    with con:
        con.execute(
            "INSERT INTO translations (lang, record_key, source_hash, name, description, what_to_bring, caution, hours)"
            " VALUES ('en', ?, ?, ?, ?, '[]', '', '')",
            (key, source, name, description),
        )
    con.close()


def _shelter_draft(db):
    checklists = Checklists(db)
    draft = checklists.new_draft("162027", ["safety"], [])
    draft.add(checklists.service_item("test.svc.shelter"))
    return checklists, draft


def test_a_copy_printing_a_providers_translated_name_with_its_address_is_refused(mini_db):
    _past_the_gate(mini_db, "test.center", department_fingerprint(CENTER), "Women's Center, Hirokoji 7-50")
    checklists, draft = _shelter_draft(mini_db)
    with pytest.raises(ValueError, match=f"「{CENTER}」の英語の翻訳の「名称」に、住所らしい語「.*7-50」"):
        checklists.render(draft.printed(), Audience.CLIENT, language="en")
    html = checklists.render(draft.printed(), Audience.CLIENT).html  # the Japanese copy does not print it
    assert CENTER in html and "Hirokoji" not in html


def test_a_copy_printing_a_shelters_translation_with_a_street_address_is_refused(mini_db):
    item = Checklists(mini_db).service_item("test.svc.shelter")
    _past_the_gate(mini_db, "test.svc.shelter", item_fingerprint(item), "Shelter", "Near Hirokoji 7-50.")
    checklists, draft = _shelter_draft(mini_db)
    with pytest.raises(ValueError, match="緊急一時保護.*翻訳.*7-50"):
        checklists.render(draft.printed(), Audience.CLIENT, language="en")


def test_a_clean_translated_provider_still_prints(mini_db):
    _past_the_gate(mini_db, "test.center", department_fingerprint(CENTER), "Women's Consultation Center")
    checklists, draft = _shelter_draft(mini_db)
    html = checklists.render(draft.printed(), Audience.CLIENT, language="en").html
    assert "Women&#x27;s Consultation Center" in html or "Women's Consultation Center" in html


def test_the_rule_on_each_engine(any_mini_db):
    """The rule's SQL on SQLite and on the server: a provider's translated name with a street address
    refused, nothing kept; a department made a provider held to its translation on this PC."""
    db = any_mini_db
    with pytest.raises(DirectoryRefused, match="住所らしい語"):
        with db.write() as session:
            translation_files.apply(session, [_row("test.center", name="Women's Center, Hirokoji 7-50")])
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM translations WHERE record_key = 'test.center'")).scalar() == 0
    with db.write() as session:
        translation_files.apply(session, [_row("test.housing", name="Housing Division, Hirokoji 7-50")])
    editor = Editor(db, "管理 花子")
    snap = editor.load("service", "test.svc.housing")
    with pytest.raises(ValidationError, match="英語の翻訳"):
        editor.save("service", {**snap, "needs": ["housing", "safety.shelter"]})
    assert editor.load("service", "test.svc.housing") == snap
