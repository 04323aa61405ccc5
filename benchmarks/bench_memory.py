"""Memory: peak resident memory (VmHWM) with the directory open, bundled size and national scale.

Two fresh processes per database:

* window — the real startup (``DVDESK_STARTUP_PROBE=app``) on that database: window painted,
  one search answered;
* desk work — no window: open the database, and do what a counselor's session does many times
  (type-ahead searches in every scope, the need tree, a department list, service details).

    python -m benchmarks.bench_memory
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, bundled_db_path, machine, national_db_path, save

WORK = r"""
import json, sys
from pathlib import Path
from dvdesk.storage.db import open_database
from dvdesk.domain import directory
from dvdesk.domain.search import Searcher, SearchQuery
from benchmarks.bench_search import QUERIES, pick_municipality
from benchmarks.common import peak_rss_mb
db = open_database(Path(sys.argv[1]), fill=False)
after_open = peak_rss_mb()
with db.read() as s:
    code = pick_municipality(s)
    searcher = Searcher(s)
    for texts in QUERIES.values():
        for t in texts:
            for muni in (None, code):
                for hit in searcher.search(SearchQuery(t, muni))[:5]:
                    directory.service_detail(s, hit.service_id)
    directory.need_tree(s, code)
    directory.organizations(s, code)
print(json.dumps({"after_open_mb": after_open, "peak_rss_mb": peak_rss_mb()}))
"""


def _window(db_path: Path) -> dict[str, float]:
    """Peak RSS of the real app on ``db_path`` (the probe reads it before quitting), and how long
    it took to show the window and answer a first search on that database."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            DVDESK_HOME=home,
            DVDESK_DB=str(db_path),
            DVDESK_STARTUP_PROBE="app",
        )
        start = time.time()
        done = subprocess.run(
            [sys.executable, "-m", "dvdesk"], env=env, capture_output=True, text=True, timeout=600, cwd=ROOT
        )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"app failed: {done.stderr.strip()[-300:]}")
    marks = json.loads(lines[-1])
    return {
        "window_peak_rss_mb": marks.get("peak_rss_mb", 0.0),
        "window_ready_ms": (marks["first_search"] - start) * 1000,
    }


def _work(db_path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", WORK, str(db_path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-500:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> dict[str, Any]:
    result: dict[str, Any] = {"machine": machine(), "scales": {}}
    bundled, what = bundled_db_path()
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in (("bundled", bundled), ("national", national_db_path())):
            # A copy, so the app's WAL files and any migration never touch the cache.
            db_path = Path(tmp) / f"{name}.sqlite3"
            shutil.copy(source, db_path)
            result["scales"][name] = {**_window(db_path), **_work(db_path), "database_mb": db_path.stat().st_size / 1e6}
            db_path.unlink()
    result["bundled_database"] = what
    save("memory", result)
    return result


def main() -> None:
    print_result(run())


def print_result(result: dict[str, Any]) -> None:
    for name, r in result["scales"].items():
        print(
            f"  {name:<9} window {r['window_peak_rss_mb']:.0f} MB peak, ready in "
            f"{r['window_ready_ms']:.0f} ms; desk work "
            f"{r['peak_rss_mb']:.0f} MB peak ({r['after_open_mb']:.0f} MB after open); "
            f"database {r['database_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
