"""Notebooks run for real: every reference notebook top to bottom, and the nbgrader round trip.

Both start Jupyter kernels and train small models, so they are marked slow (``bash test.sh -m
slow``). Time budgets, measured on this project's two-core machine with the synthetic data
(about half of each budget is used; the first run also computes the reference values that later
runs read from the cache):

=============  ========  ================================================
notebook       budget    what takes the time
=============  ========  ================================================
01_data        90 s      data loading, pictures
02_models      120 s     TensorFlow start-up, small models
03_compile     150 s     four optimizers trained for 3 epochs
04_training    300 s     several short trainings, accuracy checks
05_cnn         300 s     two CNNs trained for 6 epochs, accuracy check
06_evaluate    150 s     one dense network trained for 4 epochs
07_saving      120 s     saving and loading
=============  ========  ================================================
"""

from __future__ import annotations

import csv
import html
import json
import os
import time
from pathlib import Path

import nbformat
import pytest

from autograder.course import load_course
from autograder.grading import grade_submission
from autograder.notebooks import build
from autograder.notebooks.nbgrader_course import nbgrader_environment, run_nbgrader, write_course

pytestmark = pytest.mark.slow

BUDGET_SECONDS = {"01_data": 90, "02_models": 120, "03_compile": 150, "04_training": 300, "05_cnn": 300,
                  "06_evaluate": 150, "07_saving": 120}
WITH_NOTEBOOKS = [a.id for a in load_course().assignments if build.has_solution(a) and build.has_notebook_source(a)]


def execute(notebook: nbformat.NotebookNode, folder: Path, timeout: float) -> float:
    """Run ``notebook`` in a fresh kernel in ``folder``, offline; returns the seconds it took."""
    from nbclient import NotebookClient

    env = nbgrader_environment({"KERAS_COURSE_OFFLINE": "1"})
    env.pop("PYTEST_CURRENT_TEST", None)  # with it, ipykernel does not capture the stderr of native code
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # the kernel inherits the environment of this process
    try:
        started = time.monotonic()
        NotebookClient(notebook, timeout=int(timeout), kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(folder)}}).execute()
        return time.monotonic() - started
    finally:
        os.environ.clear()
        os.environ.update(saved)


def outputs_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
        if output.get("output_type") == "error":
            parts.append(f"{output['ename']}: {output['evalue']}")
    return "\n".join(parts)


