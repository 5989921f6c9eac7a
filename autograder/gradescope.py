"""Grading on Gradescope's machines: the autograder bundle and the command it runs.

Gradescope unzips the bundle into ``/autograder/source``, runs ``setup.sh`` once when it builds
the image, and ``run_autograder`` for every submission, with the student's files in
``/autograder/submission`` and results expected in ``/autograder/results/results.json``.
"""

from __future__ import annotations

import json
import traceback
import zipfile
from dataclasses import dataclass
from pathlib import Path

from autograder.catalog import Message, msg, render
from autograder.course import REPO_ROOT, AssignmentConfig, Course
from autograder.discovery import submission_names

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
# Only what grading needs (no JupyterLab, nbgrader or pytest): see pyproject.toml's extras.
.venv/bin/python -m pip install --require-hashes -r requirements-grading.lock
.venv/bin/python -m pip install --no-deps --no-build-isolation -e .
{data}# Compute the reference solution's values now, so that every submission only runs its own code.
KERAS_COURSE_OFFLINE=1 .venv/bin/python -m autograder reference --assignment {assignment}
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Runs for every submission. AUTOGRADER_ROOT and AUTOGRADER_PYTHON exist for local testing.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{AUTOGRADER_PYTHON:-$ROOT/source/.venv/bin/python}}"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
cd "$ROOT/source"
KERAS_COURSE_OFFLINE=1 "$PYTHON" -m autograder gradescope-run --assignment {assignment} --lang {language} \\
    --submission "$ROOT/submission" --results "$RESULTS"
code=$?
if [ ! -s "$RESULTS" ]; then
    # The grader failed before it could write anything (a broken course.yml, a missing package):
    # the student still gets an answer (in the class's language, written when the bundle was made),
    # and the instructor sees the error above in the stdout.
    cat > "$RESULTS" <<'JSON'
{fallback}
JSON
fi
exit $code
"""

GRADING_LOCK = "requirements-grading.lock"
_INCLUDED = ("autograder", "course.yml", "pyproject.toml", GRADING_LOCK, "README.md")
_IGNORED_FOLDERS = ("__MACOSX", "__pycache__", ".ipynb_checkpoints", ".git")
GRADER_FAILED = msg("gradescope.grader_failed")


def _failure_results(language: str = "en") -> dict:
    return {"score": 0, "execution_time": 0, "visibility": "visible", "tests": [],
            "output": render(GRADER_FAILED, language), "stdout_visibility": "hidden"}


def _files(assignment: AssignmentConfig) -> list[Path]:
    """The grader and the course, with the solution of ``assignment`` only."""
    files = []
    for name in (*_INCLUDED, f"solutions/{assignment.id}"):
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


def _data_step(assignment: AssignmentConfig) -> str:
    """For training checks: Fashion-MNIST into the image's Keras cache, while the build has a network."""
    if assignment.training is None:
        return ""
    return ("# Fashion-MNIST for the training checks, into the image's Keras cache (each file checked against its\n"
            "# published MD5; data.mirror in course.yml names another host). Without it, grading warns loudly in\n"
            "# every result (or refuses, with data.require_real: true).\n"
            ".venv/bin/python -m autograder data fetch || echo 'WARNING: Fashion-MNIST could not be downloaded'\n"
            ".venv/bin/python -m autograder data status\n")


