"""The challenges of 04 and 05 graded end to end: the grader builds, trains and measures the student's own
model in a worker. Only the challenge's checks run (the rest of the assignment is graded elsewhere).

Designs live in tests/challenges/NN/*.py: other reasonable architectures within the budgets pass,
``wrong_*`` ones fail with a message about their budget or their learning curve. Two gradings run every
day; the others are slow. The judges themselves are tested on recorded runs in test_challenge_judges.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.grading import grade_submission

CHALLENGES = Path(__file__).resolve().parent / "challenges"
CHECKS = ("challenge.budget", "challenge.close", "challenge.accuracy")
ALL_POINTS = 5.0
# A wrong design: (the checks it fails, words its challenge.accuracy message must use).
WRONG = {
    ("04_training", "wrong_learning_rate_ten"): (set(CHECKS) - {"challenge.budget"},
                                                 ["does not learn", "learning rate is 10, far too large"]),
    ("04_training", "wrong_relu_output"): (set(CHECKS) - {"challenge.budget"},
                                           ["does not learn", "activation is relu", "softmax"]),
    ("04_training", "wrong_over_budget"): (set(CHECKS), ["203,530 parameters; the budget is 110,000"]),
    ("04_training", "wrong_overfits_fast_learning_rate"): ({"challenge.accuracy"},
                                                           ["over-fits: its held-out loss was lowest at epoch",
                                                            "added a Dropout layer"]),
    ("04_training", "wrong_custom_layer"): (set(CHECKS) - {"challenge.budget"}, ["uses training.Scale, Lambda",
                                                          "safe_mode=True", "Keras's own layers"]),
    ("04_training", "wrong_disguised_custom_layer"): (set(CHECKS) - {"challenge.budget"},
                                                      ["could not load the model", "Doubling", "safe_mode=True",
                                                       "Keras's own layers"]),
    ("05_cnn", "wrong_course_cnn_over_budget"): (set(CHECKS), ["56,714 parameters; the budget is 40,000"]),
    ("05_cnn", "wrong_sgd_learning_rate_five"): (set(CHECKS) - {"challenge.budget"},
                                                 ["does not learn", "learning rate is 5, far too large"]),
}
EVERY_DAY = {("04_training", "two_hidden_layers"), ("04_training", "wrong_learning_rate_ten"),
             ("04_training", "wrong_custom_layer")}  # the last one trains nothing: a second or two


def challenge_only(course, assignment: str):
    config = course.assignment(assignment)
    return config.model_copy(update={"checks": [c for c in config.checks if c.id in CHECKS]})


def grade_design(course, tmp_path: Path, assignment: str, name: str):
    config = challenge_only(course, assignment)
    folder = tmp_path / name
    folder.mkdir()
    (folder / config.module).write_text((CHALLENGES / assignment[:2] / f"{name}.py").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    return grade_submission(course, config, folder)


def cases():
    for assignment in ("04_training", "05_cnn"):
        for path in sorted((CHALLENGES / assignment[:2]).glob("*.py")):
            marks = [] if (assignment, path.stem) in EVERY_DAY else [pytest.mark.slow]
            yield pytest.param(assignment, path.stem, marks=marks, id=f"{assignment[:2]}-{path.stem}")


@pytest.mark.parametrize("assignment, name", list(cases()))
def test_a_design_is_judged_by_what_it_reaches(course, tmp_path, assignment, name):
    report = grade_design(course, tmp_path, assignment, name)
    messages = {check.id: check.message for check in report.checks}
    assert not report.grader_errors, messages
    if (assignment, name) not in WRONG:
        assert report.score == ALL_POINTS, messages
        assert "held-out images" in messages["challenge.accuracy"]
        return
    broken, words = WRONG[(assignment, name)]
    assert {check.id for check in report.checks if check.status != "passed"} == broken, messages
    follows = {check.id: check.follows for check in report.checks}
    shown = messages[follows["challenge.accuracy"] or "challenge.accuracy"]  # one mistake, one explanation
    for word in words:
        assert word in shown, shown
    # a design that trained and was measured: the message carries its curves (a custom layer is refused
    # before training, a disguised one by the evaluator's load)
    if "challenge.budget" not in broken and name not in ("wrong_disguised_custom_layer", "wrong_custom_layer"):
        assert "held-out accuracy" in shown and "epoch" in shown


@pytest.mark.slow
@pytest.mark.parametrize("assignment, module", [("04_training", "training.py"), ("05_cnn", "cnn.py")])
def test_the_reference_gets_every_challenge_point_and_the_stub_none(course, assignment, module):
    from autograder.course import REPO_ROOT

    config = challenge_only(course, assignment)
    reference = grade_submission(course, config, REPO_ROOT / "solutions" / assignment / module)
    assert reference.score == ALL_POINTS, {c.id: c.message for c in reference.checks}
    stub = grade_submission(course, config, REPO_ROOT / "assignments" / assignment / module)
    assert stub.score == 0
    assert all("not implemented yet" in check.message for check in stub.checks)
