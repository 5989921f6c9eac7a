#!/usr/bin/env bash
# Command 1 of 2: create .venv at the repository root, install the locked dependencies,
# then run the built-in demo (grade the bundled example submissions of assignment 01).
#   bash setup.sh            set up and run the demo
#   bash setup.sh --no-demo  set up only (CI and test.sh use this)
set -euo pipefail
cd "$(dirname "$0")"

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.installed-lock-sha256"
lock_sum=$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)

if [ ! -x "$VENV/bin/python" ]; then
    echo "==> creating $VENV with $($PYTHON --version)"
    "$PYTHON" -m venv "$VENV"
fi

if [ "$(cat "$STAMP" 2>/dev/null)" != "$lock_sum" ]; then
    echo "==> installing locked dependencies (requirements.lock); the first time takes a few minutes"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
    echo "$lock_sum" > "$STAMP"
else
    echo "==> $VENV is up to date with requirements.lock"
fi

if [ "${1:-}" != "--no-demo" ]; then
    echo "==> demo: grading the bundled example submissions"
    exec "$VENV/bin/python" -m autograder demo
fi
