"""The shipped directory: every initiative of both plans is there with its departments, every
record has a source, nothing is invented, and counselor searches find the right services."""

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dvdesk.domain.models import Initiative, Municipality, Organization, Plan, Procedure, Service, ServiceKind
from dvdesk.domain.search import Searcher, SearchQuery

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
KUNITACHI_SEED = SEEDS / "000_369a669fd17affb3.txt"
TAKAOKA, KUNITACHI = "162027", "132152"


def kunitachi_seed_initiatives():
    if not KUNITACHI_SEED.exists():
        pytest.skip("shared/seeds is not beside the repository")
    text = KUNITACHI_SEED.read_text(encoding="utf-8")
    found = re.findall(r"主な取組([⑬-㉙])\s*(\S+)\s*［([^］]+)］", text)
    return {num: (title, depts.split("、")) for num, title, depts in found}


def initiatives(db, plan_key):
    with db.read() as s:
        plan = s.scalar(select(Plan).where(Plan.key == plan_key))
        return {i.number: (i.title, sorted(d.name for d in i.departments), len(i.services)) for i in plan.initiatives}


def test_every_kunitachi_initiative_has_the_seed_departments(bundled_db_ro):
    seed = kunitachi_seed_initiatives()
    assert len(seed) == 17
    loaded = initiatives(bundled_db_ro, "kunitachi.gender-plan6")
    assert set(loaded) == set(seed)
    for number, (title, depts) in seed.items():
        assert loaded[number][0] == title
        assert sorted(depts) == loaded[number][1], number
        assert loaded[number][2] >= 1, f"主な取組{number} has no service"


def test_every_takaoka_initiative_is_present_with_departments_and_services(bundled_db_ro):
    loaded = initiatives(bundled_db_ro, "takaoka.dv-plan")
    assert sorted(loaded, key=int) == [str(n) for n in range(1, 17)]
    for number, (_, depts, services) in loaded.items():
        assert depts and services, number
    # 取り組み4(2): the twelve departments that take DV consultations
    assert {
        "納税課",
        "共創まちづくり課",
        "多文化共生室",
        "市民課",
        "社会福祉課",
        "子ども・子育て課",
        "高齢介護課",
        "保険年金課",
        "健康増進課",
        "建築政策課",
        "市民病院",
        "学校教育課",
    } <= set(loaded["4"][1])
    assert "建築政策課" in loaded["11"][1]
    assert {"市民課", "納税課"} <= set(loaded["9"][1])


def test_municipalities_carry_their_local_government_codes(bundled_db_ro):
    with bundled_db_ro.read() as s:
        assert {m.code: m.name for m in s.scalars(select(Municipality))} == {TAKAOKA: "高岡市", KUNITACHI: "国立市"}


def test_every_record_has_a_source(bundled_db_ro):
    with bundled_db_ro.read() as s:
        for model in (Municipality, Plan, Initiative, Organization, Service, Procedure):
            assert s.scalar(select(func.count()).select_from(model).where(model.source == "")) == 0, model


# The national lines of shared/DOMAIN.md (its table is the source of these numbers) and 110.
NATIONAL_LINES = {
    "#8008",
    "0120-279-889",
    "#8891",
    "#8778",
    "#9110",
    "189",
    "0120-279-338",
    "0570-070-810",
    "0570-078374",
    "0570-079714",
}
DOMAIN = SEEDS.parent / "DOMAIN.md"


def test_the_allowed_numbers_are_the_ones_domain_md_lists():
    if not DOMAIN.exists():
        pytest.skip("shared/DOMAIN.md is not beside the repository")
    text = DOMAIN.read_text(encoding="utf-8")
    for number in NATIONAL_LINES:
        assert number in text, f"{number} is not in DOMAIN.md: no source for it"


def test_no_invented_phone_numbers(bundled_db_ro):
    """Only the national lines in shared/DOMAIN.md (and 110) carry numbers; the plans give none."""
    from dvdesk.domain.models import ContactPoint

    with bundled_db_ro.read() as s:
        phones = set(s.scalars(select(Service.phone).where(Service.phone != "")))
        phones |= set(s.scalars(select(ContactPoint.phone).where(ContactPoint.phone != "")))
        assert phones <= NATIONAL_LINES | {"110"}
        assert s.scalar(select(func.count()).select_from(Organization).where(Organization.address != "")) == 0


def test_shelter_locations_are_never_public(bundled_db_ro):
    with bundled_db_ro.read() as s:
        for svc in s.scalars(select(Service).where(Service.location != "")):
            assert svc.location_confidentiality == "secret", svc.key


def test_known_facts_from_the_seeds(bundled_db_ro):
    with bundled_db_ro.read() as s:
        center = s.scalar(select(Organization).where(Organization.name == "男女平等推進センター"))
        hours = " ".join(c.hours for c in center.contacts)
        assert "9:30" in hours and "14:00" in hours and "20:00" in hours
        names = set(s.scalars(select(Service.name)))
    assert any("第4金曜" in n or "女性弁護士" in n for n in names)
    assert any("女性DVホットライン" in n for n in names)
    assert any("夜間・休日女性相談" in n for n in names)
    assert any("パーソナルサポート" in n for n in names)


def search(db, text, code=None, need=None):
    with db.read() as s:
        return [h.name for h in Searcher(s).search(SearchQuery(text, code, need, frozenset({ServiceKind.CLIENT}), 20))]


@pytest.mark.parametrize(
    ("query", "code", "expected_fragment"),
    [
        ("住宅", TAKAOKA, "市営住宅"),
        ("法律", TAKAOKA, "法律相談"),
        ("弁護士", TAKAOKA, "弁護士"),
        ("保護", TAKAOKA, "保護"),
        ("夜間", KUNITACHI, "夜間・休日女性相談"),
        ("夜", KUNITACHI, "夜間"),
        ("しぇるたー", TAKAOKA, "一時保護"),
        ("シェルター", KUNITACHI, "短期宿泊支援"),
        ("ＤＶ", None, "DV相談"),
        ("dv", None, "DV相談"),
        ("お金", TAKAOKA, "生活資金"),
        ("子供", KUNITACHI, "子ども"),
        ("しょうがい", KUNITACHI, ""),
        ("ひとり親", KUNITACHI, "ひとり親"),
        ("性暴力", None, "ワンストップ"),
        ("ストーカー", KUNITACHI, ""),
        ("婦人相談所", TAKAOKA, "女性相談"),  # the pre-2024 name still finds the renamed centre
        ("通訳", KUNITACHI, "通訳"),
        ("住民票", TAKAOKA, ""),
    ],
)
def test_counselor_queries_on_the_real_directory(bundled_db_ro, query, code, expected_fragment):
    found = search(bundled_db_ro, query, code)
    assert found, f"{query} found nothing"
    assert any(expected_fragment in n for n in found[:5]), (query, found[:5])


def test_need_and_municipality_filters_combine(bundled_db_ro):
    takaoka_housing = search(bundled_db_ro, "", TAKAOKA, "housing")
    assert any("市営住宅" in n for n in takaoka_housing)
    kunitachi_housing = search(bundled_db_ro, "", KUNITACHI, "housing")
    assert not any("市営住宅の入居配慮" in n for n in kunitachi_housing)


@pytest.mark.parametrize(
    ("query", "expected"), [("8008", "DV相談ナビ"), ("189", "児童相談所"), ("#8891", "ワンストップ")]
)
def test_a_national_line_is_found_by_its_number(bundled_db_ro, query, expected):
    assert any(expected in n for n in search(bundled_db_ro, query)[:3])
