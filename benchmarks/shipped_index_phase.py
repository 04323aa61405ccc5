"""The phase a shipped index replaces, measured alone at national scale: a copy of a database whose
services were imported, its services' index tables made anew (as ``rebuild`` does), then the
shipped rows copied in and checked (``search_index_ship.install``), on the CPU clock, rolled back.

    python -m benchmarks.shipped_index_phase COPY.sqlite3 SHIPPED.sqlite3

COPY must hold the records SHIPPED was written from (a writable copy of the exporting database: its
ids are the shipped ones). The whole national import takes ~50 min of wall on a machine shared by
seven engineers; this phase alone a few (docs/performance.md, "Import and size").
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from benchmarks.common import peak_rss_mb
from dvdesk.storage import search_index_ship as ship
from dvdesk.storage.search_index_rows import CREATE_FTS, CREATE_LIST, CREATE_NAMES, CREATE_ORDER, CREATE_PROVIDERS


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copy", type=Path)
    parser.add_argument("shipped", type=Path)
    args = parser.parse_args()
    engine = create_engine(f"sqlite:///{args.copy}")
    with Session(engine) as session:
        session.execute(text("PRAGMA cache_size = -262144"))  # as the build (``bulk_writes``)
        for table in (ship.FTS_TABLE, ship.NAMES_TABLE, ship.PROVIDERS_TABLE, ship.ORDER_TABLE, ship.LIST_TABLE):
            session.execute(text(f"DROP TABLE IF EXISTS {table}"))
        for create in (CREATE_FTS, CREATE_NAMES, CREATE_PROVIDERS, CREATE_ORDER, CREATE_LIST):
            session.execute(text(create))
        verify = ship.verify
        spent: dict[str, float] = {}

        def timed_verify(s: Session, seed: str) -> int:
            c = time.process_time()
            try:
                return verify(s, seed)
            finally:
                spent["checks"] = time.process_time() - c

        ship.verify = timed_verify  # type: ignore[assignment]  # timed in place for this run
        load = _load()
        c, t = time.process_time(), time.perf_counter()
        count = ship.install(session, args.shipped, seed="benchmark")
        cpu, wall = time.process_time() - c, time.perf_counter() - t
        print(
            f"install (copy + checks): {count:,} services, {cpu:.1f} s CPU ({spent['checks']:.1f} s the checks), "
            f"{wall:.1f} s wall (load {load} → {_load()}); peak RSS {peak_rss_mb():.0f} MB"
        )
        session.rollback()


if __name__ == "__main__":
    main()
