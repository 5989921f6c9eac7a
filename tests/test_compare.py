"""Compare after trying (check NN --compare NAME): the attempts log, the gate, the reference code that
`release` ships (or not), and the command itself. No grading runs here: the self-check's reports are
made by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder import cli
from autograder.catalog import render
from autograder.compare import (ATTEMPTS_FILE, COMPARE_FILE, attempts, decide, read_reference, record_attempts,
                                reference_snippets, snippet, unified)
from autograder.course import REPO_ROOT, load_course
from autograder.release import plan_release, stale_files, write_release
from autograder.results import FAILED, PASSED, CheckResult, SubmissionReport

COURSE = load_course()
CONFIG = COURSE.assignment("04")
RELEASE = REPO_ROOT / "assignments" / CONFIG.id


def report(*outcomes: tuple[str, str, str]) -> SubmissionReport:
    """A self-check report: (target, status, probe status) per check."""
    made = SubmissionReport(assignment=CONFIG.id, title="", submission="training.py", public_only=True)
    made.checks = [CheckResult(id=f"{target}.{n}", target=target, call="", points=0, max_points=1, hidden=False,
                               status=status, message="", probe_status=probe)
                   for n, (target, status, probe) in enumerate(outcomes)]
    return made


def test_snippets_carry_the_private_helpers_a_reference_uses_and_leave_docstrings_and_markers_out():
    source = (REPO_ROOT / "solutions" / "05_cnn" / "cnn.py").read_text(encoding="utf-8")
    found = reference_snippets(source, ["build_cnn", "overfitting_gap", "nothing_like_this"])
    assert set(found) == {"build_cnn", "overfitting_gap"}
    assert found["build_cnn"].startswith("def _convolution_layers():") and "def build_cnn():" in found["build_cnn"]
    assert "BEGIN SOLUTION" not in found["build_cnn"] and '"""' not in found["build_cnn"]
    assert snippet("def f(:\n", "f") is None and snippet("x = 1\n", "f") is None


def test_the_attempts_log_counts_failing_self_checks_and_remembers_a_pass_but_not_an_untouched_stub(tmp_path):
    record_attempts(report(("best_epoch", FAILED, "ok"), ("train", FAILED, "not_implemented")), tmp_path)
    record_attempts(report(("best_epoch", FAILED, "ok"), ("best_epoch", PASSED, "ok")), tmp_path)
    assert attempts(tmp_path, CONFIG.id) == {"best_epoch": {"passed": False, "failed": 2}}
    record_attempts(report(("best_epoch", PASSED, "ok")), tmp_path)
    assert attempts(tmp_path, CONFIG.id)["best_epoch"] == {"passed": True, "failed": 2}
    (tmp_path / ATTEMPTS_FILE).write_text("not json", encoding="utf-8")  # a damaged log starts again
    assert attempts(tmp_path, CONFIG.id) == {}


def test_the_gate_opens_after_a_pass_or_enough_failures_and_otherwise_says_how_many_are_left(tmp_path):
    closed = decide(COURSE, CONFIG, "best_epoch", tmp_path, RELEASE)
    assert not closed.allowed
    assert "after 3 failing self-checks of it (so far 0; 3 to go)" in render(closed.reason)
    for _ in range(3):
        record_attempts(report(("best_epoch", FAILED, "ok")), tmp_path)
    opened = decide(COURSE, CONFIG, "best_epoch", tmp_path, RELEASE)
    assert opened.allowed and "failed 3 self-checks" in render(opened.reason)
    record_attempts(report(("overfitting_start", PASSED, "ok")), tmp_path)
    assert decide(COURSE, CONFIG, "overfitting_start", tmp_path, RELEASE).allowed


def test_switched_off_in_course_yml_or_left_out_of_the_release_the_gate_stays_closed_and_says_why(tmp_path):
    record_attempts(report(("best_epoch", PASSED, "ok")), tmp_path)
    off = COURSE.model_copy(update={"compare": COURSE.compare.model_copy(update={"enabled": False})})
    assert "switched off" in render(decide(off, CONFIG, "best_epoch", tmp_path, RELEASE).reason)
    empty_release = tmp_path / "release"
    empty_release.mkdir()
    decision = decide(COURSE, CONFIG, "best_epoch", tmp_path, empty_release)
    assert not decision.allowed and "in_release: false" in render(decision.reason)


