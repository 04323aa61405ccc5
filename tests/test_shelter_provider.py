"""A shelter's location also reaches paper through its provider: a client copy prints a
department's address under its heading, and the department that provides a shelter (a private
shelter's own organisation, a prefecture's 一時保護所) is where the shelter is. An address typed on
that organisation at the form's default level (公開) was printed on the client copy, the discreet
copy and `show --client`. The gate refuses it like a shelter's own public location; nothing changes."""

import sqlite3

import pytest

from db_support import dump
from dvdesk.admin.editing import Editor
from dvdesk.admin.validation import ValidationError
from dvdesk.app.checklists import Checklists
from dvdesk.domain import integrity
from dvdesk.domain.disclosure import Audience

ADDRESS = "テスト市秘密町1-2-3"


def with_address(editor: Editor, key: str, level: str | None = None) -> None:
    org = editor.load("organization", key)
    org["address"] = ADDRESS
    if level:
        org["address_confidentiality"] = level
    editor.save("organization", org)


def test_a_public_address_on_the_shelter_provider_is_refused_and_nothing_changes(mini_db):
    editor = Editor(mini_db, "管理 花子")
    before = dump(mini_db)
    with pytest.raises(ValidationError, match="一時保護・シェルター.*所在地が「公開」"):
        with_address(editor, "test.center")
    assert dump(mini_db) == before


@pytest.mark.parametrize("level", ["staff", "secret"])
def test_a_hidden_address_is_kept_and_never_printed_on_a_client_copy(mini_db, level):
    with_address(Editor(mini_db, "管理 花子"), "test.center", level)
    checklists = Checklists(mini_db)
    draft = checklists.new_draft("162027", ["safety"], [])
    draft.add(checklists.service_item("test.svc.shelter"))
    for discreet in (False, True):
        assert ADDRESS not in checklists.render(draft.printed(), Audience.CLIENT, discreet=discreet).html


def test_an_address_of_a_department_without_a_shelter_stays_public(mini_db):
    editor = Editor(mini_db, "管理 花子")
    with_address(editor, "test.housing")
    assert editor.load("organization", "test.housing")["address_confidentiality"] == "public"


def test_moving_a_shelter_under_a_department_with_a_public_address_is_refused(mini_db):
    editor = Editor(mini_db, "管理 花子")
    with_address(editor, "test.housing")
    before = dump(mini_db)
    shelter = editor.load("service", "test.svc.shelter")
    with pytest.raises(ValidationError, match="住宅課"):
        editor.save("service", {**shelter, "provider": "test.housing"})
    assert dump(mini_db) == before


def test_the_check_and_the_start_scan_find_one_already_in_a_file(mini_db):
    con = sqlite3.connect(mini_db.path)
    with con:
        con.execute("UPDATE organizations SET address = ? WHERE key = 'test.center'", (ADDRESS,))
    con.close()
    with mini_db.read() as session:
        found = [f for f in integrity.scan(session) if f.key == "test.center"]
        assert found and "所在地が「公開」" in found[0].problem
        assert [f.key for f in integrity.check(session) if "シェルター" in f.problem] == ["test.center"]
