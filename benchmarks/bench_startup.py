"""Startup: process start → main window painted → first search answered, against a bare window.

Each run is a fresh process (so the OS page cache is warm but nothing of Python or Qt is): the
parent notes the wall clock, spawns, and the child prints the wall-clock times of its marks (see
``dvdesk.gui.startup_probe``). Targets:

* bare (source)   — ``python -c`` showing an empty QMainWindow, nothing of dvdesk imported;
* dvdesk (source) — ``python -m dvdesk`` with DVDESK_STARTUP_PROBE=app: the real startup, then
  one search on the app's own database;
* the same two through the built bundle (dist/dvdesk/dvdesk), when it exists.

Every run uses a data folder holding the bundled-size database (DVDESK_HOME), as on a PC that
has been used before; ``first start`` is measured once more on an empty folder (migrations and
loading the bundled directory).

* dvdesk (baseline) — with ``--baseline SRC``: another checkout's ``src`` on PYTHONPATH, with
  its own data folder, interleaved with the others, for before/after figures from one run.
* dvdesk (baseline bundle) — with ``--baseline-bundle EXE``: another build's bundle (a copy of its
  dist/dvdesk), likewise, compared with the bare window run through this build's bundle.

    python -m benchmarks.bench_startup [--runs 7] [--baseline /path/to/old/src] [--baseline-bundle /old/dvdesk/dvdesk]
    python -m benchmarks.bench_startup --cli [--runs 9] [--baseline …]   # dvdesk search 相談 --json vs raw sqlite3
    python -m benchmarks.bench_startup --national /tmp/national.sqlite3 [--municipality 162027] [--baseline …]

Both byte-compile the measured sources first (an installed copy is compiled; on a machine with
PYTHONDONTWRITEBYTECODE=1 a source tree would otherwise be compiled again on every start).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, bundled_db_path, machine, save

BUNDLE = ROOT / "dist" / "dvdesk" / ("dvdesk.exe" if os.name == "nt" else "dvdesk")
# Where the bundle keeps the migration scripts (packaging/dvdesk.spec); PyInstaller < 6 put no _internal
BUNDLED_VERSIONS = (
    Path("_internal", "dvdesk", "storage", "migrations", "versions"),
    Path("dvdesk", "storage", "migrations", "versions"),
)
BARE = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
marks = {"qt_ready": time.time()}
class F(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow) and "window_painted" not in marks:
            marks["window_painted"] = time.time()
            marks["cpu_window_painted"] = time.process_time() * 1000
            QTimer.singleShot(0, app.quit)
        return False
f = F()
w = QMainWindow(); w.installEventFilter(f); w.resize(1000, 700); w.show()
app.exec()
print(json.dumps(marks))
"""


BASELINE = "dvdesk (baseline)"
RUN_TIMEOUT_S = 600  # one start (the probe itself gives up at DVDESK_STARTUP_PROBE_TIMEOUT)
BASELINE_BUNDLE = "dvdesk (baseline bundle)"


def stale_bundle(bundle: Path) -> str:
    """Why ``bundle`` cannot be measured on this checkout's database ('' when it can). It starts on a
    copy of the database this checkout made: a bundle built before a migration refuses that file (a
    schema newer than its own) in a dialog, and waited there until the probe's timeout (300 s) — or,
    built before the probe had one, until the 600-s subprocess timeout — at every run."""
    from dvdesk.storage.schema_revision import head_revision

    own = head_revision()
    folder = next((bundle.parent / v for v in BUNDLED_VERSIONS if (bundle.parent / v).is_dir()), None)
    theirs = head_revision(folder) if folder is not None else None
    if own is not None and theirs == own:
        return ""
    return (
        f"{bundle} was built at schema revision {theirs or '(unknown)'}, this checkout is at {own or '(unknown)'}: "
        "the bundled app would refuse this checkout's database (a schema of another version) and wait in a dialog. "
        "Its targets are skipped; rebuild it (packaging/build.sh) to measure it"
    )


