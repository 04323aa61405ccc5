"""Where data lives: per-user folders, DVDESK_HOME, and the portable layout of a built program."""

import sys

import platformdirs

from dvdesk import paths


def built_program_in(folder, monkeypatch):
    monkeypatch.delenv("DVDESK_HOME", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "dvdesk.exe"))


def test_a_built_program_with_a_dvdesk_data_folder_keeps_everything_in_it(tmp_path, monkeypatch):
    built_program_in(tmp_path, monkeypatch)
    (tmp_path / "dvdesk-data").mkdir()
    portable = tmp_path / "dvdesk-data"
    assert paths.database_path() == portable / "data" / "dvdesk.sqlite3"
    assert paths.log_dir() == portable / "logs"
    assert paths.backups_dir() == portable / "data" / "backups"


def test_without_the_folder_a_built_program_uses_the_per_user_folders(tmp_path, monkeypatch):
    built_program_in(tmp_path, monkeypatch)
    assert paths.data_dir() == paths.Path(platformdirs.user_data_dir("dvdesk", appauthor=False))


def test_dvdesk_home_wins_over_the_portable_folder(tmp_path, monkeypatch):
    built_program_in(tmp_path, monkeypatch)
    (tmp_path / "dvdesk-data").mkdir()
    monkeypatch.setenv("DVDESK_HOME", str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere" / "data"


def test_a_source_checkout_ignores_a_folder_beside_python(tmp_path, monkeypatch):
    monkeypatch.delenv("DVDESK_HOME", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / "dvdesk-data").mkdir()
    assert paths.portable_home() is None
