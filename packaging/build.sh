#!/usr/bin/env bash
# Build the one-folder bundle: dist/dvdesk/ (run it as dist/dvdesk/dvdesk, or dvdesk.exe on Windows).
#   packaging/build.sh            install PyInstaller into .venv (the "build" extra), build
#   packaging/build.sh --naive    also build an untrimmed PySide6 bundle for comparison (size only)
# Writes the build time and bundle size to benchmarks/.cache/results/bundle.json.
# On Windows, see packaging/README.md (the same steps in PowerShell).
set -euo pipefail
cd "$(dirname "$0")/.."
./dev.sh setup
PY=.venv/bin/python
"$PY" -m pip install -q -e '.[test,build]'

# Interface translations: .qm files are built into resources/i18n for the bundle only, and
# removed afterwards, so the source tree goes on compiling them into its cache (gui/i18n.py).
made_qm=()
for ts in resources/i18n/*.ts; do
  [ -e "$ts" ] && [ ! -e "${ts%.ts}.qm" ] && made_qm+=("${ts%.ts}.qm")
done
cleanup() { [ ${#made_qm[@]} -eq 0 ] || rm -f "${made_qm[@]}"; }
trap cleanup EXIT
if "$PY" -c "import dvdesk.gui.i18n" 2>/dev/null && "$PY" -m dvdesk.gui.i18n --help >/dev/null 2>&1; then
  QT_QPA_PLATFORM=offscreen "$PY" -m dvdesk.gui.i18n build
else
  for ts in resources/i18n/*.ts; do
    [ -e "$ts" ] || continue
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "${ts%.ts}.qm"
  done
fi

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/dvdesk.spec
took=$(( $(date +%s) - start ))
size=$(du -sh dist/dvdesk | cut -f1)
files=$(find dist/dvdesk -type f | wc -l)
echo "built dist/dvdesk in ${took}s: ${size}, ${files} files"

naive=""
if [ "${1:-}" = "--naive" ]; then
  # The same program with PyInstaller's defaults: every plugin and translation PySide6's hooks collect.
  DVDESK_NAIVE_BUNDLE=1 "$PY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath build/naive-dist --workpath build/naive-work packaging/dvdesk.spec
  naive=$(du -sh build/naive-dist/dvdesk | cut -f1)
  echo "naive bundle for comparison: ${naive}"
fi
mkdir -p benchmarks/.cache/results
"$PY" - "$took" "$size" "$files" "$naive" <<'PY'
import json, sys
from pathlib import Path
took, size, files, naive = sys.argv[1:]
path = Path("benchmarks/.cache/results/bundle.json")
old = json.loads(path.read_text()) if path.exists() else {}
data = {"build_s": int(took), "size": size, "files": int(files)}
data["naive_size"] = naive or old.get("naive_size", "not measured")
path.write_text(json.dumps(data, indent=2))
PY