def targets(
    baseline: Path | None = None, baseline_bundle: Path | None = None, skipped: list[str] | None = None
) -> dict[str, list[str]]:
    """The commands measured; why the bundle is not among them, if it is there, goes to ``skipped``."""
    python = sys.executable
    found = {"bare (source)": [python, "-c", BARE], "dvdesk (source)": [python, "-m", "dvdesk"]}
    if baseline is not None:
        found[BASELINE] = [python, "-m", "dvdesk"]
    stale = stale_bundle(BUNDLE) if BUNDLE.exists() else ""
    if stale:
        print(f"bench_startup: {stale}", file=sys.stderr, flush=True)
        if skipped is not None:
            skipped.append(stale)
    elif BUNDLE.exists():
        found["bare (bundle)"] = [str(BUNDLE)]
        found["dvdesk (bundle)"] = [str(BUNDLE)]
        if baseline_bundle is not None:
            found[BASELINE_BUNDLE] = [str(baseline_bundle)]
    return found


def one_run(
    name: str, command: list[str], home: Path, pythonpath: Path | None = None, extra_env: dict[str, str] | None = None
) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DVDESK_HOME=str(home))
    env.pop("DVDESK_DB", None)
    env.setdefault("DVDESK_STARTUP_PROBE_TIMEOUT", "300")  # a first start on a busy machine takes > 30 s
    env.update(extra_env or {})
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    env["DVDESK_STARTUP_PROBE"] = "bare" if name.startswith("bare") else "app"
    start = time.time()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, cwd=ROOT)
    except subprocess.TimeoutExpired as exc:  # a start waiting in a dialog its probe cannot close
        said = (exc.stderr or b"")[-500:]
        raise RuntimeError(
            f"{name} did not end within {RUN_TIMEOUT_S} s (a start waiting in a dialog?): "
            f"{said.decode(errors='replace') if isinstance(said, bytes) else said}"
        ) from None
    ended = time.time()
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{name} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    marks = json.loads(lines[-1])
    result = {k: (v - start) * 1000 for k, v in marks.items() if isinstance(v, float) and v > 1e9}
    result["process_exit"] = (ended - start) * 1000
    result.update({k: v for k, v in marks.items() if k.startswith(("peak_rss", "sqlalchemy_at", "cpu_"))})  # not walls
    result["ready"] = result.get("first_search", result["window_painted"])
    if "cpu_window_painted" in result:  # an older probe (a --baseline checkout) has no CPU marks
        result["cpu_ready"] = result.get("cpu_first_search", result["cpu_window_painted"])
    return result


def prepared_home(tmp: Path, with_database: bool) -> Path:
    home = tmp / ("used" if with_database else f"fresh-{time.monotonic_ns()}")
    (home / "data").mkdir(parents=True, exist_ok=True)
    if with_database:
        source, _ = bundled_db_path()
        target = home / "data" / "dvdesk.sqlite3"
        if not target.exists():
            shutil.copy(source, target)
    return home


def run(runs: int = 7, baseline: Path | None = None, baseline_bundle: Path | None = None) -> dict[str, Any]:
    skipped: list[str] = []
    found = targets(baseline, baseline_bundle, skipped)
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in found}
    loads: list[float] = []  # the 1-minute load average before each round (a shared machine)
    with tempfile.TemporaryDirectory() as tmp:
        home = prepared_home(Path(tmp), with_database=True)
        # The bundle starts on a copy of its own: a bundle built from other code (an older dist/)
        # re-indexes a database the source indexed and the other way round, so on one shared file
        # every start of either did that work (measured: 160 ms → 400 ms, SQLAlchemy imported).
        bundle_home = prepared_home(Path(tmp) / "bundle", with_database=True)
        # The baseline makes its own database on its warm-up start (an older dvdesk refuses a file
        # of a newer schema, and each version re-indexes a database indexed by the other).
        own = {BASELINE: "baseline", BASELINE_BUNDLE: "baseline-bundle"}
        homes = {
            name: prepared_home(Path(tmp) / own[name], False)
            if name in own
            else bundle_home
            if name.endswith("(bundle)")
            else home
            for name in found
        }
        paths = {name: baseline if name == BASELINE else None for name in found}
        for name, command in found.items():  # one warm-up each: the page cache, .pyc files
            one_run(name, command, homes[name], paths[name])
        for _ in range(runs):  # interleaved, so a busy moment hurts every target alike
            loads.append(os.getloadavg()[0])
            for name, command in found.items():
                samples[name].append(one_run(name, command, homes[name], paths[name]))
        first_start = {}
        for name, command in found.items():
            if name.startswith("dvdesk"):
                try:
                    first_start[name] = one_run(name, command, prepared_home(Path(tmp), False), paths[name])["ready"]
                except RuntimeError as exc:  # e.g. the bundled directory does not load yet
                    first_start[name] = str(exc).splitlines()[-1][:200]
    summary: dict[str, Any] = {}
    for name, runs_ in samples.items():
        keys = runs_[0].keys()
        summary[name] = {k: statistics.median(r[k] for r in runs_) for k in keys}
        summary[name]["ready_min"] = min(r["ready"] for r in runs_)
        summary[name]["ready_max"] = max(r["ready"] for r in runs_)
    ratios, cpu_ratios = {}, {}  # wall clock; the processes' CPU time (less inflated by a loaded machine)
    for where in ("source", "bundle", "baseline", "baseline bundle"):
        app = summary.get(f"dvdesk ({where})")
        bare = summary.get(f"bare ({where.replace('baseline bundle', 'bundle').replace('baseline', 'source')})")
        if app and bare:
            ratios[where] = app["ready"] / bare["window_painted"]
            if "cpu_ready" in app:
                cpu_ratios[where] = app["cpu_ready"] / bare["cpu_window_painted"]
    result = {
        "machine": machine(),
        "runs": runs,
        "median_ms": summary,
        "ratio_app_to_bare": ratios,
        "cpu_ratio_app_to_bare": cpu_ratios,
        "load_average_1min": {"min": min(loads), "median": statistics.median(loads), "max": max(loads)},
        "first_start_ms": first_start,
        "database": bundled_db_path()[1],
        "bundle_skipped": skipped,
    }
    save("startup", result)
    return result


