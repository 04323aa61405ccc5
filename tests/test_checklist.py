"""Which procedures the checklist proposes, in what order, and how the counselor edits it."""

import pytest

from dvdesk.domain import checklist as cl


def propose(db, muni, needs=(), circumstances=()):
    with db.read() as s:
        return cl.propose(s, muni, needs, circumstances)


def keys(checklist):
    return [i.key for i in checklist.items]


# --- the fictional test directory ---------------------------------------------------------

SAFETY_CORE = ["test.proc.ichiji", "test.proc.hogomeirei"]  # the fixture's phase-1 procedures


def test_nothing_chosen_keeps_the_safety_core_and_the_always_procedures(checklist_db):
    assert keys(propose(checklist_db, "高岡市")) == [*SAFETY_CORE, "test.proc.certificate"]


def test_moving_out_with_school_children(checklist_db):
    c = propose(checklist_db, "162027", circumstances=["school", "moving_out"])
    assert keys(c) == [
        *SAFETY_CORE,
        "test.proc.certificate",
        "test.proc.shienshochi",
        "test.proc.tenkyo",
        "test.proc.yubin",
        "test.proc.jidoteate",
        "test.proc.shugaku",
    ]
    # grouped by department, departments in the order of their first item
    assert [s.department.name for s in c.sections] == [
        "女性相談支援センター",
        "地方裁判所",
        "テスト相談センター",
        "市民課",
        "郵便局",
        "子ども課",
    ]
    assert c.sections[4].department.key == "hint:郵便局"


def test_a_need_other_than_safety_leaves_the_safety_core_to_the_counselor(checklist_db):
    assert not set(SAFETY_CORE) & set(keys(propose(checklist_db, "高岡市", ["children"], ["moving_out"])))


def test_support_measure_comes_before_any_change_of_address(checklist_db):
    c = propose(checklist_db, "高岡市", ["info_protection"], ["moving_within"])
    order = keys(c)
    assert order.index("test.proc.shienshochi") < order.index("test.proc.tenkyo")


def test_safety_comes_first(checklist_db):
    c = propose(checklist_db, "高岡市", ["protection_order", "safety"], ["children"])
    assert keys(c)[:2] == ["test.proc.ichiji", "test.proc.hogomeirei"]


def test_a_parent_need_brings_in_its_sub_needs(checklist_db):
    c = propose(checklist_db, "高岡市", ["children"])
    assert set(keys(c)) >= {"test.proc.jidoteate", "test.proc.shugaku", "test.proc.kosodate"}


def test_a_sub_need_brings_in_its_category_but_not_its_siblings(checklist_db):
    c = propose(checklist_db, "高岡市", ["children.school"])
    assert "test.proc.shugaku" in keys(c) and "test.proc.kosodate" in keys(c)
    assert "test.proc.jidoteate" not in keys(c)


def test_school_children_count_as_children(checklist_db):
    assert "test.proc.jidoteate" in keys(propose(checklist_db, "高岡市", circumstances=["school"]))


def test_other_municipalities_procedures_stay_out(checklist_db):
    takaoka = propose(checklist_db, "高岡市", ["info_protection"], ["moving_within", "preschool"])
    kunitachi = propose(checklist_db, "国立市", ["info_protection"], ["moving_within", "preschool"])
    assert all(k.startswith("test.") for k in keys(takaoka))
    assert keys(kunitachi) == ["other.proc.shienshochi", "other.proc.tennyu", "other.proc.hoiku"]


def test_unknown_keys_are_refused_in_japanese(checklist_db):
    with pytest.raises(cl.UnknownKey, match="ニーズ分類が見つかりません: nope"):
        propose(checklist_db, "高岡市", ["nope"])
    with pytest.raises(cl.UnknownKey, match="状況のキーが見つかりません: pets"):
        propose(checklist_db, "高岡市", circumstances=["pets"])


