"""Run the benchmarks.

    python -m benchmarks goals --national FILE [--quick]   # everything issue 14 asks, in ONE run,
                                                           # written into docs/performance.md
    python -m benchmarks search startup                     # some of the single benchmarks (printed,
    python -m benchmarks --quick                            # saved in benchmarks/.cache/results)

Benchmarks run on demand, never in the test suite. Single benchmarks: search startup checklist
import memory; ``goals`` is benchmarks/goals.py (``python -m benchmarks goals --help``).
"""

from __future__ import annotations

import argparse
import sys
import time

ALL = ("search", "startup", "checklist", "import", "memory")


def main() -> None:
    if sys.argv[1:2] == ["goals"]:
        from benchmarks import goals

        goals.main(sys.argv[2:])
        return
    from benchmarks import bench_checklist, bench_import, bench_memory, bench_search, bench_startup

    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"goals, or any of {', '.join(ALL)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    unknown = set(args.names) - set(ALL)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    names = args.names or ALL
    for name in names:
        print(f"== {name}", flush=True)
        t = time.perf_counter()
        if name == "search":
            bench_search.run("both", repeat=5 if args.quick else 30)
        elif name == "startup":
            bench_startup.report(bench_startup.run(runs=3 if args.quick else 9))
        elif name == "checklist":
            bench_checklist.main_run(runs=2 if args.quick else 5)
        elif name == "import":
            bench_import.print_result(bench_import.run())
        elif name == "memory":
            bench_memory.print_result(bench_memory.run())
        print(f"   ({time.perf_counter() - t:.0f} s)", flush=True)
    print("figures saved in benchmarks/.cache/results/; docs/performance.md's block is written by `goals`")


if __name__ == "__main__":
    main()
