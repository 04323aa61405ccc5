"""The referral log window, driven as a counselor would: record, move through statuses, reminders.

Japanese text is typed with ``insert`` (what an IME commit does); QTest can only key ASCII."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from dbscan import cells_containing, files_containing
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import ReferralEvent, ReferralStatus
from dvdesk.domain.models import Service
from dvdesk.gui.referrals import ReferralLogWindow
from dvdesk.gui.referrals.referral_model import STALE_BG, ReferralTableModel

TODAY = dt.date(2025, 6, 30)
S = ReferralStatus


@pytest.fixture
def window(qtbot, mini_db):
    w = ReferralLogWindow(mini_db, clock=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    return w


def service_id(db, key):
    with db.read() as s:
        return s.scalar(select(Service.id).where(Service.key == key))


def click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def record_through_the_dialog(qtbot, window, case_ref="R3-0142"):
    dialog = window.open_new_referral()
    dialog.counselor.setText("相談員A")
    qtbot.keyClicks(dialog.case_ref, case_ref)
    dialog.check(dialog.need_model, "housing")
    dialog.check(dialog.service_model, service_id(window.db, "test.svc.housing"))
    with qtbot.waitSignal(dialog.recorded):
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    return dialog


def column(window, col):
    return [window.model.index(r, col).data() for r in range(window.model.rowCount())]


def test_the_model_passes_qt_checks(qtmodeltester, window, qtbot):
    record_through_the_dialog(qtbot, window)
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.events)


def test_recording_a_referral_in_a_few_clicks(qtbot, window):
    dialog = window.open_new_referral()
    assert dialog.counselor.text() == ""
    dialog.counselor.insert("相談員A")
    dialog.check(dialog.need_model, "housing")
    offered = [dialog.service_model.item(i).text() for i in range(dialog.service_model.rowCount())]
    assert offered == ["市営住宅の入居配慮 — 住宅課"]  # only services for the chosen need
    dialog.case_ref.insert("ｒ３－０１４２")
    dialog.check(dialog.service_model, service_id(window.db, "test.svc.housing"))
    with qtbot.waitSignal(dialog.recorded):
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not dialog.isVisible()
    assert column(window, ReferralTableModel.CASE) == ["R3-0142"]
    assert column(window, ReferralTableModel.TARGETS) == ["住宅課"]
    assert column(window, ReferralTableModel.STATUS) == ["紹介済み"]
    assert column(window, ReferralTableModel.AGE) == ["0日"]
    assert "R3-0142 を記録しました" in window.message.text()
    assert window.open_new_referral().counselor.text() == "相談員A"  # remembered for the next one


def test_a_name_as_case_number_is_refused_while_typing_and_nothing_is_saved(qtbot, window, mini_db):
    dialog = window.open_new_referral()
    dialog.counselor.insert("相談員A")
    dialog.case_ref.insert("山田花子")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert "名前や住所は入力できません" in dialog.message.text() and dialog.message.isVisible()
    dialog.case_ref.setText("R3-0142")
    dialog.note.insert("本人 090-1234-5678")
    assert not save.isEnabled() and "電話番号" in dialog.message.text()
    dialog.note.clear()
    assert save.isEnabled()
    click(qtbot, save)  # no target chosen
    assert dialog.isVisible() and "紹介先" in dialog.message.text()
    assert dialog.case_ref.text() == "R3-0142"  # what was typed is kept
    with mini_db.read() as s:
        assert referrals.list_referrals(s) == []


def test_statuses_move_forward_with_dated_notes(qtbot, window, mini_db):
    record_through_the_dialog(qtbot, window)
    window.table.selectRow(0)
    buttons = window.status_buttons
    assert [buttons[s].isEnabled() for s in (S.CONTACTED, S.DONE, S.FAILED)] == [True, False, True]
    window.note.insert("住宅課から連絡あり")
    click(qtbot, buttons[S.CONTACTED])
    assert column(window, ReferralTableModel.STATUS) == ["連絡済み"]
    assert window.note.text() == ""
    assert [window.events.index(r, 1).data() for r in range(window.events.rowCount())] == ["紹介済み", "連絡済み"]
    assert window.events.index(1, 2).data() == "住宅課から連絡あり"
    assert [buttons[s].isEnabled() for s in (S.CONTACTED, S.DONE, S.FAILED)] == [False, True, True]

    window.note.insert("山田さんの携帯 090-1234-5678")
    click(qtbot, window.add_note_button)
    assert window.message.kind == "error" and "相談者を特定できること" in window.message.text()
    assert window.note.text() == "山田さんの携帯 090-1234-5678"  # kept, so she can correct it
    window.note.clear()

    click(qtbot, buttons[S.DONE])
    assert window.model.rowCount() == 0  # 未完了のみ: the finished one leaves the list
    window.open_only.setChecked(False)
    assert column(window, ReferralTableModel.STATUS) == ["対応完了"]
    assert column(window, ReferralTableModel.AGE) == ["—"]
    with mini_db.read() as s:
        assert s.scalar(select(func.count()).select_from(ReferralEvent)) == 3
    for needle in ("山田", "090-1234-5678"):
        assert cells_containing(mini_db.path, needle) == [] and files_containing(mini_db.path, needle) == []


def test_stale_referrals_are_reminded_in_a_banner_and_highlighted(qtbot, window, mini_db):
    housing = service_id(mini_db, "test.svc.housing")
    with mini_db.write() as s:
        for ref, on in (("R7-1", dt.date(2025, 6, 1)), ("R7-2", dt.date(2025, 6, 25)), ("R7-3", dt.date(2025, 6, 10))):
            referrals.record_referral(
                s, case_ref=ref, counselor="相談員A", service_ids=[housing], referred_on=on, today=TODAY
            )
    window.refresh()
    assert window.banner_box.isVisible()
    assert "14日以上更新のない紹介が2件" in window.banner.text()
    assert "R7-1（29日）" in window.banner.text() and "R7-3（20日）" in window.banner.text()
    backgrounds = {
        window.model.index(r, 0).data(): window.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole)
        for r in range(window.model.rowCount())
    }
    assert backgrounds == {"R7-1": STALE_BG, "R7-3": STALE_BG, "R7-2": None}

    click(qtbot, window.show_stale)
    assert sorted(column(window, ReferralTableModel.CASE)) == ["R7-1", "R7-3"]
    window.stale_only.setChecked(False)

    window.days.setValue(25)  # configurable, and kept in the database
    assert "25日以上更新のない紹介が1件" in window.banner.text()
    with mini_db.read() as s:
        assert referrals.reminder_days(s) == 25

    window.select_case("R7-1")
    window.note.insert("住宅課に進捗を確認")
    click(qtbot, window.add_note_button)  # an update today clears the reminder
    assert not window.banner_box.isVisible()


def test_a_referral_entered_by_mistake_is_deleted_after_confirming(qtbot, window, mini_db):
    record_through_the_dialog(qtbot, window)
    window.table.selectRow(0)
    click(qtbot, window.delete_button)
    assert window.confirm.isVisible()
    click(qtbot, window.confirm_no)
    assert window.model.rowCount() == 1
    click(qtbot, window.delete_button)
    click(qtbot, window.confirm_yes)
    assert window.model.rowCount() == 0
    with mini_db.read() as s:
        assert referrals.list_referrals(s) == []
    assert files_containing(mini_db.path, "R3-0142") == []  # gone from the file and the WAL at once


@pytest.mark.parametrize("typed", ["けあ", "ｹｱ", "ケア", "子どもの ｹｱ"])
def test_the_service_filter_finds_a_name_however_its_kana_and_width_are_typed(window, typed):
    """The filter compares as the desk's search does (NFKC, case, katakana as hiragana): 「けあ」 or
    half-width 「ｹｱ」 typed by an IME finds 子どものケア instead of an empty list."""
    dialog = window.open_new_referral()
    dialog.service_filter.insert(typed)
    offered = [dialog.service_model.item(i).text() for i in range(dialog.service_model.rowCount())]
    assert [o for o in offered if o.startswith("子どものケア")] and all("ケア" in o for o in offered)