def test_items_carry_the_department_contacts_and_what_to_bring(checklist_db):
    c = propose(checklist_db, "高岡市", ["info_protection"])
    item = next(i for i in c.items if i.key == "test.proc.shienshochi")
    assert item.what_to_bring == ("支援措置申出書", "本人確認書類")
    assert item.caution == "転居届より先に申し出る。"
    contact = item.department.organization.contacts[0]
    assert (contact.window, contact.phone, contact.hours) == ("1階 2番窓口", "0766-11-1111", "平日 8:30〜17:15")


# --- editing ------------------------------------------------------------------------------


def test_remove_add_reorder_and_note(checklist_db):
    c = propose(checklist_db, "高岡市", ["info_protection"], ["moving_out"])
    c2 = c.remove(1, 0)  # 市民課: shienshochi
    assert "test.proc.shienshochi" not in keys(c2) and "test.proc.shienshochi" in keys(c)
    c3 = c2.remove(2, 0)  # 郵便局 is left empty: the section goes
    assert [s.department.name for s in c3.sections] == ["テスト相談センター", "市民課"]

    c4 = c.move_item(1, 1, -1)
    assert keys(c4)[1:3] == ["test.proc.tenkyo", "test.proc.shienshochi"]
    assert c.move_item(1, 0, -1) is c  # already first
    assert [s.department.name for s in c.move_section(2, -2).sections][0] == "郵便局"

    free = cl.free_item("  印鑑を  持っていく ", "市民課")
    assert free.name == "印鑑を 持っていく"
    c5 = c.add(free)
    assert c5.sections[1].department.key == "test.shimin" and c5.sections[1].items[-1] == free
    elsewhere = c.add(cl.free_item("ハローワークで相談", "ハローワーク"))
    assert elsewhere.sections[-1].department.key == "hint:ハローワーク"
    assert c5.add(free) is c5  # a duplicate is ignored
    with pytest.raises(ValueError):
        cl.free_item("   ")

    assert c.with_note(" 木曜は夜8時まで ").client_note == "木曜は夜8時まで"


def test_adding_from_the_directory_joins_the_departments_section(checklist_db):
    c = propose(checklist_db, "高岡市", circumstances=["moving_within"])
    with checklist_db.read() as s:
        entries = cl.procedure_entries(s, "162027")
        services = cl.service_entries(s, "162027")
        law = cl.service_item(s, "test.svc.law")
    jido = next(i for i in entries if i.key == "test.proc.jidoteate")
    assert jido not in c.items
    assert c.add(jido).sections[-1].department.name == "子ども課"
    assert ("test.svc.meeting", "庁内連絡会議") not in services  # internal: never offered
    with_law = c.add(law)
    centre = next(s for s in with_law.sections if s.department.key == "test.center")
    assert [i.key for i in centre.items] == ["test.proc.certificate", "test.svc.law"]


# --- the real bundled data -----------------------------------------------------------------


def test_takaoka_family_moving_out(bundled_db):
    c = propose(
        bundled_db,
        "高岡市",
        ["children.school", "children.allowance", "info_protection"],
        ["school", "moving_out", "health_insurance"],
    )
    k = keys(c)
    for expected in (
        "takaoka.proc.shienshochi",
        "takaoka.proc.tenshutsu",
        "takaoka.proc.tennyu-saki",
        "takaoka.proc.kokuho",
        "takaoka.proc.jido-teate",
        "takaoka.proc.shugaku",
        "takaoka.proc.shomeisho",
    ):
        assert expected in k
    assert k.index("takaoka.proc.shienshochi") < k.index("takaoka.proc.tenshutsu")
    assert k.index("takaoka.proc.shienshochi") < k.index("takaoka.proc.yubin")
    assert "takaoka.proc.tennyu" not in k  # she moves out: 転入届 is at the new town (tennyu-saki)
    assert "takaoka.proc.hoikusho" not in k  # no pre-school child


