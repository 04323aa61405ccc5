"""The receiving department's queue in the window, the referring counselor's live log, and the
banner while the shared server is away — driven as counselors would (pytest-qt, offscreen).

Japanese text is typed with ``insert`` (what an IME commit does); QTest can only key ASCII."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from dvdesk.app import referral_queue as rq
from dvdesk.app.directory_queries import DeskQuery
from dvdesk.app.shared_mode import SharedDatabase
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral, ReferralStatus
from dvdesk.domain.models import Service
from dvdesk.gui.app import Desk
from dvdesk.gui.i18n import Translators
from dvdesk.gui.referrals import ReferralLogWindow
from dvdesk.gui.referrals.live import keep_current
from dvdesk.gui.referrals.queue_models import QueueTableModel
from dvdesk.gui.referrals.queue_window import ReferralQueueWindow
from dvdesk.gui.settings import Settings
from test_shared_mode import Switch

TODAY = dt.date(2025, 6, 30)
S = ReferralStatus


def service_id(db, key):
    with db.read() as s:
        return s.scalar(select(Service.id).where(Service.key == key))


def refer(db, case_ref="R3-0142", service="test.svc.housing"):
    with db.write() as s:
        return referrals.record_referral(
            s,
            case_ref=case_ref,
            counselor="相談員A",
            service_ids=[service_id(db, service)],
            referred_on=dt.date(2025, 6, 1),
            today=TODAY,
        )


def click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def cases(window):
    return [window.model.index(r, QueueTableModel.CASE).data() for r in range(window.model.rowCount())]


def statuses(window):
    return [window.model.index(r, QueueTableModel.STATUS).data() for r in range(window.model.rowCount())]


@pytest.fixture
def queue(qtbot, any_mini_db):
    w = ReferralQueueWindow(any_mini_db, "test.housing", clock=lambda: TODAY, poll_ms=100)
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_queue_shows_what_is_addressed_to_the_chosen_department_and_remembers_the_choice(qtbot, any_mini_db):
    refer(any_mini_db, "R3-0001")
    refer(any_mini_db, "R3-0002", service="test.svc.law")
    w = ReferralQueueWindow(any_mini_db, "", clock=lambda: TODAY)
    qtbot.addWidget(w)
    assert cases(w) == [] and w.hint.isVisibleTo(w) and "選ぶと" in w.hint.text()
    with qtbot.waitSignal(w.department_chosen) as chosen:
        w.choose_department("test.housing")
    assert chosen.args == ["test.housing"]
    assert cases(w) == ["R3-0001"] and statuses(w) == ["紹介済み"]
    w.choose_department("test.center")
    assert cases(w) == ["R3-0002"]


def test_the_model_passes_qt_checks(qtmodeltester, queue, any_mini_db):
    refer(any_mini_db)
    queue.refresh()
    queue.select_case("R3-0142")
    qtmodeltester.check(queue.model)
    qtmodeltester.check(queue.events)


def test_the_desk_moves_a_referral_through_its_statuses_with_dated_notes(qtbot, queue, any_mini_db):
    view = refer(any_mini_db)
    queue.refresh()
    queue.select_case("R3-0142")
    buttons = queue.move_buttons
    assert [buttons[s].isEnabled() for s in (S.RECEIVED, S.CONTACTED, S.DONE, S.FAILED)] == [True, True, False, True]
    queue.note.insert("受付しました")
    click(qtbot, buttons[S.RECEIVED])
    assert statuses(queue) == ["受付"] and queue.note.text() == ""
    assert "R3-0142 を「受付」にしました" in queue.message.text()
    assert [buttons[s].isEnabled() for s in (S.RECEIVED, S.CONTACTED, S.DONE, S.FAILED)] == [False, True, False, True]
    click(qtbot, buttons[S.CONTACTED])
    queue.note.insert("手続きが済んだ")
    click(qtbot, buttons[S.DONE])
    assert cases(queue) == []  # closed: off the open queue
    queue.show_closed.setChecked(True)
    queue.select_case("R3-0142")
    events = [[queue.events.index(r, c).data() for c in range(4)] for r in range(queue.events.rowCount())]
    assert events == [
        ["2025-06-01", "紹介済み", "紹介元", ""],
        ["2025-06-30", "受付", "住宅課", "受付しました"],
        ["2025-06-30", "連絡済み", "住宅課", ""],
        ["2025-06-30", "対応完了", "住宅課", "手続きが済んだ"],
    ]
    with any_mini_db.read() as s:
        assert referrals.get_referral(s, view.id).status is S.DONE


def test_moving_the_window_moves_the_window_not_the_referral(qtbot, queue, any_mini_db):
    # the window used to override QWidget.move() with the status change: positioning it on screen
    # (what Qt and a saved layout do) then tried to move the selected referral
    view = refer(any_mini_db)
    queue.refresh()
    queue.select_case("R3-0142")
    queue.move(40, 30)
    queue.move(QPoint(50, 60))
    assert queue.pos() == QPoint(50, 60)
    assert statuses(queue) == ["紹介済み"] and queue.message.text() == ""
    with any_mini_db.read() as s:
        assert referrals.get_referral(s, view.id).status is S.REFERRED
    assert queue.move_referral(S.RECEIVED) is True  # the status change has its own name
    assert statuses(queue) == ["受付"]


def test_a_note_with_client_details_is_refused_kept_and_nothing_moves(qtbot, queue, any_mini_db):
    refer(any_mini_db)
    queue.refresh()
    queue.select_case("R3-0142")
    queue.note.insert("090-1234-5678 に折り返し")
    click(qtbot, queue.move_buttons[S.RECEIVED])
    assert queue.message.kind == "error" and "電話番号" in queue.message.text()
    assert queue.note.text() == "090-1234-5678 に折り返し" and statuses(queue) == ["紹介済み"]


def test_a_move_made_meanwhile_at_another_pc_is_shown_not_overwritten(qtbot, queue, any_mini_db):
    view = refer(any_mini_db)
    queue.live.timer.stop()  # the other PC is quicker than this one's next poll
    queue.refresh()
    queue.select_case("R3-0142")
    with any_mini_db.write() as s:
        desk = rq.find_desk(s, "test.housing")
        rq.move(s, view.id, S.FAILED, desk=desk, note="転出のため終了", today=TODAY)
    click(qtbot, queue.move_buttons[S.RECEIVED])
    assert queue.message.kind == "error" and "他の窓口で更新されています（現在「不調」）" in queue.message.text()
    queue.show_closed.setChecked(True)
    assert statuses(queue) == ["不調"]
    with any_mini_db.read() as s:
        assert referrals.get_referral(s, view.id).status is S.FAILED


def test_a_hidden_log_reads_nothing_and_shows_what_changed_as_soon_as_it_is_shown_again(qtbot, any_mini_db):
    """The desk keeps the referral log when it is closed: hidden, it is not polled (no read every
    4 s for nobody); shown again, it reads at once what changed meanwhile."""
    log = ReferralLogWindow(any_mini_db, clock=lambda: TODAY)
    qtbot.addWidget(log)
    log.show()
    live = keep_current(log, any_mini_db, interval_ms=60_000)
    reads: list[int] = []
    real = live.watch.changed
    live.watch.changed = lambda: reads.append(1) or real()  # type: ignore[method-assign]
    log.hide()
    refer(any_mini_db)
    assert live.poll() is False and reads == [] and log.model.rowCount() == 0
    log.show()  # no timer tick needed
    assert reads == [1] and log.model.rowCount() == 1


@pytest.mark.pg_quick("two windows on one server database")
def test_both_sides_update_without_reloading(qtbot, queue, any_mini_db):
    """The referring counselor's log and the receiving desk's queue follow each other's writes."""
    log = ReferralLogWindow(any_mini_db, clock=lambda: TODAY)
    qtbot.addWidget(log)
    log.show()
    keep_current(log, any_mini_db, interval_ms=100)
    refer(any_mini_db)  # made at the women's desk (another PC)
    qtbot.waitUntil(lambda: cases(queue) == ["R3-0142"], timeout=5000)
    qtbot.waitUntil(lambda: log.model.rowCount() == 1, timeout=5000)
    queue.select_case("R3-0142")
    click(qtbot, queue.move_buttons[S.RECEIVED])
    status_column = log.model.STATUS
    qtbot.waitUntil(lambda: log.model.index(0, status_column).data() == "受付", timeout=5000)
    log.select_case("R3-0142")
    notes = [log.events.index(r, 1).data() for r in range(log.events.rowCount())]
    assert notes == ["紹介済み", "受付"]


