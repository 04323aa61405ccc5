"""Issue 14: type-ahead at national scale, this tree against a baseline checkout, in one run.

Each query class runs in a child process, alternately for the baseline (``--baseline-src``,
e.g. a ``git worktree add /tmp/base main`` checkout's ``src`` and its own generated database)
and for this tree, so both see the same load on a shared machine. Per query, ``--repeat`` runs:

* keystroke — a fresh read session, a new ``Searcher`` and ``search`` (client services,
  limit 200), as in ``bench_search``;
* desk      — ``DeskData.desk_search`` on a kept ``DeskData``: what the window runs per
  keystroke (services, procedures, departments, other kinds named and counted).

Classes: 1, 2 and 3+ characters, a need chosen with no text (need only), a need with text;
each with the municipality (a generated city in the middle of the list) and without.

    python -m benchmarks.bench_scale_search --db NEW.sqlite3 \
        --baseline-src /tmp/base/src --baseline-db BASE.sqlite3 [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, machine, save, stats_ms

CLASSES: dict[str, list[tuple[str, str | None]]] = {  # (text, need)
    "1 char": [("住", None), ("夜", None), ("子", None), ("税", None)],
    "2 chars": [("住宅", None), ("相談", None), ("保護", None), ("ＤＶ", None), ("手当", None)],
    "3+ chars": [
        ("住宅課", None),
        ("弁護士", None),
        ("しぇるたー", None),
        ("児童扶養手当", None),
        ("生活保護", None),
        ("法律相談", None),
        ("DV 相談", None),
    ],
    "need only": [
        ("", "consultation"),
        ("", "safety"),
        ("", "safety.shelter"),
        ("", "housing"),
        ("", "money"),
        ("", "children"),
    ],
    "need + text": [("相談", "consultation"), ("弁護士", "consultation"), ("住", "housing"), ("シェルター", "safety")],
}


def worker(src: str, db_path: str, klass: str, scope: str, repeat: int) -> dict[str, Any]:
    sys.path.insert(0, src)
    import time

    from sqlalchemy import select

    from dvdesk.domain.models import Municipality, ServiceKind
    from dvdesk.domain.search import Searcher, SearchQuery

    try:
        from dvdesk.app.directory_queries import DeskData, DeskQuery
    except ImportError:  # a baseline from before the app/ layer
        from dvdesk.gui.desk_data import DeskData, DeskQuery  # type: ignore[no-redef]
    from dvdesk.storage.db import open_database

    db = open_database(Path(db_path), fill=False)
    with db.read() as s:
        codes = sorted(s.scalars(select(Municipality.code)))
    code = codes[len(codes) // 2] if scope == "municipality" else None
    client = frozenset({ServiceKind.CLIENT})
    desk = DeskData(db)
    keystroke: list[int] = []
    desk_ns: list[int] = []
    hits = 0
    for text, need in CLASSES[klass]:
        query = SearchQuery(text, code, need, client)
        dq = DeskQuery(text, code, (need,) if need else ())
        with db.read() as s:
            hits += len(Searcher(s).search(query))  # warm-up
        desk.desk_search(dq)
        for _ in range(repeat):
            t = time.perf_counter_ns()
            with db.read() as s:
                Searcher(s).search(query)
            keystroke.append(time.perf_counter_ns() - t)
            t = time.perf_counter_ns()
            desk.desk_search(dq)
            desk_ns.append(time.perf_counter_ns() - t)
    db.close()
    import dvdesk

    return {
        "keystroke": stats_ms(keystroke),
        "desk": stats_ms(desk_ns),
        "hits_avg": hits // len(CLASSES[klass]),
        "dvdesk": dvdesk.__file__,
    }


def _child(src: str, db: Path, klass: str, scope: str, repeat: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=f"{src}{os.pathsep}{ROOT}")
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_scale_search", "--worker", src, str(db), klass, scope, str(repeat)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(db: Path, baseline_src: str | None, baseline_db: Path | None, repeat: int) -> dict[str, Any]:
    result: dict[str, Any] = {"machine": machine(), "repeat": repeat, "rows": []}
    targets = [("after", str(ROOT / "src"), db)]
    if baseline_src and baseline_db:
        targets.insert(0, ("before", baseline_src, baseline_db))
    for scope in ("municipality", "all municipalities"):
        for klass in CLASSES:
            row: dict[str, Any] = {"scope": scope, "class": klass}
            for name, src, path in targets:  # alternately: the same load for both
                row[name] = _child(src, path, klass, scope, repeat)
            result["rows"].append(row)
            print(_line(row), flush=True)
    result["load_average_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    save("scale_search", result)
    return result


def _line(row: dict[str, Any]) -> str:
    parts = [f"{row['scope']:<20} {row['class']:<12}"]
    for name in ("before", "after"):
        if name in row:
            r = row[name]
            parts.append(
                f"{name}: keystroke {r['keystroke']['median']:6.2f}/{r['keystroke']['p99']:6.2f} "
                f"desk {r['desk']['median']:6.2f}/{r['desk']['p99']:6.2f}"
            )
    return "  ".join(parts)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        src, db, klass, scope, repeat = sys.argv[2:7]
        print(json.dumps(worker(src, db, klass, scope, int(repeat))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--baseline-src")
    parser.add_argument("--baseline-db", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    run(args.db, args.baseline_src, args.baseline_db, args.repeat)


if __name__ == "__main__":
    main()
