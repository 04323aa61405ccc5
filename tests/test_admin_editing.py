"""Editing the directory: validation, history, undo, retire, verification."""

import datetime as dt

import pytest
from sqlalchemy import select

from dvdesk.admin.editing import EditError, Editor
from dvdesk.admin.validation import ValidationError, phone_problem, schedule_problem
from dvdesk.admin.verification import NEVER, NO_PHONE, STALE, report
from dvdesk.domain.directory import organizations, service_detail
from dvdesk.domain.models import Service
from dvdesk.domain.search import Searcher, SearchQuery


@pytest.fixture
def editor(mini_db):
    return Editor(mini_db, "管理 花子")


def search_names(db, text):
    with db.read() as session:
        return [h.name for h in Searcher(session).search(SearchQuery(text))]


@pytest.mark.parametrize(
    "number",
    [
        "0766-20-1234",
        "0766201234",
        "03-1234-5678",
        "0766(20)1234",
        "０７６６－２０－１２３４",
        "090-1234-5678",
        "080-1234-5678",
        "070-1234-5678",
        "050-1234-5678",
        "0120-279-889",
        "0120279338",
        "0800-123-4567",
        "0570-070-810",
        "0570-078374",
        "#8008",
        "#8891",
        "＃９１１０",
        "110",
        "189",
        "",
    ],
)
def test_japanese_numbers_are_accepted(number):
    assert phone_problem(number) is None


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("12345", "市外局番"),
        ("0766-20-123", "桁数"),
        ("090-1234-567", "携帯電話は11桁"),
        ("0120-279-8899", "フリーダイヤル 0120は10桁"),
        ("0570-07-08", "ナビダイヤル"),
        ("#800", "短縮番号"),
        ("123", "3桁の番号"),
        ("+81-766-20-1234", "国際番号"),
        ("0766-20-1234 内線12", "内線"),
        ("でんわ", "使えない文字"),
        ("0000-00-0000", "市外局番"),
        ("0766-2-0-1234", "区切り方"),
    ],
)
def test_bad_numbers_are_refused_with_a_reason(number, fragment):
    problem = phone_problem(number)
    assert problem is not None and fragment in problem


@pytest.mark.parametrize("text", ["月〜金 9:00〜17:00", "24時間", "毎月第4金曜日", "9:00-17:00", "平日 8時30分〜"])
def test_readable_schedules_pass(text):
    assert schedule_problem(text) is None


@pytest.mark.parametrize("text", ["!!!!", "----", "1234", "25:00〜26:00", "月〜金 9:75"])
def test_garbage_schedules_are_refused(text):
    assert schedule_problem(text) is not None


def test_an_edit_is_saved_recorded_and_searchable(mini_db, editor):
    snap = editor.load("service", "test.svc.law")
    snap.update(name="女性弁護士による法律相談（無料）", phone="0766-20-1234", schedule="毎月第4金曜日 13:00〜16:00")
    result = editor.save("service", snap)
    assert {c.path for c in result.changes} == {"name", "phone", "schedule"}
    with mini_db.read() as session:
        detail = service_detail(session, "test.svc.law")
    assert detail.phone == "0766-20-1234"
    assert "女性弁護士による法律相談（無料）" in search_names(mini_db, "法律相談")
    changes = editor.history("service", "test.svc.law")
    assert {(c.path, c.old, c.new) for c in changes} >= {("phone", "", "0766-20-1234")}
    assert all(c.admin == "管理 花子" and c.action == "update" for c in changes)


def test_validation_errors_name_every_bad_field_and_change_nothing(mini_db, editor):
    snap = editor.load("service", "test.svc.law")
    before = editor.load("service", "test.svc.law")
    snap.update(name="", phone="12-34", schedule="????")
    with pytest.raises(ValidationError) as caught:
        editor.save("service", snap)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"name", "phone", "schedule"}
    assert "「名称」を入力してください" in caught.value.message
    assert editor.load("service", "test.svc.law") == before
    assert editor.history("service", "test.svc.law") == []


