"""Where an import's CPU goes: one package applied to an empty database, each phase timed on the
CPU clock (``time.process_time`` around the functions; a profiler inflates Python about 2×, and on a
shared machine the wall clock measures the neighbours).

    python -m benchmarks.import_phases PACKAGE.dvdesk   # made by bench_import (or dvdesk's export)
    python -m benchmarks.import_phases --desk PACKAGE   # the real desk's path (see below)

``--desk``: what an administrator's first import does on a new data folder — the database opened
as the desk opens it (the bundled directory loaded at first start, not timed), then ``dvdesk
import``: one preview shown, then the apply with that preview (``previewed=``); both timed.

The package must be signed with this PC's key (set ``DVDESK_HOME`` as when it was exported).
Phases nest (``index.total`` holds ``index.services``, which holds ``index.write_fts`` …).
"""

from __future__ import annotations

import argparse
import collections
import functools
import gc
import inspect
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from benchmarks.common import peak_rss_mb
from dvdesk.admin import bulk, history, index_scope, package_index, sync
from dvdesk.admin import package as pkg
from dvdesk.domain import integrity
from dvdesk.storage import driver_rows, translation_files
from dvdesk.storage import search_index_build as build
from dvdesk.storage import search_index_rows as rows
from dvdesk.storage import search_index_ship as ship
from dvdesk.storage.db import open_database

try:  # not in a tree before the desk's directory could be replaced (a base run)
    from dvdesk.admin import replace_whole
except ImportError:
    replace_whole = None  # type: ignore[assignment]
try:  # not in a tree before the import could leave the WAL (a base run)
    from dvdesk.storage import large_write
except ImportError:
    large_write = None  # type: ignore[assignment]
journal_modes: list[str] = []  # the mode each large write ran in (``storage.large_write``)

cpu: collections.Counter[str] = collections.Counter()
wall: collections.Counter[str] = collections.Counter()


def _timed(owner: Any, name: str, label: str) -> None:  # a generator is consumed inside the timing
    inner = getattr(owner, name)

    @functools.wraps(inner)
    def timed(*args: Any, **kwargs: Any) -> Any:
        c, t = time.process_time(), time.perf_counter()
        try:
            result = inner(*args, **kwargs)
            return iter(list(result)) if inspect.isgenerator(result) else result
        finally:
            cpu[label] += time.process_time() - c
            wall[label] += time.perf_counter() - t

    setattr(owner, name, timed)


PHASES = [
    (pkg, "preview", "preview (references, plan, checks)"),
    (pkg, "_check_records", "preview: references + checks"),
    (sync, "plan_changes", "plan_changes (in the apply)"),
    (sync, "_replaced", "replace: the directory written, indexed"),
    (pkg, "_stamp", "preview's stamp (×2)"),
    (pkg, "_with_translations", "translations planned (×2)"),
    (translation_files, "apply", "translations written"),
    (bulk, "add_new", "bulk inserts (with history)"),
    (history, "record_many", "history"),
    (history, "record_added", "history (new records)"),
    *(
        [(history, "record_imported", "history (replaced: added + changed)")]
        if hasattr(history, "record_imported")
        else []
    ),
    (index_scope.Touched, "collect", "touched services (×2)"),
    (build, "rebuild", "index.total"),
    (build, "_index_services", "index.services"),
    (build, "insert_entries", "index.services: rows written"),
    (rows, "write_fts", "index.services: FTS5 writes"),
    (build, "index_procedures", "index.procedures"),
    (build, "index_organizations", "index.departments"),
    (build, "merge_segments", "index.merge"),
    (ship, "install", "index.services: shipped (copy + checks)"),
    (ship, "verify", "index.services: shipped checks"),
    (ship, "postings_match_text", "index.services: shipped checks: FTS5 integrity-check"),
    (ship, "_sample", "index.services: shipped checks: sample"),
    (package_index.ShippedIndex, "preset", "shipped index: exporter's ids read"),
    (package_index.ShippedIndex, "file", "shipped index extracted (or waited for)"),
    *(
        [
            (package_index.ShippedIndex, "_wait", "waited for the background thread"),
            (package_index.ShippedIndex, "_extract", "background: the member extracted"),
            (ship, "postings_on_copy", "background: scratch copy + FTS5 integrity-check"),
        ]
        if hasattr(package_index.ShippedIndex, "_wait")
        else []
    ),
    (integrity, "gate", "gate (total)"),
    (integrity, "check", "gate: rules"),
    (integrity, "texts", "gate: rules: text rules"),
    (driver_rows, "insert_rows", "rows inserted at the driver (bulk + history)"),
    *([(replace_whole.Cleared, "__init__", "desk's directory deleted (replaced)")] if replace_whole else []),
    *([(replace_whole, "why_not", "replace: may the directory be replaced")] if replace_whole else []),
]


