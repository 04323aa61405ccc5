"""Templates keep the situation and the item list — and nothing about a client."""

import sqlite3

import pytest

from dvdesk.domain import checklist as cl
from dvdesk.domain import checklist_templates as tpl

CLIENT_NOTE = "山田花子さん 090-1234-5678 12月3日に来所"


def make(db):
    with db.read() as s:
        c = cl.propose(s, "高岡市", ["children.school"], ["school", "moving_out"])
        law = cl.service_item(s, "test.svc.law")
    c = c.remove(2, 0).move_item(1, 1, -1).add(law).add(cl.free_item("印鑑を持っていく", "市民課"))
    return c.with_note(CLIENT_NOTE)


def test_a_template_round_trips_the_situation_and_the_items(checklist_db):
    c = make(checklist_db)
    with checklist_db.write() as s:
        tpl.save_template(s, " 子どものいる世帯の転出 ", c)
    with checklist_db.read() as s:
        assert [t.name for t in tpl.list_templates(s, "162027")] == ["子どものいる世帯の転出"]
        assert tpl.list_templates(s, "132152") == []  # templates belong to their municipality
        loaded = tpl.load_template(s, "162027", "子どものいる世帯の転出")
    assert loaded.missing == ()
    back = loaded.checklist
    assert [i.ref for i in back.items] == [i.ref for i in c.items]
    assert [x.department.key for x in back.sections] == [x.department.key for x in c.sections]
    assert (back.needs, back.circumstances) == (("children.school",), ("school", "moving_out"))
    assert back.client_note == ""


def test_no_client_detail_reaches_the_database(checklist_db):
    with checklist_db.write() as s:
        tpl.save_template(s, "子どものいる世帯の転出", make(checklist_db))
    con = sqlite3.connect(checklist_db.path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(checklist_templates)")]
    assert columns == ["id", "municipality_code", "name", "needs", "circumstances", "items", "updated_on"]
    dump = "\n".join(con.iterdump())
    con.close()
    for fragment in ("山田", "090-1234-5678", "12月3日"):
        assert fragment not in dump


def test_saving_again_overwrites_and_names_are_checked(checklist_db):
    c = make(checklist_db)
    with checklist_db.write() as s:
        tpl.save_template(s, "転出", c)
        tpl.save_template(s, "転出", c.remove(0, 0))
    with checklist_db.read() as s:
        infos = tpl.list_templates(s, "162027")
    assert len(infos) == 1 and infos[0].item_count == len(c.items) - 1
    with pytest.raises(tpl.TemplateError, match="テンプレート名を入力"), checklist_db.write() as s:
        tpl.save_template(s, "   ", c)
    with pytest.raises(tpl.TemplateError, match="100文字"), checklist_db.write() as s:
        tpl.save_template(s, "あ" * 101, c)


def test_rename_and_delete(checklist_db):
    c = make(checklist_db)
    with checklist_db.write() as s:
        tpl.save_template(s, "A", c)
        tpl.save_template(s, "B", c)
    with pytest.raises(tpl.TemplateError, match="同じ名前"), checklist_db.write() as s:
        tpl.rename_template(s, "162027", "A", "B")
    with checklist_db.write() as s:
        tpl.rename_template(s, "162027", "A", "C")
        tpl.delete_template(s, "162027", "B")
    with checklist_db.read() as s:
        assert [t.name for t in tpl.list_templates(s, "162027")] == ["C"]
        with pytest.raises(tpl.TemplateError, match="見つかりません"):
            tpl.load_template(s, "162027", "B")


def test_a_retired_procedure_is_reported_not_printed(checklist_db):
    from dvdesk.domain.models import Procedure

    with checklist_db.write() as s:
        tpl.save_template(s, "転出", make(checklist_db))
        s.query(Procedure).filter_by(key="test.proc.tenkyo").one().retired = True
    with checklist_db.read() as s:
        loaded = tpl.load_template(s, "162027", "転出")
    assert loaded.missing == ("test.proc.tenkyo",)
    assert "test.proc.tenkyo" not in [i.key for i in loaded.checklist.items]


def test_text_that_looks_like_a_client_detail_is_flagged(checklist_db):
    c = make(checklist_db)
    assert tpl.personal_detail_warnings("子どものいる世帯の転出", c) == []
    flagged = tpl.personal_detail_warnings("山田さん 090-1234-5678", c.add(cl.free_item("〒933-0000 へ郵送")))
    assert any("電話番号" in w for w in flagged)
    assert any("郵便番号" in w for w in flagged)
    assert any("様・さん" in w for w in flagged)
