"""What the one gate costs (``dvdesk.domain.integrity``): the scan every start and every command
runs, the full check (``dvdesk check``, a restore), and an administrator's edit, which runs the gate
inside its write transaction. On a copy of a generated national-scale database.

    python -m benchmarks.bench_gate [--municipalities 300] [--runs 5] [--database FILE]

``--database``: a copy of that file instead of the generated one (the cached
``national-100x200`` database: the 19,730 services of the package ``bench_import`` applies).
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


def run(municipalities: int, runs: int, database: Path | None = None) -> dict[str, float]:
    from sqlalchemy import func, select

    from dvdesk.admin.editing import Editor
    from dvdesk.domain import integrity, integrity_texts
    from dvdesk.domain.models import Service
    from dvdesk.storage.db import open_database

    source = database or generate.ensure(municipalities=municipalities)
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

        def texts() -> None:  # the text rule over every row: what an import of every record asks
            with db.read() as s:
                list(integrity_texts.texts(s, None))

        flip = iter(range(10_000))

        def edit() -> None:
            snap = editor.load("service", key)
            editor.save("service", {**snap, "cost": f"無料 {next(flip)}"})

        result = {
            "services": services,
            "scan_s": _median(scan, runs),
            "check_s": _median(full, max(1, runs // 2)),
            "texts_s": _median(texts, runs),
            "edit_s": _median(edit, runs),
        }
        db.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--municipalities", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", type=Path, default=None)
    args = parser.parse_args()
    result = run(args.municipalities, args.runs, args.database)
    print(machine())
    print(
        f"services {result['services']:,}: scan {result['scan_s'] * 1000:.0f} ms, "
        f"full check {result['check_s']:.2f} s (text rule {result['texts_s']:.2f} s), "
        f"one edit (gate included) {result['edit_s'] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
