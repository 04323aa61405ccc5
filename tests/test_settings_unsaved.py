"""A preference that cannot be written (a full disk, a folder she cannot write to) is said, plainly, in
Japanese; the desk goes on with the value she chose, and the next save that succeeds writes it.

The settings file is made unwritable by putting a folder where it goes: the atomic save's rename
fails as it does on a full disk (tried by hand on a 1 MB tmpfs: the same AccessError)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dvdesk.app.directory_queries import DeskData
from dvdesk.gui import plain
from dvdesk.gui.main_window import MainWindow
from dvdesk.gui.settings import Settings
from gui_support import TAKAOKA


@pytest.fixture
def told(monkeypatch) -> list[tuple[str, str]]:
    boxes: list[tuple[str, str]] = []
    monkeypatch.setattr(plain, "warn", lambda parent, title, text: boxes.append((title, text)))
    return boxes


def _unwritable(settings: Settings) -> Path:
    path = Path(settings.file_name)
    if path.exists():
        path.unlink()
    path.mkdir()
    return path


def test_a_municipality_not_saved_is_said_and_kept_for_the_session(qtbot, desk_db, told):
    settings = Settings()
    settings.sync()
    window = MainWindow(DeskData(desk_db), settings)
    qtbot.addWidget(window)
    assert told == []  # opening writes nothing that fails
    blocked = _unwritable(settings)
    window.municipality.setCurrentIndex(window.municipality.findData(TAKAOKA))
    assert len(told) == 1, told  # one box for one change
    title, text = told[0]
    assert title == "設定を保存できませんでした"
    assert "「市区町村」の変更を保存できませんでした" in text and "ディスクがいっぱい" in text
    assert "次に起動したときは元の設定に戻ります" in text
    # The desk goes on with what she chose.
    assert window.municipality_code() == TAKAOKA
    assert settings.municipality_code == TAKAOKA
    # Once the file can be written, the next change writes the kept one too.
    blocked.rmdir()
    settings.point_size = 13
    assert len(told) == 1
    written = Path(settings.file_name).read_text(encoding="utf-8")
    assert f"municipality={TAKAOKA}" in written and "point_size=13" in written


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (lambda s: setattr(s, "language", "en"), "表示の言語"),
        (lambda s: setattr(s, "point_size", 15), "文字の大きさ"),
        (lambda s: setattr(s, "show_all_kinds", True), "啓発・庁内の取組も表示"),
        (lambda s: setattr(s, "desk_department", "org-1"), "この端末の部署"),
        (lambda s: s.sync(), "画面の配置"),
    ],
)
def test_every_preference_not_saved_is_said(qapp, change, what):
    said: list[str] = []
    settings = Settings(lambda w, file_name: said.append(w))
    settings.language = "ja"
    assert said == []
    _unwritable(settings)
    change(settings)
    assert said == [what]
    assert os.path.isdir(settings.file_name)  # nothing was written over it


def test_a_saved_change_says_nothing(qapp, told):
    settings = Settings()
    settings.language = "en"
    settings.municipality_code = TAKAOKA
    assert told == []
    again = Settings()
    assert (again.language, again.municipality_code) == ("en", TAKAOKA)
