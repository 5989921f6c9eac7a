"""Twenty regrades of the reference give twenty identical results (slow: about six minutes).

Each regrade starts a new worker (forked from the warm template, or a fresh interpreter) that
seeds itself and trains again, so equal results here mean the seeding (data subset, weights,
shuffling, ops) holds across processes, not that a value was cached; the second test shows that
a warm template, a cold one and fresh interpreters give the same results. The reference's own values are computed once, as in a class run; the
cold path (reference recomputed each time) is covered by test_a04_training.
"""

from __future__ import annotations

import os
import re

import pytest

from autograder.course import REPO_ROOT
from conftest import needs_own_user

REGRADES = int(os.environ.get("KERAS_COURSE_REGRADES", "20"))
TRAINING_ASSIGNMENTS = ("04_training", "05_cnn")


def fingerprint(report) -> tuple:
    """Everything a student or instructor is shown, timings aside: points, verdicts, messages and
    the learning curves (floats compared exactly)."""
    return tuple((check.id, check.points, check.status, check.probe_status, check.message, repr(check.data))
                 for check in report.checks)


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("assignment_id", TRAINING_ASSIGNMENTS)
def test_twenty_regrades_of_the_reference_are_identical(grade, assignment_id):
    seen = []
    for _ in range(REGRADES):
        report = grade(assignment_id, REPO_ROOT / "solutions" / assignment_id)
        assert report.score == report.max_score, [c.message for c in report.checks if c.status != "passed"]
        seen.append(fingerprint(report))
    trained = [check.message for check in report.checks if check.id.endswith("accuracy") or ".accuracy" in check.id
               or check.id.startswith("accuracy.")]
    assert trained and all(re.search(r"0\.\d{3}|\d\.\d%", message) for message in trained), trained  # accuracies shown
    different = [number for number, found in enumerate(seen, start=1) if found != seen[0]]
    assert not different, f"regrades {different} differ from the first"


@pytest.mark.slow
@needs_own_user  # the template is used in modes full and uid
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("assignment_id", TRAINING_ASSIGNMENTS)
def test_regrades_from_a_warm_template_a_cold_one_and_fresh_workers_are_identical(grade, assignment_id,
                                                                                   monkeypatch):
    """Workers forked from the template train exactly as fresh interpreters do: every other
    regrade starts a new template (cold), the others reuse it (warm), the last runs fresh."""
    from autograder.sandbox import template

    seen, kinds = [], []
    for number in range(REGRADES + 1):
        if number == REGRADES:
            monkeypatch.setenv(template.WORKERS_VARIABLE, "fresh")
        elif number % 2 == 0:
            template.stop_shared_templates()
        report = grade(assignment_id, REPO_ROOT / "solutions" / assignment_id)
        assert report.score == report.max_score, [c.message for c in report.checks if c.status != "passed"]
        seen.append(fingerprint(report))
        kinds.append(report.workers)
    assert kinds == ["template"] * REGRADES + ["fresh"]
    different = [number for number, found in enumerate(seen, start=1) if found != seen[0]]
    assert not different, f"regrades {different} differ from the first (the last one ran in fresh workers)"
