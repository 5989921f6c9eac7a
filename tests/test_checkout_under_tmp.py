"""A course checkout under /tmp grades notebooks as well as one anywhere else.

The worker that imports a submission gets a private /tmp, so a checkout there is out of its
reach once the view is built: whatever the grader's own notebook cells import must never become
part of the graded module. These tests build such a checkout cheaply: a copy of the grader,
the course file and the solutions under pytest's temporary folder (under /tmp), with a virtual
environment there that finds the copy as an editable install does (through an import hook, not
``sys.path``) and borrows the installed dependencies of the Python running the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course import REPO_ROOT
from autograder.notebooks import build

FINDER = '''"""Finds the checkout's grader as setuptools' editable install does: not through sys.path."""
import sys
from importlib.machinery import PathFinder

ROOT = {root!r}


class CheckoutFinder:
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        return PathFinder.find_spec(name, [ROOT]) if name == "autograder" else None


sys.meta_path.append(CheckoutFinder)
'''


def _checkout_under_tmp(tmp_path: Path) -> Path:
    if not str(tmp_path.resolve()).startswith("/tmp/"):
        pytest.skip(f"pytest's temporary folder is not under /tmp here ({tmp_path})")
    root = tmp_path / "course"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".cache")
    shutil.copytree(REPO_ROOT / "autograder", root / "autograder", ignore=ignore)
    shutil.copytree(REPO_ROOT / "solutions", root / "solutions", ignore=ignore)
    shutil.copy2(REPO_ROOT / "course.yml", root / "course.yml")
    base_python = getattr(sys, "_base_executable", None) or sys.executable
    subprocess.run([base_python, "-m", "venv", "--without-pip", str(root / ".venv")], check=True)
    own_site = next((root / ".venv" / "lib").glob("python*/site-packages"))
    borrowed = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (own_site / "borrowed_dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    (own_site / "course_checkout_finder.py").write_text(FINDER.format(root=str(root)), encoding="utf-8")
    (own_site / "course_checkout.pth").write_text("import course_checkout_finder\n", encoding="utf-8")
    return root


def _run_grader(root: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["KERAS_COURSE_OFFLINE"] = "1"
    return subprocess.run([str(root / ".venv" / "bin" / "python"), "-m", "autograder", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def test_nbgrader_made_notebook_scores_full_marks_from_a_checkout_under_tmp(course, tmp_path):
    root = _checkout_under_tmp(tmp_path)
    assignment = course.assignment("01")
    notebook = build.build_notebook(assignment, "nbgrader")  # what nbgrader's autograde hands over
    submission = tmp_path / "alice" / f"{assignment.module_name}.ipynb"
    submission.parent.mkdir()
    submission.write_text(build.dumps(notebook), encoding="utf-8")
    out = tmp_path / "grades"

    done = _run_grader(root, "grade", str(submission.parent), "-a", "01", "--out", str(out), cwd=tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((out / "alice" / "report.json").read_text(encoding="utf-8"))
    failed = {c["id"]: c.get("message") for c in report["checks"] if c["status"] != "passed"}
    assert failed == {}
    assert report["score"] == report["max_score"] > 0
