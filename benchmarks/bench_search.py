"""Type-ahead search latency at the bundled size and at national scale.

For every query a counselor might type (1, 2 and 3+ characters) and every scope (all
municipalities, one municipality, a need, both), four timings:

* keystroke — a fresh read session, a new ``Searcher(session)`` and ``search``: an upper bound
  for a keystroke (the desk opens a new snapshot every time, and keeps its searcher until the
  data changes);
* search    — ``Searcher.search`` alone on a searcher kept open;
* sql       — the exact SQL statements ``search`` ran, replayed through plain ``sqlite3``;
* fts       — the FTS5 MATCH alone (``SELECT rowid FROM search_fts WHERE search_fts MATCH ?``).

The ratio search/fts says what the app adds on top of the index lookup. Target: a keystroke well
under one frame (16 ms) at national scale.

    python -m benchmarks.bench_search [--repeat 30] [--scale bundled|national|both]

With ``--engines`` it measures the keystroke instead on both engines side by side: the same
queries on the SQLite file and on a throw-away PostgreSQL cluster filled with the same directory
(the bundled one, and a generated one of ``--municipalities``), and checks that both engines
return the same hits for every query.

    python -m benchmarks.bench_search --engines [--repeat 20] [--municipalities 30]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from benchmarks import generate
from benchmarks.common import ROOT, bundled_db_path, machine, national_db_path, save, stats_ms, time_ns
from dvdesk.domain.models import Municipality, Service, ServiceKind
from dvdesk.domain.search import Searcher, SearchQuery
from dvdesk.storage.db import open_database

QUERIES = {
    "no words": ("",),  # a need or a municipality chosen in the tree, nothing typed
    "1 char": ("住", "夜", "子", "税"),
    "2 chars": ("住宅", "相談", "保護", "ＤＶ", "手当"),
    "3+ chars": ("住宅課", "弁護士", "しぇるたー", "児童扶養手当", "生活保護", "法律相談", "DV 相談"),
}
CLIENT = frozenset({ServiceKind.CLIENT})  # the counselor's default: services a client can use
NEED = "consultation"  # the commonest need: the hardest case for a need filter


def scopes(muni_code: str) -> list[tuple[str, str | None, str | None]]:
    return [
        ("all", None, None),
        ("municipality", muni_code, None),
        (f"need {NEED}", None, NEED),
        (f"municipality + need {NEED}", muni_code, NEED),
    ]


class _StatementCatcher:
    """Records the SQL statements and parameters the engine sends to SQLite."""

    def __init__(self, engine):  # type: ignore[no-untyped-def]
        self.seen: list[tuple[str, Any]] = []
        event.listen(engine, "before_cursor_execute", self._catch)

    def _catch(self, conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        self.seen.append((statement, parameters))

    def replay(self, raw: sqlite3.Connection, statements: list[tuple[str, Any]]) -> None:
        for statement, params in statements:
            raw.execute(statement, params).fetchall()


def pick_municipality(session) -> str:  # type: ignore[no-untyped-def]
    """高岡市 when the real data is there, else a generated city in the middle of the list."""
    codes = list(session.scalars(select(Municipality.code).order_by(Municipality.code)))
    return "162027" if "162027" in codes else codes[len(codes) // 2]


def bench_database(path: Path, repeat: int) -> dict[str, Any]:
    db = open_database(path, fill=False)
    catcher = _StatementCatcher(db.engine)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = []
    with db.read() as session:
        muni = pick_municipality(session)
        searcher = Searcher(session)
        init_ns = time_ns(lambda: Searcher(session), repeat)
        for scope, code, need in scopes(muni):
            for klass, texts in QUERIES.items():
                samples: dict[str, list[int]] = {"keystroke": [], "search": [], "sql": [], "fts": []}
                matches = hits = complete = 0
                for text in texts:
                    query = SearchQuery(text, code, need, CLIENT)

                    def keystroke(query: SearchQuery = query) -> None:
                        with db.read() as s:
                            Searcher(s).search(query)

                    catcher.seen.clear()
                    result = searcher.search_result(query)  # also the warm-up
                    hits += len(result.hits)
                    complete += result.complete
                    statements = list(catcher.seen)
                    match = searcher.match_for(query)
                    if match:  # None: no words and no filter, nothing to match
                        matches += raw.execute(
                            "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (match,)
                        ).fetchone()[0]
                    samples["keystroke"] += time_ns(keystroke, repeat)
                    samples["search"] += time_ns(lambda q=query: searcher.search(q), repeat)
                    samples["sql"] += time_ns(lambda st=statements: catcher.replay(raw, st), repeat)
                    samples["fts"] += (
                        time_ns(
                            lambda m=match: raw.execute(
                                "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (m,)
                            ).fetchall(),
                            repeat,
                        )
                        if match
                        else [0]
                    )
                row = {
                    "scope": scope,
                    "class": klass,
                    "queries": list(texts),
                    "fts_matches_avg": matches // len(texts),
                    "hits_avg": hits // len(texts),
                    "complete": f"{complete}/{len(texts)}",
                }
                row |= {k: stats_ms(v) for k, v in samples.items()}
                row["ratio_search_to_fts"] = row["search"]["median"] / max(row["fts"]["median"], 1e-6)
                rows.append(row)
                print(_line(row), flush=True)
        counts = {
            t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("municipalities", "services", "search_fts")
        }
    raw.close()
    db.close()
    return {
        "path": str(path),
        "size_mb": path.stat().st_size / 1e6,
        "municipality": muni,
        "counts": counts,
        "searcher_init_ms": stats_ms(init_ns),
        "rows": rows,
    }


def _line(row: dict[str, Any]) -> str:
    def f(k: str) -> str:
        return f"{row[k]['median']:7.2f}/{row[k]['p99']:7.2f}"

    return (
        f"  {row['scope']:<32} {row['class']:<8} matches {row['fts_matches_avg']:>7}  "
        f"keystroke {f('keystroke')}  search {f('search')}  sql {f('sql')}  fts {f('fts')}  "
        f"×{row['ratio_search_to_fts']:.1f}"
    )


def run(scale: str = "both", repeat: int = 30) -> dict[str, Any]:
    result: dict[str, Any] = {"machine": machine(), "repeat": repeat, "scales": {}}
    targets = []
    if scale in ("bundled", "both"):
        path, what = bundled_db_path()
        targets.append(("bundled", path, what))
    if scale in ("national", "both"):
        targets.append(("national", national_db_path(), "generated national-scale directory"))
    for name, path, what in targets:
        print(f"{name}: {what} ({path.name}); median/p99 ms", flush=True)
        result["scales"][name] = bench_database(path, repeat) | {"what": what}
    save("search", result)
    return result


@contextmanager
def throwaway_cluster() -> Iterator[Any]:
    """A PostgreSQL cluster on a Unix socket in a temporary folder (tests/pg_support.py), removed after."""
    sys.path.insert(0, str(ROOT / "tests"))
    import pg_support

    cluster, data_dir = pg_support._start()
    try:
        yield cluster
    finally:
        from dvdesk.storage.db import close_servers

        close_servers()
        pg_support._stop(cluster, data_dir)


def _hit_key(hit: Any) -> tuple[str, ...]:
    """What the counselor sees of a hit (ids may differ between the two databases)."""
    return (str(hit.kind), hit.name, hit.provider, hit.municipality)


def keystrokes(db: Any, muni: str, repeat: int) -> tuple[dict[str, list[int]], dict[str, list[Any]]]:
    """Per scope, the keystroke samples (fresh read session + Searcher + search) and each query's hits."""
    samples: dict[str, list[int]] = {}
    hits: dict[str, list[Any]] = {}
    for scope, code, need in scopes(muni):
        samples[scope] = []
        for texts in QUERIES.values():
            for text in texts:
                query = SearchQuery(text, code, need, CLIENT)

                def keystroke(query: SearchQuery = query) -> list[Any]:
                    with db.read() as s:
                        return [_hit_key(h) for h in Searcher(s).search(query)]

                hits[f"{scope} | {text}"] = keystroke()  # also the warm-up
                samples[scope] += time_ns(keystroke, repeat)
    return samples, hits


