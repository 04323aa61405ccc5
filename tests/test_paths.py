"""Where data lives: per-user folders, DVDESK_HOME, and the portable layout of a built program."""

import sys

import platformdirs
import pytest

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


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://desk@nowhere.invalid/dvdesk", "共有サーバー（PostgreSQL）に接続できません"),
        ("postgres://nowhere.invalid/db", "共有サーバー（PostgreSQL）に接続できません"),
        ("sqlite:///x.db", "この URL は使えません"),
    ],
)
def test_a_url_is_never_a_folder_name(tmp_path, monkeypatch, capsys, url, said):
    """Before: a folder named "postgresql:" appeared with a new, empty SQLite file inside. A
    PostgreSQL URL is shared mode (an unreachable server is one line); any other URL is refused."""
    from dvdesk.cli import main

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["--db", url, "info"]) == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert list(work.iterdir()) == []


def test_a_windows_drive_path_is_still_a_path():
    from dvdesk.storage.db import URL_SCHEME

    assert not URL_SCHEME.match("C:/Users/desk/dvdesk.sqlite3")
    assert not URL_SCHEME.match("C:\\Users\\desk\\dvdesk.sqlite3")
    assert URL_SCHEME.match("postgresql:/desk@server/dvdesk")