def test_takaoka_emergency_puts_safety_first(bundled_db):
    c = propose(bundled_db, "高岡市", ["safety", "protection_order"], [])
    assert [i.phase for i in c.items][:3] == [1, 1, 1]
    assert keys(c)[0] == "takaoka.proc.keisatsu"


def test_takaoka_public_assistance_and_housing(bundled_db):
    c = propose(bundled_db, "高岡市", ["housing", "money"], ["public_assistance"])
    names = [s.department.name for s in c.sections]
    assert "社会福祉課" in names and "建築政策課" in names
    assert names.index("社会福祉課") < names.index("建築政策課")  # phase 5 before 7


def test_every_takaoka_procedure_is_reachable(bundled_db):
    """Each procedure is proposed for some need or circumstance (none is dead data)."""
    with bundled_db.read() as s:
        every = {i.key for i in cl.procedure_entries(s, "高岡市")}
    from dvdesk.domain.models import CIRCUMSTANCES

    with bundled_db.read() as s:
        from dvdesk.domain.directory import need_tree

        need_keys = [n.key for n in need_tree(s)]
    c = propose(bundled_db, "高岡市", need_keys, list(CIRCUMSTANCES))
    assert set(keys(c)) == every


def test_takaoka_choosing_children_covers_day_care_too(bundled_db):
    assert "takaoka.proc.hoikusho" in keys(propose(bundled_db, "高岡市", ["children"]))


def test_kunitachi_mother_with_a_toddler_moving_within_the_city(bundled_db):
    c = propose(bundled_db, "国立市", ["info_protection"], ["preschool", "moving_within"])
    k = keys(c)
    assert all(x.startswith("kunitachi.") for x in k)
    for expected in (
        "kunitachi.proc.shomeisho",
        "kunitachi.proc.shienshochi",
        "kunitachi.proc.tenkyo",
        "kunitachi.proc.hoikusho",
        "kunitachi.proc.jido-teate",
    ):
        assert expected in k
    assert k.index("kunitachi.proc.shienshochi") < k.index("kunitachi.proc.tenkyo")
    assert "kunitachi.proc.shugaku" not in k
    assert "kunitachi.proc.tennyu" not in k  # she moves within the city: 転居届, not 転入届
    # 住民票 and 転居 are at the same 市民課: one section, 支援措置 first
    shimin = next(s for s in c.sections if s.department.key == "kunitachi.shiminka")
    names = [i.key for i in shimin.items]
    assert names.index("kunitachi.proc.shienshochi") < names.index("kunitachi.proc.tenkyo")


def test_kunitachi_emergency_with_a_protection_order(bundled_db):
    c = propose(bundled_db, "国立市", ["safety", "protection_order"])
    assert keys(c)[:2] == ["kunitachi.proc.keisatsu", "kunitachi.proc.ichiji-hogo"]
    assert "kunitachi.proc.hogo-meirei" in keys(c)
    court = next(s for s in c.sections if s.department.key == "national.court")
    assert [i.key for i in court.items] == ["kunitachi.proc.hogo-meirei"]


def test_kunitachi_money_and_insurance_without_moving(bundled_db):
    c = propose(bundled_db, "国立市", ["money", "insurance_pension"], ["public_assistance"])
    k = keys(c)
    assert "kunitachi.proc.seikatsu-hogo" in k and "kunitachi.proc.kokuho" in k
    assert "kunitachi.proc.tennyu" not in k
    phases = [i.phase for i in c.items]
    assert phases == sorted(phases)  # one department each: the departments follow the phases


def test_every_kunitachi_procedure_is_reachable(bundled_db):
    from dvdesk.domain.directory import need_tree
    from dvdesk.domain.models import CIRCUMSTANCES

    with bundled_db.read() as s:
        every = {i.key for i in cl.procedure_entries(s, "国立市")}
        need_keys = [n.key for n in need_tree(s)]
    assert set(keys(propose(bundled_db, "国立市", need_keys, list(CIRCUMSTANCES)))) == every
