#!/usr/bin/env bash
# Set up placewell and run every check: ruff (lint and format), mypy, the pytest suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/_venv.sh dev
echo "== ruff"; .venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
echo "== mypy"; .venv/bin/mypy
echo "== pytest"
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: the suite is broken" >&2
  exit 1
fi
exit "$status"
