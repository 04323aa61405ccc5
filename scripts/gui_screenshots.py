"""Screenshots of each view of the counselor's window, in Japanese and English, for review.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/gui_screenshots.py OUT_DIR [WIDTHxHEIGHT]

The window is 1280×800 unless a size is given (1024×768: the smallest screen a desk PC has). The
other windows and dialogs (``window_shots.py``) open within the screen they are on: to see them as
on a 1024×768 screen, run under Xvfb with a screen of that size and Qt's X11 platform:

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1024x768x24" .venv/bin/python \
        scripts/gui_screenshots.py OUT 1024x768

Uses a throw-away DVDESK_HOME filled from the bundled directory; never touches real data.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DVDESK_HOME"] = tempfile.mkdtemp(prefix="dvdesk-shots-")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from window_shots import shoot_windows

from dvdesk.gui import error_dialogs
from dvdesk.gui.app import Desk, apply_font
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import CorruptDatabase

SIZE = (1280, 800)
SETTLE_S = 0.6


def settle(app: QApplication) -> None:
    """Events for 0.6 s: the list's count comes from a worker thread and the search box's clear
    button fades in, so a few rounds of events caught either half-way (4–14 of the 24 pictures
    differed between two runs of the same code, sessions 8–12)."""
    end = time.monotonic() + SETTLE_S
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def select_service(window, name_part: str) -> None:  # type: ignore[no-untyped-def]
    model = window.results.model
    for row in range(model.rowCount()):
        if name_part in model.hit(row).name:
            window.results.select_row(row)
            return
    raise SystemExit(f"no result containing {name_part!r}")


def shoot(app: QApplication, desk: Desk, out: Path, language: str) -> None:
    w = desk.window
    w.resize(*SIZE)
    settle(app)

    def save(name: str) -> None:
        settle(app)
        w.grab().save(str(out / f"{language}-{name}.png"))

    def municipality(code: str) -> None:
        w.municipality.setCurrentIndex(w.municipality.findData(code))

    municipality("")
    w.results.focus_results()
    save("01-start-all")

    municipality("162027")
    w.results.search.setText("シェルター")
    w.controller.run_now()
    select_service(w, "一時保護")
    save("02-search-shelter-takaoka")

    w.results.search.clear()
    w.controller.run_now()
    municipality("132152")
    w.needs.select(["children"])
    w.results.focus_results()
    save("03-need-children-kunitachi")

    w.needs.select(["housing", "money"])
    w.results.focus_results()
    save("04-two-needs-kunitachi")

    w.needs.clear()
    w.results.search.setText("DV相談ナビ")
    w.controller.run_now()
    w.results.focus_results()
    save("05-national-line")

    municipality("162027")
    w.results.search.setText("住民票")  # a procedure, its department, and the other kinds counted
    w.controller.run_now()
    w.results.select_row(0)
    save("05b-procedure")

    w.results.search.clear()
    w.controller.run_now()
    w.results.show_all.setChecked(True)
    municipality("162027")
    w.results.search.setText("研修")
    w.controller.run_now()
    w.results.focus_results()
    save("06-internal-measures")
    w.results.show_all.setChecked(False)
    w.results.search.clear()
    w.controller.run_now()

    w.tabs.setCurrentIndex(1)
    pane = w.departments
    center = next(o for o in pane.departments.all_organizations() if o.name == "男女平等推進センター")
    pane.select_department(pane.departments.index_of(center.id))
    if pane.services.rowCount():
        pane.table.selectRow(0)
    save("07-department-view")
    w.tabs.setCurrentIndex(0)

    for _ in range(4):
        w.change_point_size(+1)
    w.results.search.setText("住まい")
    w.controller.run_now()
    w.results.focus_results()
    save("08-large-text")
    w.set_point_size(11)

    municipality("162027")
    w.needs.select(["housing", "children"])
    dialog = w.open_checklist()  # beside the desk, not modal
    settle(app)
    if dialog is not None:
        dialog.resize(*SIZE)  # as on a screen of that size (never under its least size)
        settle(app)
        dialog.grab().save(str(out / f"{language}-10-checklist-from-desk.png"))
        dialog.close()
    w.needs.clear()

    message = error_dialogs.storage_message(CorruptDatabase(Path("x")))
    box = error_dialogs.error_box(
        None,
        message,
        QCoreApplication.translate(
            "App",
            "壊れたファイルは消さずに別の名前で保管し、最新の正常なバックアップ（なければ同梱のデータ）"
            "から始めることができます。",
        ),
        QMessageBox.StandardButton.NoButton,
    )
    box.addButton(QCoreApplication.translate("App", "バックアップから始める"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("App", "終了"), QMessageBox.ButtonRole.RejectRole)
    box.show()
    settle(app)
    box.grab().save(str(out / f"{language}-11-damaged-database-dialog.png"))
    box.close()

    menu = w.menuBar().actions()[1].menu()
    menu.popup(w.mapToGlobal(w.menuBar().pos()))
    settle(app)
    menu.grab().save(str(out / f"{language}-09-view-menu.png"))
    menu.hide()


def main() -> int:
    global SIZE
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "shots")
    if len(sys.argv) > 2:
        width, height = sys.argv[2].lower().split("x")
        SIZE = (int(width), int(height))
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    db = open_database()
    settings = Settings()
    apply_font(app, settings.point_size)
    for language in ("ja", "en"):
        translators = Translators()
        translators.install(language)
        settings.language = language
        desk = Desk(db, settings, translators)
        desk.show()
        shoot(app, desk, out, language)
        shoot_windows(app, desk, db, out, language, SIZE, settle)
        desk.window.close()
        translators.uninstall()
    db.close()
    print(f"saved to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
