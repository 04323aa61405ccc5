"""A bundled record whose plan gave no phone carries 「電話番号は計画に記載なし（要確認）」 in its staff
note (the service 専任相談員による相談) and in its contact's note (男女平等推進センター 相談室). Once the
administrator's 初期設定 enters the number, the note said the number was missing next to the
number, on the staff copy and in the detail. The sentence now follows the data: it is shown only
while no number is on record, and the stored note (the administrator's own words) is kept whole.
"""

from __future__ import annotations

from dvdesk.admin import first_run as fr
from dvdesk.admin.editing import Editor
from dvdesk.app.checklists import Checklists
from dvdesk.app.directory_queries import DeskData
from dvdesk.domain.disclosure import Audience
from dvdesk.domain.phone_notes import current

MISSING = "電話番号は計画に記載なし"
SERVICE, CENTER = "takaoka.svc.consultation", "takaoka.danjo-center"
FAKE = "0766-00-0001"  # fictional


def _staff_copy(db) -> str:
    checklists = Checklists(db)
    draft = checklists.new_draft("162027", ["consultation"], [])
    draft.add(checklists.service_item(SERVICE))
    return checklists.render(draft.printed(), Audience.STAFF).html


def test_the_missing_phone_note_goes_once_first_run_enters_the_number(bundled_db):
    desk = DeskData(bundled_db)
    before = desk.service(SERVICE)
    assert MISSING in before.staff_note and before.provider is not None
    assert MISSING in before.provider.contacts[0].note and MISSING in _staff_copy(bundled_db)
    editor = Editor(bundled_db, "管理 花子")
    stored = editor.load("service", SERVICE)["staff_note"]
    assert not fr.save_departments(editor, [fr.DepartmentEdit(CENTER, phone=FAKE)]).errors
    after = DeskData(bundled_db).service(SERVICE)
    assert after.provider is not None and FAKE in after.phones
    assert MISSING not in after.staff_note and "専任相談員を常時2名以上配置" in after.staff_note
    assert MISSING not in after.provider.contacts[0].note and "時間は" in after.provider.contacts[0].note
    paper = _staff_copy(bundled_db)
    assert FAKE in paper and MISSING not in paper and "専任相談員を常時2名以上配置" in paper
    assert editor.load("service", SERVICE)["staff_note"] == stored  # her note, kept whole
    # The number taken away again: the sentence is back where it is true.
    center = editor.load("organization", CENTER)
    center["contacts"][0]["phone"] = ""
    editor.save("organization", center)
    assert MISSING in DeskData(bundled_db).service(SERVICE).staff_note


def test_only_the_sentence_about_the_phone_alone_follows_it():
    note = "R2 相談件数46件。電話番号は計画に記載なし（要確認）。予約の要否は計画に記載なし（要確認）。"
    assert current(note, has_phone=False) == note
    assert current(note, has_phone=True) == "R2 相談件数46件。予約の要否は計画に記載なし（要確認）。"
    mixed = "電話番号・受付時間は抜粋に記載なし（要確認）。"  # the hours are still missing: kept
    assert current(mixed, has_phone=True) == mixed
    assert current("", has_phone=True) == ""
