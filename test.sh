#!/usr/bin/env bash
# Command 2 of 2: run the tests (sets up .venv first if it is missing or out of date).
#   bash test.sh              the everyday suite (slow tests excluded), a few minutes
#   bash test.sh -m slow      only the slow tests (training, many child processes)
#   bash test.sh -m ""        everything
# Extra arguments go to pytest (the slow tests stay out unless -m is given). The tests run in three
# processes (pytest-xdist; KERAS_COURSE_TEST_JOBS changes how many, 0 runs them in this process):
# most of a test's time is one worker process importing, training or waiting for a timeout, so
# three keep two cores busy (measured from a fresh clone: 5 min 0 s with three, 5 min 34 s with
# two, 173% and 146% CPU). Each test file runs in one process, in order (tests that start hostile processes and then assert that none is left see only their own).
set -euo pipefail
cd "$(dirname "$0")"
bash setup.sh --no-demo >/dev/null
# Without a marker expression of your own (-m), the slow tests stay out: `bash test.sh -x` or
# `bash test.sh tests/test_cli.py` run everyday tests only.
case " $* " in *" -m "*|*" -m"*) ;; *) set -- -m "not slow" "$@" ;; esac
exec .venv/bin/python -m pytest -n "${KERAS_COURSE_TEST_JOBS:-3}" --dist loadfile "$@"
