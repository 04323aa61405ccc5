"""The first-run setup used as an administrator would, with screenshots and the 要確認 count.

    xvfb-run -a .venv/bin/python scripts/first_run_demo.py OUT_DIR

Throw-away DVDESK_HOME filled from the bundled directory; chooses 高岡市, fills three departments'
phones with clearly fictional numbers (0766-00-000N, never written to resources/), saves and
marks them verified, then shows the counselor's window on a service of one of them. Prints the
number of 要確認 marks across 高岡市's services before and after.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["DVDESK_HOME"] = tempfile.mkdtemp(prefix="dvdesk-firstrun-")

from PySide6.QtWidgets import QApplication

from dvdesk.domain.directory import service_detail
from dvdesk.domain.models import Municipality, Service
from dvdesk.gui.admin.window import AdminWindow
from dvdesk.gui.app import Desk, apply_font
from dvdesk.gui.detail_html import STALE_COLOR, DetailHtml
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from dvdesk.storage.db import open_database

MARK = f'<span style="color:{STALE_COLOR}; font-size:small;">要確認'  # the mark, not the word in a note
FAKE = ["0766-00-0001", "0766-00-0002", "0766-00-0003"]


def settle(app: QApplication) -> None:
    for _ in range(8):
        app.processEvents()


def marks(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(要確認 marks, services showing one) across 高岡市's services, as the counselor's screen renders them."""
    html = DetailHtml()
    with db.read() as s:
        ids = [i for (i,) in s.query(Service.id).join(Municipality).filter(Municipality.code == "162027")]
        counts = [html.service(service_detail(s, i)).count(MARK) for i in ids]
    return sum(counts), sum(1 for c in counts if c)


def show_desk(app: QApplication, desk: Desk, path: Path) -> None:
    win = desk.window
    win.resize(1280, 800)
    win.municipality.setCurrentIndex(win.municipality.findData("162027"))
    win.results.search.setText("専任相談員")
    win.controller.run_now()
    settle(app)
    win.results.select_row(0)
    settle(app)
    win.grab().save(str(path))


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "shots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    db = open_database()
    settings = Settings()
    apply_font(app, settings.point_size)
    translators = Translators()
    translators.install("ja")
    before = marks(db)
    desk = Desk(db, settings, translators)
    desk.show()
    show_desk(app, desk, out / "0-desk-before.png")

    admin = AdminWindow(db, "管理 花子")
    admin.show()
    w = admin.open_first_run()
    w.query.setText("高岡")
    settle(app)
    w.choose_current()
    settle(app)
    w.grab().save(str(out / "1-before.png"))

    rows = [r for r in range(w.grid.rowCount()) if not w.grid.item(r, 2).text()][:3]
    names = [w.rows[r].name for r in rows]
    for r, phone in zip(rows, FAKE, strict=True):
        w.grid.item(r, 2).setText(phone)
        w.grid.item(r, 4).setText("窓口")
        w.grid.item(r, 5).setText("1階")
    settle(app)
    w.grab().save(str(out / "2-filled.png"))
    w.save_all(verify=True)
    settle(app)
    w.grab().save(str(out / "3-after-save.png"))
    after = marks(db)

    show_desk(app, desk, out / "4-desk-service.png")
    print(f"filled: {', '.join(names)}")
    print(
        f"要確認 marks across 高岡市's services: before {before[0]} (on {before[1]} services), "
        f"after {after[0]} (on {after[1]} services)"
    )
    print(w.statusBar().currentMessage())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