def compile_tree(*sources: Path) -> None:
    """Byte-compile the measured sources first, as an installed copy is (PYTHONDONTWRITEBYTECODE
    would otherwise make every run compile every dvdesk module again)."""
    import compileall

    for src in sources:
        compileall.compile_dir(str(src), quiet=1)


# The same question as `dvdesk search 相談 --json` answers, asked by a bare script: the FTS5 lookup
# and the names of the first 50 rows, printed as JSON (the floor for any command-line search).
RAW_SCRIPT = """
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in con.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT 50", ('"相談"',))]
rows = con.execute("SELECT s.id, s.name FROM json_each(?) j JOIN services s ON s.id = j.value", (json.dumps(ids),))
print(json.dumps([{"service_id": i, "name": n} for i, n in rows], ensure_ascii=False))
"""


def run_cli(runs: int = 9, baseline: Path | None = None) -> dict[str, Any]:
    """Process spawn → exit of `dvdesk search 相談 --json` against RAW_SCRIPT, interleaved, on a
    copy of the bundled-size database; the load average before each round."""
    python = sys.executable
    samples: dict[str, list[float]] = {"raw sqlite3": [], "dvdesk (source)": []}
    if baseline is not None:
        samples[BASELINE] = []
    loads: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        homes = {name: prepared_home(Path(tmp) / name.split()[0].strip("()"), True) for name in samples}
        homes[BASELINE] = prepared_home(Path(tmp) / "baseline", False)  # made by the baseline itself

        def once(name: str) -> float:
            env = dict(os.environ, DVDESK_HOME=str(homes[name]))
            env.pop("DVDESK_DB", None)
            db = homes[name] / "data" / "dvdesk.sqlite3"
            command = (
                [python, "-c", RAW_SCRIPT, str(db)]
                if name == "raw sqlite3"
                else [python, "-m", "dvdesk", "search", "相談", "--json"]
            )
            if name == BASELINE:
                env["PYTHONPATH"] = str(baseline)
            start = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
            elapsed = (time.perf_counter() - start) * 1000
            if done.returncode != 0 or not done.stdout.startswith("["):
                raise RuntimeError(f"{name} failed: {done.stderr.strip()[-300:]}")
            return elapsed

        for name in samples:  # warm-up: page cache, .pyc files, the baseline's re-index
            once(name)
        for _ in range(runs):
            loads.append(os.getloadavg()[0])
            for name in samples:
                samples[name].append(once(name))
    median = {name: statistics.median(v) for name, v in samples.items()}
    result = {
        "machine": machine(),
        "runs": runs,
        "median_ms": median,
        "samples_ms": samples,
        "load_average_1min": {"min": min(loads), "median": statistics.median(loads), "max": max(loads)},
        "ratio_to_raw": {name: v / median["raw sqlite3"] for name, v in median.items() if name != "raw sqlite3"},
    }
    save("startup-cli", result)
    return result


