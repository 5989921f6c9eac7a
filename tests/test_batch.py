"""Grading a whole class: discovery, parallel jobs, a gradebook that survives kill -9, exports."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from autograder.course import REPO_ROOT
from autograder.discovery import discover
from conftest import reference_source

REFERENCE = reference_source("01_data", "tensors.py")
STUB = (REPO_ROOT / "assignments" / "01_data" / "tensors.py").read_text()
SLOW = REFERENCE.replace('    return (n_samples, n_features)\n',
                         '    import time\n    time.sleep(1.0)\n    return (n_samples, n_features)\n', 1)
XSS = REFERENCE.replace('    "Trouser",\n', '    "<script>alert(1)</script>",\n')


def make_class(root, students: dict[str, str]):
    for name, source in students.items():
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "tensors.py").write_text(source)
    return root


def run_cli(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=600, env={**os.environ, "COLUMNS": "200"}, **kwargs)


def rows(out) -> list[tuple]:
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        return db.execute("SELECT student, score FROM grades ORDER BY student").fetchall()


def test_discovery_finds_folders_files_and_nbgrader_layout(course, tmp_path):
    config = course.assignment("01")
    make_class(tmp_path / "class", {"alice": REFERENCE, "bob": STUB})
    (tmp_path / "class" / "carol.py").write_text(REFERENCE)
    nested = tmp_path / "class" / "dave" / "work" / "tensors.py"
    nested.parent.mkdir(parents=True)
    nested.write_text(REFERENCE)
    found = {s.student: s.path for s in discover(tmp_path / "class", config)}
    assert set(found) == {"alice", "bob", "carol", "dave"}
    assert found["dave"] == nested.parent and found["carol"].name == "carol.py"

    nbgrader = tmp_path / "course" / "submitted"
    for student in ("s1", "s2"):
        (nbgrader / student / "01_data").mkdir(parents=True)
        (nbgrader / student / "01_data" / "tensors.py").write_text(REFERENCE)
    found = {s.student: s.path for s in discover(tmp_path / "course", config)}
    assert found == {"s1": nbgrader / "s1" / "01_data", "s2": nbgrader / "s2" / "01_data"}
    # Files of the same name in nbgrader-style folders are told apart by their student folder.
    from autograder.cli import _unique_students

    paths = [s.path / "tensors.py" for s in discover(tmp_path / "course", config)]
    named = _unique_students([s for p in paths for s in discover(p, config)])
    assert [s.student for s in named] == ["s1", "s2"]
    # A folder holding the module itself is still one submission.
    assert [s.student for s in discover(tmp_path / "class" / "alice", config)] == ["alice"]


def test_a_class_graded_with_two_jobs_gets_results_csv_and_pages(tmp_path):
    make_class(tmp_path / "class", {"alice": REFERENCE, "bob": STUB, "eve": XSS,
                                    "frank": "def broken(:\n"})
    # eve: one wrong CLASS_NAMES entry costs class_names.list only (class_name is judged with the course's names)
    out = tmp_path / "out"
    result = run_cli("grade", str(tmp_path / "class"), "-a", "01", "--jobs", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert rows(out) == [("alice", 27.0), ("bob", 0.0), ("eve", 25.0), ("frank", 0.0)]
    with open(out / "grades.csv") as handle:
        table = list(csv.DictReader(handle))
    assert [(r["student"], r["01_data"], r["total"]) for r in table] == [
        ("alice", "27", "27"), ("bob", "0", "0"), ("eve", "25", "25"), ("frank", "0", "0")]
    for student in ("alice", "bob", "eve", "frank"):
        data = json.loads((out / student / "results.json").read_text())
        assert data["max_score"] == 27 and len(data["tests"]) == 23

    page = (out / "eve" / "feedback.html").read_text()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "25 / 27" in page and "class_names.list" in page
    frank = (out / "frank" / "feedback.html").read_text()
    assert "SyntaxError" in frank and "could not be imported" in frank

    summary = (out / "summary-01_data.html").read_text()
    assert "<svg" in summary and "4 submissions" in summary
    assert "Most common failure messages" in summary and "1 submission untouched" in summary
    assert 'href="alice/feedback.html"' in summary
    assert "<script>alert" not in summary


def test_resuming_grades_only_new_or_changed_students_and_regrade_forces_all(tmp_path):
    make_class(tmp_path / "class", {"alice": REFERENCE, "bob": STUB})
    out = tmp_path / "out"
    assert run_cli("grade", str(tmp_path / "class"), "-a", "01", "--out", str(out)).returncode == 0
    make_class(tmp_path / "class", {"carol": REFERENCE})
    (tmp_path / "class" / "bob" / "tensors.py").write_text(REFERENCE)  # bob resubmits
    result = run_cli("grade", str(tmp_path / "class"), "-a", "01", "--out", str(out))
    assert "1 students already graded with the same submission were skipped" in result.stdout
    assert "graded 2 submissions" in result.stdout
    assert rows(out) == [("alice", 27.0), ("bob", 27.0), ("carol", 27.0)]
    result = run_cli("grade", str(tmp_path / "class"), "-a", "01", "--out", str(out), "--regrade")
    assert "graded 3 submissions" in result.stdout


@pytest.mark.slow
def test_killing_the_run_with_sigkill_loses_nothing_and_duplicates_nothing(tmp_path):
    students = {f"s{i:02d}": SLOW for i in range(6)}
    make_class(tmp_path / "class", students)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "autograder", "grade", str(tmp_path / "class"), "-a", "01",
                                "--out", str(out)], cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if _stored_so_far(out) >= 2:
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    before = rows(out)
    assert 2 <= len(before) < 6, before
    result = run_cli("grade", str(tmp_path / "class"), "-a", "01", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{len(before)} students already graded" in result.stdout
    after = rows(out)
    assert [student for student, _ in after] == sorted(students)  # each exactly once
    assert all(score == 27.0 for _, score in after)
    assert set(before) <= set(after)


def test_the_same_submission_always_gets_the_same_result(grade):
    first, second = grade("01", STUB), grade("01", STUB)
    assert [(c.id, c.points, c.message) for c in first.checks] == [(c.id, c.points, c.message) for c in second.checks]


def test_a_folder_without_any_module_is_one_submission_graded_zero_with_a_reason(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("nothing here")
    result = run_cli("grade", str(tmp_path / "empty"), "-a", "01", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "empty" / "results.json").read_text())
    assert data["score"] == 0
    assert "has no tensors.py. It holds no .py or .ipynb file." in data["output"]


@pytest.mark.slow  # about 16 s: a real class run (or training); kept out of the everyday suite
def test_ctrl_c_says_how_many_are_stored_exits_130_and_the_same_command_resumes(tmp_path):
    students = {f"s{i:02d}": SLOW for i in range(6)}
    make_class(tmp_path / "class", students)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "grade", str(tmp_path / "class"), "-a", "01", "--out", str(out)]
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _stored_so_far(out) < 1:
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    stored = len(rows(out))
    assert process.returncode == 130, stderr
    assert f"Interrupted. {stored} students are stored in" in stderr
    assert "Run the same command again to resume" in stderr
    assert 1 <= stored < 6
    result = run_cli("grade", str(tmp_path / "class"), "-a", "01", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{stored} students already graded" in result.stdout
    assert [student for student, _ in rows(out)] == sorted(students)


def _stored_so_far(out) -> int:
    try:
        return len(rows(out)) if (out / "gradebook.sqlite").exists() else 0
    except sqlite3.OperationalError:  # the table is being created
        return 0


def test_the_time_left_is_shown_only_once_enough_students_finished():
    from rich.progress import Progress

    from autograder.batch import TimeLeftColumn

    column = TimeLeftColumn(jobs=2)
    progress = Progress()
    task_id = progress.add_task("grading", total=30)
    task = progress.tasks[0]
    task.start_time = task.stop_time = None
    progress.start_task(task_id)
    progress.update(task_id, completed=1)
    assert "estimating" in column.render(task).plain
    progress.update(task_id, completed=3)
    task.start_time -= 60  # 3 students in a minute: 27 more take about 9 minutes
    assert column.render(task).plain == "about 9 min left"
