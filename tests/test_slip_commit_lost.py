"""A slip whose referral's save lost the shared server during its COMMIT (the server may hold it):
the slip panel said 「連絡票は出力しましたが、紹介の記録はできませんでした: 保存の途中で…確かめられません」,
both 'not recorded' and 'cannot tell' — and 'not recorded' is what makes a counselor record it twice
(README: CommitUncertain). Now it says only that it cannot be told, and to look in the log first.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from dvdesk.app.referrals import Referrals
from dvdesk.app.shared_mode import SharedDatabase
from dvdesk.gui.checklist_dialog import ChecklistDialog
from dvdesk.storage.errors import CommitUncertain
from test_shared_mode import Switch


class LosesTheAnswer(Switch):
    """The COMMIT reaches the server; the answer never comes back."""

    @contextlib.contextmanager
    def write(self):
        with self.db.write() as s:
            yield s
        raise CommitUncertain(self.db.path, "server closed the connection unexpectedly")


def test_a_slip_whose_save_may_have_reached_the_server_never_says_not_recorded(
    qtbot, checklist_db, tmp_path, monkeypatch
):
    db = SharedDatabase(LosesTheAnswer(checklist_db).connect, tmp_path / "copy" / "directory.sqlite3")
    try:
        d = ChecklistDialog(db, "高岡市", ["children"])
        qtbot.addWidget(d)
        reports: list[str] = []
        monkeypatch.setattr(d, "report", reports.append)
        d.select_item(d.model.checklist().sections[0].items[0])
        d.slip.counselor_name.setText("相談員A")
        d.slip.case_ref.setText("R7-0001")
        assert d.slip.save_pdf(tmp_path / "slip.pdf") is not None  # the slip is out
        assert len(reports) == 1, reports
        assert "確かめられません" in reports[0] and "一覧で確かめ" in reports[0], reports
        assert "できませんでした" not in reports[0], reports
        rows = Referrals(checklist_db).log(dt.date.today(), open_only=False).rows
        assert [r.case_ref for r in rows] == ["R7-0001"]  # indeed on the server
        d._discarded()
    finally:
        db.close()
