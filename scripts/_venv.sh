#!/usr/bin/env bash
# Create (or reuse) .venv with placewell and its development tools installed.
# Sourced by scripts/demo.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pick_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "placewell needs Python 3.11 or newer (install python3 >= 3.11, or set PYTHON=/path/to/python)" >&2
  return 1
}

extras="${1:-dev}"
if [ ! -x .venv/bin/python ]; then
  py="$(pick_python)"
  echo "Creating .venv with $($py --version)"
  if ! "$py" -m venv .venv; then
    echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi
stamp=".venv/.placewell-installed-$extras"
hash="$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  echo "Installing placewell[$extras] into .venv (first run takes a few minutes)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[$extras]"
  echo "$hash" > "$stamp"
fi
