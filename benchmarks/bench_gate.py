"""What the one gate costs (``dvdesk.domain.integrity``): the scan every start and every command
runs, the full check (``dvdesk check``, a restore), and an administrator's edit, which runs the gate
inside its write transaction. On a copy of a generated national-scale database.

    python -m benchmarks.bench_gate [--municipalities 300] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import generate
from benchmarks.common import machine


def _median(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run(municipalities: int, runs: int) -> dict[str, float]:
    from sqlalchemy import func, select

    from dvdesk.admin.editing import Editor
    from dvdesk.domain import integrity
    from dvdesk.domain.models import Service
    from dvdesk.storage.db import open_database

    source = generate.ensure(municipalities=municipalities)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.sqlite3"
        shutil.copy(source, path)
        db = open_database(path)
        with db.read() as s:
            services = s.scalar(select(func.count(Service.id)))
            key = s.scalar(select(Service.key).order_by(Service.id).limit(1))  # a bundled one: its phone is real
        editor = Editor(db, "bench")

        def scan() -> None:
            with db.read() as s:
                integrity.scan(s)

        def full() -> None:
            with db.read() as s:
                integrity.check(s)

        flip = iter(range(10_000))

        def edit() -> None:
            snap = editor.load("service", key)
            editor.save("service", {**snap, "cost": f"無料 {next(flip)}"})

        result = {
            "services": services,
            "scan_s": _median(scan, runs),
            "check_s": _median(full, max(1, runs // 2)),
            "edit_s": _median(edit, runs),
        }
        db.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--municipalities", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    result = run(args.municipalities, args.runs)
    print(machine())
    print(
        f"services {result['services']:,}: scan {result['scan_s'] * 1000:.0f} ms, "
        f"full check {result['check_s']:.2f} s, one edit (gate included) {result['edit_s'] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
