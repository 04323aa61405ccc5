"""The national safety lines are on every safety paper, whatever the city and whichever safety need.

h13 tryout: a brand-new city (射水市, made with the administrator's 初期設定, none of its own
records yet) with 一時保護・シェルター as the only need printed #8778 alone — no 110, no DV相談＋,
no #8008 — because a need's places were only the services filed under it or its sub-needs, and
the national lines are filed under 安全確保 (the category). A client who keeps that paper for the
night must find the emergency and 24-hour lines on it.
"""

import json

import pytest

from dvdesk.admin import first_run as fr
from dvdesk.admin.editing import Editor
from dvdesk.cli import main
from dvdesk.domain import checklist as cl

SAFETY_NEEDS = ["safety", "safety.shelter", "safety.accompany"]


def national_safety_lines(db):
    """The national client lines the bundled directory files under 安全確保 (DOMAIN.md's list), but
    the child's (189, filed under 子ども・子育て too: on a paper that names a child only, h14 —
    tests/test_checklist_child_lines.py)."""
    with db.read() as s:
        from sqlalchemy import select

        from dvdesk.domain.models import Need, Service

        rows = s.scalars(
            select(Service.key).where(
                Service.municipality_id.is_(None),
                Service.kind == "client",
                Service.retired.is_(False),
                Service.needs.any(Need.key == "safety"),
                ~Service.needs.any(Need.key.startswith("children")),
            )
        )
        return set(rows)


def places(db, muni, needs):
    with db.read() as s:
        c = cl.propose(s, muni, needs)
    return [i.key for g in c.contacts for i in g.services]


@pytest.fixture
def imizu(bundled_db):
    assert fr.choose_municipality(Editor(bundled_db, "管理 花子"), "162116") == "162116"
    return bundled_db


def test_the_bundled_directory_holds_the_lines_this_test_is_about(bundled_db):
    lines = national_safety_lines(bundled_db)
    assert {"national.svc.police-110", "national.svc.dv-plus", "national.svc.dv-navi"} <= lines


@pytest.mark.parametrize("need", SAFETY_NEEDS)
@pytest.mark.parametrize("muni", ["射水市", "高岡市", "国立市"])
def test_every_safety_need_brings_every_national_safety_line(imizu, muni, need):
    got = places(imizu, muni, [need])
    missing = national_safety_lines(imizu) - set(got)
    assert not missing, (muni, need, missing)
    assert len(got) == len(set(got))  # each place once


def test_a_shelter_need_keeps_its_own_lines_and_adds_the_national_ones_once(imizu):
    got = places(imizu, "高岡市", ["safety", "safety.shelter"])
    assert len(got) == len(set(got))
    assert "national.svc.josei-sodan" in got
    assert not national_safety_lines(imizu) - set(got)


def test_a_need_outside_safety_brings_no_safety_line(imizu):
    assert "national.svc.police-110" not in places(imizu, "射水市", ["money"])


def test_the_new_citys_shelter_paper_prints_110_and_dv_plus(imizu, capsys, monkeypatch):
    monkeypatch.setenv("DVDESK_DB", str(imizu.path))
    assert main(["checklist", "-m", "射水市", "-n", "safety.shelter", "--json"]) == 0
    paper = json.loads(capsys.readouterr().out)
    phones = {s["phone"] for g in paper["contacts"] for s in g["services"]}
    assert {"110", "0120-279-889", "#8008", "#8778"} <= phones, phones


@pytest.mark.parametrize("need", ["protection_order", "stalking"])
@pytest.mark.parametrize("muni", ["射水市", "高岡市", "国立市"])
def test_a_protection_order_or_stalking_paper_carries_the_national_safety_lines(imizu, muni, need):
    """A protection-order application is sent to the abuser (DOMAIN.md), and a stalked client is in
    danger tonight: her paper carries 110 and the 24-hour lines, as a safety paper does."""
    got = places(imizu, muni, [need])
    assert national_safety_lines(imizu) <= set(got)
    assert len(got) == len(set(got))  # each place once
