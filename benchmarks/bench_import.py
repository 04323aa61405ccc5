"""Import: time to load the national-scale directory, and the database's size.

When the data-package feature (``dvdesk.admin.package``, built on another branch) is in this
tree, the national database is exported to a package and the package is read and applied to a
fresh database, as an administrator would on another PC. Without it, the figure is the
generator's own load (bundled directory + executemany of every row + search index rebuild),
and the report says so. Either way the size of the database file and of its largest tables
(``dbstat``) is reported.

    python -m benchmarks.bench_import [--regenerate]
    python -m benchmarks.bench_import --db COPY.sqlite3 --work DIR [--package DIR/package.dvdesk]

With ``--db``: the directory's package (exported unless given) is read, imported into an empty
database, re-imported into a copy of the directory, and a 1 % update applied to that copy, each
step in a child process (its own peak RSS), with the load average before and after.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import generate
from benchmarks.common import has_module, load, machine, national_db_path, peak_rss_mb, save
from dvdesk.storage.db import open_database


def table_sizes(path: Path, top: int = 8) -> list[tuple[str, float]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    except sqlite3.OperationalError:  # SQLite built without dbstat
        return []
    finally:
        con.close()
    return [(name, size / 1e6) for name, size in rows[:top]]


def package_import(national: Path) -> dict[str, Any]:
    from dvdesk.admin import package as pkg  # type: ignore[import-not-found]

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "national.dvdesk"
        source = open_database(national, fill=False)
        t = time.perf_counter()
        pkg.export_package(source, file)
        out["export_s"] = time.perf_counter() - t
        source.close()
        out["package_mb"] = file.stat().st_size / 1e6
        target = open_database(Path(tmp) / "fresh.sqlite3", fill=False)
        t, cpu = time.perf_counter(), time.process_time()
        package = pkg.read_package(file)
        out["read_s"], out["read_cpu_s"] = time.perf_counter() - t, time.process_time() - cpu
        t, cpu = time.perf_counter(), time.process_time()
        pkg.apply_package(target, package, admin="benchmark")
        out["apply_s"], out["apply_cpu_s"] = time.perf_counter() - t, time.process_time() - cpu
        out["import_s"] = out["read_s"] + out["apply_s"]
        out["import_cpu_s"] = out["read_cpu_s"] + out["apply_cpu_s"]
        out["load"] = _load()
        target.close()
    out["peak_rss_mb"] = peak_rss_mb()
    return out


PACKAGE_MUNICIPALITIES = 100  # the package import is measured on this many (× 200 services)
QUICK_MUNICIPALITIES = 30  # --quick: a smaller directory (also the one bench_search --engines caches)


def run(
    regenerate: bool = False, national_path: Path | None = None, quick: bool = False, with_national: bool = True
) -> dict[str, Any]:
    """Sizes of the national database, the package import of a generated directory (scaled to the
    national one) and, with ``with_national``, the national import itself (``national_import``)."""
    if regenerate:
        generate.cached_path().unlink(missing_ok=True)
    national = national_path or national_db_path()
    gen = load("generate") or {}
    result: dict[str, Any] = {
        "machine": machine(),
        "database_mb": national.stat().st_size / 1e6,
        "largest_tables_mb": table_sizes(national),
        "generator_load": gen,
    }
    if not has_module("dvdesk.admin.package"):
        result["package_import"] = (
            "not measured: the data-package import (dvdesk.admin.package) is not "
            "in this tree yet; 'generator_load' is the generator's own load"
        )
        save("import", result)
        return result
    # The import writes every record through the administration layer (history, checks):
    # measured on a generated directory of 100 municipalities and scaled to the national one.
    municipalities = QUICK_MUNICIPALITIES if quick else PACKAGE_MUNICIPALITIES
    mid = generate.ensure(municipalities, generate.SERVICES_PER_MUNICIPALITY, log=print)
    national_services = _services(national)
    try:
        measured = package_import(mid)
        services = _services(mid)
        measured["services"] = services
        measured["scaled_to_national_s"] = measured["import_s"] * national_services / services
        result["package_import"] = measured
    except Exception as exc:  # a refusal is itself the finding
        result["package_import"] = f"failed: {type(exc).__name__}: {exc}"
    if with_national:
        result["national_import"] = national_import(national)
        if isinstance(result["national_import"], dict):
            result["national_import"].setdefault("services", national_services)
    save("import", result)
    return result


def _services(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM services").fetchone()[0]
    finally:
        con.close()


def national_import(national: Path) -> dict[str, Any] | str:
    """THE HOOK for the national import (issue 14's < 60 s goal): the whole national directory
    exported as one package, read, and applied to an empty database, timed. Returns
    ``{"import_s", "read_s", "apply_s", "export_s", "package_mb", "peak_rss_mb"}`` when it was
    imported, else a string saying why not (``python -m benchmarks goals`` shows either).

    If the national import goes another way (per-prefecture packages, another command), change
    this body and keep the returned keys: ``import_s`` is the figure set beside the goal."""
    from dvdesk.admin import package as pkg  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "national.dvdesk"
        db = open_database(national, fill=False)
        try:
            t = time.perf_counter()
            pkg.export_package(db, file)
            out: dict[str, Any] = {"export_s": time.perf_counter() - t, "package_mb": file.stat().st_size / 1e6}
        except Exception as exc:
            return f"export failed: {type(exc).__name__}: {exc}"
        finally:
            db.close()
        try:
            t, cpu = time.perf_counter(), time.process_time()
            package = pkg.read_package(file)
            out["read_s"], out["read_cpu_s"] = time.perf_counter() - t, time.process_time() - cpu
        except Exception as exc:
            return f"the package of the national directory ({out['package_mb']:.0f} MB) is refused: {exc}"
        target = open_database(Path(tmp) / "fresh.sqlite3", fill=False)
        try:
            out["load_before"] = _load()
            t, cpu = time.perf_counter(), time.process_time()
            pkg.apply_package(target, package, admin="benchmark")
            out["apply_s"], out["apply_cpu_s"] = time.perf_counter() - t, time.process_time() - cpu
            out["load_after"] = _load()
        except Exception as exc:
            return f"apply failed: {type(exc).__name__}: {exc}"
        finally:
            target.close()
        out["import_s"] = out["read_s"] + out["apply_s"]
        # The CPU clock too: on a shared machine the wall clock says more about the neighbours.
        out["import_cpu_s"] = out["read_cpu_s"] + out["apply_cpu_s"]
        out["peak_rss_mb"] = peak_rss_mb()
        return out


# --- one package, measured step by step (each step in a child process: its own peak RSS) ----------


def _load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0]) if Path("/proc/loadavg").exists() else -1.0


def step(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """One measured step, in this (child) process."""
    import dataclasses

    from dvdesk.admin import package as pkg  # type: ignore[import-not-found]

    out: dict[str, Any] = {"step": name, "load_before": _load()}
    t = time.perf_counter()
    if name == "export":
        db = open_database(Path(args.db), fill=False)
        manifest = pkg.export_package(db, Path(args.package))
        out |= {"counts": manifest.counts, "package_mb": Path(args.package).stat().st_size / 1e6}
    else:
        package = pkg.read_package(Path(args.package))
        out["read_s"] = time.perf_counter() - t
        out["services"] = len(package.records.get("service", []))
        if name != "read":
            target = open_database(Path(args.target), fill=False)
            if name == "update":  # 1 % of the services edited, 100 new: what an incremental index is for
                package = dataclasses.replace(package, records=_edited(package.records))
            t2 = time.perf_counter()
            result = pkg.apply_package(target, package, admin="benchmark", backup=None)
            out["apply_s"] = time.perf_counter() - t2
            out["summary"] = result.plan.summary()
    out["seconds"] = time.perf_counter() - t
    out["services_per_s"] = out.get("services", 0) / out["seconds"] if out["seconds"] else 0
    out["peak_rss_mb"] = peak_rss_mb()
    out["load_after"] = _load()
    return out


def _edited(records: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    services = [dict(s) for s in records["service"]]
    for s in services[::100]:
        s["description"] = (s.get("description") or "") + "（更新）"
    services += [services[i] | {"key": f"bench.new.{i}", "name": f"新しい相談窓口{i}"} for i in range(100)]
    return records | {"service": services}


def steps(args: argparse.Namespace) -> list[dict[str, Any]]:
    """export (unless the package exists), read, import into an empty database, re-import into a copy
    of the source, then an update of 1 % of the services into that copy."""
    import json
    import shutil
    import subprocess
    import sys

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    package = Path(args.package or work / "package.dvdesk")
    plan: list[tuple[str, Path | None]] = [] if package.exists() else [("export", None)]
    empty, copy = work / "empty.sqlite3", work / "copy.sqlite3"
    for stale in (empty, copy):
        stale.unlink(missing_ok=True)
    shutil.copyfile(args.db, copy)
    plan += [("read", None), ("empty", empty), ("reimport", copy), ("update", copy)]
    results = []
    for name, target in plan:
        argv = [sys.executable, "-m", "benchmarks.bench_import", "--step", name, "--db", str(args.db)]
        argv += ["--package", str(package), "--target", str(target or "")]
        done = subprocess.run(argv, capture_output=True, text=True)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        result = json.loads(lines[-1]) if lines else {"step": name, "failed": done.stderr[-2000:]}
        print(json.dumps(result, ensure_ascii=False), flush=True)
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="national-scale import time and database size")
    parser.add_argument("--regenerate", action="store_true", help="generate the national database anew")
    parser.add_argument("--db", help="measure this directory's package step by step (a copy is written, never it)")
    parser.add_argument("--work", default="/tmp/dvdesk-bench-import", help="where the package and copies go")
    parser.add_argument("--package", help="an export of --db made before (skips the export step)")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        import json

        print(json.dumps(step(args.step, args), ensure_ascii=False))
    elif args.db:
        save("import_steps", {"machine": machine(), "db": args.db, "steps": steps(args)})
    else:
        print_result(run(args.regenerate))


def print_result(result: dict[str, Any]) -> None:
    print(
        f"  database {result['database_mb']:.0f} MB; largest: "
        + ", ".join(f"{n} {s:.0f}" for n, s in result["largest_tables_mb"])
    )
    gen = result["generator_load"]
    if gen:
        print(
            f"  generator load: {gen.get('services', 0):,} services, "
            + ", ".join(f"{k} {v:.1f}s" for k, v in gen.get("seconds", {}).items())
            + f", peak RSS {gen.get('peak_rss_mb', 0):.0f} MB"
        )
    print(f"  package import: {result['package_import']}")
    if "national_import" in result:
        print(f"  national import: {result['national_import']}")


if __name__ == "__main__":
    main()