def run_reference_notebook(course, folder: Path, assignment_id: str, language: str = "en", slack: float = 1.0):
    """The reference notebook of ``assignment_id`` in ``language``, run in ``folder``: (its self-check
    cells, seconds taken); no cell may end in an error, nor take longer than the budget times ``slack``."""
    notebook = build.build_notebook(course.assignment(assignment_id), "reference", language=language)
    budget = BUDGET_SECONDS[assignment_id]
    seconds = execute(notebook, folder, timeout=budget * slack)
    print(f"{assignment_id} ({language}): {seconds:.1f} s (budget {budget} s)")
    errors = [(n, outputs_text(c)) for n, c in enumerate(notebook.cells, start=1)
              if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert errors == []
    checks = [c for c in notebook.cells if c.get("cell_type") == "code" and c.id.startswith("selfcheck")]
    assert checks, "a notebook without a self-check cell"
    return checks, seconds


@pytest.mark.parametrize("assignment_id", WITH_NOTEBOOKS)
def test_reference_notebook_runs_top_to_bottom_offline_within_its_budget(course, tmp_path, assignment_id):
    checks, seconds = run_reference_notebook(course, tmp_path, assignment_id)
    for cell in checks:
        text = outputs_text(cell)
        html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
        assert "public checks" in text and "passed" in text, text
        assert "FAIL " not in text and "ERROR " not in text, text
        assert "keras-course-selfcheck" in html  # shown as a table in Jupyter
    assert seconds < BUDGET_SECONDS[assignment_id]


@pytest.mark.parametrize("assignment_id", WITH_NOTEBOOKS)
def test_chinese_reference_notebook_runs_top_to_bottom_and_its_self_checks_answer_in_chinese(course, tmp_path,
                                                                                               assignment_id):
    # The same code as the English notebook, whose test holds the time budget: this one checks the
    # words, so a cell may take twice the budget: on the loaded two-core machine (load 10 to 20) a
    # cell of 04 or 05 once ran past it, and whole runs took 467 s (05, budget 300) and 208 s (06, 150).
    checks, _ = run_reference_notebook(course, tmp_path, assignment_id, "zh", slack=2.0)
    for cell in checks:
        text = outputs_text(cell)
        assert "项公开检查通过了" in text and "public checks" not in text, text
        assert "未通过 " not in text and "错误 " not in text, text


def test_student_notebook_runs_and_the_self_check_says_what_is_missing(course, tmp_path):
    notebook = nbformat.read(build.student_notebook_path(course.assignment("01")), as_version=4)
    execute(notebook, tmp_path, timeout=BUDGET_SECONDS["01_data"])
    final = notebook.cells[-1]
    text = outputs_text(final)
    public = [check for check in course.assignment("01").checks if not check.hidden]
    assert f"0 of {len(public)} public checks passed" in text  # every public check, each a stub's
    assert "table_shape is not implemented yet" in text and "tensors.py" not in text
    first_use = next(c for c in notebook.cells if '("house table", table_shape(21000, 21))' in c.source)
    assert "NotImplementedError" in outputs_text(first_use)  # experiments show the stub's error, and go on


# -- the nbgrader round trip -------------------------------------------------------------------------

CHATTER = '''import os, sys, threading, time
print("a warning the student's code printed", file=sys.stderr)
def _chatter():
    for _ in range(400):
        os.write(2, b"I0000 00:00:1 cpu_feature_guard.cc: TensorFlow chatter on stderr\\n")
        time.sleep(0.02)
threading.Thread(target=_chatter, daemon=True).start()
'''


def _answers(assignment) -> dict[str, str]:
    """The reference text of every graded cell of the nbgrader version, by grade id."""
    return {c.id: c.source for c in build.build_notebook(assignment, "reference").cells}


def _filled(release, answers, replace=()) -> nbformat.NotebookNode:
    notebook = nbformat.reads(nbformat.writes(release), as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers[grade_id]
            for old, new in replace:
                cell.source = cell.source.replace(old, new)
    return notebook


def _class_01(release, answers) -> dict[str, nbformat.NotebookNode]:
    messy = _filled(release, answers, replace=[
        ("return np.asarray(x, dtype=np.float32) / np.float32(255.0)", "return np.asarray(x, dtype=np.float32) / top")])
    v4 = nbformat.v4
    messy.cells.insert(3, v4.new_code_cell("%matplotlib inline\n!echo shell lines are fine\ntop = np.float32(255.0)"))
    messy.cells.insert(8, v4.new_code_cell(CHATTER))
    messy.cells.append(v4.new_code_cell("def table_shape(n_samples, n_features):\n    return (n_features, n_samples)"))
    return {
        "perfect": _filled(release, answers),
        "untouched": nbformat.reads(nbformat.writes(release), as_version=4),
        "mistakes": _filled(release, answers, replace=[
            ("return (n_samples, n_features)", "return (n_features, n_samples)"), ('    "Dress",\n', '    "Dress"\n')]),
        "messy": messy,
    }


def _class_02(release, answers) -> dict[str, nbformat.NotebookNode]:
    noisy = _filled(release, answers, replace=[('layers.Dense(100, activation="relu"),\n        layers.Dense(N_CLASSES',
                                                 'layers.Dense(100, activation="relu", use_bias=False),\n        '
                                                 'layers.Dense(N_CLASSES')])
    noisy.cells.insert(4, nbformat.v4.new_code_cell(CHATTER))
    return {"perfect": _filled(release, answers), "no_bias": noisy}


CLASSES = {"01_data": _class_01, "02_models": _class_02}


@pytest.mark.parametrize("assignment_id", [a for a in CLASSES if a in WITH_NOTEBOOKS])
def test_nbgrader_round_trip_gives_the_grader_points(course, tmp_path, monkeypatch, assignment_id):
    # Without this variable ipykernel captures what native code writes to stderr, as it does for
    # instructors; with it (set by pytest), TensorFlow's chatter would never reach a cell.
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    assignment = course.assignment(assignment_id)
    root = tmp_path / "course"
    write_course(root, course, [assignment])
    offline = {"KERAS_COURSE_OFFLINE": "1"}

    def nbgrader(*args: str):
        done = run_nbgrader(root, *args, extra_env=offline, timeout=1800)
        assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done

    started = time.monotonic()
    nbgrader("generate_assignment", assignment.id, "--create", "--force")
    notebook_name = f"{assignment.module_name}.ipynb"
    release = nbformat.read(root / "release" / assignment.id / notebook_name, as_version=4)
    assert "### BEGIN SOLUTION" not in nbformat.writes(release)
    assert "### BEGIN HIDDEN TESTS" not in nbformat.writes(release)
    submissions = CLASSES[assignment_id](release, _answers(assignment))
    for student, notebook in submissions.items():
        folder = root / "submitted" / student / assignment.id
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / notebook_name)
    nbgrader("autograde", assignment.id, "--create", "--force")
    nbgrader("generate_feedback", assignment.id, "--force")
    nbgrader("export", "--to", "grades.csv")
    print(f"{assignment_id}: nbgrader round trip of {len(submissions)} submissions in "
          f"{time.monotonic() - started:.0f} s")

    with open(root / "grades.csv", newline="", encoding="utf-8") as handle:
        exported = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(exported) == set(submissions)
    for student in submissions:
        report = grade_submission(course, assignment, root / "submitted" / student / assignment.id / notebook_name)
        assert float(exported[student]["score"]) == report.score, student
        assert float(exported[student]["max_score"]) == report.max_score == assignment.max_points
        feedback = root / "feedback" / student / assignment.id / notebook_name.replace(".ipynb", ".html")
        assert feedback.is_file()
        autograded = nbformat.read(root / "autograded" / student / assignment.id / notebook_name, as_version=4)
        for cell in autograded.cells:
            if cell.metadata.get("nbgrader", {}).get("grade"):
                assert not any(o.get("name") == "stderr" for o in cell.outputs), (student, cell.source)
        failed = [c for c in report.checks if c.status != "passed"]
        if failed:
            # the feedback is HTML: a described value (<array shape=(2, 28, 28) dtype=uint8>) is escaped
            assert html.escape(failed[0].message.split(":")[0], quote=False) in feedback.read_text(encoding="utf-8")
    scores = {student: float(row["score"]) for student, row in exported.items()}
    assert scores["perfect"] == assignment.max_points
    assert 0 <= min(scores.values()) < assignment.max_points
    (tmp_path / "scores.json").write_text(json.dumps(scores))


def test_self_check_in_a_kernel_grades_the_latest_run_of_each_cell(course, tmp_path):
    setup = build.setup_source("student")
    # swapped: a list of the right sizes is no mistake (it passes with a note, the container rule)
    wrong = "def table_shape(n_samples, n_features):\n    return (n_features, n_samples)"
    right = "def table_shape(n_samples, n_features):\n    return (n_samples, n_features)"
    v4 = nbformat.v4
    notebook = v4.new_notebook(cells=[v4.new_code_cell(setup), v4.new_code_cell(wrong),
                                      v4.new_code_cell('check("01", "table_shape")'), v4.new_code_cell(right),
                                      v4.new_code_cell('check("01", "table_shape")'),
                                      v4.new_code_cell("scale = 255\ndef normalize_images(x):\n    return x / scale"),
                                      v4.new_code_cell('check("01", "normalize_images")')])
    execute(notebook, tmp_path, timeout=120)
    first, second, third = (outputs_text(notebook.cells[n]) for n in (2, 4, 6))
    assert "FAIL  table_shape.public" in first and "got 21 at [0]; expected 21000" in first
    assert "PASS  table_shape.public" in second and "1 of 1 public checks of table_shape passed" in second
    assert "`scale`" in third and "the cell you ran as [6]" in third and "NameError" in third
    table = "".join(o.get("data", {}).get("text/html", "") for o in notebook.cells[4].outputs)
    assert "<table" in table and "PASS" in table
