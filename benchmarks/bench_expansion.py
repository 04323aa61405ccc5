"""The cost of expanding what was typed through the vocabulary (``search_words.typed_words``: phrase
reading, synonyms, the spelling cap), per query, for every query of the five query sets.

Each query is expanded on a table built once (as the window keeps it), with the table's kept
spellings and typed words cleared before it: the cost of a query typed for the first time. CPU
time (``time.process_time``), the best of ``--rounds`` rounds per query. No database: the table is
built from ``resources/directory/synonyms.toml`` of the tree on ``PYTHONPATH``, so an older checkout
is measured the same way (``PYTHONPATH=OLD/src:. python -m benchmarks.bench_expansion``).

    python -m benchmarks.bench_expansion [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tomllib
from typing import Any

from benchmarks.search_quality import HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4, QUERIES, cases


def _table() -> Any:
    from dvdesk import paths
    from dvdesk.domain.search_words import SynonymTable

    data = tomllib.loads((paths.resources_dir() / "directory" / "synonyms.toml").read_text(encoding="utf-8"))
    return SynonymTable.from_groups([group["terms"] for group in data["group"]])


def run(rounds: int) -> dict[str, float]:
    from dvdesk.domain.search_words import typed_words

    queries = [c.query for path in (QUERIES, HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4) for c in cases(path)]
    table = _table()
    typed_words("相談", table)  # the table's derived orders, built once per table
    best = [float("inf")] * len(queries)
    for _ in range(rounds):
        for n, query in enumerate(queries):
            for kept in ("spellings", "typed"):
                table._memo.get(kept, {}).clear()
            start = time.process_time()
            typed_words(query, table)
            best[n] = min(best[n], time.process_time() - start)
    ms = sorted(b * 1000 for b in best)
    return {
        "queries": len(ms),
        "median_ms": statistics.median(ms),
        "p90_ms": ms[int(0.9 * (len(ms) - 1))],
        "p99_ms": ms[int(0.99 * (len(ms) - 1))],
        "max_ms": ms[-1],
        "sum_ms": sum(ms),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    result = run(parser.parse_args().rounds)
    figures = ", ".join(f"{k[:-3]} {result[k]:.3f}" for k in ("median_ms", "p90_ms", "p99_ms", "max_ms", "sum_ms"))
    print(f"{result['queries']} queries, first expansion, best of rounds (CPU ms): {figures}")


if __name__ == "__main__":
    main()
