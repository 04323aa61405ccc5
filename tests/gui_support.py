"""Fixtures and helpers for driving the counselor's window. Fictional data only.

``desk_db`` is the mini directory (高岡市, fictional services) plus a second fictional
municipality and one fictional national line, so that switching municipality and the
always-included national lines can be seen.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import getCppPointer
from sqlalchemy import select

from dvdesk.domain.models import ContactPoint, Municipality, Need, Organization, OrgKind, Service
from dvdesk.storage import search_index
from shared_build import built_once

KUNITACHI = "132152"
TAKAOKA = "162027"


def _top_windows() -> dict[int, QWidget]:
    """The application's parentless top-level widgets, by their C++ address (a wrapper's id is not
    stable: Qt hands out a new wrapper for a widget Python did not make)."""
    if QApplication.instance() is None:
        return {}
    return {getCppPointer(w)[0]: w for w in QApplication.topLevelWidgets() if w.parentWidget() is None}


@pytest.fixture(autouse=True)
def _left_windows_deleted():
    """A window a test leaves behind is closed and deleted after it. A closed desk window is not
    freed by Python: lambdas connected to its children's signals hold it in a cycle through C++
    that the collector cannot see. Left alone, every later test's font and language changes went
    through all of them (~90 widgets per desk, thousands by the end of a worker's run): the cost of
    a GUI test grew with the number of GUI tests before it. Closing first makes a desk stop
    listening to its start tasks (``Desk._window_closing``), so a late report never reaches a window
    being deleted. Widgets that were there before the test are left as they were."""
    before = _top_windows()
    yield
    left = {address: w for address, w in _top_windows().items() if address not in before}
    if left:
        for widget in left.values():
            widget.close()
            widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


TEST_TYPING_PAUSE_MS = 5


@pytest.fixture(autouse=True)
def _short_typing_pause(monkeypatch: pytest.MonkeyPatch) -> int:
    """The search box waits for a pause in typing (``search_controller.DEBOUNCE_MS``, 150 ms) before
    it searches; a test that types waited that long for nothing each time (~70 times in a run). Tests
    get a 5 ms pause: still a pause (the search runs from the event loop, never inside a keystroke),
    so what they check of it holds. ``real_typing_pause`` gives a test the product's own."""
    from dvdesk.gui import search_controller

    product = search_controller.DEBOUNCE_MS
    monkeypatch.setattr(search_controller, "DEBOUNCE_MS", TEST_TYPING_PAUSE_MS)
    return product


@pytest.fixture
def real_typing_pause(_short_typing_pause: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """The product's pause, for the test of the pause itself (request it before the window)."""
    from dvdesk.gui import search_controller

    monkeypatch.setattr(search_controller, "DEBOUNCE_MS", _short_typing_pause)
    return _short_typing_pause


@pytest.fixture(scope="session")
def _desk_template(_mini_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mini plus the second town and the national line, built once per run (shared by the workers)."""
    return built_once(tmp_path_factory, "desk.sqlite3", lambda path: _build_desk(_mini_template, path))


def _build_desk(mini: Path, path: Path) -> None:
    from dvdesk.storage.db import open_database

    shutil.copy(mini, path)
    db = open_database(path, fill=False)
    with db.write() as s:
        needs = {n.key: n for n in s.scalars(select(Need))}
        town = Municipality(code=KUNITACHI, name="国立市", prefecture="東京都", source="test fixture")
        welfare = Organization(
            key="kt.welfare",
            municipality=town,
            name="テスト子育て支援課",
            kind=OrgKind.CITY_DEPARTMENT,
            source="test fixture",
            contacts=[ContactPoint(label="窓口", phone="0766-11-1111", window="1階 3番", hours="平日 8:30〜17:00")],
        )
        national = Organization(
            key="nat.line", name="テスト全国相談ダイヤル運営", kind=OrgKind.NATIONAL, source="test fixture"
        )
        s.add_all(
            [
                Service(
                    key="kt.svc.single",
                    municipality=town,
                    organization=welfare,
                    name="ひとり親家庭の手当の相談",
                    description="手当の申請を案内します",
                    needs=[needs["children.allowance"]],
                    source="test fixture",
                    verified_on=dt.date.today() - dt.timedelta(days=30),
                    verified_by="テスト担当",
                ),
                Service(
                    key="nat.svc.line",
                    organization=national,
                    name="全国テスト相談ダイヤル",
                    phone="0120-000-000",
                    schedule="24時間",
                    needs=[needs["consultation"]],
                    languages=["日本語", "英語"],
                    source="test fixture",
                ),
            ]
        )
        s.flush()
        search_index.rebuild(s)
    db.close()


@pytest.fixture
def desk_db(_desk_template: Path, tmp_path: Path):
    from dvdesk.storage.db import open_database

    path = tmp_path / "mini.sqlite3"
    shutil.copy(_desk_template, path)  # the template is closed: a plain copy is consistent
    db = open_database(path, fill=False)
    yield db
    db.close()


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type as a Japanese input method does: each conversion arrives as a committed string.

    (QTest's key clicks only know ASCII keys.)
    """
    for ch in text:
        event = QInputMethodEvent("", [])
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)


def plain(browser_or_text) -> str:  # type: ignore[no-untyped-def]
    """What the counselor reads, without the word joiners that keep badges on one line."""
    text = browser_or_text if isinstance(browser_or_text, str) else browser_or_text.toPlainText()
    text = text.replace("\u2060", "").replace("\u00a0", " ")
    return re.sub(r"[ \t]+", " ", text)


def result_names(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.results.model
    return [model.hit(r).name for r in range(model.rowCount())]
