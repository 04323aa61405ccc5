"""The start's preload thread (gui.app._preload) cannot hang the start: it imports only Qt-free
modules, and the main thread imports none of them while the thread runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from dvdesk.gui import app as gui_app

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


def test_the_preloaded_modules_load_no_qt():
    loaded = _python(f"""
        import json, sys
        for name in {gui_app.PRELOADED!r}:
            __import__(name)
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {QT!r} or m.startswith("dvdesk.gui"))))
    """)
    assert loaded == []


def test_the_main_thread_imports_nothing_the_preload_imports_while_it_runs(tmp_path):
    """What ``run`` imports between starting the thread and joining it (the QApplication, fonts,
    translations, the single-instance guard; today only ``pwd``), measured with the thread left out,
    shares no module with what the thread imports: no two threads wait on each other's import locks."""
    meanwhile = _python(
        """
        import json, sys
        from dvdesk.gui import app

        class Joined:
            def join(self, timeout=None):
                print(json.dumps(sorted(set(sys.modules) - started)))
                raise SystemExit(0)

        def preload():
            global started
            started = set(sys.modules)
            return Joined()

        app._preload = preload
        app.run([])
        """,
        {"DVDESK_HOME": str(tmp_path / "home")},
    )
    preloaded = _python(f"""
        import json, sys
        from dvdesk.gui import app
        before = set(sys.modules)
        for name in {gui_app.PRELOADED!r}:
            __import__(name)
        print(json.dumps(sorted(set(sys.modules) - before)))
    """)
    assert "dvdesk.app.directory_queries" in preloaded and "dvdesk.domain.search" in preloaded
    assert set(meanwhile) & set(preloaded) == set()


def test_the_preload_covers_every_qt_free_module_of_the_window():
    """After the preload, the main thread has only ``dvdesk.gui`` modules of ours left to import."""
    rest = _python(f"""
        import json, sys
        from dvdesk.gui import app
        for name in {gui_app.PRELOADED!r}:
            __import__(name)
        before = set(sys.modules)
        import dvdesk.gui.desk_menus, dvdesk.gui.start_tasks
        print(json.dumps(sorted(m for m in set(sys.modules) - before if m.startswith("dvdesk."))))
    """)
    assert rest and all(m.startswith("dvdesk.gui.") for m in rest)
