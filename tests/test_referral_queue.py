"""Closed-loop referrals: the receiving department's queue, its moves, and the change watch."""

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from dvdesk.app import referral_queue as rq
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral, ReferralEvent, ReferralStatus
from dvdesk.domain.models import Organization, Service
from dvdesk.domain.privacy import PersonalDataError
from dvdesk.domain.referrals import ReferralError
from dvdesk.domain.search import Searcher, SearchQuery

TODAY = dt.date(2025, 6, 30)
S = ReferralStatus


def ids(db):
    with db.read() as s:
        services = {k: i for k, i in s.execute(select(Service.key, Service.id))}
        orgs = {k: i for k, i in s.execute(select(Organization.key, Organization.id))}
    return services, orgs


def refer(db, case_ref="R3-0142", service="test.svc.housing", **kw):
    services, _ = ids(db)
    with db.write() as s:
        return referrals.record_referral(
            s,
            case_ref=case_ref,
            counselor="相談員A",
            service_ids=[services[service]],
            referred_on=dt.date(2025, 6, 1),
            today=TODAY,
            **kw,
        )


def desk(db, key):
    with db.read() as s:
        return rq.find_desk(s, key)


def test_a_referral_appears_in_the_queue_of_the_department_it_names_only(any_mini_db):
    housing_case = refer(any_mini_db, "R3-0001")
    refer(any_mini_db, "R3-0002", service="test.svc.law")
    housing, center = desk(any_mini_db, "test.housing"), desk(any_mini_db, "テスト相談センター")
    with any_mini_db.read() as s:
        assert [r.case_ref for r in rq.queue(s, housing.id)] == ["R3-0001"]
        assert [r.case_ref for r in rq.queue(s, center.id)] == ["R3-0002"]
        assert rq.queue(s, housing.id)[0].id == housing_case.id


def test_the_receiving_desk_moves_it_to_the_end_with_dated_notes_naming_the_desk(any_mini_db):
    view = refer(any_mini_db)
    housing = desk(any_mini_db, "test.housing")
    steps = [
        (S.RECEIVED, "受付しました", dt.date(2025, 6, 2)),
        (S.CONTACTED, "本人と面談の予定", dt.date(2025, 6, 5)),
        (S.DONE, "入居申込を受理", dt.date(2025, 6, 20)),
    ]
    for status, note, on in steps:
        with any_mini_db.read() as s:
            seen = next(r for r in rq.queue(s, housing.id) if r.id == view.id)
            assert status in rq.allowed_moves(seen)
        with any_mini_db.write() as s:
            rq.move(s, view.id, status, desk=housing, note=note, on=on, seen_version=seen.version, today=TODAY)
    with any_mini_db.read() as s:
        done = referrals.get_referral(s, view.id)
        assert rq.queue(s, housing.id) == []  # closed: off the open queue
        assert [r.id for r in rq.queue(s, housing.id, open_only=False)] == [view.id]
    assert done.status is S.DONE and done.updated_on == dt.date(2025, 6, 20)
    assert [(e.status, e.note, e.desk, e.on) for e in done.events[1:]] == [(s_, n, "住宅課", on) for s_, n, on in steps]
    assert done.events[0].desk == ""  # recorded at the referring desk


def test_a_move_the_transitions_do_not_allow_is_refused_and_changes_nothing(any_mini_db):
    view = refer(any_mini_db)
    housing = desk(any_mini_db, "test.housing")
    with any_mini_db.write() as s:
        rq.move(s, view.id, S.FAILED, desk=housing, note="連絡がつかない", today=TODAY)
    with pytest.raises(ReferralError, match="変更できません"), any_mini_db.write() as s:
        rq.move(s, view.id, S.DONE, desk=housing, today=TODAY)
    with any_mini_db.read() as s:
        assert referrals.get_referral(s, view.id).status is S.FAILED


def test_a_desk_cannot_move_a_referral_addressed_to_another_department(any_mini_db):
    view = refer(any_mini_db, service="test.svc.law")  # to テスト相談センター
    housing = desk(any_mini_db, "test.housing")
    with pytest.raises(ReferralError, match="住宅課宛てではありません"), any_mini_db.write() as s:
        rq.move(s, view.id, S.RECEIVED, desk=housing, today=TODAY)
    with any_mini_db.read() as s:
        assert referrals.get_referral(s, view.id).status is S.REFERRED


