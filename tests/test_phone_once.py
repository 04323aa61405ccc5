"""A service that carries its department's number shows it once (the desk's clipboard text and the
detail pane), and a number kept as typed, without hyphens, is shown as she typed it."""

import shutil

import pytest

from conftest import MINI
from dvdesk.app.directory_queries import DeskData
from dvdesk.gui.detail_html import DetailHtml
from dvdesk.storage import bundled
from dvdesk.storage.db import open_database


@pytest.fixture
def shared_number_db(tmp_path):
    """The mini directory, its consultation line carrying its centre's number without hyphens."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    city = folder / "testcity.toml"
    city.write_text(
        city.read_text(encoding="utf-8").replace(
            'description = "夜間も受け付ける電話相談"', 'description = "夜間も受け付ける電話相談"\nphone = "0766990000"'
        ),
        encoding="utf-8",
    )
    db = open_database(tmp_path / "desk.sqlite3", fill=False)
    bundled.load_into(db, folder)
    yield db
    db.close()


def test_the_clipboard_text_gives_a_shared_number_once(qtbot, shared_number_db):
    detail = DeskData(shared_number_db).service("test.svc.consult")
    assert detail.phones == ["0766990000"]
    text = DetailHtml().contact_text(detail)
    assert text is not None
    assert text.count("0766990000") + text.count("0766-99-0000") == 1
    assert "相談室　2階　月〜金 9:00〜17:00" in text  # the contact's window and hours stay


def test_the_detail_pane_shows_a_number_kept_without_hyphens_as_typed(qtbot, shared_number_db):
    from PySide6.QtWidgets import QTextBrowser

    detail = DeskData(shared_number_db).service("test.svc.consult")
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(DetailHtml().service(detail))
    browser.resize(520, 640)
    browser.show()
    assert "0766990000" in browser.toPlainText()
