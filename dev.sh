#!/usr/bin/env bash
# One entry point for a fresh Linux machine: installs what dvdesk needs, then runs it.
#   ./dev.sh app     install, then start the desktop app on your own data
#   ./dev.sh test    install, then run the quick tier (offscreen, no display needed, every core):
#                    every test not marked `slow`; PostgreSQL only where a path is the server's own
#   ./dev.sh test-slow  the thorough tier: crash kills, fuzzers, every-combination printouts, and the
#                    [postgresql] half of the engine-parametrized tests (tests/conftest.py); CI runs both
#   ./dev.sh lint    install, then ruff and mypy over the sources and tests (CI runs it before the tests)
#   ./dev.sh setup   install only
# Anything after the verb is passed on (to dvdesk or to pytest).
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
# binutils (objdump, for the PyInstaller build), the system libraries Qt needs to draw (offscreen or on X11), a virtual display for
# headless machines, poppler for turning PDFs into pictures when checking print-outs, and PostgreSQL: the
# tests start a throw-away cluster of their own (tests/pg_support.py) to run shared mode on a real server.
DEBS=(binutils libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
      libglib2.0-0 libdbus-1-3 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
      libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
      libxcb-xkb1 libxrender1 libxi6 libsm6 libice6 libnss3 libcups2
      xvfb xauth poppler-utils postgresql)

install_debs() {
  command -v dpkg-query >/dev/null || return 0
  local missing=()
  for p in "${DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "dev.sh: installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python() {
  local stamp="$VENV/.installed"
  local want
  want=$(sha256sum pyproject.toml | cut -c1-16)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e '.[test]'
  echo "$want" > "$stamp"
}

verb=${1:-app}
shift || true
install_debs
install_python
case "$verb" in
  setup) ;;
  app)
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      echo "dev.sh: no display found; starting under a virtual display (xvfb-run)." >&2
      exec xvfb-run -a -s "-screen 0 1400x900x24" "$VENV/bin/dvdesk" "$@"
    fi
    exec "$VENV/bin/dvdesk" "$@" ;;
  lint)
    "$VENV/bin/ruff" check src tests benchmarks scripts "$@"
    "$VENV/bin/ruff" format --check src tests benchmarks scripts
    exec "$VENV/bin/mypy" src ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    unset PYTHONDONTWRITEBYTECODE  # the CLI tests' child processes would recompile dvdesk on every start
    exec "$VENV/bin/python" -m pytest -n auto -m "not slow" "$@" ;;
  test-slow)
    export QT_QPA_PLATFORM=offscreen
    unset PYTHONDONTWRITEBYTECODE
    exec "$VENV/bin/python" -m pytest -n auto -m slow "$@" ;;
  *) echo "usage: ./dev.sh [app|test|test-slow|lint|setup] [args...]" >&2; exit 2 ;;
esac
