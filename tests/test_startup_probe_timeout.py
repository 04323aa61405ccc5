"""The start-up probe (benchmarks/bench_startup.py, the bundle's smoke test) ends on its timeout even
when the start failed into a modal error dialog, and says so: it used to wait in the dialog until
the caller's subprocess timeout (600 s in bench_startup)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest


@pytest.mark.slow  # waits out a probe's timeout: the thorough tier (CI runs both): the quick tier stays under 90 s
def test_a_probed_start_that_fails_into_a_dialog_ends_on_its_timeout_and_reports_it(tmp_path):
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    broken = home / "data" / "dvdesk.sqlite3"
    broken.mkdir()  # a folder where the database should be: the start cannot open it and says so in a dialog
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        DVDESK_HOME=str(home),
        DVDESK_STARTUP_PROBE="app",
        DVDESK_STARTUP_PROBE_TIMEOUT="3",
    )
    env.pop("DVDESK_DB", None)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "dvdesk"], capture_output=True, text=True, env=env, timeout=240)
    took = time.monotonic() - started
    assert done.returncode != 0
    reports = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert reports and "no first search within 3 s" in reports[-1]["error"], done.stdout
    assert reports[-1]["dialogs"] and all(reports[-1]["dialogs"]), reports  # what the dialog said
    assert "first_search" not in reports[-1]
    assert "startup probe: no first search" in done.stderr
    assert took < 200, took  # it ended itself (3 s), not at the caller's timeout
