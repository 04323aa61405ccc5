"""The referral log: recording, statuses, reminders, and nothing that identifies a client."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from dbscan import cells_containing, files_containing
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Channel, Referral, ReferralEvent, ReferralStatus
from dvdesk.domain.models import Organization, Service
from dvdesk.domain.privacy import PersonalDataError
from dvdesk.domain.referrals import ReferralError

TODAY = dt.date(2025, 6, 30)
S = ReferralStatus


def ids(db):
    with db.read() as s:
        services = {k: i for k, i in s.execute(select(Service.key, Service.id))}
        orgs = {k: i for k, i in s.execute(select(Organization.key, Organization.id))}
    return services, orgs


def record(db, case_ref="R3-0142", on=dt.date(2025, 6, 1), **kw):
    services, _ = ids(db)
    kw.setdefault("service_ids", [services["test.svc.housing"]])
    kw.setdefault("need_keys", ["housing"])
    with db.write() as s:
        return referrals.record_referral(s, case_ref=case_ref, counselor="相談員A", referred_on=on, today=TODAY, **kw)


def test_a_referral_is_recorded_with_its_departments_needs_and_first_event(mini_db):
    services, orgs = ids(mini_db)
    view = record(
        mini_db,
        "ｒ３－０１４２",
        service_ids=[services["test.svc.housing"], services["test.svc.law"]],
        organization_ids=[orgs["test.center"]],
        need_keys=["housing", "legal"],
        channel=Channel.ACCOMPANY,
        note="住宅課の窓口に同行",
    )
    assert view.case_ref == "R3-0142"
    assert view.status is S.REFERRED and view.is_open
    assert view.departments == ("住宅課", "テスト相談センター")  # the centre once, via the law service
    assert [t.label for t in view.targets] == [
        "住宅課（市営住宅の入居配慮）",
        "テスト相談センター（女性弁護士による無料法律相談）",
    ]
    assert view.needs == (("housing", "住まい"), ("legal", "法律・離婚"))
    assert view.channel is Channel.ACCOMPANY
    assert [(e.on, e.status, e.note) for e in view.events] == [(dt.date(2025, 6, 1), S.REFERRED, "住宅課の窓口に同行")]
    with mini_db.read() as s:
        assert referrals.list_referrals(s) == [view]


def test_a_department_alone_is_a_valid_target(mini_db):
    _, orgs = ids(mini_db)
    view = record(mini_db, service_ids=[], organization_ids=[orgs["test.housing"]], need_keys=[])
    assert view.departments == ("住宅課",) and view.needs == ()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"service_ids": [], "organization_ids": []}, "紹介先"),
        ({"service_ids": [9999]}, "ディレクトリにありません"),
        ({"need_keys": ["no.such.need"]}, "ニーズ分類がありません"),
        ({"on": dt.date(2025, 7, 1)}, "未来の日付"),
        ({"case_ref": "山田花子"}, "名前"),
    ],
)
def test_a_bad_referral_is_refused_and_nothing_is_written(mini_db, kw, message):
    with pytest.raises((ReferralError, PersonalDataError)) as err:
        record(mini_db, **kw)
    assert message in err.value.message
    with mini_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Referral)) == 0


def test_statuses_move_forward_only_along_the_allowed_paths(mini_db):
    view = record(mini_db)
    with mini_db.write() as s:
        with pytest.raises(ReferralError, match="「紹介済み」から「対応完了」には変更できません"):
            referrals.change_status(s, view.id, S.DONE, today=TODAY)
        view = referrals.change_status(
            s, view.id, S.CONTACTED, on=dt.date(2025, 6, 5), note="住宅課から本人に連絡済み", today=TODAY
        )
        assert view.allowed_next() == {S.DONE, S.FAILED}
        view = referrals.change_status(s, view.id, S.DONE, on=dt.date(2025, 6, 9), today=TODAY)
    assert view.status is S.DONE and not view.is_open and view.allowed_next() == frozenset()
    assert [e.status for e in view.events] == [S.REFERRED, S.CONTACTED, S.DONE]
    with mini_db.write() as s, pytest.raises(ReferralError, match="終了しています"):
        referrals.change_status(s, view.id, S.FAILED, today=TODAY)


def test_an_open_referral_can_end_as_failed(mini_db):
    view = record(mini_db)
    with mini_db.write() as s:
        view = referrals.change_status(s, view.id, "failed", note="連絡がとれず終了", today=TODAY)
    assert view.status is S.FAILED and view.events[-1].note == "連絡がとれず終了"


def test_an_event_cannot_be_dated_before_the_referral_or_in_the_future(mini_db):
    view = record(mini_db)
    with mini_db.write() as s:
        with pytest.raises(ReferralError, match="2025-06-01 より前"):
            referrals.add_note(s, view.id, "連絡", on=dt.date(2025, 5, 31), today=TODAY)
        with pytest.raises(ReferralError, match="未来"):
            referrals.change_status(s, view.id, S.CONTACTED, on=dt.date(2025, 7, 1), today=TODAY)


def test_open_referrals_show_their_age_and_the_stale_ones_are_reminded(mini_db):
    record(mini_db, "R7-1", on=dt.date(2025, 6, 1))
    fresh = record(mini_db, "R7-2", on=dt.date(2025, 6, 25))
    touched = record(mini_db, "R7-3", on=dt.date(2025, 6, 2))
    done = record(mini_db, "R7-4", on=dt.date(2025, 5, 1))
    with mini_db.write() as s:
        referrals.add_note(s, touched.id, "市民課に進捗を確認", on=dt.date(2025, 6, 20), today=TODAY)
        referrals.change_status(s, done.id, S.CONTACTED, on=dt.date(2025, 5, 2), today=TODAY)
        referrals.change_status(s, done.id, S.DONE, on=dt.date(2025, 5, 3), today=TODAY)
    with mini_db.read() as s:
        open_ = referrals.list_referrals(s, open_only=True)
        assert [r.case_ref for r in open_] == ["R7-2", "R7-3", "R7-1"]
        assert [r.age_days(TODAY) for r in open_] == [5, 28, 29]
        assert referrals.reminder_days(s) == 14
        assert [r.case_ref for r in referrals.stale_referrals(s, TODAY)] == ["R7-1"]
    with mini_db.write() as s:
        referrals.set_reminder_days(s, 7)
    with mini_db.read() as s:
        assert referrals.reminder_days(s) == 7
        assert [r.case_ref for r in referrals.stale_referrals(s, TODAY)] == ["R7-1", "R7-3"]
        assert fresh.id not in {r.id for r in referrals.stale_referrals(s, TODAY)}
    with mini_db.write() as s, pytest.raises(ReferralError):
        referrals.set_reminder_days(s, 0)


def test_a_note_with_a_name_or_phone_is_refused_and_stored_nowhere(mini_db):
    view = record(mini_db)
    planted = ("山田花子さんの携帯 090-1234-5678", "Hanako.Yamada@example.jp")
    with mini_db.write() as s:
        for note in planted:
            with pytest.raises(PersonalDataError):
                referrals.add_note(s, view.id, note, today=TODAY)
            with pytest.raises(PersonalDataError):
                referrals.change_status(s, view.id, S.CONTACTED, note=note, today=TODAY)
    with pytest.raises(PersonalDataError):
        record(mini_db, note="本人 山田花子さん 090-1234-5678")
    with mini_db.read() as s:
        assert s.scalar(select(func.count()).select_from(ReferralEvent)) == 1
        assert referrals.get_referral(s, view.id).status is S.REFERRED
    for needle in ("山田", "090-1234-5678", "09012345678", "Hanako", "example.jp"):
        assert cells_containing(mini_db.path, needle) == []
        assert files_containing(mini_db.path, needle) == []


def test_a_referral_entered_by_mistake_can_be_deleted_with_its_events(mini_db):
    view = record(mini_db)
    with mini_db.write() as s:
        referrals.delete_referral(s, view.id)
    with mini_db.read() as s:
        assert referrals.list_referrals(s) == []
        assert s.scalar(select(func.count()).select_from(ReferralEvent)) == 0


def test_the_referral_survives_the_directory_losing_its_department(mini_db):
    view = record(mini_db)
    with mini_db.write() as s:
        s.delete(s.get(Service, view.targets[0].service_id))
    with mini_db.read() as s:
        kept = referrals.get_referral(s, view.id)
    assert kept.targets[0].service_id is None and kept.departments == ("住宅課",)
