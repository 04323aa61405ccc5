"""How long the counselor's window waits on the directory, per keystroke and per choice.

    .venv/bin/python benchmarks/desk_search.py [--copies N]

Runs against a throw-away database filled from the bundled directory; ``--copies N`` adds N
renamed copies of every service (same text, so the same words match) to see how the
database-side filtering scales. Prints the median and worst time of each operation.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ["DVDESK_HOME"] = tempfile.mkdtemp(prefix="dvdesk-bench-")

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dvdesk.app.directory_queries import ALL_KINDS, CLIENT_KINDS, DeskData, DeskQuery
from dvdesk.domain.models import Service
from dvdesk.storage import search_index
from dvdesk.storage.db import open_database

TAKAOKA, KUNITACHI = "162027", "132152"
TYPED = ["し", "しぇ", "しぇる", "シェルター", "住まい", "弁護士", "子ども 手当", "DV", "逃げたい", "外国"]


def add_copies(db, copies: int) -> int:  # type: ignore[no-untyped-def]
    with db.write() as s:
        originals = s.scalars(select(Service).options(selectinload(Service.needs))).all()
        for n in range(copies):
            for o in originals:
                s.add(
                    Service(
                        key=f"{o.key}.copy{n}",
                        municipality_id=o.municipality_id,
                        organization_id=o.organization_id,
                        kind=o.kind,
                        name=f"{o.name}（写{n}）",
                        description=o.description,
                        schedule=o.schedule,
                        needs=list(o.needs),
                        source="benchmark copy",
                    )
                )
        s.flush()
        return search_index.rebuild(s)


def measure(label: str, action: Callable[[], object], repeat: int = 30) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<46} median {statistics.median(times):7.2f} ms   worst {max(times):7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=0)
    args = parser.parse_args()
    db = open_database(Path(os.environ["DVDESK_HOME"]) / "bench.sqlite3")
    indexed = add_copies(db, args.copies) if args.copies else None
    data = DeskData(db)
    with db.read() as s:
        total = len(s.scalars(select(Service.id)).all())
    print(f"services: {total}" + (f" (index rows {indexed})" if indexed else ""))

    for text in TYPED:
        measure(f"keystroke '{text}' (all municipalities)", lambda t=text: data.search(DeskQuery(t)))
    measure("keystroke 'シェルター' in 高岡市", lambda: data.search(DeskQuery("シェルター", TAKAOKA)))
    measure("list everything in 国立市 (no text)", lambda: data.search(DeskQuery("", KUNITACHI)))
    measure("two needs + text in 高岡市", lambda: data.search(DeskQuery("相談", TAKAOKA, ("housing", "money"))))
    measure("need tree counts (municipality change)", lambda: data.needs(TAKAOKA, CLIENT_KINDS), repeat=10)
    measure("need tree counts, all kinds", lambda: data.needs(None, ALL_KINDS), repeat=10)
    first = data.search(DeskQuery("", TAKAOKA))[0].service_id
    measure("detail of one service (selection)", lambda: data.detail(first))
    measure("departments of 高岡市", lambda: data.organizations(TAKAOKA))
    db.close()


if __name__ == "__main__":
    main()
