"""Checklist: time to build a procedure checklist and export it as a (about three-page) PDF.

Drives the same command line a counselor's PC can run (``dvdesk checklist … --pdf``), in
process and after one warm-up, so it measures building the checklist, laying it out and
writing the PDF, not Python's start. Skips with a message when the checklist feature
(``dvdesk.domain.checklist``, built on another branch) is not in this tree.

    python -m benchmarks.bench_checklist [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import bundled_db_path, has_module, machine, save


def _municipality(db_path: Path) -> str:
    import sqlite3

    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        codes = [
            c
            for (c,) in con.execute(
                "SELECT m.code FROM municipalities m JOIN procedures p ON p.municipality_id = m.id "
                "GROUP BY m.code ORDER BY count(*) DESC"
            )
        ]
        needs = [k for (k,) in con.execute("SELECT key FROM needs WHERE parent_id IS NULL")]
    finally:
        con.close()
    return ("162027" if "162027" in codes else codes[0]), needs


def run(runs: int = 5) -> dict[str, Any]:
    if not has_module("dvdesk.domain.checklist"):
        result = {"skipped": "the checklist feature (dvdesk.domain.checklist) is not in this tree yet"}
        save("checklist", result)
        return result
    from dvdesk.cli import main as cli
    from dvdesk.domain.models import CIRCUMSTANCES

    source, what = bundled_db_path()
    times, pages = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "dvdesk.sqlite3"
        shutil.copy(source, db_path)
        code, needs = _municipality(db_path)
        os.environ["DVDESK_DB"] = str(db_path)
        pdf = Path(tmp) / "checklist.pdf"
        args = ["checklist", "-m", code, "--pdf", str(pdf)]
        for need in needs:
            args += ["--need", need]
        for circumstance in CIRCUMSTANCES:
            args += ["--circumstance", circumstance]
        for i in range(runs + 1):
            pdf.unlink(missing_ok=True)
            t = time.perf_counter()
            status = cli(args)
            if i:  # the first run is the warm-up (imports, fonts)
                times.append((time.perf_counter() - t) * 1000)
            if status != 0 or not pdf.exists():
                raise RuntimeError(f"dvdesk checklist failed (exit {status})")
        try:
            from pypdf import PdfReader

            pages = len(PdfReader(pdf).pages)
        except ImportError:
            pages = 0
        os.environ.pop("DVDESK_DB", None)
    result = {
        "machine": machine(),
        "database": what,
        "municipality": code,
        "median_ms": statistics.median(times),
        "max_ms": max(times),
        "pages": pages,
        "runs": runs,
    }
    save("checklist", result)
    return result


def main_run(runs: int = 5) -> None:
    result = run(runs)
    if "skipped" in result:
        print(f"  skipped: {result['skipped']}")
    else:
        print(
            f"  checklist PDF ({result['pages']} pages): median {result['median_ms']:.0f} ms, "
            f"max {result['max_ms']:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="checklist PDF export time")
    parser.add_argument("--runs", type=int, default=5)
    main_run(parser.parse_args().runs)


if __name__ == "__main__":
    main()
