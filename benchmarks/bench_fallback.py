"""What the fallback for a sentence that finds too little (``app.fallback``, issue 14.1) costs a keystroke.

Each sentence of the tuned set's client phrases with no word of the vocabulary is typed character by
character, from scratch each repeat (every prefix is a keystroke the window would search if she paused
there: the worst case); for each, the window's first page (``DeskData.desk_search``, ``PAGE`` rows)
and its total (``desk_count``) are timed with the fallback and without it (``fallback.FEW = 0``: the
list as typed), interleaved in the same run so the machine's load weighs on both alike. The words'
lists kept between keystrokes start empty for each sentence. Prints median / p99 in ms of CPU time
(``time.process_time``: the machine is shared, wall time swings with its load) and how many
keystrokes used the fallback.

    python -m benchmarks.bench_fallback [--db PATH] [--repeat 5] [--municipality CODE]

``--db`` is only read (a national directory: pass a working copy, never the lead's file).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.search_quality import QUERIES, cases

# The tuned set's sentences added for the fallback (h14-recall4): the queries after this many.
FIRST_FALLBACK_CASE = 223


def sentences() -> list[tuple[str, str]]:
    return [(c.query, c.municipality) for c in cases(QUERIES)[FIRST_FALLBACK_CASE:]]


def keystrokes(text: str) -> list[str]:
    return [text[:n] for n in range(1, len(text) + 1)]


def run(db_path: Path, repeat: int, municipality: str | None) -> dict[str, dict[str, float]]:
    from dvdesk.app import fallback
    from dvdesk.app.desk_query import PAGE
    from dvdesk.app.directory_queries import DeskData, DeskQuery
    from dvdesk.storage.db import open_database

    db = open_database(db_path, fill=not db_path.exists())
    samples: dict[str, list[float]] = {"page": [], "page_as_typed": [], "count": [], "count_as_typed": []}
    used = 0
    few = fallback.FEW
    try:
        data = DeskData(db)
        for text, code in sentences():  # warm-up (the searcher, the statements), and which used the words
            for typed in keystrokes(text):
                used += bool(data.desk_search(DeskQuery(typed, _where(municipality, code), limit=PAGE)).words)
        for _ in range(repeat):
            for text, code in sentences():
                data._kept_words = {}  # typed from scratch: no word of this sentence kept yet
                for typed in keystrokes(text):
                    query = DeskQuery(typed, _where(municipality, code), limit=PAGE)
                    for name, value in (("", few), ("_as_typed", 0)):
                        fallback.FEW = value
                        t = time.process_time()
                        data.desk_search(query)
                        samples["page" + name].append((time.process_time() - t) * 1000)
                        t = time.process_time()
                        data.desk_count(query)
                        samples["count" + name].append((time.process_time() - t) * 1000)
                    fallback.FEW = few
    finally:
        fallback.FEW = few
        db.close()
    out = {name: _stats(values) for name, values in samples.items()}
    out["keystrokes"] = {"all": sum(len(keystrokes(t)) for t, _ in sentences()), "with_fallback": used}
    return out


def _where(municipality: str | None, code: str) -> str | None:
    return (municipality if municipality is not None else code) or None


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median": ordered[len(ordered) // 2], "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a database (default: a fresh one from the bundled directory)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--municipality", help="search every sentence here ('' for 全市区町村) instead of its own")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.db or Path(tmp) / "fallback.sqlite3", args.repeat, args.municipality)
    for name, stat in result.items():
        shown = (f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in stat.items())
        print(f"{name:<16} " + ", ".join(shown))


if __name__ == "__main__":
    main()
