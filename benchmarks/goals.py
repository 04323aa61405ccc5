"""Everything issue 14 asks, measured in ONE run, each figure beside its baseline from the same run.

    python -m benchmarks goals --national FILE [--quick]     (benchmarks/run.sh goals …)

Steps, in this order (each in its own child process, so one that fails, hangs or runs out of
memory reports its error in the results and the others still run; peak memory is each step's own):

* ``quality``   — search quality on the counselor query set and the held-out one (benchmarks/search_quality.py);
* ``startup``   — window painted + first search, source and built bundle (if ``dist/dvdesk``
  exists), against a bare PySide6 window (benchmarks/bench_startup.py ``run``);
* ``cli``       — ``dvdesk search 相談 --json`` against a raw ``sqlite3`` script (``run_cli``);
* ``keys-bundled`` / ``keys-national`` — one keystroke per scope (all, 高岡市, a need, both):
  ``Searcher`` on a fresh read session, and ``DeskData.desk_search`` (what the window runs);
* ``national``  — the national file copied (never written: the copy is ``--work``'s) and made
  ready (migrated / re-indexed when the code asks for it, timed);
* ``start-national`` — the start at 350k: first search and peak RSS (``run_national``);
* ``exact``     — the fast search against the brute-force ranking at 350k (benchmarks/exact_ranking.py);
* ``import``    — package import (benchmarks/bench_import.py ``run``; the national import goes
  through its ``national_import`` hook).

The load average is read at the start and at the end. The figures go to
``benchmarks/.cache/results/goals.json`` and into docs/performance.md's results block.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import CACHE, ROOT, machine, save, stats_ms

TAKAOKA = "162027"  # the desk's municipality in the national start (as in the earlier figures)
NATIONAL_COPY = "national.sqlite3"


# --- the steps (each runs in a child process: ``python -m benchmarks.goals --step NAME``) ---


def step_quality(opts: dict[str, Any]) -> dict[str, Any]:
    from benchmarks.search_quality import HELDOUT, evaluate
    from dvdesk.storage.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "quality.sqlite3")  # filled from the shipped directory
        try:
            result = evaluate(db)
            # The held-out queries (never tuned against): how far the tuned set's figures generalise.
            heldout = evaluate(db, HELDOUT) if HELDOUT.exists() else None
        finally:
            db.close()
    result["floors"] = quality_floors()
    result["misses"] = result["misses"][:10]
    if heldout is not None:
        heldout["floors"] = quality_floors("HELDOUT_")
        heldout["misses"] = heldout["misses"][:10]
        result["heldout"] = heldout
    return result


def quality_floors(prefix: str = "") -> dict[str, float]:
    """The floors tests/test_search_quality.py holds the scores to (empty if it no longer says);
    ``prefix`` "HELDOUT_" for the held-out set's."""
    names = ", ".join(f"{prefix}{n}_FLOOR" for n in ("RECALL", "MRR", "SUCCESS"))
    try:
        text = (ROOT / "tests" / "test_search_quality.py").read_text(encoding="utf-8")
        found = re.search(rf"^{names} = ([\d.]+), ([\d.]+), ([\d.]+)", text, re.MULTILINE)
    except OSError:
        return {}
    if not found:
        return {}
    return dict(zip(("recall_at_5", "mrr", "success_at_5"), map(float, found.groups()), strict=True))


def step_startup(opts: dict[str, Any]) -> dict[str, Any]:
    from benchmarks import bench_startup

    return bench_startup.run(runs=3 if opts["quick"] else 9)


def step_cli(opts: dict[str, Any]) -> dict[str, Any]:
    from benchmarks import bench_startup

    return bench_startup.run_cli(runs=3 if opts["quick"] else 9)


def step_keys_bundled(opts: dict[str, Any]) -> dict[str, Any]:
    from benchmarks.common import bundled_db_path

    path, what = bundled_db_path()
    with tempfile.TemporaryDirectory() as tmp:  # a copy: the cache is never written
        copy = Path(tmp) / "bundled.sqlite3"
        shutil.copy(path, copy)
        return keystrokes(copy, repeat=5 if opts["quick"] else 20) | {"what": what}


def step_keys_national(opts: dict[str, Any]) -> dict[str, Any]:
    return keystrokes(Path(opts["national"]), repeat=3 if opts["quick"] else 10)