NATIONAL_KEYS = ("window_painted", "first_search", "peak_rss_mb", "start_tasks_done", "peak_rss_mb_after_tasks")


def run_national(
    db_path: Path, runs: int = 3, baseline: Path | None = None, municipality: str | None = None
) -> dict[str, Any]:
    """Start on a national directory: window painted, first search, peak RSS; then the time until the
    start checks have run (this version does them after the window shows; the baseline before).

    Every target opens ``db_path`` itself (DVDESK_DB), one after the other; each gets a fresh
    settings folder (``municipality``: the one remembered there, else the desk's default). Backups
    land beside the file; the first baseline start takes a full one (measured as its warm-up)."""
    python = sys.executable
    found: dict[str, tuple[list[str], Path | None]] = {"dvdesk (source)": ([python, "-m", "dvdesk"], None)}
    if baseline is not None:
        found[BASELINE] = ([python, "-m", "dvdesk"], baseline)
    env = {"DVDESK_DB": str(db_path), "DVDESK_STARTUP_PROBE_TASKS": "1", "DVDESK_STARTUP_PROBE_TIMEOUT": "300"}
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in found}
    with tempfile.TemporaryDirectory() as tmp:

        def home(name: str, i: int) -> Path:
            folder = Path(tmp) / f"{name.split()[1].strip('()')}-{i}"
            (folder / "config").mkdir(parents=True, exist_ok=True)
            if municipality:
                (folder / "config" / "dvdesk.ini").write_text(f"[desk]\nmunicipality={municipality}\n")
            return folder

        for name, (command, path) in found.items():  # warm-up: page cache; the baseline's start backup
            one_run(name, command, home(name, -1), path, env)
        for i in range(runs):
            for name, (command, path) in found.items():
                samples[name].append(one_run(name, command, home(name, i), path, env))
    summary = {
        name: {k: statistics.median(r[k] for r in rs if k in r) for k in NATIONAL_KEYS if any(k in r for r in rs)}
        for name, rs in samples.items()
    }
    result = {
        "machine": machine(),
        "runs": runs,
        "database": str(db_path),
        "municipality": municipality or "",
        "median": summary,
        "samples": samples,
    }
    save("startup-national" + ("-municipality" if municipality else ""), result)
    return result


def report(result: dict[str, Any]) -> None:
    for name, marks in result["median_ms"].items():
        parts = "  ".join(f"{k} {v:.0f}" for k, v in marks.items())
        print(f"  {name:<16} {parts}")
    for where, ratio in result["ratio_app_to_bare"].items():
        print(f"  ratio dvdesk/bare ({where}): {ratio:.2f}")
    for where, ratio in result.get("cpu_ratio_app_to_bare", {}).items():
        print(f"  ratio dvdesk/bare ({where}), process CPU time: {ratio:.2f}")
    print(f"  load average (1 min) over the rounds: {result['load_average_1min']}")
    for name, value in result["first_start_ms"].items():
        print(f"  first start, empty data folder, {name}: {value if isinstance(value, str) else f'{value:.0f} ms'}")
    for why in result.get("bundle_skipped", []):
        print(f"  not measured: {why}")


def main() -> None:
    parser = argparse.ArgumentParser(description="startup time against a bare PySide6 window")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another checkout's src folder, measured alongside")
    parser.add_argument("--baseline-bundle", type=Path, help="another build's bundled program, measured alongside")
    parser.add_argument("--national", type=Path, help="a national directory (benchmarks/generate.py) to start on")
    parser.add_argument("--municipality", help="with --national: the code remembered in the settings")
    parser.add_argument("--cli", action="store_true", help="dvdesk search 相談 --json against a raw sqlite3 script")
    args = parser.parse_args()
    compile_tree(ROOT / "src", *([args.baseline] if args.baseline else []))
    if args.cli:
        result = run_cli(args.runs, args.baseline)
        for name, ms in result["median_ms"].items():
            print(f"  {name:<18} {ms:7.0f} ms  ×{ms / result['median_ms']['raw sqlite3']:.2f}")
        print(f"  load average (1 min): {result['load_average_1min']}")
        return
    if args.national:
        result = run_national(args.national, args.runs, args.baseline, args.municipality)
        for name, marks in result["median"].items():
            print(f"  {name:<18} " + "  ".join(f"{k} {v:.0f}" for k, v in marks.items()))
        return
    report(run(args.runs, args.baseline, args.baseline_bundle))


if __name__ == "__main__":
    main()
