"""Grading on Gradescope's machines: the autograder bundle and the command it runs.

Gradescope unzips the bundle into ``/autograder/source``, runs ``setup.sh`` once when it builds
the image, and ``run_autograder`` for every submission, with the student's files in
``/autograder/submission`` and results expected in ``/autograder/results/results.json``.
"""

from __future__ import annotations

import json
import traceback
import zipfile
from pathlib import Path

from autograder.course import REPO_ROOT, AssignmentConfig, Course

SETUP_SH = """#!/usr/bin/env bash
# Runs once, when Gradescope builds the autograder image.
set -euo pipefail
cd /autograder/source
if ! command -v python3.11 >/dev/null 2>&1; then
    apt-get update
    apt-get install -y python3.11 python3.11-venv
fi
python3.11 -m venv .venv
.venv/bin/python -m pip install --upgrade pip
.venv/bin/python -m pip install --require-hashes -r requirements.lock
.venv/bin/python -m pip install --no-deps --no-build-isolation -e .
# Compute the reference solution's values now, so that every submission only runs its own code.
KERAS_COURSE_OFFLINE=1 .venv/bin/python -m autograder reference --assignment {assignment}
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Runs for every submission. AUTOGRADER_ROOT and AUTOGRADER_PYTHON exist for local testing.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{AUTOGRADER_PYTHON:-$ROOT/source/.venv/bin/python}}"
mkdir -p "$ROOT/results"
cd "$ROOT/source"
KERAS_COURSE_OFFLINE=1 "$PYTHON" -m autograder gradescope-run --assignment {assignment} \\
    --submission "$ROOT/submission" --results "$ROOT/results/results.json"
"""

_INCLUDED = ("autograder", "solutions", "course.yml", "pyproject.toml", "requirements.lock", "README.md")


def _files() -> list[Path]:
    files = []
    for name in _INCLUDED:
        path = REPO_ROOT / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += [p for p in sorted(path.rglob("*")) if p.is_file() and "__pycache__" not in p.parts
                      and p.suffix not in (".pyc", ".tmp")]
    return files


def _add(archive: zipfile.ZipFile, name: str, text: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.external_attr = (0o755 if executable else 0o644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text)


def write_bundle(assignment: AssignmentConfig, target: Path) -> Path:
    """The zip Gradescope expects: setup.sh and run_autograder at the top, the course beside them."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        _add(archive, "setup.sh", SETUP_SH.format(assignment=assignment.id), executable=True)
        _add(archive, "run_autograder", RUN_AUTOGRADER.format(assignment=assignment.id), executable=True)
        for file in _files():
            _add(archive, str(file.relative_to(REPO_ROOT)), file.read_text(encoding="utf-8"),
                 executable=file.suffix == ".sh")
    return target


def run_for_gradescope(course: Course, assignment: AssignmentConfig, submission: Path, results: Path) -> int:
    """Grade one submission and always leave a valid results.json, even if the grader fails."""
    from autograder.exports import gradescope_results
    from autograder.grading import grade_submission

    results.parent.mkdir(parents=True, exist_ok=True)
    try:
        report = grade_submission(course, assignment, submission)
        data = gradescope_results(report.to_dict(), course.grading.hidden_visibility)
        code = 0
    except Exception:  # noqa: BLE001 - the student must still get an answer
        data = {"score": 0, "execution_time": 0, "visibility": "visible", "tests": [],
                "output": "The autograder itself failed on this submission; this is not your fault. "
                          "Your instructor has been notified. Please try submitting again later.",
                "stdout_visibility": "hidden"}
        print(traceback.format_exc())  # Gradescope shows stdout to instructors only (stdout_visibility)
        code = 1
    results.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return code
