"""Proposals that fail safe (issue 11, item 6), on the shipped data of both municipalities."""

import pytest

from dvdesk.domain import checklist as cl
from dvdesk.domain.models import CIRCUMSTANCES

CITIES = {"高岡市": "takaoka", "国立市": "kunitachi"}
SAFETY_NEEDS = ["safety", "safety.shelter", "safety.accompany"]


def propose(db, muni, needs=(), circumstances=()):
    with db.read() as s:
        return cl.propose(s, muni, needs, circumstances)


def keys(c):
    return [i.key for i in c.items]


def core(prefix):
    return [f"{prefix}.proc.keisatsu", f"{prefix}.proc.ichiji-hogo", f"{prefix}.proc.hogo-meirei"]


@pytest.mark.parametrize("muni", CITIES)
@pytest.mark.parametrize(
    "needs",
    [[n] for n in SAFETY_NEEDS]
    + [["housing"]]
    + [["safety", "housing", "children"], ["housing", "money"], ["safety.shelter", "children.school"]],
)
def test_safety_or_housing_always_brings_the_address_protection_in_its_safe_place(bundled_db_ro, muni, needs):
    p = CITIES[muni]
    c = propose(bundled_db_ro, muni, needs)  # no "moving" circumstance chosen
    k = keys(c)
    assert f"{p}.proc.shienshochi" in k, needs
    item = next(i for i in c.items if i.key == f"{p}.proc.shienshochi")
    assert item.phase == 2  # 情報保護: after the safety core, before any change of address
    address_changes = [i for i in c.items if i.phase == 3]
    assert all(
        k.index(f"{p}.proc.shienshochi") < k.index(i.key)
        for i in address_changes
        if i.department.key == item.department.key
    )


@pytest.mark.parametrize("muni", CITIES)
@pytest.mark.parametrize(
    "circumstances", [[c] for c in CIRCUMSTANCES] + [["children", "school", "moving_out"], list(CIRCUMSTANCES)]
)
def test_circumstances_alone_keep_the_safety_core(bundled_db_ro, muni, circumstances):
    c = propose(bundled_db_ro, muni, (), circumstances)
    assert set(core(CITIES[muni])) <= set(keys(c)), circumstances


@pytest.mark.parametrize("muni", CITIES)
@pytest.mark.parametrize("needs", [["safety"], ["safety.shelter"], ["safety", "children", "housing"]])
def test_safety_with_circumstances_keeps_the_safety_core_first(bundled_db_ro, muni, needs):
    c = propose(bundled_db_ro, muni, needs, ["children", "moving_out", "health_insurance"])
    k = keys(c)
    assert set(core(CITIES[muni])) <= set(k)
    assert k[0] == f"{CITIES[muni]}.proc.keisatsu"


@pytest.mark.parametrize("muni", CITIES)
def test_moving_out_brings_the_moving_out_notice_and_protection_at_both_ends(bundled_db_ro, muni):
    p = CITIES[muni]
    c = propose(bundled_db_ro, muni, ["safety", "housing", "children"], ["children", "school", "moving_out"])
    k = keys(c)
    by_key = {i.key: i for i in c.items}
    tenshutsu = by_key[f"{p}.proc.tenshutsu"]
    assert tenshutsu.name == "転出届" and "郵送" in tenshutsu.description
    here, there = by_key[f"{p}.proc.shienshochi"], by_key[f"{p}.proc.shienshochi-saki"]
    assert here.department.key.endswith("shiminka") and "転出先" in there.department.name
    assert k.index(here.key) < k.index(tenshutsu.key)
    assert k.index(there.key) < k.index(f"{p}.proc.tennyu-saki")
    assert f"{p}.proc.tennyu" not in k and f"{p}.proc.tenkyo" not in k  # not 転入届・転居届 here


@pytest.mark.parametrize("muni", CITIES)
def test_moving_in_and_within_bring_their_own_notices(bundled_db_ro, muni):
    p = CITIES[muni]
    assert f"{p}.proc.tennyu" in keys(propose(bundled_db_ro, muni, (), ["moving_in"]))
    within = keys(propose(bundled_db_ro, muni, (), ["moving_within"]))
    assert f"{p}.proc.tenkyo" in within and f"{p}.proc.tenshutsu" not in within


# --- the places she can contact -------------------------------------------------------------


@pytest.mark.parametrize("muni", CITIES)
def test_each_chosen_need_brings_the_places_she_can_contact(bundled_db_ro, muni):
    needs = ["safety", "legal", "children"]
    c = propose(bundled_db_ro, muni, needs)
    assert [g.need_key for g in c.contacts] == needs
    listed = [i.key for g in c.contacts for i in g.services]
    assert len(listed) == len(set(listed))  # each place once
    for g in c.contacts:
        assert g.need_label and g.services
        for item in g.services:
            assert item.kind is cl.ItemKind.SERVICE and item.department.name
    legal = next(g for g in c.contacts if g.need_key == "legal")
    assert "national.svc.houterasu-dv" in [i.key for i in legal.services]
    with bundled_db_ro.read() as s:
        from sqlalchemy import select

        from dvdesk.domain.models import Service

        internal = set(s.scalars(select(Service.key).where(Service.kind != "client")))
    assert not internal & set(listed)


def test_a_sub_need_brings_its_own_places_only(checklist_db):
    c = propose(checklist_db, "高岡市", ["safety.shelter"])
    assert [[i.key for i in g.services] for g in c.contacts] == [["test.svc.shelter"]]
    assert propose(checklist_db, "高岡市", ["safety"]).contacts[0].services[0].key == "test.svc.shelter"


def test_places_on_a_client_copy_keep_no_secret_location_or_staff_note(checklist_db):
    from dvdesk.domain.disclosure import Audience, checklist_for

    c = propose(checklist_db, "高岡市", ["safety.shelter", "legal"])
    shelter = c.contacts[0].services[0]
    assert shelter.location and shelter.staff_note  # planted in the fixture
    client = checklist_for(c, Audience.CLIENT).checklist.contacts[0].services[0]
    assert client.location == "" and client.staff_note == "" and client.name == "緊急一時保護"
    staff = checklist_for(c, Audience.STAFF).checklist.contacts[0].services[0]
    assert staff.staff_note and staff.location == ""  # secret: never on paper


def test_a_discreet_copy_lists_each_place_once(bundled_db_ro):
    from dvdesk.domain.disclosure import Audience, checklist_for

    c = propose(bundled_db_ro, "高岡市", ["safety", "housing", "children", "consultation"])
    shown = [
        (i.name, i.department.key)
        for g in checklist_for(c, Audience.CLIENT, discreet=True).checklist.contacts
        for i in g.services
    ]
    assert len(shown) == len(set(shown)) and ("高岡市の相談室のご案内", "takaoka.danjo-center") in shown