def compare_engines(sqlite_path: Path, server_url: str, repeat: int) -> dict[str, Any]:
    """The same keystrokes on the SQLite file and on the server database; the hits compared."""
    from dvdesk.storage.db import open_database as open_any

    result: dict[str, Any] = {}
    hits: dict[str, dict[str, list[Any]]] = {}
    for engine, target in (("sqlite", sqlite_path), ("postgresql", server_url)):
        db = open_any(target, fill=False)
        with db.read() as session:
            muni = pick_municipality(session)
            services = session.scalar(select(func.count()).select_from(Service))
        samples, hits[engine] = keystrokes(db, muni, repeat)
        db.close()
        result[engine] = {
            "municipality": muni,
            "services": services,
            "scopes": {k: stats_ms(v) for k, v in samples.items()},
            "every query": stats_ms([x for v in samples.values() for x in v]),
        }
    mismatched = [q for q in hits["sqlite"] if hits["sqlite"][q] != hits["postgresql"].get(q)]
    result["queries"] = len(hits["sqlite"])
    result["mismatches"] = mismatched
    result["hits_total"] = sum(map(len, hits["sqlite"].values()))
    return result


def _print_engines(name: str, r: dict[str, Any]) -> None:
    def f(engine: str, scope: str) -> str:
        st = r[engine]["scopes"].get(scope) or r[engine]["every query"]
        return f"{st['median']:7.2f} {st['p99']:7.2f}"

    print(
        f"{name}: {r['sqlite']['services']:,} services, municipality {r['sqlite']['municipality']}; "
        "keystroke ms p50 p99",
        flush=True,
    )
    print(f"  {'scope':<32} {'SQLite':>15}   {'PostgreSQL':>15}")
    for scope in [*r["sqlite"]["scopes"], "every query"]:
        print(f"  {scope:<32} {f('sqlite', scope)}   {f('postgresql', scope)}")
    print(
        f"  hits compared: {r['queries']} queries, {r['hits_total']} hits; "
        f"mismatches: {len(r['mismatches'])} {r['mismatches'] or ''}",
        flush=True,
    )