def keystrokes(path: Path, repeat: int, limit: int | None = None) -> dict[str, Any]:
    """Per scope, every query of ``bench_search.QUERIES`` ``repeat`` times: *keystroke* = the
    search as the window reads it (client services, the window's first page): a fresh read session
    read on its driver (``SessionRows(read_only=True)``), the change counter read and the searcher
    kept since the data last changed (``DeskReads._searcher_for``), then ``search``; *fresh* = the
    figure before session 10: a fresh read session + a new ``Searcher(session)`` (synonyms and
    needs read again, every row through SQLAlchemy's result objects: a path no keystroke of the
    window takes since session 7) + ``search``; *desk* = ``DeskData.desk_search`` on a kept
    ``DeskData`` (services, procedures, departments: the first page the window shows for that
    keystroke), *count* = ``DeskData.desk_count`` (the list's total and the other kinds left out,
    read once that page is shown, on a worker thread). ``limit``: the page (default the window's,
    ``desk_query.PAGE``; 200 before the list came in pages)."""
    from benchmarks.bench_search import CLIENT, QUERIES, pick_municipality, scopes
    from benchmarks.common import time_ns
    from dvdesk.app.desk_query import PAGE
    from dvdesk.app.desk_reads import _CHANGE_COUNT_SQL  # read before every keystroke's search
    from dvdesk.app.directory_queries import DeskData, DeskQuery
    from dvdesk.domain.search import Searcher, SearchQuery
    from dvdesk.domain.sql_rows import SessionRows
    from dvdesk.storage.db import open_database

    page = limit or PAGE
    db = open_database(path, fill=False)
    try:
        with db.read() as session:
            muni = pick_municipality(session)
            kept = Searcher(SessionRows(session, read_only=True))  # the window's: kept until the data changes
        desk = DeskData(db)
        out: dict[str, Any] = {}
        for scope, code, need in scopes(muni):
            key: list[int] = []
            fresh: list[int] = []
            dsk: list[int] = []
            cnt: list[int] = []
            worst: tuple[float, str] = (0.0, "")
            for klass, texts in QUERIES.items():
                for text in texts:
                    query = SearchQuery(text, code, need, CLIENT, page)
                    dq = DeskQuery(text, code, (need,) if need else (), limit=page)

                    def keystroke(query: SearchQuery = query) -> None:
                        with db.read() as s:
                            rows = SessionRows(s, read_only=True)
                            rows.rows(_CHANGE_COUNT_SQL)  # as the window: has the data changed?
                            kept.use(rows)
                            kept.search(query)

                    def fresh_searcher(query: SearchQuery = query) -> None:
                        with db.read() as s:
                            Searcher(s).search(query)

                    keystroke()  # warm-up
                    fresh_searcher()
                    desk.desk_search(dq)
                    samples = time_ns(keystroke, repeat)
                    key += samples
                    fresh += time_ns(fresh_searcher, repeat)
                    dsk += time_ns(lambda dq=dq: desk.desk_search(dq), repeat)
                    cnt += time_ns(lambda dq=dq: desk.desk_count(dq), repeat)
                    worst = max(worst, (max(samples) / 1e6, f"{klass}: {text or '(no words)'}"))
            out[scope] = {"keystroke": stats_ms(key), "fresh": stats_ms(fresh), "desk": stats_ms(dsk)}
            out[scope] |= {"count": stats_ms(cnt), "slowest": list(worst)}
            print(
                f"  {scope:<34} keystroke {_pair(out[scope]['keystroke'])}  fresh Searcher {_pair(out[scope]['fresh'])}"
                f"  desk {_pair(out[scope]['desk'])}  count {_pair(out[scope]['count'])}",
                flush=True,
            )
        with db.read() as session:
            from sqlalchemy import text as sql

            services = session.execute(sql("SELECT count(*) FROM services WHERE NOT retired")).scalar_one()
    finally:
        db.close()
    return {
        "municipality": muni,
        "services": services,
        "repeat": repeat,
        "limit": page,
        "database_mb": path.stat().st_size / 1e6,
        "scopes": out,
    }


def _pair(stat: dict[str, float]) -> str:
    return f"{stat['median']:7.2f} / {stat['p99']:7.2f} ms"


