#!/usr/bin/env bash
# e2e setup: what tests/e2e needs on a fresh Debian machine, and nothing fetched from outside the package registries.
#   - Debian's chromium (the browser at /usr/bin/chromium) and a font with Latin and Persian glyphs;
#   - the pip package playwright, at the pin in requirements-dev.txt, into the project's venv.
# `playwright install` is never run: it downloads its own browser build, which this workplace cannot fetch.
# The tests launch /usr/bin/chromium through executable_path.
#
# Usage (from .ci/run, before `make test`):   bash .ci/e2e-setup.sh && export E2E_REQUIRED=1
# Idempotent: what is already installed is kept. Settings (environment, all optional):
#   PYTHON_BIN           the interpreter to install playwright into (default .venv/bin/python; the venv is made if absent)
#   E2E_SCREENSHOT_FONTS 1 also installs Noto fonts (Persian shaping, emoji) for screenshots that look like a user's
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "e2e-setup.sh: $*" >&2; }

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || packages+=(fonts-dejavu-core)
if [ "${E2E_SCREENSHOT_FONTS:-0}" = "1" ]; then
  for p in fonts-noto-core fonts-noto-color-emoji; do dpkg -s "$p" >/dev/null 2>&1 || packages+=("$p"); done
fi
if [ "${#packages[@]}" -gt 0 ]; then
  log "installing ${packages[*]} from Debian's packages"
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq "${packages[@]}" >&2
fi
/usr/bin/chromium --version >&2 2>/dev/null  # (stderr: its wrapper script prints a harmless shell warning)

PIN="$(grep -iE '^playwright==' requirements-dev.txt | head -n 1 | tr -d '[:space:]')"
[ -n "$PIN" ] || { log "requirements-dev.txt has no playwright== pin"; exit 1; }
PY="${PYTHON_BIN:-.venv/bin/python}"
if [ ! -x "$PY" ]; then
  log "creating the venv .venv"
  python3 -m venv .venv
  PY=.venv/bin/python
fi
if "$PY" -c "import importlib.metadata as m, sys; sys.exit(0 if m.version('playwright') == sys.argv[1] else 1)" \
     "${PIN#*==}" 2>/dev/null; then
  log "$PIN is already installed"
else
  log "installing $PIN"
  "$PY" -m pip install --quiet --disable-pip-version-check "$PIN" >&2
fi
"$PY" -c "import playwright.sync_api; print('e2e-setup.sh: playwright', __import__('importlib.metadata').metadata.version('playwright'), 'ready; browser /usr/bin/chromium')" >&2
