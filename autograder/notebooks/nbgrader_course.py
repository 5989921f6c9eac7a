"""An nbgrader course folder made from the course: ``source/``, ``nbgrader_config.py``, a runner.

The folder follows nbgrader's layout (``source/<assignment>/<module>.ipynb``; nbgrader itself
makes ``release/``, ``submitted/``, ``autograded/`` and ``feedback/``). In each source notebook
the graded cells are nbgrader solution cells (the markers are the course's own, which are
nbgrader's), the text cells are locked, and after each graded cell come autograded test cells,
one per check of ``course.yml`` worth that check's points; hidden checks sit between nbgrader's
hidden-test markers. Test cells call :func:`autograder.notebooks.selfcheck.nbgrader_check`, so
nbgrader's points equal ``python -m autograder grade``'s.

``nbgrader.sh`` runs the pinned nbgrader with this project's ``.venv/bin`` first on PATH:
nbgrader 0.9.6 starts ``alembic`` as a command, and the notebook kernel (``python3``) is found
through PATH too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.course import AssignmentConfig, Course
from autograder.notebooks.build import build_notebook, dumps, has_notebook_source, has_solution

COURSE_ID = "keras-course"
CELL_TIMEOUT_FLOOR = 300  # seconds nbgrader waits for one cell: at least this, or the largest budget


class NbgraderCourseError(ValueError):
    """The course folder cannot be written as asked."""


def venv_bin() -> Path:
    """The folder of the Python running this (the project's .venv/bin when run from it)."""
    return Path(sys.executable).parent


def nbgrader_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment to run nbgrader in: this Python's bin folder first on PATH, quiet TensorFlow."""
    env = dict(os.environ)
    env["PATH"] = f"{venv_bin()}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    env.update(extra or {})
    return env


def run_nbgrader(course_dir: Path, *args: str, extra_env: dict[str, str] | None = None,
                 timeout: float | None = None) -> subprocess.CompletedProcess:
    """``nbgrader ARGS`` in ``course_dir``, with the environment above; output captured."""
    command = [str(venv_bin() / "nbgrader"), *args]
    return subprocess.run(command, cwd=course_dir, env=nbgrader_environment(extra_env), capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def _config_text(course: Course, assignments: list[AssignmentConfig]) -> str:
    cell_timeout = int(max([CELL_TIMEOUT_FLOOR] + [a.budgets.total_seconds * 2 for a in assignments]))
    return f'''# nbgrader configuration written by `python -m autograder notebooks nbgrader-course`.
# The test cells call the course's grader (autograder.notebooks.selfcheck.nbgrader_check), which grades
# the notebook in a separate process with the budgets of course.yml; a cell may take as long as one
# assignment's whole budget (the first test cell grades everything, the others read the result).
c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "{COURSE_ID}"
c.CourseDirectory.root = __import__("os").path.dirname(__import__("os").path.abspath(__file__))

# One cell may run one grading of the whole notebook: wait long enough for it.
c.Execute.timeout = {cell_timeout}
# Stub for solution blocks in the release: the same as the course's own stubs say.
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
# Put back test cells a student deleted, so that they still run (and score) at autograde.
c.OverwriteCells.add_missing_cells = True
'''


def _runner_text() -> str:
    return f'''#!/usr/bin/env bash
# Run the pinned nbgrader with the course's Python first on PATH (nbgrader starts `alembic` and the
# notebook kernel `python3` through PATH). Usage: ./nbgrader.sh generate_assignment 01_data
set -euo pipefail
cd "$(dirname "$0")"
export PATH="{venv_bin()}:$PATH"
export TF_CPP_MIN_LOG_LEVEL="${{TF_CPP_MIN_LOG_LEVEL:-3}}" TF_ENABLE_ONEDNN_OPTS="${{TF_ENABLE_ONEDNN_OPTS:-0}}"
exec nbgrader "$@"
'''


def _readme_text(assignments: list[AssignmentConfig]) -> str:
    first = assignments[0].id if assignments else "01_data"
    listing = "\n".join(f"- `{a.id}`: {a.title} (`{a.module_name}.ipynb`, {a.max_points:g} points)"
                        for a in assignments)
    return f"""# nbgrader course folder

Written by `python -m autograder notebooks nbgrader-course` from the course's solutions, notebook
sources and `course.yml`; write it again after those change. Assignments:

{listing}

Every command below runs in this folder; `./nbgrader.sh` is `nbgrader` with the course's Python first
on PATH.

```bash
./nbgrader.sh generate_assignment {first} --create --force   # release/{first}/ for students
# collect submissions as submitted/<student>/{first}/<notebook>.ipynb, then:
./nbgrader.sh autograde {first} --create --force             # autograded/ (students added to the gradebook)
./nbgrader.sh generate_feedback {first} --force             # feedback/<student>/{first}/*.html
./nbgrader.sh export --to grades.csv                        # one row per student and assignment
```

Each check of `course.yml` is one autograded test cell worth its points; hidden checks are nbgrader
hidden tests. The test cells call the course's grader, which grades the notebook in a separate
process exactly as `python -m autograder grade` does, so the points are the same.
"""


def write_course(out: Path, course: Course, assignments: list[AssignmentConfig] | None = None, *,
                 force: bool = False, language: str = "en") -> list[Path]:
    """Write the nbgrader course folder ``out``; returns the files written. ``language``: the
    class's; its notebooks are the assignments' notebooks in it (text, docstrings, test cells)."""
    chosen = assignments if assignments is not None else [
        a for a in course.assignments if has_solution(a) and has_notebook_source(a, language=language)]
    unusable = [a.id for a in chosen if not (has_solution(a) and has_notebook_source(a, language=language))]
    if unusable:
        raise NbgraderCourseError(f"no solution or notebook source yet for: {', '.join(unusable)}")
    if not chosen:
        raise NbgraderCourseError("no assignment has both a solution and a notebook source yet")
    source = out / "source"
    existing = [source / a.id for a in chosen if (source / a.id).exists()]
    if existing and not force:
        raise NbgraderCourseError(f"{existing[0]} already exists; pass --force to write over it")
    written = []
    for assignment in chosen:
        folder = source / assignment.id
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        target = folder / f"{assignment.module_name}.ipynb"
        notebook = build_notebook(assignment, "nbgrader", colab=course.notebooks.colab, language=language)
        target.write_text(dumps(notebook), encoding="utf-8")
        written.append(target)
    files = {"nbgrader_config.py": _config_text(course, chosen), "nbgrader.sh": _runner_text(),
             "README.md": _readme_text(chosen)}
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    (out / "nbgrader.sh").chmod(0o755)
    return written