def test_the_desk_shows_the_banner_while_the_server_is_away(qtbot, desk_db, tmp_path):
    server = Switch(desk_db)
    db = SharedDatabase(server.connect, tmp_path / "copy" / "directory.sqlite3")
    translators = Translators()
    translators.install("ja")
    font = QApplication.font()
    desk = Desk(db, Settings(), translators)
    try:
        window = desk.window
        banner = window.server_banner
        banner.timer.stop()  # driven by hand below
        assert not banner.isVisibleTo(window)
        query = DeskQuery(text="住宅")
        found = [h.name for h in desk.data.search(query)]
        assert "市営住宅の入居配慮" in found

        server.up = False  # the server stops
        banner.check()
        assert banner.isVisibleTo(window)
        assert "共有サーバーに接続できません" in banner.label.text()
        assert "紹介の記録と状況の変更は、失われないよう受け付けません" in banner.label.text()
        assert [h.name for h in desk.data.search(query)] == found  # the same answers, from the copy

        queue = ReferralQueueWindow(db, "test.housing", clock=lambda: TODAY, poll_ms=100)
        qtbot.addWidget(queue)
        assert "紹介記録と相談件数は表示できません" in queue.message.text()

        server.up = True  # back
        banner.check()
        assert not banner.isVisibleTo(window)
        refer(db)
        queue.refresh()
        assert cases(queue) == ["R3-0142"]
    finally:
        desk.window.close()
        translators.uninstall()
        QApplication.setFont(font)
        db.close()


def test_a_referral_save_is_refused_with_a_clear_message_while_the_server_is_away(qtbot, any_mini_db, tmp_path):
    server = Switch(any_mini_db)
    db = SharedDatabase(server.connect, tmp_path / "copy" / "directory.sqlite3")
    try:
        refer(any_mini_db)
        queue = ReferralQueueWindow(db, "test.housing", clock=lambda: TODAY, poll_ms=100)
        qtbot.addWidget(queue)
        queue.select_case("R3-0142")
        server.up = False
        db.probe()
        click(qtbot, queue.move_buttons[S.RECEIVED])
        assert queue.message.kind == "error"
        assert "サーバーに接続できないため保存できません（この PC には保存していません）" in queue.message.text()
        assert cases(queue) == ["R3-0142"]  # what it last showed stays
        server.up = True
        with any_mini_db.read() as s:
            assert s.scalar(select(Referral.status)) == S.REFERRED
    finally:
        db.close()
