"""The command line as users meet it: exit codes, hints, output files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from autograder import cli
from autograder.course import REPO_ROOT

SOLUTION = REPO_ROOT / "solutions" / "01_data"
STUBS = REPO_ROOT / "assignments" / "01_data"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "KERAS_COURSE_OFFLINE": "1",
                                                       "COLUMNS": "200"})


def assert_gradescope_results(data: dict) -> None:
    """The fields Gradescope reads, with the types it expects."""
    assert isinstance(data["score"], (int, float)) and isinstance(data["execution_time"], (int, float))
    assert data["tests"], "no tests"
    for test in data["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] in ("hidden", "after_due_date", "after_published", "visible")
        assert 0 <= test["score"] <= test["max_score"]
    assert data["score"] == pytest.approx(sum(t["score"] for t in data["tests"]))
    assert data["max_score"] == pytest.approx(sum(t["max_score"] for t in data["tests"]))


def test_self_check_on_the_untouched_stubs_reports_not_implemented_and_hidden_checks():
    result = run("check", "01")
    assert result.returncode == 0, result.stderr
    assert "not implemented yet" in result.stdout
    assert "0 of 13 public checks passed" in result.stdout
    assert "10 hidden checks worth 11 more points" in result.stdout
    assert "- one_hot_text: text longer than max_len (1 point)" in result.stdout
    assert "Stuck on table_shape? `python -m autograder check 01 --hint table_shape` gives a hint" in result.stdout


def test_self_check_accepts_the_long_assignment_name_and_a_module_file():
    result = run("check", "01_data", "--submission", str(SOLUTION / "tensors.py"))
    assert result.returncode == 0, result.stderr
    assert "13 of 13 public checks passed: 16 of 16 points" in result.stdout


def test_grade_writes_gradescope_results_for_each_submission(tmp_path):
    result = run("grade", str(SOLUTION), str(STUBS), "--assignment", "01", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    reference = json.loads((tmp_path / "solutions" / "results.json").read_text())
    stubs = json.loads((tmp_path / "assignments" / "results.json").read_text())
    for data in (reference, stubs):
        assert_gradescope_results(data)
    assert reference["score"] == reference["max_score"] == 27
    assert stubs["score"] == 0
    hidden = [t for t in reference["tests"] if "hidden" in t["name"]]
    assert hidden and all(t["visibility"] == "after_published" for t in hidden)
    assert "Traceback" not in json.dumps(stubs), "instructor details leaked into student results"
    assert "27 / 27" in result.stdout and "0 / 27" in result.stdout


def test_grade_keeps_the_folder_name_of_each_submission(tmp_path):
    student = tmp_path / "alice"
    student.mkdir()
    (student / "tensors.py").write_text((SOLUTION / "tensors.py").read_text())
    result = run("grade", str(student), "-a", "1", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "alice" / "results.json").is_file()
    assert (tmp_path / "out" / "alice" / "report.json").is_file()


def test_a_folder_without_the_module_is_graded_zero_with_an_explanation(tmp_path):
    (tmp_path / "tensor.py").write_text("")
    result = run("grade", str(tmp_path), "-a", "01", "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    data = json.loads((tmp_path / "out" / tmp_path.name / "results.json").read_text())
    assert data["score"] == 0
    assert "has no tensors.py" in data["output"] and "tensor.py" in data["output"]


@pytest.mark.parametrize("args, words", [
    (("grade", str(SOLUTION), "-a", "01_dat"), ["Did you mean '01_data'?"]),
    (("chek", "01"), ["no command 'chek'", "Did you mean 'check'?"]),
    (("grade", "no/such/folder", "-a", "01"), ["not found: no/such/folder"]),
    (("grade", str(SOLUTION)), ["Missing option '--assignment'"]),
    (("check", "09"), ["no assignment '09'"]),
])
def test_usage_errors_exit_2_with_a_hint(args, words):
    result = run(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    for word in words:
        assert word in result.stderr


def test_an_internal_error_exits_1_with_a_traceback(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated grader bug")

    # batch first: patched after grading, a first import of batch would bind the broken function,
    # and monkeypatch would "restore" that one, breaking every later grade in this process
    monkeypatch.setattr("autograder.batch.grade_submission", broken)
    monkeypatch.setattr("autograder.grading.grade_submission", broken)
    assert cli.main(["grade", str(SOLUTION), "-a", "01"]) == 1
    assert "simulated grader bug" in capsys.readouterr().err


def test_release_check_passes_when_assignments_are_current():
    result = run("release", "--check")
    assert result.returncode == 0
    assert "up to date" in result.stdout


def test_demo_grades_the_reference_the_stubs_and_the_typical_mistakes():
    result = run("demo", "-a", "01")
    assert result.returncode == 0, result.stderr
    overview = result.stdout[result.stdout.index("Demo: every assignment's bundled examples"):]
    assert "01_data" in overview and "27 / 27" in overview and "0 / 27" in overview and "13 / 27" in overview
    assert "comma is missing after 'Dress'" in result.stdout  # the details of the example are shown


def test_every_command_a_hint_may_offer_is_listed_in_help():
    from click.testing import CliRunner

    listed = CliRunner().invoke(cli.cli, ["--help"]).output
    hint = CliRunner().invoke(cli.cli, ["gradescope-rn"]).output
    assert "gradescope-run" in listed
    assert "Did you mean 'gradescope-run'?" in hint
    for name, command in cli.cli.commands.items():
        assert not command.hidden and name in listed


@pytest.mark.parametrize("path", ["assignments/01_data", "assignments/01_data/tensors.py"])
def test_grading_another_assignments_module_is_a_usage_error_that_names_it(path):
    result = run("grade", path, "-a", "04")
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert "the module of assignment 01_data, not training.py of 04_training" in message
    assert "Did you mean --assignment 01?" in message
