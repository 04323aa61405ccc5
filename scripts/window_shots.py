"""The desk's other windows and dialogs, for ``gui_screenshots.py``: print preview, referral log and
form, statistics and count entry, administration, record form, 初期設定, import preview, settings,
login, about, and the error and question boxes a counselor meets.

A window is shown at the size given (as on a screen of that size); a dialog at its own size, or at
the screen's when it asks for more (what the window manager would do), which is printed: a dialog
larger than the screen is a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

ROOT = Path(__file__).resolve().parents[1]
HSDS_FEED = ROOT / "tests" / "data" / "hsds_thirdparty" / "uk_council_services_page1.json"
TAKAOKA = "162027"


class Shooter:
    def __init__(self, app: QApplication, out: Path, language: str, size: tuple[int, int], settle: Callable) -> None:
        self.app, self.out, self.language, self.size, self.settle = app, out, language, QSize(*size), settle

    def window(self, widget: QWidget, name: str) -> None:
        """A main window: as large as the screen."""
        widget.resize(self.size)
        widget.show()
        self._save(widget, name)

    def dialog(self, widget: QWidget, name: str) -> None:
        """A dialog: its own size, within the screen's."""
        widget.show()
        self.settle(self.app)
        own = widget.size()
        if own.width() > self.size.width() or own.height() > self.size.height():
            print(f"{self.language}-{name}: {own.width()}×{own.height()} is larger than the screen")
            widget.resize(own.boundedTo(self.size).expandedTo(widget.minimumSizeHint()))
        self._save(widget, name)

    def _save(self, widget: QWidget, name: str) -> None:
        self.settle(self.app)
        least = widget.minimumSizeHint()
        if least.width() > self.size.width() or least.height() > self.size.height():
            print(f"{self.language}-{name}: least size {least.width()}×{least.height()} is past the screen")
        widget.grab().save(str(self.out / f"{self.language}-{name}.png"))


def _action(desk: Any, name: str) -> None:
    action = desk.findChild(QAction, name)
    if action is None:
        raise SystemExit(f"no action {name}")
    action.trigger()


def _some_referrals(db: Any) -> None:
    """A few referrals with long names and several needs, so the log and the statistics show rows."""
    import datetime as dt

    from dvdesk.app.referrals import Referrals

    log = Referrals(db)
    if log.list():  # the first language's run made them
        return
    services, _departments = log.choices_in(TAKAOKA)
    longest = sorted(services, key=lambda c: len(c.label), reverse=True)
    today = dt.date.today()
    for n, choice in enumerate(longest[:4]):
        log.record(
            case_ref=f"R8-{1201 + n:04d}",
            counselor="相談員A",
            service_ids=[choice.id, longest[-1 - n].id],
            need_keys=list(choice.need_keys[:3]) or ["housing"],
            referred_on=today - dt.timedelta(days=20 * n),
            today=today,
        )


def shoot_windows(app: QApplication, desk: Any, db: Any, out: Path, language: str, size, settle) -> None:
    s = Shooter(app, out, language, size, settle)
    w = desk.window
    w.municipality.setCurrentIndex(w.municipality.findData(TAKAOKA))
    w.needs.select(["housing", "children"])
    checklist = w.open_checklist()
    settle(app)
    if checklist is not None:
        checklist.resize(s.size)
        preview = checklist.printing.make_preview()
        if preview is not None:
            s.window(preview, "12-print-preview")
            preview.dispose()
        slip = checklist.slip
        checklist.view.setCurrentIndex(checklist.model.index(0, 0, checklist.model.index(0, 0)))
        slip_preview = checklist.printing.make_preview(slip.document) if slip.isEnabled() else None
        if slip_preview is not None:
            s.window(slip_preview, "12b-slip-preview")
            slip_preview.dispose()
        checklist.close()
    w.needs.clear()

    _some_referrals(db)
    _action(w, "referralLogAction")
    log = w.findChild(QWidget, "referralLog")
    s.window(log, "13-referral-log")
    form = log.open_new_referral()
    s.dialog(form, "14-referral-form")
    form.reject()
    log.close()

    _action(w, "statisticsAction")
    stats = w.findChild(QWidget, "statistics")
    s.window(stats, "15-statistics")
    stats.source.setCurrentIndex(stats.source.count() - 1)  # the referrals recorded
    for index, name in ((1, "15b-statistics-departments"), (2, "15c-statistics-needs")):
        stats.tabs.setCurrentIndex(index)
        s.window(stats, name)
    entry = stats.open_count_entry()
    s.dialog(entry, "16-count-entry")
    entry.reject()
    stats.close()

    from dvdesk.gui.about_dialog import AboutDialog
    from dvdesk.gui.admin.case_pattern import CasePatternDialog
    from dvdesk.gui.admin.key_dialog import PackageKeyDialog
    from dvdesk.gui.admin.login import AdminLoginDialog
    from dvdesk.gui.admin.window import AdminWindow

    login = AdminLoginDialog(db, w)
    s.dialog(login, "17-admin-login")
    login.reject()

    admin = AdminWindow(db, "管理 花子")
    s.window(admin, "18-administration")
    admin.scope.setCurrentIndex(admin.scope.findData("162027"))  # one municipality and the nationwide records
    s.window(admin, "18a-administration-takaoka")
    admin.scope.widen()
    admin.show_kind("service")
    admin.table.selectRow(0)
    admin.edit_selected()
    s.dialog(admin.dialog, "19-record-form")
    admin.dialog.reject()
    first = admin.open_first_run()
    s.window(first, "20-first-run-setup")
    first.close()
    admin.table.selectRow(0)
    admin.history_of_selected()
    if admin.dialog is not None:
        s.dialog(admin.dialog, "19b-history")
        admin.dialog.reject()
    admin.show_report()
    s.dialog(admin.dialog, "21-verification-report")
    admin.dialog.reject()
    admin.import_hsds([HSDS_FEED])
    source = admin.dialog
    source.municipality.setCurrentIndex(source.municipality.findData(TAKAOKA))
    s.dialog(source, "22-hsds-source")
    source.next_button.click()
    s.dialog(admin.dialog, "23-import-preview")
    admin.dialog.reject()
    from dvdesk.gui.busy import BusyDialog

    busy = BusyDialog(admin.tr("取り込んでいます…"), admin)  # what a long import shows (``gui.busy``)
    s.dialog(busy, "23b-busy-import")
    busy.finished_work = True
    busy.close()
    pattern = CasePatternDialog(db, admin)
    s.dialog(pattern, "24-settings-case-number")
    pattern.reject()
    key = PackageKeyDialog(admin)
    s.dialog(key, "25-package-key")
    key.reject()
    admin.close()

    about = AboutDialog(db, w)
    s.dialog(about, "26-about")
    about.reject()

    from dvdesk.gui import error_dialogs

    box = error_dialogs.error_box(
        w,
        QApplication.translate("App", "データベースに書き込めませんでした。"),
        QApplication.translate("App", "ディスクの空きを確認してください。"),
        QMessageBox.StandardButton.Ok,
    )
    s.dialog(box, "27-error-box")
    box.close()

    from PySide6.QtCore import QTimer

    def grab_keys() -> None:
        keys = QApplication.activeModalWidget()
        if keys is not None:
            s.dialog(keys, "28-keyboard-help")
            keys.close()

    QTimer.singleShot(300, grab_keys)
    _action(w, "keysAction")
