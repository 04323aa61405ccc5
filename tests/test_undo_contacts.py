"""Undoing an edit that added or removed whole contacts of an organisation.

Found by using it (hx-try12): undo put contacts back by position. Three contacts removed in one edit
came back as (a, c, b); undoing the addition of a contact after another was inserted before it
deleted whatever stood at its old place — a phone number a counselor relies on, gone without a word.
A contact is now found by what it holds, put back in its order, and an undo that would drop a
contact changed since is refused, naming it.
"""

import pytest

from dvdesk.admin.editing import EditError, Editor
from dvdesk.admin.kinds import CONTACT_FIELDS


@pytest.fixture
def editor(mini_db):
    return Editor(mini_db, "管理 花子")


def contact(label, phone):
    return {**{f.name: f.empty() for f in CONTACT_FIELDS}, "label": label, "phone": phone}


A, B, C = contact("夜間", "0766-20-1001"), contact("休日", "0766-20-1002"), contact("子ども", "0766-20-1003")


def labels(editor):
    return [c["label"] for c in editor.load("organization", "test.center")["contacts"]]


def save_contacts(editor, contacts):
    snap = editor.load("organization", "test.center")
    return editor.save("organization", {**snap, "contacts": contacts})


def test_contacts_removed_in_one_edit_come_back_in_their_order(editor):
    first = editor.load("organization", "test.center")["contacts"][0]
    save_contacts(editor, [first, A, B, C])
    removed = save_contacts(editor, [first])
    editor.undo_edit(removed.edit_id)
    assert labels(editor) == [first["label"], "夜間", "休日", "子ども"]


def test_undoing_an_addition_removes_that_contact_after_one_was_inserted_before_it(editor):
    first = editor.load("organization", "test.center")["contacts"][0]
    added = save_contacts(editor, [first, A])
    save_contacts(editor, [B, first, A])  # another contact put in front since
    editor.undo_edit(added.edit_id)
    now = editor.load("organization", "test.center")["contacts"]
    assert now == [B, first]  # 夜間 is gone; the centre's own number stays


def test_undoing_the_addition_of_a_contact_changed_since_is_refused_and_changes_nothing(editor):
    first = editor.load("organization", "test.center")["contacts"][0]
    added = save_contacts(editor, [first, A])
    save_contacts(editor, [first, {**A, "phone": "0766-20-9999"}])
    with pytest.raises(EditError, match=r"「連絡先2」はその後に変更されています（今: .*0766-20-9999"):
        editor.undo_edit(added.edit_id)
    [change] = [c for c in editor.history("organization", "test.center") if c.edit_id == added.edit_id]
    with pytest.raises(EditError, match="その後に変更されています"):
        editor.undo_change(change.id)
    assert editor.load("organization", "test.center")["contacts"] == [first, {**A, "phone": "0766-20-9999"}]
    assert not any(c.undone_by for c in editor.history("organization", "test.center"))


def test_a_contact_and_its_neighbours_edited_in_one_edit_undo_together(editor):
    """Removing the middle contact is recorded by position (the later ones move up, the last is
    removed); undoing the whole edit puts every contact back as it was."""
    first = editor.load("organization", "test.center")["contacts"][0]
    save_contacts(editor, [first, A, B, C])
    removed = save_contacts(editor, [first, C])
    editor.undo_edit(removed.edit_id)
    assert editor.load("organization", "test.center")["contacts"] == [first, A, B, C]


# A contact's own field (``contacts.N.phone``) and a removed contact put back were still found by
# position N: a contact inserted before it since made the undo refuse needlessly, or change another
# contact whose value happened to be the same, or put the contact back at its old index.


def change_of(editor, edit_id):
    [change] = [c for c in editor.history("organization", "test.center") if c.edit_id == edit_id]
    return change


def test_undoing_a_contacts_phone_after_one_was_inserted_before_it(editor):
    first = editor.load("organization", "test.center")["contacts"][0]
    save_contacts(editor, [first, A])
    changed = save_contacts(editor, [first, {**A, "phone": "0766-20-7777"}])
    save_contacts(editor, [B, first, {**A, "phone": "0766-20-7777"}])
    editor.undo_change(change_of(editor, changed.edit_id).id)
    assert editor.load("organization", "test.center")["contacts"] == [B, first, A]


def test_undoing_a_phone_shared_by_two_contacts_changes_the_one_it_was_made_on(editor):
    """The main number (代表) is often shared by several windows: undoing the change made on 休日
    must not put back the old number on 夜間, which now stands where 休日 stood."""
    first = editor.load("organization", "test.center")["contacts"][0]
    main = {**B, "phone": A["phone"]}  # 休日 on the same number as 夜間 after the change
    save_contacts(editor, [first, A, B])
    changed = save_contacts(editor, [first, A, main])  # contacts.2.phone
    save_contacts(editor, [C, first, A, main])
    editor.undo_edit(changed.edit_id)
    assert editor.load("organization", "test.center")["contacts"] == [C, first, A, B]


def test_a_contact_put_back_goes_after_the_one_it_followed(editor):
    first = editor.load("organization", "test.center")["contacts"][0]
    save_contacts(editor, [first, A, C])
    removed = save_contacts(editor, [first, A])  # 子ども removed (contacts.2)
    save_contacts(editor, [B, first, A])
    editor.undo_change(change_of(editor, removed.edit_id).id)
    assert labels(editor) == ["休日", first["label"], "夜間", "子ども"]


def test_a_field_of_a_contact_changed_since_in_another_field_still_undoes(editor):
    """The label edited since, the phone untouched: the phone's undo finds the contact and keeps the label."""
    first = editor.load("organization", "test.center")["contacts"][0]
    save_contacts(editor, [first, A])
    changed = save_contacts(editor, [first, {**A, "phone": "0766-20-7777"}])
    save_contacts(editor, [B, first, {**A, "phone": "0766-20-7777", "label": "夜間窓口"}])
    editor.undo_change(change_of(editor, changed.edit_id).id)
    assert editor.load("organization", "test.center")["contacts"] == [B, first, {**A, "label": "夜間窓口"}]


def test_one_field_of_an_edit_that_changed_two_undoes_alone_after_an_insertion(editor):
    first = editor.load("organization", "test.center")["contacts"][0]
    save_contacts(editor, [first, A])
    both = {**A, "phone": "0766-20-7777", "label": "夜間窓口"}
    changed = save_contacts(editor, [first, both])  # contacts.1.label and contacts.1.phone
    save_contacts(editor, [B, first, both])
    history = editor.history("organization", "test.center")
    [phone] = [c for c in history if c.path == "contacts.1.phone" and c.edit_id == changed.edit_id]
    editor.undo_change(phone.id)
    assert editor.load("organization", "test.center")["contacts"] == [B, first, {**both, "phone": A["phone"]}]


def test_an_undo_that_cannot_tell_two_contacts_apart_is_refused_and_changes_nothing(editor):
    first = editor.load("organization", "test.center")["contacts"][0]
    x, y = {**A, "hours": "9時〜17時"}, {**A, "hours": "17時〜22時"}
    save_contacts(editor, [first, x, y])
    changed = save_contacts(editor, [first, {**x, "phone": "0766-20-7777"}, y])
    same = {**y, "phone": "0766-20-7777"}
    save_contacts(editor, [first, same, same])  # both edited since into the same contact
    with pytest.raises(EditError, match="その後に変更されています"):
        editor.undo_change(change_of(editor, changed.edit_id).id)
    assert editor.load("organization", "test.center")["contacts"] == [first, same, same]
