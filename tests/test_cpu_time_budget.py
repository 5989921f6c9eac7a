"""A check that trains is timed in CPU seconds of the worker, with its wall-clock budget as a ceiling.

The grader's training of a student's model must not lose points because the machine is busy
(red team 2, F23): a CPU-timed check is stopped when the worker's processes have used its CPU
seconds, or at its wall-clock ceiling (code that sleeps still ends); the submission's total charges
it its CPU seconds, not its wait for a core. Probes of one run (the challenge's training) are not
started again after the grader stopped one of them. On 01's numpy suite: no Keras, a second each.
"""

from __future__ import annotations

import re
import time

import pytest

from autograder import messages
from autograder.catalog import render
from autograder.course import load_course
from autograder.sandbox import protocol
from autograder.sandbox.limits import Limits
from autograder.sandbox.runner import run_probes

BURNS = "def table_shape(n_samples, n_features):\n    while True:\n        pass\n"
SLEEPS = ("import time\n"
          "def table_shape(n_samples, n_features):\n    time.sleep(3600)\n")
WAITS_THEN_ANSWERS = ("import time\n"
                      "def table_shape(n_samples, n_features):\n    time.sleep(2.5)\n"
                      "    return (n_samples, n_features)\n"
                      "def sequence_shape(n_samples, n_steps, n_features):\n"
                      "    return (n_samples, n_steps, n_features)\n")


def run(tmp_path, source: str, probes: list[str], same_run: dict | None = None, **limits):
    scratch = tmp_path / f"run-{len(list(tmp_path.iterdir()))}"
    scratch.mkdir()
    module = scratch / "tensors.py"
    module.write_text(source, encoding="utf-8")
    started = time.monotonic()
    outcome = run_probes(assignment="01_data", module_file=str(module), module_name="tensors", probes=probes,
                         scratch=str(scratch), limits=Limits(import_seconds=20, **limits), same_run=same_run)
    return outcome, time.monotonic() - started


def test_a_cpu_timed_check_that_burns_cpu_is_stopped_by_its_cpu_seconds_long_before_its_ceiling(tmp_path):
    outcome, wall = run(tmp_path, BURNS, ["table_shape.public"], check_seconds=60,
                        cpu_overrides={"table_shape.public": 1.0})
    stopped = outcome.probes["table_shape.public"]
    assert stopped["status"] == protocol.TIMEOUT and stopped["stopped_by"] == "cpu", stopped
    assert stopped["cpu_seconds_limit"] == 1.0 and stopped["cpu_seconds"] >= 1.0
    assert wall < 60, wall  # before the 60 s ceiling (stopped_by says which clock stopped it)
    text = render(messages.not_returned("table_shape(7, 3)", "table_shape", "tensors.py", stopped))
    # the loop runs two lines (`while True:` and `pass`): the stack is read at either
    assert re.match(r"The grader stopped this check \(table_shape\(7, 3\)\) because it did not finish within "
                    r"its limit of 1 CPU seconds \(timeout\)\. When it was stopped it was at line [23] of tensors\.py",
                    text), text
    assert text.endswith("Look for a loop that never ends, input(), sleep(), or far more work than the task needs.")


def test_a_cpu_timed_check_that_sleeps_is_still_stopped_at_its_wall_clock_ceiling(tmp_path):
    outcome, wall = run(tmp_path, SLEEPS, ["table_shape.public"], check_seconds=2.0,
                        cpu_overrides={"table_shape.public": 30.0})
    stopped = outcome.probes["table_shape.public"]
    assert stopped["status"] == protocol.TIMEOUT and stopped["stopped_by"] == "wall", stopped
    assert stopped["seconds_limit"] == 2.0 and stopped["cpu_seconds"] < 1.0
    text = render(messages.not_returned("table_shape(7, 3)", "table_shape", "tensors.py", stopped))
    assert "did not finish within its time budget of 2 s (timeout)" in text and "time.sleep(3600)" in text


def test_the_total_budget_does_not_charge_a_cpu_timed_check_for_waiting(tmp_path):
    """2.5 s of waiting (as a busy machine makes the grader's training wait) in a CPU-timed check:
    the total of 2 s is not used up, and the next check runs."""
    timed, _ = run(tmp_path, WAITS_THEN_ANSWERS, ["table_shape.public", "sequence_shape.public"],
                   check_seconds=10, total_seconds=2.0, cpu_overrides={"table_shape.public": 5.0})
    assert timed.probes["table_shape.public"]["status"] == protocol.OK
    assert timed.probes["sequence_shape.public"]["status"] == protocol.OK, timed.probes
    wall_timed, _ = run(tmp_path, WAITS_THEN_ANSWERS, ["table_shape.public", "sequence_shape.public"],
                        check_seconds=10, total_seconds=2.0)
    assert wall_timed.probes["table_shape.public"]["status"] == protocol.TIMEOUT
    assert wall_timed.probes["table_shape.public"]["stopped_by"] == "total"
    assert wall_timed.probes["sequence_shape.public"]["status"] == protocol.NOT_RUN


def test_the_total_budget_keeps_an_absolute_wall_clock_ceiling(tmp_path):
    """Sleeping in CPU-timed checks is not charged to the total (6 s), but its ceiling (2 x 6 s) ends it."""
    outcome, wall = run(tmp_path, SLEEPS, ["table_shape.public", "table_shape.hidden"], check_seconds=60,
                        total_seconds=6.0, total_ceiling_factor=2.0,
                        cpu_overrides={"table_shape.public": 30.0, "table_shape.hidden": 30.0})
    assert outcome.probes["table_shape.public"]["stopped_by"] == "total", outcome.probes
    assert outcome.probes["table_shape.hidden"]["status"] == protocol.NOT_RUN
    assert wall < 50, wall


def test_a_stopped_run_is_not_started_again_for_the_checks_judged_from_it(tmp_path):
    outcome, _ = run(tmp_path, BURNS, ["table_shape.public", "table_shape.hidden"], check_seconds=1.5,
                     same_run={"table_shape.public": "shape", "table_shape.hidden": "shape"})
    first, second = outcome.probes["table_shape.public"], outcome.probes["table_shape.hidden"]
    assert first["status"] == second["status"] == protocol.TIMEOUT
    assert second["same_run_as"] == "table_shape.public" and "same_run_as" not in first
    assert outcome.workers == 1


@pytest.mark.parametrize("check_seconds", [None, 2.0])
def test_a_check_timed_in_cpu_seconds_needs_its_wall_clock_ceiling_in_course_yml(tmp_path, check_seconds):
    from autograder.course import REPO_ROOT

    text = (REPO_ROOT / "course.yml").read_text(encoding="utf-8")
    ceiling = f", seconds: {check_seconds:g}" if check_seconds else ""
    changed = text.replace("{id: table_shape.public, points: 1}",
                           "{id: table_shape.public, points: 1, cpu_seconds: 5" + ceiling + "}", 1)
    (tmp_path / "course.yml").write_text(changed, encoding="utf-8")
    if check_seconds is None:
        with pytest.raises(Exception, match="wall-clock ceiling"):
            load_course(tmp_path / "course.yml")
    else:
        limits = load_course(tmp_path / "course.yml").assignment("01_data").limits()
        assert limits.cpu_seconds_for("table_shape.public") == 5 and limits.seconds_for("table_shape.public") == 2
