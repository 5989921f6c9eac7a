"""A course checkout under /tmp grades notebooks as well as one anywhere else.

The worker that imports a submission sees a file system of its own: a private /tmp, and of the
course checkout only the grader modules it imported before its view was built. Whatever the
grader's own notebook cells import must therefore never become part of the graded module.
These tests copy the grader, the course file and the solutions under pytest's temporary folder
(under /tmp) and grade from there, with the Python running the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course import REPO_ROOT
from autograder.notebooks import build


def _checkout_under_tmp(tmp_path: Path) -> Path:
    if not str(tmp_path.resolve()).startswith("/tmp/"):
        pytest.skip(f"pytest's temporary folder is not under /tmp here ({tmp_path})")
    root = tmp_path / "course"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".cache")
    shutil.copytree(REPO_ROOT / "autograder", root / "autograder", ignore=ignore)
    shutil.copytree(REPO_ROOT / "solutions", root / "solutions", ignore=ignore)
    shutil.copy2(REPO_ROOT / "course.yml", root / "course.yml")
    return root


def _run_grader(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["KERAS_COURSE_OFFLINE"] = "1"
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=root, env=env,  # the copy's grader
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def test_nbgrader_made_notebook_scores_full_marks_from_a_checkout_under_tmp(course, tmp_path):
    root = _checkout_under_tmp(tmp_path)
    assignment = course.assignment("01")
    notebook = build.build_notebook(assignment, "nbgrader")  # what nbgrader's autograde hands over
    submission = tmp_path / "alice" / f"{assignment.module_name}.ipynb"
    submission.parent.mkdir()
    submission.write_text(build.dumps(notebook), encoding="utf-8")
    out = tmp_path / "grades"

    done = _run_grader(root, "grade", str(submission.parent), "-a", "01", "--out", str(out))

    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((out / "alice" / "report.json").read_text(encoding="utf-8"))
    failed = {c["id"]: c.get("message") for c in report["checks"] if c["status"] != "passed"}
    assert failed == {}
    assert report["score"] == report["max_score"] > 0
