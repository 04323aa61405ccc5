"""A known set of counts and referrals, with totals computed by hand in test_statistics.py."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dvdesk.domain import referrals, statistics
from dvdesk.domain.casework_models import Channel
from dvdesk.domain.models import Organization, Service

TODAY = dt.date(2026, 5, 15)
P, F, A, M = Channel.PHONE, Channel.IN_PERSON, Channel.ACCOMPANY, Channel.EMAIL


def enter_known_counts(db) -> None:
    with db.read() as s:
        center = s.scalar(select(Organization.id).where(Organization.key == "test.center"))
        housing = s.scalar(select(Organization.id).where(Organization.key == "test.housing"))
    slices = [
        (
            dt.date(2025, 4, 1),
            center,
            True,
            {("consultation", P): 10, ("consultation", F): 5, ("safety.shelter", A): 2, ("legal", M): 1},
        ),
        (dt.date(2025, 4, 1), center, False, {("consultation", P): 7}),
        (dt.date(2025, 5, 1), center, True, {("housing", F): 3, ("", P): 4}),
        (dt.date(2026, 3, 1), housing, True, {("housing", F): 2}),
        (dt.date(2025, 6, 1), "市民課", False, {("consultation", P): 0}),  # reported: none this month
        (dt.date(2025, 3, 1), center, True, {("consultation", P): 100}),  # 令和6年度: not in 令和7年度
        (dt.date(2026, 4, 1), center, True, {("consultation", P): 50}),  # 令和8年度
    ]
    with db.write() as s:
        for month, dept, dv, grid in slices:
            statistics.save_month_counts(s, month, dept, dv, grid, today=TODAY)


def record_known_referrals(db) -> None:
    with db.read() as s:
        svc = dict(s.execute(select(Service.key, Service.id)).all())
        center = s.scalar(select(Organization.id).where(Organization.key == "test.center"))
    with db.write() as s:

        def rec(ref, on, **kw):
            return referrals.record_referral(s, case_ref=ref, counselor="相談員A", referred_on=on, today=TODAY, **kw)

        rec(
            "R7-11",
            dt.date(2025, 4, 10),
            service_ids=[svc["test.svc.housing"], svc["test.svc.law"]],
            need_keys=["housing", "legal"],
            channel=F,
        )
        rec("R7-12", dt.date(2025, 4, 20), organization_ids=[center], channel=P, dv=False)
        rec(
            "R7-13", dt.date(2026, 2, 1), service_ids=[svc["test.svc.shelter"]], need_keys=["safety.shelter"], channel=A
        )
        rec("R7-14", dt.date(2025, 3, 31), organization_ids=[center])  # 令和6年度
