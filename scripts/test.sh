#!/usr/bin/env bash
# The test command (README, .ci/run): sets everything up on a fresh machine, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --editors
export PYTHONUNBUFFERED=1
exec .venv/bin/python -m pytest -q -p no:cacheprovider --durations=15 "$@"