def test_release_ships_compare_json_only_when_the_course_says_so(tmp_path):
    assignments = tmp_path / "assignments"
    planned = {p.target.name for p in plan_release(assignments=assignments, course=COURSE)}
    assert COMPARE_FILE in planned
    write_release(assignments=assignments, course=COURSE)
    shipped = json.loads((assignments / "04_training" / COMPARE_FILE).read_text(encoding="utf-8"))
    assert "def build_challenge_model():" in shipped["reference"]["build_challenge_model"]
    assert read_reference(assignments / "04_training", "best_epoch").startswith("def best_epoch(history):")
    private = COURSE.model_copy(update={"compare": COURSE.compare.model_copy(update={"in_release": False})})
    assert COMPARE_FILE not in {p.target.name for p in plan_release(assignments=assignments, course=private)}
    assert any("comparisons are not in the release" in problem
               for problem in stale_files(assignments=assignments, course=private))
    write_release(assignments=assignments, course=private)
    assert not list(assignments.glob(f"*/{COMPARE_FILE}"))
    assert stale_files(assignments=assignments, course=private) == []


def test_the_committed_release_holds_the_reference_of_every_graded_name():
    from autograder.hints import graded_names

    for config in COURSE.assignments:
        shipped = json.loads((REPO_ROOT / "assignments" / config.id / COMPARE_FILE).read_text(encoding="utf-8"))
        assert sorted(shipped["reference"]) == sorted(graded_names(config.id)), config.id


def test_check_compare_shows_both_codes_once_allowed_and_refuses_before(tmp_path):
    student = tmp_path / "training.py"
    student.write_text("def best_epoch(history):\n    return 1 + history['val_loss'].index(min(history['val_loss']))\n",
                       encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(cli.cli, ["check", "04", "--submission", str(tmp_path), "--compare", "best_epoch"])
    assert refused.exit_code == 0 and "Not yet" in refused.output and "def best_epoch" not in refused.output
    record_attempts(report(("best_epoch", PASSED, "ok")), tmp_path)
    shown = runner.invoke(cli.cli, ["check", "04", "--submission", str(student), "--compare", "best_epoch",
                                    "--layout", "unified"])
    assert shown.exit_code == 0, shown.output
    assert "--- your best_epoch" in shown.output and "+++ reference best_epoch" in shown.output
    assert "+    val_loss = list(history[\"val_loss\"])" in shown.output
    side = runner.invoke(cli.cli, ["check", "04", "--submission", str(tmp_path), "--compare", "best_epoch"],
                         env={"COLUMNS": "160"})
    assert "reference best_epoch" in side.output and "min(history['val_loss'])" in side.output
    unknown = runner.invoke(cli.cli, ["check", "04", "--submission", str(tmp_path), "--compare", "best_epok"])
    assert unknown.exit_code == 2 and "Did you mean 'best_epoch'?" in unknown.output


def test_grade_never_shows_references():
    help_text = CliRunner().invoke(cli.cli, ["grade", "--help"]).output
    assert "--compare" not in help_text


def test_unified_says_when_the_code_is_the_same():
    assert unified("x = 1", "x = 1", "f") == "(the same code)"


@pytest.mark.parametrize("bad", ["after_failures: -1", "in_releas: true"])
def test_a_wrong_compare_setting_in_course_yml_is_rejected(tmp_path, bad):
    from autograder.course import CourseConfigError

    text = (REPO_ROOT / "course.yml").read_text(encoding="utf-8")
    good = "compare: {enabled: true, after_failures: 3, in_release: true}"
    assert good in text
    key = bad.split(":")[0]
    changed = good.replace("after_failures: 3" if key == "after_failures" else "in_release: true", bad)
    (tmp_path / "course.yml").write_text(text.replace(good, changed), encoding="utf-8")
    with pytest.raises(CourseConfigError):
        load_course(tmp_path / "course.yml")


def test_the_notebook_setup_cell_loads_compare():
    from autograder.notebooks.build import setup_source

    assert "import check, compare, hint" in setup_source("student", COURSE.notebooks.colab)
    assert Path(REPO_ROOT / "autograder" / "notebooks" / "selfcheck.py").read_text(encoding="utf-8").count(
        "def compare(") == 1