def write_bundle(assignment: AssignmentConfig, target: Path, language: str = "en") -> Path:
    """The zip Gradescope expects: setup.sh and run_autograder at the top, the course beside them.

    ``language``: the class's; every submission is graded in it, and the answer given when the
    grader cannot even start (a broken course.yml) is worded in it now, from the catalog.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        _add(archive, "setup.sh", SETUP_SH.format(assignment=assignment.id, data=_data_step(assignment)),
             executable=True)
        _add(archive, "run_autograder", RUN_AUTOGRADER.format(
            assignment=assignment.id, language=language,
            fallback=json.dumps(_failure_results(language), indent=2, ensure_ascii=False)), executable=True)
        for file in _files(assignment):
            _add(archive, str(file.relative_to(REPO_ROOT)), file.read_text(encoding="utf-8"),
                 executable=file.suffix == ".sh")
    return target


@dataclass(frozen=True)
class Located:
    graded: Path | None  # what to grade; None when nothing (or nothing unambiguous) was found
    note: Message | str  # for the student: which file was graded, or why none was ("" when nothing to say)


def _submitted_files(root: Path) -> list[Path]:
    """Every file of the submission, leaving out hidden ones and what tools leave behind."""
    return [path for path in sorted(root.rglob("*")) if path.is_file()
            and not any(part in _IGNORED_FOLDERS or part.startswith(".") for part in path.relative_to(root).parts)]


def locate_module(root: Path, assignment: AssignmentConfig) -> Located:
    """The file to grade in a Gradescope submission: the module wherever it sits in the upload.

    A zip or a GitHub upload keeps the student's folders (``assignments/04_training/training.py``).
    The shallowest folder holding the module (or its notebook) is graded; a folder holding both is
    graded as a folder (the module is chosen as ``grade`` chooses it). Two such folders at the same
    depth are ambiguous: nothing is graded and the student is told which files were found.
    """
    if root.is_file():
        return Located(root, "")
    notebook = f"{assignment.module_name}.ipynb"
    files = _submitted_files(root)
    candidates = [p for p in files if p.name in submission_names(assignment)]
    if not candidates:
        others = [str(p.relative_to(root)) for p in files if p.suffix in (".py", ".ipynb")]
        listing = ((msg("gradescope.holds_more", files=", ".join(others[:10])) if len(others) > 10
                    else msg("gradescope.holds", files=", ".join(others))) if others
                   else msg("gradescope.holds_nothing"))
        return Located(None, msg("gradescope.no_module", module=assignment.module, notebook=notebook,
                                 listing=listing))
    folders = sorted({p.parent for p in candidates}, key=lambda f: (len(f.relative_to(root).parts), str(f)))
    depth = len(folders[0].relative_to(root).parts)
    shallowest = [f for f in folders if len(f.relative_to(root).parts) == depth]
    if len(shallowest) > 1:
        listed = ", ".join(str(p.relative_to(root)) for p in candidates if p.parent in shallowest)
        return Located(None, msg("gradescope.several_copies", listed=listed))
    folder = shallowest[0]
    if folder == root:
        return Located(root, "")
    inside = [p for p in candidates if p.parent == folder]
    graded = inside[0] if len(inside) == 1 else folder  # both files: grade_submission picks and says which
    shown = str(graded.relative_to(root)) + ("" if graded.is_file() else "/")
    return Located(graded, msg("gradescope.found_in_folder", shown=shown))


def run_for_gradescope(course: Course, assignment: AssignmentConfig, submission: Path, results: Path, *,
                       language: str | None = None) -> int:
    """Grade one submission and always leave a valid results.json, even if the grader fails;
    its student-facing text in ``language`` (None: the environment's, else the course's)."""
    from autograder.exports import gradescope_results
    from autograder.grading import grade_submission
    from autograder.language import choose_language

    results.parent.mkdir(parents=True, exist_ok=True)
    chosen, language = language, course.language  # the course's until the choice is known to be valid
    try:
        language = choose_language(chosen, course)
        found = locate_module(submission, assignment)
        if found.graded is None:
            data = {"score": 0, "execution_time": 0, "visibility": "visible", "tests": [],
                    "output": render(found.note, language), "stdout_visibility": "hidden"}
        else:
            report = grade_submission(course, assignment, found.graded, language=language)
            if found.note:
                report.notes.insert(0, render(found.note, language))
            data = gradescope_results(report.to_dict(), course.grading.hidden_visibility)
        code = 0
    except Exception:  # noqa: BLE001 - the student must still get an answer
        data = _failure_results(language)
        print(traceback.format_exc())  # Gradescope shows stdout to instructors only (stdout_visibility)
        code = 1
    results.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return code
