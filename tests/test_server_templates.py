"""A counselor saves checklist templates on the shared server, as on her PC's own file.

Found in h18/h19: ``server-setup`` granted the counselor's role writes to the referral tables only,
so 「テンプレートとして保存」 on a shared desk failed with 「この操作をする権限がありません」 though a
template holds no client detail (``domain.checklist_templates``) and every counselor of a PC saves
them on SQLite. Now the role may write ``checklist_templates`` (and only the sequences of the tables
it writes: not draw numbers from the directory's).
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dvdesk.app.checklists import Checklists
from dvdesk.domain import checklist as cl
from dvdesk.domain import checklist_templates as tpl
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import PermissionRefused
from test_server_roles import login, mini_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def _checklist() -> cl.Checklist:
    return cl.Checklist("162027", "高岡市").add(cl.free_item("印鑑を持っていく", "市民課"))


def test_a_counselor_saves_renames_and_deletes_a_template_another_counselor_sees(mini_server, pg_cluster):  # noqa: F811
    first = open_database(login(pg_cluster, mini_server, "counselor_t1", "dvdesk_counselor"))
    second = open_database(login(pg_cluster, mini_server, "counselor_t2", "dvdesk_counselor"))
    try:
        Checklists(first).save_template("子どものいる世帯の転出", _checklist())
        assert [t.name for t in Checklists(second).templates("162027")] == ["子どものいる世帯の転出"]
        loaded = Checklists(second).load_template("162027", "子どものいる世帯の転出")
        assert [i.name for i in loaded.checklist.items] == ["印鑑を持っていく"]
        Checklists(second).rename_template("162027", "子どものいる世帯の転出", "転出（子あり）")
        Checklists(first).save_template("転出（子あり）", _checklist().add(cl.free_item("転出届", "市民課")))
        assert [t.item_count for t in Checklists(second).templates("162027")] == [2]
        Checklists(first).delete_template("162027", "転出（子あり）")
        assert Checklists(second).templates("162027") == []
    finally:
        first.close()
        second.close()


def test_the_counselor_role_draws_no_number_from_the_directorys_sequences(mini_server, pg_cluster):  # noqa: F811
    db = open_database(login(pg_cluster, mini_server, "counselor_t3", "dvdesk_counselor"))
    try:
        with pytest.raises(PermissionRefused), db.write() as s:
            s.execute(text("SELECT nextval(pg_get_serial_sequence('services', 'id'))"))
        with db.write() as s:  # its own tables' numbers: allowed
            s.execute(text("SELECT nextval(pg_get_serial_sequence('checklist_templates', 'id'))"))
    finally:
        db.close()


def test_a_server_set_up_by_an_older_dvdesk_says_what_to_ask_for(mini_server, pg_cluster):  # noqa: F811
    """Its grants predate this: the refusal names server-setup, not 「ディレクトリの変更は管理者に」."""
    pg_cluster.sql(
        "REVOKE INSERT, UPDATE, DELETE ON checklist_templates FROM dvdesk_counselor",
        dbname=mini_server.split("@/")[1].split("?")[0],
    )
    db = open_database(login(pg_cluster, mini_server, "counselor_t4", "dvdesk_counselor"))
    try:
        with pytest.raises(tpl.TemplateError) as refused:
            Checklists(db).save_template("転出", _checklist())
        assert "server-setup" in str(refused.value) and "何も変更していません" in str(refused.value)
        assert Checklists(db).templates("162027") == []
    finally:
        db.close()


@pytest.mark.pg_quick("two desks' template saves racing on the server's unique name")
def test_two_desks_saving_a_new_template_under_one_name_at_once_is_said(any_mini_db, monkeypatch):
    """The second desk looked before the first saved (no such template yet) and inserts after it: the
    name's uniqueness refuses it. Said as such, not 「予期しないエラー」; the first desk's kept."""
    Checklists(any_mini_db).save_template("転出", _checklist())
    monkeypatch.setattr(tpl, "_find", lambda *a: None)  # as the second desk saw it a moment before
    with pytest.raises(tpl.TemplateError, match="同時に保存しました"):
        Checklists(any_mini_db).save_template("転出", _checklist().add(cl.free_item("転出届", "市民課")))
    monkeypatch.undo()
    assert [t.item_count for t in Checklists(any_mini_db).templates("162027")] == [1]
