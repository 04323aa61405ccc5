#!/usr/bin/env bash
# Run the benchmarks.
#   benchmarks/run.sh goals --national FILE          everything issue 14 asks, in ONE run, each figure
#                                                    beside its same-run baseline and goal, written into
#                                                    docs/performance.md (~15 min on a quiet machine;
#                                                    FILE is only read: a working copy is made)
#   benchmarks/run.sh goals --national FILE --quick  fewer repetitions (~5 min)
#   benchmarks/run.sh search --quick                 one single benchmark (printed, saved under benchmarks/.cache)
set -euo pipefail
cd "$(dirname "$0")/.."
./dev.sh setup
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m benchmarks "$@"