def test_duplicate_names_within_a_municipality_are_refused(editor):
    snap = editor.load("service", "test.svc.law")
    snap["name"] = "女性のための電話相談"
    with pytest.raises(ValidationError, match="同じ市区町村に同じ名称のサービス"):
        editor.save("service", snap)


def test_a_location_needs_a_confidentiality_level_and_a_shelter_cannot_be_public(editor):
    org = editor.load("organization", "test.housing")
    org.update(address="高岡市広小路7-50", address_confidentiality="")
    with pytest.raises(ValidationError, match="公開範囲を選んでください"):
        editor.save("organization", org)
    shelter = editor.load("service", "test.svc.shelter")
    shelter["location_confidentiality"] = "public"
    with pytest.raises(ValidationError, match="シェルターの所在地は「公開」にできません"):
        editor.save("service", shelter)


def test_new_records_get_a_key_and_a_creation_entry(mini_db, editor):
    result = editor.save(
        "organization",
        {
            "municipality": "162027",
            "name": "こども家庭センター",
            "kind": "city_center",
            "contacts": [{"label": "代表", "phone": "0766-20-1111", "confidentiality": "public"}],
            "source": "テスト",
        },
        is_new=True,
    )
    assert result.key.startswith("162027.organization.")
    [created] = editor.history("organization", result.key)
    assert created.action == "create" and created.old is None and created.new["name"] == "こども家庭センター"
    with mini_db.read() as session:
        assert "こども家庭センター" in [o.name for o in organizations(session, "162027")]


def test_undo_of_one_change_and_of_a_whole_edit(editor):
    snap = editor.load("organization", "test.center")
    snap["contacts"][0]["phone"] = "0766-00-0000"
    editor.save("organization", snap)
    snap["name"] = "新しい名前"
    snap["contacts"][0]["hours"] = "月〜金 8:30〜17:15"
    snap["contacts"].append(
        {
            "label": "夜間",
            "phone": "0120-000-000",
            "extension": "",
            "window": "",
            "hours": "",
            "email": "",
            "note": "",
            "confidentiality": "staff",
        }
    )
    edit = editor.save("organization", snap)
    assert len(edit.changes) == 3
    hours_change = next(c for c in editor.history("organization", "test.center") if c.path == "contacts.0.hours")
    editor.undo_change(hours_change.id)
    now = editor.load("organization", "test.center")
    assert now["name"] == "新しい名前" and now["contacts"][0]["hours"] == "月〜金 9:00〜17:00"
    assert len(now["contacts"]) == 2
    editor.undo_edit(edit.edit_id)
    now = editor.load("organization", "test.center")
    assert now["name"] == "テスト相談センター" and len(now["contacts"]) == 1
    history = editor.history("organization", "test.center")
    assert [c.action for c in history].count("undo") == 3  # the hours, then the name and the contact
    assert all(c.undone_by for c in history if c.edit_id == edit.edit_id)
    with pytest.raises(EditError, match="すでに取り消されています"):
        editor.undo_edit(edit.edit_id)


def test_retired_records_are_hidden_kept_and_restorable(mini_db, editor):
    editor.retire("service", "test.svc.housing")
    assert "市営住宅の入居配慮" not in search_names(mini_db, "住宅")
    with mini_db.read() as session:
        assert session.scalar(select(Service).where(Service.key == "test.svc.housing")).retired
    [change] = editor.history("service", "test.svc.housing")
    assert change.action == "retire"
    editor.restore("service", "test.svc.housing")
    assert "市営住宅の入居配慮" in search_names(mini_db, "住宅")


def test_undoing_a_creation_retires_the_record(editor):
    created = editor.save("service", {"municipality": "162027", "name": "試しのサービス", "source": "t"}, is_new=True)
    editor.undo_edit(created.edit_id)
    assert editor.load("service", created.key)["retired"] is True


