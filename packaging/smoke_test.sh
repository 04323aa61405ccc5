#!/usr/bin/env bash
# Smoke test of the built program, as on a PC that has never run dvdesk:
# an empty data folder (DVDESK_HOME), no display (offscreen), run from an unrelated folder so
# nothing of the source tree can be picked up. Checks that the program starts, creates and
# migrates its database with the migration scripts inside the bundle, loads the bundled
# directory, searches, exports a checklist PDF, shows its window and answers a first search.
#   packaging/smoke_test.sh [path/to/dvdesk]     (default: dist/dvdesk/dvdesk)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EXE=$(cd "$ROOT" && realpath "${1:-dist/dvdesk/dvdesk}")
[ -x "$EXE" ] || { echo "smoke: no built program at $EXE (run packaging/build.sh)"; exit 1; }
BUNDLE=$(dirname "$EXE")
PY=$(command -v python3)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export DVDESK_HOME="$work/home" QT_QPA_PLATFORM=offscreen
unset DVDESK_DB DVDESK_RESOURCES DVDESK_STARTUP_PROBE PYTHONPATH PYTHONHOME

passed=0
failed=0
check() {  # check NAME COMMAND...: run it, count it, show its output when it fails
  local name=$1
  shift
  if out=$("$@" 2>&1); then
    passed=$((passed + 1))
    echo "ok    $name"
  else
    failed=$((failed + 1))
    echo "FAIL  $name"
    echo "$out" | tail -20 | sed 's/^/      /'
  fi
}

json_has() {  # json_has FILE PYTHON-EXPRESSION-ON-d
  "$PY" -c "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8')); assert $2, d" "$1"
}

newest=$(ls "$BUNDLE"/_internal/dvdesk/storage/migrations/versions/*.py | xargs -n1 basename | sort | tail -1 | cut -d_ -f1)

check "--version names the version" sh -c "'$EXE' --version | grep -q '^dvdesk [0-9]'"
check "first start: database created, migrated to $newest, bundled directory loaded" sh -c "
  '$EXE' info --json > info.json && [ -f '$DVDESK_HOME/data/dvdesk.sqlite3' ]"
check "info: schema and records" json_has info.json "d['schema'] == '$newest' and d['services'] > 0 and d['municipalities'] > 0"
check "search 住宅 --json finds housing services" sh -c "'$EXE' search 住宅 --json > search.json"
check "search result" json_has search.json "d and any('住宅' in h['name'] for h in d)"
check "one-character search 夜" sh -c "'$EXE' search 夜 --json > night.json && test -s night.json"
if "$EXE" checklist --help >/dev/null 2>&1; then
  check "checklist PDF export" sh -c "
    '$EXE' checklist -m 高岡市 --need children --need housing --circumstance school --pdf checklist.pdf &&
    head -c 5 checklist.pdf | grep -q '%PDF-'"
else
  echo "skip  checklist PDF export (this build has no checklist command)"
fi
check "Qt's own Japanese translation (file dialogs, buttons) is in the bundle" sh -c "
  find '$BUNDLE' -name qtbase_ja.qm | grep -q ."
check "window shown and first search answered" sh -c "
  DVDESK_STARTUP_PROBE=app '$EXE' > probe.json &&
  '$PY' -c \"import json; d=json.loads(open('probe.json').read().splitlines()[-1]); assert d['first_search_hits'] > 0, d\""
check "Python runs in UTF-8 mode (CSV and JSON files are UTF-8 on Windows too)" \
  "$PY" -c "import json; assert json.loads(open('probe.json').read().splitlines()[-1])['utf8_mode'] == 1"
check "dvdesk's own licence (MIT) ships in the bundle" sh -c "
  grep -q '^MIT License' '$BUNDLE'/_internal/resources/licenses/dvdesk/LICENSE"
check "a bad command line is one line and exit 2" sh -c "
  '$EXE' no-such-command 2> err.txt; test \$? -eq 2 && test \$(wc -l < err.txt) -eq 1"

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
