"""The settings file: where it lives, what it remembers, and surviving a damaged one."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dvdesk import paths
from dvdesk.app.directory_queries import DeskData
from dvdesk.gui.main_window import MainWindow
from dvdesk.gui.settings import MAX_POINT_SIZE, Settings
from gui_support import TAKAOKA


def test_settings_live_in_the_config_folder_and_round_trip(qapp):
    s = Settings()
    assert s.file_name.startswith(str(paths.config_dir()))
    s.language, s.point_size, s.municipality_code, s.show_all_kinds = "en", 14, TAKAOKA, True
    s.sync()
    again = Settings()
    assert (again.language, again.point_size, again.municipality_code, again.show_all_kinds) == (
        "en",
        14,
        TAKAOKA,
        True,
    )
    again.point_size = 500
    assert again.point_size == MAX_POINT_SIZE


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\xff\xfe garbage \x81\x40",
        b"[ui]\nlanguage=klingon\npoint_size=huge\n[desk]\nmunicipality=999999\n[layout]\ngeometry=@ByteArray(xx)\n",
        b"[ui\npoint_size=-3\n",
    ],
)
def test_a_damaged_settings_file_opens_the_window_with_defaults(qtbot, desk_db, garbage):
    (paths.config_dir()).mkdir(parents=True, exist_ok=True)
    (paths.config_dir() / "dvdesk.ini").write_bytes(garbage)
    s = Settings()
    assert s.language == "ja"
    assert 8 <= s.point_size <= MAX_POINT_SIZE
    window = MainWindow(DeskData(desk_db), s)
    qtbot.addWidget(window)
    assert window.municipality_code() is None  # an unknown code falls back to 全市区町村
    assert window.results.model.rowCount() > 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_settings_file_is_read_without_error(qapp, data):
    (paths.config_dir()).mkdir(parents=True, exist_ok=True)
    (paths.config_dir() / "dvdesk.ini").write_bytes(data)
    s = Settings()
    assert s.language in ("ja", "en")
    assert isinstance(s.point_size, int)
    assert isinstance(s.municipality_code, str)
    assert isinstance(s.show_all_kinds, bool)
    for name in ("geometry", "mainSplitter"):
        s.layout(name)
