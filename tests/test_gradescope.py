"""The Gradescope bundle: its layout, and run_autograder grading a submission as Gradescope would."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile

from autograder.course import REPO_ROOT


def build(tmp_path) -> zipfile.ZipFile:
    target = tmp_path / "bundle.zip"
    result = subprocess.run([sys.executable, "-m", "autograder", "gradescope-bundle", "-a", "01", "--out",
                             str(target)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return zipfile.ZipFile(target)


def test_bundle_has_executable_setup_and_run_scripts_and_no_student_or_test_files(tmp_path):
    archive = build(tmp_path)
    names = archive.namelist()
    assert "setup.sh" in names and "run_autograder" in names
    for script in ("setup.sh", "run_autograder"):
        mode = archive.getinfo(script).external_attr >> 16
        assert mode & stat.S_IXUSR
    assert "solutions/01_data/tensors.py" in names and "course.yml" in names and "requirements.lock" in names
    assert not any(n.startswith(("assignments/", "tests/", ".venv/", ".cache/")) for n in names)
    assert not any("__pycache__" in n for n in names)
    assert "--assignment 01_data" in archive.read("run_autograder").decode()


def _gradescope_root(tmp_path, submission_source: str):
    root = tmp_path / "autograder"
    build(tmp_path).extractall(root / "source")
    (root / "submission").mkdir()
    (root / "submission" / "tensors.py").write_text(submission_source)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    return root


def _run(root) -> dict:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable,
           "PYTHONPATH": str(root / "source")}
    subprocess.run(["bash", str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=300)
    return json.loads((root / "results" / "results.json").read_text())


def test_run_autograder_grades_the_submission_from_the_unpacked_bundle(tmp_path):
    source = (REPO_ROOT / "solutions" / "01_data" / "tensors.py").read_text()
    results = _run(_gradescope_root(tmp_path, source))
    assert results["score"] == 27 and len(results["tests"]) == 20


def test_run_autograder_always_writes_results_even_when_the_grader_breaks(tmp_path):
    root = _gradescope_root(tmp_path, "def table_shape(a, b):\n    return (a, b)\n")
    (root / "source" / "solutions" / "01_data" / "tensors.py").write_text("raise RuntimeError('broken reference')\n")
    results = _run(root)
    assert results["score"] == 0
    assert "not your fault" in results["output"]