def step_national(opts: dict[str, Any]) -> dict[str, Any]:
    """The working copy of ``--national`` (copied again only when the source changed), made ready:
    a migration or a re-index the code asks for runs here, timed, not inside a later step."""
    source, work = Path(opts["national_source"]), Path(opts["national"])
    out: dict[str, Any] = {"source": str(source)}
    stamp = {"path": str(source.resolve()), "size": source.stat().st_size, "mtime_ns": source.stat().st_mtime_ns}
    sidecar = work.with_suffix(".source.json")
    if not (work.exists() and sidecar.exists() and json.loads(sidecar.read_text()) == stamp):
        for old in (work, Path(f"{work}-wal"), Path(f"{work}-shm"), sidecar):
            old.unlink(missing_ok=True)
        shutil.rmtree(work.parent / "backups", ignore_errors=True)  # the old copy's (3 GB each)
        work.parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        shutil.copyfile(source, work)
        if Path(f"{source}-wal").exists():  # committed pages not yet in the main file
            shutil.copyfile(f"{source}-wal", f"{work}-wal")
        out["copy_s"] = time.perf_counter() - t
        sidecar.write_text(json.dumps(stamp))
    from dvdesk.storage import start_open

    con = start_open.connect(work)
    try:
        ready = start_open.ready_to_read(con)
    finally:
        con.close()
    if not ready:
        from dvdesk.storage.db import open_database

        print("  the copy needs a migration or a re-index (about 17 min at 350k on a quiet machine)", flush=True)
        t = time.perf_counter()
        open_database(work, fill=False).close()
        out["prepare_s"] = time.perf_counter() - t
    out["database_mb"] = work.stat().st_size / 1e6
    return out


def step_start_national(opts: dict[str, Any]) -> dict[str, Any]:
    from benchmarks import bench_startup

    return bench_startup.run_national(Path(opts["national"]), runs=1 if opts["quick"] else 3, municipality=TAKAOKA)


def step_exact(opts: dict[str, Any]) -> dict[str, Any]:
    from benchmarks import exact_ranking
    from dvdesk.storage.db import open_database

    db = open_database(Path(opts["national"]), fill=False)
    try:
        with db.read() as session:
            queries = exact_ranking.query_list(session, 10 if opts["quick"] else 30, seed=14)
            return exact_ranking.check(session, queries) | {"seed": 14}
    finally:
        db.close()


def step_import(opts: dict[str, Any]) -> dict[str, Any]:
    from benchmarks import bench_import

    national = Path(opts["national"]) if opts.get("national") else None
    return bench_import.run(national_path=national, quick=opts["quick"], with_national=False)


def step_import_national(opts: dict[str, Any]) -> dict[str, Any]:
    """The national import (``bench_import.national_import``, the hook), in a process of its own
    so that its peak memory is its own."""
    from benchmarks import bench_import

    if opts["quick"]:
        return {"skipped": "skipped with --quick"}
    found = bench_import.national_import(Path(opts["national"]))
    return found if isinstance(found, dict) else {"not_imported": found}


STEPS: dict[str, tuple[Callable[[dict[str, Any]], dict[str, Any]], bool, int]] = {
    # name: (function, needs the national file, timeout in seconds)
    "quality": (step_quality, False, 1800),
    "startup": (step_startup, False, 3600),
    "cli": (step_cli, False, 1800),
    "keys-bundled": (step_keys_bundled, False, 1800),
    "national": (step_national, True, 4 * 3600),
    "start-national": (step_start_national, True, 3600),
    "keys-national": (step_keys_national, True, 3 * 3600),
    "exact": (step_exact, True, 3 * 3600),
    "import": (step_import, True, 4 * 3600),
    "import-national": (step_import_national, True, 4 * 3600),
}
# Minutes each step takes on a quiet 2-core machine (full run / --quick), from the figures in
# docs/performance.md; the first run adds the national copy (~1–2 min) and, after a change to
# the search index or vocabulary, its re-index (~17 min).
QUIET_MINUTES = {
    "quality": (0.5, 0.5),
    "startup": (1, 0.5),
    "cli": (0.5, 0.2),
    "keys-bundled": (0.5, 0.2),
    "national": (0.2, 0.2),
    "start-national": (2, 1.5),
    "keys-national": (2, 0.7),
    "exact": (1.5, 0.5),
    "import": (2, 1),
    "import-national": (15, 0),  # export ~3.5 min CPU, read ~0.75, apply ~8.5 (h14-import, session 7)
}


# --- the run ---