def test_mark_verified_and_the_report(mini_db, editor):
    with mini_db.read() as session:
        rows = report(session)
    assert ("service", "test.svc.law", NEVER) in {(r.kind, r.key, r.problem) for r in rows}
    assert ("service", "test.svc.housing", NO_PHONE) in {(r.kind, r.key, r.problem) for r in rows}
    assert ("organization", "test.housing", NO_PHONE) in {(r.kind, r.key, r.problem) for r in rows}
    assert ("service", "test.svc.consult", NO_PHONE) not in {(r.kind, r.key, r.problem) for r in rows}
    editor.mark_verified("service", "test.svc.law", today=dt.date(2025, 1, 10))
    snap = editor.load("service", "test.svc.law")
    assert (snap["verified_on"], snap["verified_by"]) == ("2025-01-10", "管理 花子")
    with mini_db.read() as session:
        stale = {(r.key, r.problem) for r in report(session, today=dt.date(2026, 3, 1))}
        fresh = {(r.key, r.problem) for r in report(session, today=dt.date(2025, 6, 1))}
    assert ("test.svc.law", STALE) in stale
    assert not any(k == "test.svc.law" for k, _ in fresh)


def test_an_administrator_name_is_required(mini_db):
    with pytest.raises(EditError):
        Editor(mini_db, "  ")


def _tree_keys(nodes):
    return [k for n in nodes for k in (n.key, *_tree_keys(n.children))]


def test_a_retired_need_leaves_the_desk_and_undo_brings_it_back(mini_db, editor):
    from dvdesk.domain.directory import need_tree
    from dvdesk.domain.referral_choices import need_choices

    edit = editor.retire("need", "safety.shelter")
    with mini_db.read() as session:
        assert "safety.shelter" not in _tree_keys(need_tree(session))
        assert "safety" in _tree_keys(need_tree(session))  # its category stays
        assert "safety.shelter" not in [key for key, _, _ in need_choices(session)]
        with pytest.raises(KeyError):  # like a key that never existed
            Searcher(session).search(SearchQuery("", need_key="safety.shelter"))
    [change] = editor.history("need", "safety.shelter")
    assert (change.action, change.path, change.new) == ("retire", "retired", True)
    assert editor.load("need", "safety.shelter")["label_ja"]  # kept, only hidden

    editor.undo_edit(edit.edit_id)
    with mini_db.read() as session:
        assert "safety.shelter" in _tree_keys(need_tree(session))
        Searcher(session).search(SearchQuery("", need_key="safety.shelter"))
    editor.retire("need", "housing")
    editor.restore("need", "housing")
    assert editor.load("need", "housing")["retired"] is False


def test_undoing_an_older_change_never_overwrites_a_newer_one_of_the_same_field(mini_db, editor):
    """Undo puts back the value from before the change; if the field was changed again since (by her,
    another administrator, a package), that newer value would be lost without a word: refused, naming it."""
    law = editor.load("service", "test.svc.law")
    first = editor.save("service", {**law, "schedule": "毎月第1金曜日"})
    other = Editor(mini_db, "別の管理者")
    other.save("service", {**other.load("service", "test.svc.law"), "schedule": "毎週月曜日"})
    [change] = [c for c in editor.history("service", "test.svc.law") if c.edit_id == first.edit_id]
    with pytest.raises(EditError, match="その後に変更されています"):
        editor.undo_change(change.id)
    with pytest.raises(EditError, match="その後に変更されています"):
        editor.undo_edit(first.edit_id)
    assert editor.load("service", "test.svc.law")["schedule"] == "毎週月曜日"
    newest = next(c for c in editor.history("service", "test.svc.law") if c.admin == "別の管理者")
    editor.undo_change(newest.id)  # the newest change undoes as before
    assert editor.load("service", "test.svc.law")["schedule"] == "毎月第1金曜日"
    editor.undo_edit(first.edit_id)  # and then the older one, in order
    assert editor.load("service", "test.svc.law")["schedule"] == "毎月第4金曜日"
