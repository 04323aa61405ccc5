"""A storage failure in the referral and statistics windows is said in the interface language:
the referral form said 「共有サーバー（PostgreSQL）に接続できません…」 in the English interface, though
every storage message has its English (error_dialogs.STORAGE_MESSAGES)."""

from __future__ import annotations

from pathlib import Path

from dvdesk.gui import i18n
from dvdesk.gui.referrals.casework_widgets import MessageBar, attempt
from dvdesk.storage.errors import DiskFull, ServerUnavailable


def test_the_message_bar_says_a_storage_failure_in_english(qtbot):
    bar = MessageBar()
    qtbot.addWidget(bar)
    translators = i18n.Translators()
    translators.install("en")
    try:
        for error in (ServerUnavailable(Path("postgresql://desk"), "refused"), DiskFull(Path("d.sqlite3"), "ENOSPC")):

            def fail(error: Exception = error) -> None:
                raise error

            ok, _ = attempt(bar, fail)
            assert not ok
            assert bar.text() and bar.text().isascii(), bar.text()
            assert "refused" not in bar.text() and "ENOSPC" not in bar.text()
    finally:
        translators.uninstall()
    ok, _ = attempt(bar, lambda: (_ for _ in ()).throw(DiskFull(Path("d.sqlite3"), "ENOSPC")))
    assert not ok and bar.text() == DiskFull.message  # Japanese interface: the Japanese text