@pytest.mark.parametrize("note", ["090-1234-5678 に連絡", "花子さんに連絡", "富山市1-2-3に転居"])
def test_the_privacy_net_applies_to_every_note_made_from_the_queue(any_mini_db, note):
    view = refer(any_mini_db)
    housing = desk(any_mini_db, "test.housing")
    with pytest.raises(PersonalDataError), any_mini_db.write() as s:
        rq.move(s, view.id, S.RECEIVED, desk=housing, note=note, today=TODAY)
    with any_mini_db.read() as s:
        assert s.scalar(select(Referral.status).where(Referral.id == view.id)) == S.REFERRED
        assert [e for e in s.scalars(select(ReferralEvent.note)) if e] == []


@pytest.mark.pg_quick("a stale move refused by the server's row version")
def test_a_move_from_a_stale_screen_is_refused_with_what_the_referral_is_now(any_mini_db):
    view = refer(any_mini_db)
    housing = desk(any_mini_db, "test.housing")
    with any_mini_db.read() as s:
        seen = rq.queue(s, housing.id)[0]
    with any_mini_db.write() as s:  # the other PC of the same department was quicker
        rq.move(s, view.id, S.RECEIVED, desk=housing, seen_version=seen.version, today=TODAY)
    with (
        pytest.raises(rq.ReferralConflict, match="他の窓口で更新されています（現在「受付」）"),
        any_mini_db.write() as s,
    ):
        rq.move(s, view.id, S.FAILED, desk=housing, seen_version=seen.version, today=TODAY)
    with any_mini_db.read() as s:
        assert referrals.get_referral(s, view.id).status is S.RECEIVED


@pytest.mark.pg_quick("the change watch's query on the server")
def test_the_change_watch_sees_every_kind_of_change_and_nothing_else(any_mini_db):
    watch = rq.ChangeWatch(any_mini_db.read)
    assert watch.changed()  # the first look fills the window
    assert not watch.changed()
    view = refer(any_mini_db)
    assert watch.changed() and not watch.changed()
    housing = desk(any_mini_db, "test.housing")
    with any_mini_db.write() as s:
        rq.move(s, view.id, S.RECEIVED, desk=housing, today=TODAY)
    assert watch.changed() and not watch.changed()
    with any_mini_db.write() as s:
        referrals.add_note(s, view.id, "書類を確認", today=TODAY)  # a note alone moves the version too
    assert watch.changed() and not watch.changed()
    with any_mini_db.write() as s:
        referrals.delete_referral(s, view.id)
    assert watch.changed() and not watch.changed()
    with any_mini_db.write() as s:  # a directory change is not a referral change
        s.scalar(select(Service).where(Service.key == "test.svc.law")).cost = "無料"
    assert not watch.changed()


@pytest.mark.pg_quick("a reader beside an open write transaction on the server (MVCC)")
def test_a_long_referral_write_does_not_block_a_search(any_mini_db):
    """WAL on SQLite (MVCC on PostgreSQL): a desk holding a write transaction open never stops
    another desk's search; the search sees the state before the uncommitted write."""
    services, _ = ids(any_mini_db)
    inside, release = threading.Event(), threading.Event()

    def slow_writer():
        with any_mini_db.write() as s:
            referrals.record_referral(
                s, case_ref="R3-0099", counselor="相談員B", service_ids=[services["test.svc.law"]], today=TODAY
            )
            inside.set()
            release.wait(30)

    t = threading.Thread(target=slow_writer, daemon=True)  # never keeps the worker from exiting
    t.start()
    try:
        assert inside.wait(10)
        with any_mini_db.read() as s:
            hits = [h.name for h in Searcher(s).search(SearchQuery("住宅"))]
            count = s.scalar(select(Referral.id).where(Referral.case_ref == "R3-0099"))
        assert "市営住宅の入居配慮" in hits
        assert count is None  # not committed yet, and the search did not wait for it
        assert t.is_alive()  # the write is still open while the search finished
    finally:
        release.set()
        t.join(30)
    with any_mini_db.read() as s:
        assert s.scalar(select(Referral.case_ref).where(Referral.case_ref == "R3-0099")) == "R3-0099"


def test_find_desk_by_id_key_or_name_and_a_clear_message_otherwise(any_mini_db):
    _, orgs = ids(any_mini_db)
    assert desk(any_mini_db, str(orgs["test.housing"])).name == "住宅課"
    assert desk(any_mini_db, "住宅課").key == "test.housing"
    with pytest.raises(ReferralError, match="見つかりません: 市民課"):
        desk(any_mini_db, "市民課")
    with any_mini_db.read() as s:
        assert {d.key for d in rq.desks(s)} == {"test.center", "test.housing"}
