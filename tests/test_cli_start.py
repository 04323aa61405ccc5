"""What a start does before its work (issue 14 item 3): the window builds no argument parser, a
subcommand imports only its own module, the log file waits for a first record, and the Chinese
and Vietnamese print fonts wait for a printout. Each is checked in what the user gets."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import dvdesk.cli as cli


def registered(module: str) -> tuple[str, ...]:
    names: list[str] = []

    class Anything:
        def __getattr__(self, _name):
            return lambda *a, **k: Anything()

    def add(name, _func, _help):
        names.append(name)
        return Anything()

    importlib.import_module(module).register(add)
    return tuple(names)


def test_the_command_table_names_what_each_module_registers():
    assert {m: registered(m) for m in cli.COMMAND_MODULES} == cli.COMMANDS
    every = cli.build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert sorted(every) == sorted(n for names in cli.COMMANDS.values() for n in names)


def test_the_window_is_opened_without_building_a_parser(monkeypatch):
    code = "import sys, dvdesk.cli; print('argparse' in sys.modules, 'dvdesk.cli.cli_support' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PATH": ""})
    assert done.stdout.split() == ["False", "False"], done.stderr
    opened = []
    monkeypatch.setattr(cli, "_open_window", lambda: opened.append(True) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda *_: pytest.fail("a parser was built for the window"))
    assert cli.main([]) == 0
    assert opened == [True]


def test_a_mistyped_command_still_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["serch", "相談"])
    assert exit_.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "search" in err and "server-backup" in err and "checklist" in err  # three modules' commands
    assert len(err.strip().splitlines()) == 1


def run_dvdesk(args: list[str], db, home) -> subprocess.CompletedProcess:
    code = """
import json, sys
from dvdesk.cli import main
code = main(sys.argv[1:])
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("dvdesk.cli.", "logging.")))), file=sys.stderr)
raise SystemExit(code)
"""
    env = {"DVDESK_HOME": str(home), "DVDESK_DB": str(db.path), "PATH": "", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)


def test_a_search_imports_only_its_command_module_and_writes_no_log(bundled_db, tmp_path):
    bundled_db.close()
    done = run_dvdesk(["search", "相談", "--json"], bundled_db, tmp_path)
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert hits and all(h["name"] for h in hits)
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    assert [m for m in modules if m.startswith("dvdesk.cli.")] == [
        "dvdesk.cli.cli_support",
        "dvdesk.cli.command_line",
        "dvdesk.cli.directory_commands",
    ]
    assert "logging.handlers" not in modules
    assert not (tmp_path / "logs").exists()  # nothing logged: no log folder made


def test_a_subcommand_help_is_its_own_usage(bundled_db, tmp_path):
    bundled_db.close()
    done = run_dvdesk(["search", "--help"], bundled_db, tmp_path)
    assert done.returncode == 0
    assert "usage: dvdesk search" in done.stdout and "--municipality" in done.stdout


LOGGING = """
import logging, sys
from pathlib import Path
from dvdesk.logging_setup import configure_logging
configure_logging()
home = Path(sys.argv[1])
print((home / "logs").exists(), "logging.handlers" in sys.modules)
logging.getLogger("dvdesk.test").warning("the first record")
logging.getLogger("dvdesk.test").info("the second record")
logging.shutdown()
print("done")
"""


def run_logging(home) -> list[str]:
    # A fresh interpreter: other tests (and Alembic's logging set-up) change the process's loggers.
    done = subprocess.run(
        [sys.executable, "-c", LOGGING, str(home)],
        capture_output=True,
        text=True,
        env={"DVDESK_HOME": str(home), "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout.split()


def test_the_log_file_is_opened_at_the_first_record_and_holds_it(tmp_path):
    assert run_logging(tmp_path) == ["False", "False", "done"]  # nothing logged yet: no folder, no import
    lines = (tmp_path / "logs" / "dvdesk.log").read_text(encoding="utf-8").splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == ["the first record", "the second record"]
    assert " WARNING dvdesk.test" in lines[0]


def test_an_unwritable_log_folder_loses_the_record_not_the_work(tmp_path):
    home = tmp_path / "home"
    home.write_text("a file where the folder should be")
    assert run_logging(home) == ["False", "False", "done"]  # the records are dropped, nothing raised


def test_the_chinese_and_vietnamese_fonts_wait_for_a_printout():
    code = """
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
from dvdesk.gui import fonts
from dvdesk.printing import qt_fonts
fonts.ui_font_family()
print(qt_fonts._extras_loaded)
fonts.load_fallback_extras()  # after the first paint
print(qt_fonts._extras_loaded == qt_fonts.japanese_font_loaded())
from dvdesk.printing.qt_render import print_font
print_font()
print(qt_fonts._extras_loaded, qt_fonts.japanese_font_loaded())
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert done.stdout.split() == ["False", "True", "True", "True"], done.stderr
