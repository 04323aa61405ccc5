"""The load test's own check can fail: a lost, an extra or a doubly moved referral is reported."""

import datetime as dt

from benchmarks import load_desks
from sqlalchemy import select

from dvdesk.app import referral_queue as rq
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import ReferralStatus
from dvdesk.domain.models import Organization


def _setup(db):
    with db.read() as s:
        org = s.scalar(select(Organization.id).where(Organization.key == "test.housing"))
    views = []
    for case in ("R7-0101", "R7-0102"):
        with db.write() as s:
            views.append(
                referrals.record_referral(
                    s, case_ref=case, counselor="相談員A", organization_ids=[org], today=dt.date(2025, 6, 30)
                )
            )
    with db.write() as s:
        rq.move(s, views[0].id, ReferralStatus.RECEIVED, desk=rq.find_desk(s, "test.housing"))
    return views


def test_a_true_account_passes_and_every_kind_of_loss_is_caught(mini_db):
    a, b = _setup(mini_db)
    url = str(mini_db.path)
    honest = [
        {"recorded": [(a.id, a.case_ref)], "moves": [(a.id, "received")]},
        {"recorded": [(b.id, b.case_ref)], "moves": []},
    ]
    assert load_desks.verify(url, honest)["problems"] == []
    lost = honest + [{"recorded": [(999, "R7-0999")], "moves": []}]
    assert any(p.startswith("lost") for p in load_desks.verify(url, lost)["problems"])
    unaccounted = honest[:1]
    assert any(p.startswith("not recorded") for p in load_desks.verify(url, unaccounted)["problems"])
    double = [{"recorded": honest[0]["recorded"], "moves": [(a.id, "received"), (a.id, "contacted")]}, honest[1]]
    assert any("events" in p for p in load_desks.verify(url, double)["problems"])


def test_a_referral_written_twice_is_reported_as_duplicated(mini_db):
    a, b = _setup(mini_db)
    with mini_db.read() as s:
        org = s.scalar(select(Organization.id).where(Organization.key == "test.housing"))
    with mini_db.write() as s:  # the same desk's write landing twice
        again = referrals.record_referral(
            s, case_ref=a.case_ref, counselor="相談員A", organization_ids=[org], today=dt.date(2025, 6, 30)
        )
    account = [{"recorded": [(a.id, a.case_ref), (b.id, b.case_ref)], "moves": [(a.id, "received")]}]
    problems = load_desks.verify(str(mini_db.path), account)["problems"]
    assert f"duplicated case: {a.case_ref}" in problems and f"not recorded by any desk: {again.id}" in problems
    assert not any("R7-0102" in p for p in problems)
