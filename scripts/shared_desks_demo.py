"""Two desks on one PostgreSQL server, driven as counselors would, with screenshots.

    xvfb-run -a .venv/bin/python scripts/shared_desks_demo.py OUT_DIR

Starts a throw-away PostgreSQL cluster (tests/pg_support.py), fills it from the bundled directory,
and opens two desk windows in shared mode, each with its own settings folder and its own
connection to the server (as two PCs would): 高岡市 男女平等推進センター (the women's desk) and
高岡市 市民課. The women's desk records a referral to 市民課 in its referral log; 市民課's queue
shows it on its next poll; 市民課 takes it in, contacts, closes it; the women's desk's log
follows without reloading. Then the server is stopped (banner, search from the local copy, a
referral save refused) and started again. Screenshots at every step, in OUT_DIR.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import pg_support  # noqa: E402

WOMENS_DESK, SHIMINKA = "takaoka.danjo-center", "takaoka.shiminka"


def wait_until(app, condition, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the other desk did not show the change")
        app.processEvents()
        time.sleep(0.05)


def pg_ctl(cluster, data, action: str) -> None:  # type: ignore[no-untyped-def]
    cmd = [*pg_support._as_postgres_user(), pg_support.pg_bin("pg_ctl"), "-D", str(data), "-w", "-t", "60"]
    if action == "start":
        cmd += [
            "-l",
            str(cluster.socket_dir / "postgres.log"),
            "-o",
            f"-c listen_addresses='' -k {cluster.socket_dir} -c fsync=off",
            "start",
        ]
    else:
        cmd += ["-m", "fast", "stop"]
    subprocess.run(cmd, check=True, capture_output=True, text=True)


def desk_window(url: str, department: str, home: Path):  # type: ignore[no-untyped-def]
    """One PC: its own DVDESK_HOME (settings, local copy), its own connection to the server."""
    os.environ["DVDESK_HOME"] = str(home)
    os.environ["DVDESK_DB"] = url
    from dvdesk.gui.app import Desk
    from dvdesk.gui.i18n import Translators
    from dvdesk.gui.settings import Settings
    from dvdesk.gui.shared_desk import open_shared_or_local

    settings = Settings()
    settings.municipality_code = "162027"
    settings.desk_department = department
    translators = Translators()
    translators.install("ja")
    db = open_shared_or_local()
    desk = Desk(db, settings, translators)
    desk.window.resize(1280, 800)
    desk.show()
    return desk, db


def main(out: Path) -> int:
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    cluster, data = pg_support._start()
    try:
        url = cluster.url(cluster.new_database())
        from dvdesk.storage import server_setup

        server_setup.prepare(url, fill=True).close()
        homes = Path(tempfile.mkdtemp(prefix="dvdesk-demo-"))
        women, women_db = desk_window(url, WOMENS_DESK, homes / "womens-desk")
        shimin, shimin_db = desk_window(url, SHIMINKA, homes / "shiminka")
        women.window.setWindowTitle(women.window.windowTitle() + " — 男女平等推進センター（女性相談）")
        shimin.window.setWindowTitle(shimin.window.windowTitle() + " — 市民課")
        from dvdesk.app.referral_queue import ReferralQueue
        from dvdesk.domain.casework_models import ReferralStatus
        from dvdesk.gui.referrals.live import keep_current
        from dvdesk.gui.referrals.log_window import ReferralLogWindow
        from dvdesk.gui.referrals.queue_window import ReferralQueueWindow

        # The women's desk records a referral to 市民課 (住民票の支援措置) in its referral log.
        log = ReferralLogWindow(women_db, municipality_code="162027")
        keep_current(log, women_db, interval_ms=1000)
        log.resize(1200, 720)
        log.show()
        dialog = log.open_new_referral()
        dialog.counselor.setText("相談員 山")
        dialog.case_ref.setText("R7-0142")
        dialog.check(dialog.need_model, "safety")
        shiminka_id = ReferralQueue(women_db).find_desk(SHIMINKA).id
        dialog.check(dialog.department_model, shiminka_id)
        dialog.note.setText("住民票の支援措置の申出について連絡")
        app.processEvents()
        dialog.grab().save(str(out / "1-womens-desk-new-referral.png"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        app.processEvents()
        log.grab().save(str(out / "2-womens-desk-log-referred.png"))

        # 市民課's queue shows it on its next poll.
        queue = ReferralQueueWindow(
            shimin_db, shimin.settings.desk_department, municipality_code="162027", poll_ms=1000
        )
        queue.resize(1200, 700)
        queue.show()
        wait_until(app, lambda: any(r.case_ref == "R7-0142" for r in queue.model.rows))
        queue.select_case("R7-0142")
        app.processEvents()
        queue.grab().save(str(out / "3-shiminka-queue-new.png"))
        for status, note in (
            (ReferralStatus.RECEIVED, "受付しました"),
            (ReferralStatus.CONTACTED, "窓口で申出書を受け取る日を調整"),
            (ReferralStatus.DONE, "支援措置の申出を受理"),
        ):
            queue.note.setText(note)
            queue.move_buttons[status].click()
            app.processEvents()
            if status is ReferralStatus.CONTACTED:
                queue.grab().save(str(out / "4-shiminka-queue-contacted.png"))
        queue.show_closed.setChecked(True)
        queue.select_case("R7-0142")
        app.processEvents()
        queue.grab().save(str(out / "5-shiminka-queue-done.png"))

        # The women's desk's log follows without reloading.
        wait_until(
            app,
            lambda: (
                any(r.case_ref == "R7-0142" and r.status is ReferralStatus.DONE for r in log.model.rows)
                or (log.open_only.isChecked() and not log.model.rows)
            ),
        )
        log.open_only.setChecked(False)
        log.select_case("R7-0142")
        app.processEvents()
        log.grab().save(str(out / "6-womens-desk-log-done.png"))

        # A second referral, still open in 市民課's queue when the server goes.
        dialog = log.open_new_referral()
        dialog.counselor.setText("相談員 山")
        dialog.case_ref.setText("R7-0143")
        dialog.check(dialog.department_model, shiminka_id)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        wait_until(app, lambda: any(r.case_ref == "R7-0143" for r in queue.model.rows))

        def search(text: str) -> list[str]:
            women.window.results.search.setText(text)
            women.window.controller.run_now()
            app.processEvents()
            model = women.window.results.model
            return [model.hit(r).name for r in range(model.rowCount())]

        online = search("住民票")
        # The server stops: banner, search from the local copy, the queue's move refused.
        pg_ctl(cluster, data, "stop")
        women.window.server_banner.check()
        women.window.results.search.clear()
        offline = search("住民票")
        same = online == offline
        print(f"search 住民票: {len(online)} rows on the server, {len(offline)} from the copy, same: {same}")
        women.window.grab().save(str(out / "7-womens-desk-server-away.png"))
        shimin.window.server_banner.check()
        queue.select_case("R7-0143")
        queue.note.setText("受付しました")
        queue.move_buttons[ReferralStatus.RECEIVED].click()
        app.processEvents()
        queue.grab().save(str(out / "8-shiminka-queue-move-refused.png"))
        print("refused:", queue.message.text())
        shimin.window.grab().save(str(out / "9-shiminka-desk-server-away.png"))

        pg_ctl(cluster, data, "start")
        women.window.server_banner.check()
        shimin.window.server_banner.check()
        queue.move_buttons[ReferralStatus.RECEIVED].click()  # the same move, now that it is back
        app.processEvents()
        women.window.grab().save(str(out / "10-womens-desk-server-back.png"))
        queue.grab().save(str(out / "11-shiminka-queue-move-after-return.png"))
        print("banner visible after the server came back:", women.window.server_banner.isVisible())
        print("after return:", queue.message.text())
        for w in (log, queue, women.window, shimin.window):
            w.close()
        women_db.close()
        shimin_db.close()
    finally:
        pg_support._stop(cluster, data)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "shared-demo")))