_COMMIT = "SQLite's commit (WAL written, checkpoint)"
_committing: list[tuple[float, float]] = []


@event.listens_for(Engine, "commit")
def _commit_starts(conn: Any) -> None:  # just before the driver's commit
    _committing[:] = [(time.process_time(), time.perf_counter())]


@event.listens_for(Session, "after_commit")
def _commit_ended(session: Session) -> None:
    if _committing:
        c, t = _committing.pop()
        cpu[_COMMIT] += time.process_time() - c
        wall[_COMMIT] += time.perf_counter() - t


_collector: dict[str, float] = collections.defaultdict(float)
_collecting: list[float] = []


def _collector_timed(phase: str, info: dict[str, int]) -> None:
    """The cyclic garbage collector's passes, every thread's (``gc.callbacks``): count and wall time,
    by generation."""
    if phase == "start":
        _collecting[:] = [time.perf_counter()]
    elif _collecting:
        gen = info["generation"]
        _collector[f"gen{gen} passes"] += 1
        _collector[f"gen{gen} s"] += time.perf_counter() - _collecting.pop()


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--desk", action="store_true", help="into a new desk (bundled directory), previewed once")
    parser.add_argument("--page-size", type=int, help="an experiment: the new database made with this SQLite page size")
    args = parser.parse_args()
    for owner, name, label in PHASES:
        _timed(owner, name, label)
    if large_write is not None:
        begin = large_write.begin
        large_write.begin = lambda *a: journal_modes.append(begin(*a)) or journal_modes[-1]  # type: ignore[assignment]
    gc.callbacks.append(_collector_timed)
    with tempfile.TemporaryDirectory() as tmp:
        if args.page_size:  # the file made (one table made and dropped) with that page size before dvdesk opens it
            made = sqlite3.connect(Path(tmp) / "target.sqlite3")
            made.execute(f"PRAGMA page_size = {int(args.page_size)}")
            made.execute("CREATE TABLE page_size_probe (x)")
            made.execute("DROP TABLE page_size_probe")
            made.close()
        # Opened (and, for --desk, filled) before the package is read: the read starts the index's
        # extraction in a background thread, which must not run on untimed work.
        target = open_database(Path(tmp) / "target.sqlite3", fill=args.desk)
        with target.read() as session:
            print(f"page size {session.connection().exec_driver_sql('PRAGMA page_size').scalar()}")
        load = _load()
        _collector.clear()  # the desk's fill before is not timed
        c0, t0 = time.process_time(), time.perf_counter()
        package = pkg.read_package(args.package)
        print(f"read: {time.process_time() - c0:.1f} s CPU, {time.perf_counter() - t0:.1f} s wall", flush=True)
        c, t = time.process_time(), time.perf_counter()
        previewed = pkg.preview(target, package) if args.desk else None
        result = pkg.apply_package(target, package, admin="benchmark", backup=None, previewed=previewed)
        total = time.process_time() - c
        what = "preview + apply" if args.desk else "apply"
        print(f"{what}: {total:.1f} s CPU, {time.perf_counter() - t:.1f} s wall (load {load} → {_load()})")
        print(f"read + {what}: {time.process_time() - c0:.1f} s CPU, {time.perf_counter() - t0:.1f} s wall")
        print(f"  {result.plan.summary()[:200]}")
        print(f"  journal mode of the import's write: {', '.join(journal_modes) or 'WAL (no large write)'}")
        t = time.perf_counter()
        target.close()  # waits for a checkpoint run behind the import (storage.checkpoint_behind)
        print(f"closed: {time.perf_counter() - t:.1f} s wall", flush=True)
    # CPU per phase: the process's (every thread's), so a phase that waits for the background
    # thread counts that thread's CPU meanwhile; the wall column is the one to read then.
    for label, seconds in sorted(cpu.items(), key=lambda kv: -kv[1]):
        print(f"  {label:36s} {seconds:7.1f} s CPU ({100 * seconds / total:4.1f} %)  {wall[label]:7.1f} s wall")
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    said = ", ".join(
        f"gen{g}: {_collector[f'gen{g} passes']:.0f} passes {_collector[f'gen{g} s']:.1f} s" for g in range(3)
    )
    print(f"garbage collector (wall, from the read on): {said}")
    try:  # the member's extraction runs in a child process (``admin.member_extract``): not in the CPU above
        import resource

        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"child processes: {used.ru_utime:.1f} s user + {used.ru_stime:.1f} s sys CPU")
    except ImportError:  # Windows
        pass


if __name__ == "__main__":
    main()
