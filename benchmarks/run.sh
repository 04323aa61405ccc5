#!/usr/bin/env bash
# Run every benchmark (or the ones named) and write the figures into docs/performance.md.
#   benchmarks/run.sh                 everything; the first run generates the national-scale
#                                     database (about 2–4 minutes, ~1 GB in benchmarks/.cache)
#   benchmarks/run.sh search --quick  fewer repetitions
set -euo pipefail
cd "$(dirname "$0")/.."
./dev.sh setup
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m benchmarks "$@"
