"""The window's Qt-free modules (cli.WINDOW_QT_FREE) are imported before PySide6: once PySide6 is
loaded it reads the source of each module an import statement names (its ``__feature__`` check),
so importing them first spares the start reading ~40 files. They load no Qt, they are every
module of ours the window needs outside ``dvdesk.gui``, and the window's start (``dvdesk`` with no
arguments, and the start-up probe) has them all before PySide6 is first imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from dvdesk import cli

QT = ("PySide6", "shiboken6", "shibokensupport")


def _python(code: str, env: dict[str, str] | None = None) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {})),
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_windows_qt_free_modules_load_no_qt():
    loaded = _python(f"""
        import json, sys
        for name in {cli.WINDOW_QT_FREE!r}:
            __import__(name)
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {QT!r} or m.startswith("dvdesk.gui"))))
    """)
    assert loaded == []


def test_they_are_every_module_of_ours_the_window_needs_outside_gui():
    """After them, the window has only ``dvdesk.gui`` modules of ours left to import (and
    ``printing.qt_fonts``, the one printing module that imports Qt)."""
    rest = _python(f"""
        import json, sys
        for name in {cli.WINDOW_QT_FREE!r}:
            __import__(name)
        before = set(sys.modules)
        import dvdesk.gui.app, dvdesk.gui.desk_menus, dvdesk.gui.shared_desk, dvdesk.gui.start_tasks
        print(json.dumps(sorted(m for m in set(sys.modules) - before if m.startswith("dvdesk."))))
    """)
    assert rest and all(m.startswith("dvdesk.gui") or m == "dvdesk.printing.qt_fonts" for m in rest), rest


def test_the_window_imports_them_before_pyside(tmp_path):
    """What the window's start (and the probe, which runs the same start) has imported of ours when
    PySide6 is first imported: every Qt-free module of the window; and the collector is off."""
    wanted = _python(f"""
        import json, sys
        before = set(sys.modules)
        for name in {cli.WINDOW_QT_FREE!r}:
            __import__(name)
        print(json.dumps(sorted(m for m in set(sys.modules) - before if m.startswith("dvdesk."))))
    """)
    for probe in ("", "app"):
        at_pyside = _python(
            """
            import json, sys

            class AtPySide:
                def find_spec(self, name, path=None, target=None):
                    if name == "PySide6":
                        import gc

                        ours = sorted(m for m in sys.modules if m.startswith("dvdesk."))
                        print(json.dumps([*ours, f"collector on: {gc.isenabled()}"]), flush=True)
                        raise SystemExit(0)
                    return None

            sys.meta_path.insert(0, AtPySide())
            from dvdesk.cli import main
            main([])
            """,
            {"DVDESK_HOME": str(tmp_path / "home"), "DVDESK_STARTUP_PROBE": probe},
        )
        assert "dvdesk.domain.search" in wanted and "dvdesk.app.start_checks" in wanted
        assert set(wanted) <= set(at_pyside), sorted(set(wanted) - set(at_pyside))
        assert "collector on: False" in at_pyside  # off from here to the first paint (gui.app.run)
