"""The About dialog: the program's version, what data this PC holds, and the bundled licences."""

from PySide6.QtCore import Qt

from dvdesk import __version__, about
from dvdesk.gui.about_dialog import AboutDialog


def texts(widget):
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in widget.findChildren(QLabel))


def test_about_shows_version_data_and_licences(qtbot, bundled_db):
    dialog = AboutDialog(bundled_db)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = texts(dialog)
    assert f"dvdesk {__version__}" in shown
    with bundled_db.read() as session:
        from sqlalchemy import func, select

        from dvdesk.domain.models import Service

        services = session.scalar(select(func.count()).select_from(Service))
    assert f"サービス {services:,}" in shown
    assert str(bundled_db.path) in shown
    model = dialog.components
    rows = {model.index(r, 0).data(): model.index(r, 2).data() for r in range(model.rowCount())}
    assert rows["Qt"] == "LGPL-3.0" and rows["SQLAlchemy"] == "MIT"
    assert rows["BIZ UDPGothic"] == "SIL Open Font License 1.1"
    assert "SIL OPEN FONT LICENSE" in dialog.font_licence.toPlainText()


def test_font_version_is_read_from_the_font_file():
    assert about.font_version(about.FONT)[0].isdigit()
    assert about.font_name("no-such-font.ttf", 5) == "—"


def test_the_dialog_opens_even_when_the_database_cannot_be_read(qtbot, tmp_path):
    class Broken:
        path = tmp_path / "gone.sqlite3"

        def read(self):
            raise OSError("unreadable")

    dialog = AboutDialog(Broken())
    qtbot.addWidget(dialog)
    assert "読み取れませんでした" in texts(dialog)
    assert dialog.components.rowCount() > 5
    assert dialog.components.headerData(0, Qt.Orientation.Horizontal) == "名称"


def test_the_last_package_import_is_read_from_the_record_the_import_writes():
    raw = (
        '{"at": "2026-04-02T09:15:00+09:00", "from": "SODAN-PC1", '
        '"exported_at": "2026-04-01T17:30:00+09:00", "sha256": "ab", "admin": "管理者"}'
    )
    assert about._package_record(raw) == about.PackageRecord("SODAN-PC1", "2026-04-01 17:30", "2026-04-02 09:15")
    assert about._package_record("") is None and about._package_record("not json") is None
