"""The monthly count form lists this desk's own departments (found by h13-admin in session 13).

On a directory holding two towns (a shared server, a national directory, a package that brought
国立市 along), the form of a desk set up for 高岡市 mixed 国立市's departments into its list, every one
named with its town: the counselor of 高岡市 scrolled past another town's departments and could count
a month on one of them. Now the form lists the desk's municipality (first-run setup) and the national
agencies, with the plain names of the desk's own unless two share one; a desk not yet set up lists
every department, as before (``test_statistics_same_name``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dvdesk.app.statistics import Statistics
from dvdesk.domain.casework_models import Channel
from dvdesk.domain.directory_views import DESK_MUNICIPALITY
from dvdesk.domain.models import Meta, Municipality, Organization, OrgKind

TODAY, APRIL = dt.date(2025, 9, 10), dt.date(2025, 4, 1)
TAKAOKA, KUNITACHI = "162027", "132152"


def _two_towns_and_a_national_agency(db, desk: str | None) -> dict[str, int]:
    with db.write() as s:
        town = Municipality(code=KUNITACHI, name="国立市", prefecture="東京都", source="test fixture")
        s.add_all(
            [
                Organization(
                    key="kt.housing", municipality=town, name="住宅課", kind=OrgKind.CITY_DEPARTMENT, source="t"
                ),
                Organization(
                    key="kt.welfare", municipality=town, name="福祉課", kind=OrgKind.CITY_DEPARTMENT, source="t"
                ),
                Organization(key="nat.line", name="テスト全国相談ダイヤル運営", kind=OrgKind.NATIONAL, source="t"),
            ]
        )
        if desk:
            s.merge(Meta(key=DESK_MUNICIPALITY, value=desk))
    with db.read() as s:
        return dict(s.execute(select(Organization.key, Organization.id)).all())


def _form(db, qtbot):
    from dvdesk.gui.referrals.count_entry_dialog import CountEntryDialog

    d = CountEntryDialog(db, TODAY, APRIL)
    qtbot.addWidget(d)
    return d, [d.department.itemText(i) for i in range(d.department.count())]


def test_the_form_of_a_desk_set_up_for_takaoka_lists_takaokas_departments_and_the_national_ones(mini_db, qtbot):
    ids = _two_towns_and_a_national_agency(mini_db, TAKAOKA)
    d, names = _form(mini_db, qtbot)
    assert "住宅課" in names and "テスト相談センター" in names  # 高岡市's, by their plain names
    assert "テスト全国相談ダイヤル運営" in names  # a national agency, as before
    assert not [n for n in names if "国立市" in n or n == "福祉課"], names  # none of 国立市's
    d.department.setCurrentIndex(names.index("住宅課"))
    row = next(i for i, (key, _) in enumerate(d.grid.needs) if key == "housing")
    assert d.grid.setData(d.grid.index(row, 0), 4)
    assert d.save()
    stats = Statistics(mini_db)
    assert stats.month_counts(APRIL, ids["test.housing"], True) == {("housing", Channel.PHONE): 4}
    assert stats.month_counts(APRIL, ids["kt.housing"], True) == {}


def test_a_name_shared_with_a_national_agency_is_told_apart_by_the_town(mini_db, qtbot):
    _two_towns_and_a_national_agency(mini_db, TAKAOKA)
    with mini_db.write() as s:
        s.add(Organization(key="nat.housing", name="住宅課", kind=OrgKind.NATIONAL, source="t"))
    _, names = _form(mini_db, qtbot)
    assert "高岡市\u3000住宅課" in names and "住宅課" in names and "国立市\u3000住宅課" not in names


def test_a_desk_not_yet_set_up_lists_every_town_named(mini_db, qtbot):
    _two_towns_and_a_national_agency(mini_db, None)
    _, names = _form(mini_db, qtbot)
    assert "高岡市\u3000住宅課" in names and "国立市\u3000住宅課" in names and "国立市\u3000福祉課" in names
