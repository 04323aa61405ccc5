"""Search quality on counselor queries: recall@5 and success@5 of the desk's result list.

The queries and the records a counselor would want in the first five rows are in
``tests/data/counselor_queries.toml`` (both bundled cities; 1–2-character words, kana/width
variants, colloquial words, department names, procedure names, phone numbers). The list is the
desk's own (``DeskData.desk_search``: services, procedures and departments, client services by
default), so what is measured is what she sees.

* success@5 — share of queries with at least one relevant record in the first five rows;
* recall@5  — mean over queries of |relevant ∩ first five| / min(|relevant|, 5).

    python -m benchmarks.search_quality [--db PATH] [--misses]

With an older dvdesk on PYTHONPATH (no ``desk_search``), the list is its ``DeskData.search``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "counselor_queries.toml"
TOP = 5


@dataclass(frozen=True)
class Case:
    query: str
    municipality: str
    relevant: frozenset[str]


def cases(path: Path = QUERIES) -> list[Case]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Case(q["q"], q["m"], frozenset(q["relevant"])) for q in data["query"]]


def top_names(data: Any, case: Case) -> list[str]:
    from dvdesk.app.directory_queries import DeskQuery

    query = DeskQuery(case.query, case.municipality)
    search = getattr(data, "desk_search", None)
    hits = search(query).hits if search else data.search(query)
    return [h.name for h in hits[:TOP]]


def evaluate(db: Any, path: Path = QUERIES) -> dict[str, Any]:
    """Scores on the query set, with the misses (queries with nothing relevant in the top five)."""
    from dvdesk.app.directory_queries import DeskData

    data = DeskData(db)
    recalls, successes, misses = [], 0, []
    for case in cases(path):
        top = top_names(data, case)
        found = case.relevant.intersection(top)
        recalls.append(len(found) / min(len(case.relevant), TOP))
        if found:
            successes += 1
        else:
            misses.append({"query": case.query, "municipality": case.municipality, "top": top})
    n = len(recalls)
    return {"queries": n, "recall_at_5": sum(recalls) / n, "success_at_5": successes / n, "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a database (default: a fresh one from the bundled directory)")
    parser.add_argument("--misses", action="store_true", help="list the queries that found nothing relevant")
    args = parser.parse_args()
    from dvdesk.storage.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(args.db or Path(tmp) / "quality.sqlite3")
        try:
            result = evaluate(db)
        finally:
            db.close()
    print(f"{result['queries']} queries: recall@5 {result['recall_at_5']:.3f}, "
          f"success@5 {result['success_at_5']:.3f} ({len(result['misses'])} with nothing relevant in the top 5)")
    if args.misses:
        for miss in result["misses"]:
            print(json.dumps(miss, ensure_ascii=False))


if __name__ == "__main__":
    main()