def run_engines(municipalities: int = 30, repeat: int = 20) -> dict[str, Any]:
    """Keystroke latency on SQLite and PostgreSQL, bundled and generated directory, one run."""
    from dvdesk.storage import server_setup

    result: dict[str, Any] = {"machine": machine(), "repeat": repeat, "municipalities": municipalities, "scales": {}}
    print(f"load average at start: {result['machine']['load_average']}", flush=True)
    bundled_path, _what = bundled_db_path()
    generated_path = generate.ensure(municipalities, generate.SERVICES_PER_MUNICIPALITY)
    with throwaway_cluster() as cluster:
        for name, path in (("bundled", bundled_path), (f"generated {municipalities}", generated_path)):
            dbname = cluster.new_database()
            url = cluster.url(dbname)
            db = server_setup.prepare(url, fill=name == "bundled")
            if name != "bundled":
                generate.fill(db, generate.Report(path), municipalities, generate.SERVICES_PER_MUNICIPALITY)
            db.close()
            cluster.sql("VACUUM ANALYZE", dbname)  # planner statistics, as a server has them after a day
            result["scales"][name] = compare_engines(path, url, repeat)
            _print_engines(name, result["scales"][name])
    result["load_average_end"] = machine()["load_average"]
    print(f"load average at end: {result['load_average_end']}", flush=True)
    save("search-engines", result)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="type-ahead search latency")
    parser.add_argument("--engines", action="store_true", help="SQLite and PostgreSQL side by side")
    parser.add_argument("--municipalities", type=int, default=30, help="generated directory size for --engines")
    parser.add_argument("--scale", choices=("bundled", "national", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, help="measure this database instead")
    args = parser.parse_args()
    if args.engines:
        result = run_engines(args.municipalities, args.repeat)
        sys.exit(1 if any(r["mismatches"] for r in result["scales"].values()) else 0)
    if args.db:
        print(json.dumps(bench_database(args.db, args.repeat)["searcher_init_ms"]))
        return
    run(args.scale, args.repeat)


if __name__ == "__main__":
    main()
