"""Monthly consultation counts entered from two desks of a shared server (件数の入力).

Saving a month replaces that month's counts for the department and DV/other. Two desks saving the
same month must never leave a grid neither of them entered (their rows merged), and a form opened
before another desk saved must not silently replace what that desk saved."""

import datetime as dt
import threading

import pytest

from dvdesk.app.statistics import CountConflict, Statistics
from dvdesk.domain.casework_models import Channel

TODAY = dt.date(2025, 6, 30)
JUNE = dt.date(2025, 6, 1)
A_GRID = {("housing", Channel.PHONE): 3}
B_GRID = {("housing", Channel.IN_PERSON): 5}


def _org_id(db, key):
    from sqlalchemy import select

    from dvdesk.domain.models import Organization

    with db.read() as s:
        return s.scalar(select(Organization.id).where(Organization.key == key))


@pytest.mark.pg_quick("two server sessions replacing one month's counts at the same moment (READ COMMITTED)")
@pytest.mark.parametrize("department", ["test.housing", "男女共同参画課"], ids=["directory", "typed"])
@pytest.mark.parametrize("before", [{}, {("housing", Channel.EMAIL): 1}], ids=["new-month", "saved-month"])
def test_two_desks_saving_one_month_at_once_leave_one_of_their_grids(any_mini_db, department, before):
    dept = _org_id(any_mini_db, department) if department.startswith("test.") else department
    stats = Statistics(any_mini_db)
    if before:
        stats.save_month_counts(JUNE, dept, True, before, TODAY)
    seen = stats.month_counts(JUNE, dept, True)
    for _ in range(6):  # each round: both desks opened the form on the same grid and save together
        start = threading.Barrier(2, timeout=60)
        outcomes: dict[str, str] = {}

        def save(name, grid, seen=seen, start=start, outcomes=outcomes):
            start.wait()
            try:
                stats.save_month_counts(JUNE, dept, True, grid, TODAY, seen=seen)
                outcomes[name] = "saved"
            except CountConflict as exc:
                outcomes[name] = exc.message

        threads = [threading.Thread(target=save, args=args, daemon=True) for args in (("A", A_GRID), ("B", B_GRID))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads)
        now = stats.month_counts(JUNE, dept, True)
        assert now in (A_GRID, B_GRID), f"a grid nobody entered: {now}"  # never both merged (8件)
        winner = "A" if now == A_GRID else "B"
        loser = "B" if winner == "A" else "A"
        assert outcomes[winner] == "saved"
        assert "他の窓口" in outcomes[loser] and "保存していません" in outcomes[loser], outcomes
        stats.save_month_counts(JUNE, dept, True, seen, TODAY)  # back to the start for the next round


def test_a_form_opened_before_another_desk_saved_does_not_replace_it_silently(any_mini_db):
    stats = Statistics(any_mini_db)
    dept = _org_id(any_mini_db, "test.housing")
    opened_a = stats.month_counts(JUNE, dept, True)  # desk A opens the form: nothing entered yet
    stats.save_month_counts(JUNE, dept, True, B_GRID, TODAY, seen=stats.month_counts(JUNE, dept, True))  # desk B
    with pytest.raises(CountConflict) as err:
        stats.save_month_counts(JUNE, dept, True, A_GRID, TODAY, seen=opened_a)
    assert "合計 5件" in err.value.message and "保存していません" in err.value.message
    assert stats.month_counts(JUNE, dept, True) == B_GRID  # B's save is intact
    # She has now seen B's counts and saves again: hers replace them, as the form says.
    stats.save_month_counts(JUNE, dept, True, A_GRID, TODAY, seen=err.value.now)
    assert stats.month_counts(JUNE, dept, True) == A_GRID


def test_the_count_form_keeps_her_numbers_and_says_another_desk_saved(qtbot, any_mini_db):
    from dvdesk.gui.referrals.count_entry_dialog import CountEntryDialog

    dialog = CountEntryDialog(any_mini_db, TODAY, JUNE)
    qtbot.addWidget(dialog)
    dialog.department.setCurrentText("住宅課")  # desk A opens June: nothing entered yet
    stats = Statistics(any_mini_db)
    dept = _org_id(any_mini_db, "test.housing")
    stats.save_month_counts(JUNE, dept, True, B_GRID, TODAY)  # desk B saves June meanwhile
    row = next(i for i, (key, _) in enumerate(dialog.grid.needs) if key == "housing")
    assert dialog.grid.setData(dialog.grid.index(row, list(Channel).index(Channel.PHONE)), 3)
    assert not dialog.save()
    assert "他の窓口が保存しています（現在 合計 5件）" in dialog.message.text()
    assert stats.month_counts(JUNE, dept, True) == B_GRID  # B's 5件 are intact
    assert dialog.grid.counts == A_GRID and dialog.grid.dirty  # her 3件 are still in the form, unsaved
    assert dialog.save()  # she saves again, having been told: hers replace B's
    assert stats.month_counts(JUNE, dept, True) == A_GRID


def test_a_form_that_could_not_read_the_month_does_not_replace_it_unseen(qtbot, any_mini_db, monkeypatch):
    from dvdesk.app.shared_mode import ServerAway
    from dvdesk.gui.referrals.count_entry_dialog import CountEntryDialog

    stats = Statistics(any_mini_db)
    dept = _org_id(any_mini_db, "test.housing")
    stats.save_month_counts(JUNE, dept, True, B_GRID, TODAY)  # June's 5件, entered earlier
    dialog = CountEntryDialog(any_mini_db, TODAY, JUNE)
    qtbot.addWidget(dialog)

    def away(*_a, **_k):
        raise ServerAway("offline", ServerAway.RECORDS)

    monkeypatch.setattr(dialog.statistics, "month_counts", away)
    dialog.department.setCurrentText("住宅課")  # the server is away: the month cannot be read, the grid is empty
    assert dialog.grid.counts == {} and "表示できません" in dialog.message.text()
    monkeypatch.undo()  # the server is back; she types June's numbers into the empty grid and saves
    row = next(i for i, (key, _) in enumerate(dialog.grid.needs) if key == "housing")
    assert dialog.grid.setData(dialog.grid.index(row, list(Channel).index(Channel.PHONE)), 3)
    assert not dialog.save()
    assert "現在 合計 5件" in dialog.message.text()
    assert stats.month_counts(JUNE, dept, True) == B_GRID  # the 5件 she never saw are intact
