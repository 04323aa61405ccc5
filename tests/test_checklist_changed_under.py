"""A checklist holds what the directory said when each item was proposed or added; the copy was
printed from that, whatever changed since. Another desk (shared mode), or the administration
window on this PC, marks a contact 職員のみ or corrects a phone while a counselor's list is
open: her printout still showed the old phone on the client's paper, and a list with items taken
before and after the edit mixed old and new. A copy is now refused when a record it prints changed
since it was read, naming it; proposing again (or re-adding it) prints what the directory says."""

import pytest

from dvdesk.admin.editing import Editor
from dvdesk.app.checklists import Checklists
from dvdesk.domain.disclosure import Audience


def draft_with_consult(db):
    checklists = Checklists(db)
    draft = checklists.new_draft("162027", ["consultation"], [])
    draft.add(checklists.service_item("test.svc.consult"))
    return checklists, draft


def test_an_unchanged_list_prints(mini_db):
    checklists, draft = draft_with_consult(mini_db)
    assert "女性のための電話相談" in checklists.render(draft.printed(), Audience.CLIENT).html


@pytest.mark.parametrize(
    "change",
    [
        {"phone": "0766-20-9999"},
        {"confidentiality": "staff"},
        {"description": "夜間は受け付けていません"},
    ],
    ids=["phone", "made staff-only", "description"],
)
def test_a_record_changed_after_it_was_read_refuses_the_copy_until_proposed_again(mini_db, change):
    checklists, draft = draft_with_consult(mini_db)
    editor = Editor(mini_db, "管理 花子")  # the other desk
    editor.save("service", {**editor.load("service", "test.svc.consult"), **change})
    for audience in (Audience.CLIENT, Audience.STAFF):
        with pytest.raises(ValueError, match="女性のための電話相談.*変更"):
            checklists.render(draft.printed(), audience)
    fresh = checklists.new_draft("162027", ["consultation"], [])
    fresh.add(checklists.service_item("test.svc.consult"))
    html = checklists.render(fresh.printed(), Audience.CLIENT).html
    if "phone" in change:
        assert "0766-20-9999" in html
    if "confidentiality" in change:
        assert "女性のための電話相談" not in html


def test_a_department_contact_made_staff_only_refuses_the_copy(mini_db):
    checklists, draft = draft_with_consult(mini_db)
    editor = Editor(mini_db, "管理 花子")
    center = editor.load("organization", "test.center")
    assert center["contacts"], "the fixture's centre has a contact"
    center["contacts"][0]["confidentiality"] = "staff"
    editor.save("organization", center)
    with pytest.raises(ValueError, match="変更"):
        checklists.render(draft.printed(), Audience.CLIENT)


def test_a_retired_record_refuses_the_copy(mini_db):
    checklists, draft = draft_with_consult(mini_db)
    Editor(mini_db, "管理 花子").retire("service", "test.svc.consult")
    with pytest.raises(ValueError, match="女性のための電話相談"):
        checklists.render(draft.printed(), Audience.CLIENT)


def test_the_dialog_says_why_and_writes_no_file(qtbot, checklist_db, monkeypatch, tmp_path):
    """What the counselor sees: the print box's one line naming the record; no PDF is written."""
    from dvdesk.gui.checklist_dialog import ChecklistDialog

    dialog = ChecklistDialog(checklist_db, "高岡市", ["children", "protection_order"])
    reports: list[str] = []
    monkeypatch.setattr(dialog, "report", reports.append)
    qtbot.addWidget(dialog)
    item = next(i for i in dialog.model.checklist().items if i.key and i.kind.value == "procedure")
    editor = Editor(checklist_db, "管理 花子")
    editor.save("procedure", {**editor.load("procedure", item.key), "caution": "窓口が移転しました"})
    assert dialog.printing.export_pdf(tmp_path / "guide.pdf") is None
    assert item.name in reports[-1] and "変更" in reports[-1] and not (tmp_path / "guide.pdf").exists()


def test_a_referral_slip_is_refused_too(mini_db):
    from dvdesk.printing.slip_html import Counselor

    checklists, draft = draft_with_consult(mini_db)
    checklist = draft.printed()
    section = next(s for s in checklist.sections if any(i.key == "test.svc.consult" for i in s.items))
    counselor = Counselor("相談員", "相談室", "123")
    assert "女性のための電話相談" in checklists.render_slip(checklist, section, counselor).html
    editor = Editor(mini_db, "管理 花子")
    editor.save("service", {**editor.load("service", "test.svc.consult"), "phone": "0766-20-9999"})
    with pytest.raises(ValueError, match="女性のための電話相談.*変更"):
        checklists.render_slip(checklist, section, counselor)
