#!/usr/bin/env bash
# Set up placewell and run the demo: build the synthetic Ayrshire workspace and show it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/_venv.sh dev
export PLACEWELL_HOME="${PLACEWELL_HOME:-$PWD/placewell-data}"
exec .venv/bin/placewell demo --serve "$@"
