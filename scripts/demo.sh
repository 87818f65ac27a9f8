#!/usr/bin/env bash
# The setup-and-run command (README): sets up on a fresh machine, then starts the real language server on the
# shipped models and prints what an editor would show for the files in examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/clairvoyant demo examples "$@"