def run_step(name: str, opts: dict[str, Any], timeout: float) -> dict[str, Any]:
    """``name`` in a child process; its result, or what went wrong, and how long it took."""
    print(f"== {name}", flush=True)
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, "-m", "benchmarks.goals", "--step", name, "--opts", json.dumps(opts)]
        command += ["--out", str(out)]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "src")]), QT_QPA_PLATFORM="offscreen")
        try:
            done = subprocess.run(command, cwd=ROOT, env=env, timeout=timeout, stderr=subprocess.PIPE, text=True)
        except subprocess.TimeoutExpired:
            entry: dict[str, Any] = {"error": f"stopped after {timeout:.0f} s (timeout)"}
        else:
            if done.returncode == 0 and out.exists():
                entry = {"result": json.loads(out.read_text(encoding="utf-8"))}
            else:
                sys.stderr.write(done.stderr[-3000:])
                lines = [ln for ln in done.stderr.strip().splitlines() if ln.strip()]
                entry = {"error": f"exit {done.returncode}: {lines[-1][:300] if lines else 'no message'}"}
    entry["seconds"] = time.perf_counter() - t
    print(f"   ({entry['seconds']:.0f} s{'; ' + entry['error'] if 'error' in entry else ''})", flush=True)
    return entry


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return ""
    return head.stdout.strip() + (" (src modified)" if dirty.stdout.strip() else "")


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def estimate(names: list[str], quick: bool) -> float:
    return sum(QUIET_MINUTES[n][1 if quick else 0] for n in names)


def run(
    national: Path | None,
    work: Path,
    quick: bool,
    only: list[str],
    timeout: float | None,
    skip: list[str] | None = None,
) -> dict[str, Any]:
    from benchmarks import bench_startup

    if only and any(STEPS[n][1] for n in only):
        only = [*only, "national"]  # the working copy first
    wanted = [n for n in STEPS if (not only or n in only) and n not in (skip or [])]
    names = [n for n in wanted if national is not None or not STEPS[n][1]]
    skipped = [n for n in wanted if n not in names]
    print(f"steps: {', '.join(names)}; about {estimate(names, quick):.0f} min on a quiet machine", flush=True)
    bench_startup.compile_tree(ROOT / "src")  # as an installed copy is (see bench_startup)
    opts: dict[str, Any] = {"quick": quick}
    if national is not None:
        opts |= {"national_source": str(national), "national": str(work / NATIONAL_COPY)}
    result: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": git_commit(),
        "quick": quick,
        "machine": machine(),
        "load_start": load_average(),
        "national_source": str(national) if national else "",
        "steps": {n: {"error": "not run: no --national FILE given"} for n in skipped},
    }
    result["steps"] |= {n: {"error": "not run: --skip"} for n in skip or []}
    results_name = "goals-partial" if only else "goals"
    began = time.perf_counter()
    for name in names:
        if STEPS[name][1] and name != "national" and "error" in result["steps"].get("national", {}):
            result["steps"][name] = {"error": "not run: the national copy could not be made ready"}
            continue
        result["steps"][name] = run_step(name, opts, timeout or STEPS[name][2])
        save(results_name, result)  # what is done so far survives an interrupted run
    result["load_end"] = load_average()
    result["minutes"] = (time.perf_counter() - began) / 60
    result["steps"] = {n: result["steps"][n] for n in STEPS if n in result["steps"]}  # in the order they run
    save(results_name, result)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks goals", description=__doc__.split("\n")[0])
    parser.add_argument("--national", type=Path, help="a national-scale dvdesk database (only read, never written)")
    parser.add_argument("--work", type=Path, default=CACHE / "national", help="where its working copy is kept")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and queries")
    parser.add_argument("--only", nargs="*", default=[], choices=list(STEPS), metavar="STEP", help=", ".join(STEPS))
    parser.add_argument("--skip", nargs="*", default=[], choices=list(STEPS), metavar="STEP", help="steps left out")
    parser.add_argument("--timeout", type=float, help="seconds allowed for each step (default: per step)")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite docs/performance.md")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--opts", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:  # a child: one step, its result as JSON
        try:
            result = STEPS[args.step][0](json.loads(args.opts))
        except Exception:
            traceback.print_exc()
            sys.exit(1)
        args.out.write_text(json.dumps(result, ensure_ascii=False, default=str), encoding="utf-8")
        return
    if args.national is not None and not args.national.is_file():
        parser.error(f"no such file: {args.national}")
    result = run(args.national, args.work, args.quick, args.only, args.timeout, args.skip)
    from benchmarks import report

    print(report.summary(result))
    if args.only or args.no_write:  # a partial run never replaces the figures of a whole one
        print("docs/performance.md not rewritten (--only / --no-write); figures in benchmarks/.cache/results/")
    else:
        print(f"figures written to {report.write(result)}")


if __name__ == "__main__":
    main()
