#!/usr/bin/env bash
# Command 2 of 2: run the tests (sets up .venv first if it is missing or out of date).
#   bash test.sh              the everyday suite (slow tests excluded), a few minutes
#   bash test.sh -m slow      only the slow tests (training, many child processes)
#   bash test.sh -m ""        everything
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
bash setup.sh --no-demo >/dev/null
if [ $# -eq 0 ]; then set -- -m "not slow"; fi
exec .venv/bin/python -m pytest "$@"
