"""What every benchmark shares: timing statistics, the two databases, the machine, results."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(__file__).parent / ".cache"
RESULTS = CACHE / "results"


def has_module(name: str) -> bool:
    """Whether a feature built on another branch is in this tree yet."""
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # its parent package is missing
        return False


def stats_ms(samples_ns: list[int]) -> dict[str, float]:
    """Median and 99th percentile in milliseconds."""
    ms = sorted(s / 1e6 for s in samples_ns)
    p99 = statistics.quantiles(ms, n=100, method="inclusive")[98] if len(ms) > 1 else ms[0]
    return {"median": statistics.median(ms), "p99": p99, "n": len(ms)}


def time_ns(func: Callable[[], Any], repeat: int) -> list[int]:
    """Wall-clock samples; with ``DVDESK_BENCH_CLOCK=cpu`` the calling thread's CPU time instead
    (SQLite works in the calling thread): what a call costs without the waits for a core that a
    shared, loaded machine adds, so two engines measured at different loads stay comparable."""
    clock = time.thread_time_ns if os.environ.get("DVDESK_BENCH_CLOCK") == "cpu" else time.perf_counter_ns
    samples = []
    for _ in range(repeat):
        t = clock()
        func()
        samples.append(clock() - t)
    return samples


def bundled_db_path() -> tuple[Path, str]:
    """A database filled from the shipped directory, as on a counselor's first start.

    While the bundled files are still landing on main and do not load, a generated directory of
    the same size (two municipalities × 80 services) stands in; the second value says which.
    """
    from benchmarks import generate
    from dvdesk.storage.bundled import BundleError
    from dvdesk.storage.db import open_database

    CACHE.mkdir(exist_ok=True)
    key = generate.cache_key(0, 0)
    path = CACHE / f"bundled-{key}.sqlite3"
    stand_in = CACHE / f"bundled-standin-{key}.sqlite3"
    if stand_in.exists():
        return stand_in, "generated stand-in (2 × 80 services): the bundled directory does not load yet"
    if not path.exists():
        for old in CACHE.glob("bundled-*.sqlite3*"):
            old.unlink()
        try:
            open_database(path).close()
        except BundleError:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            generate.generate(stand_in, municipalities=2, services=80)
            return bundled_db_path()
    return path, "bundled directory (resources/directory)"


def national_db_path(log: Callable[[str], None] = print) -> Path:
    """``DVDESK_NATIONAL_DB`` when set (a national directory generated once and shared, so that a
    benchmark run does not spend minutes generating its own), else the cached one (made if missing)."""
    from benchmarks import generate

    if os.environ.get("DVDESK_NATIONAL_DB"):
        return Path(os.environ["DVDESK_NATIONAL_DB"])
    return generate.ensure(log=log)


def machine() -> dict[str, str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    ram = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    try:
        import PySide6

        pyside = PySide6.__version__
    except ImportError:
        pyside = "not installed"
    import sqlalchemy

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "pyside6": pyside,
        "sqlalchemy": sqlalchemy.__version__,
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def save(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


def load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
