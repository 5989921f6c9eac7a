"""Which submissions a path holds: one module, a class folder, or nbgrader's submitted/ layout."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from autograder.course import AssignmentConfig, Course

SUBMISSION_SUFFIXES = (".py", ".ipynb")
_SEARCH_DEPTH = 3


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path  # what grade_submission receives: a module file, a notebook, or a folder


class SubmissionError(ValueError):
    """The submitted path does not hold the assignment's module."""


def notebook_names(assignment: AssignmentConfig) -> list[str]:
    """The assignment's notebooks a student may hand in: ``tensors.ipynb``, then the Chinese ``tensors.zh.ipynb``."""
    from autograder.notebooks.translation import NOTEBOOK_LANGUAGES, notebook_file_name

    return [notebook_file_name(assignment.module_name, language) for language in NOTEBOOK_LANGUAGES]


def submission_names(assignment: AssignmentConfig) -> list[str]:
    """The files of a submission folder the grader reads: the module, then its notebooks."""
    return [assignment.module, *notebook_names(assignment)]


def find_module(path: Path, assignment: AssignmentConfig) -> Path:
    """The module file of a submission: the file itself, or ``<folder>/<module>``."""
    if path.is_file():
        return path
    if path.is_dir():
        present = [path / name for name in submission_names(assignment) if (path / name).is_file()]
        if present:  # the module, or a notebook standing in for it (submission.py chooses among them)
            return present[0]
        near = near_miss_module(path, assignment)
        if near is not None:
            return near
        found = sorted(p.name for p in path.iterdir() if p.suffix in (".py", ".ipynb"))
        listing = f" It holds: {', '.join(found)}." if found else " It holds no .py or .ipynb file."
        raise SubmissionError(f"{path} has no {assignment.module}.{listing} Name the file {assignment.module} "
                              f"(or {assignment.module_name}.ipynb for a notebook).")
    raise SubmissionError(f"{path} does not exist")


def _plain_name(name: str) -> str:
    """``Evaluation (1).py``, ``evaluation-2.py``, ``evaluation_copy.py`` -> ``evaluation``: the names
    browsers, LMSs and file managers give a second copy of the same file."""
    stem = Path(name).stem.lower().strip()
    return re.sub(r"(\s*\(\d+\)|[-_ ](\d+|copy|final|v\d+))+$", "", stem)


def near_miss_module(folder: Path, assignment: AssignmentConfig) -> Path | None:
    """The one .py file of ``folder`` whose name is the module's with another case or a copy's
    suffix (``evaluation (1).py``), or None: it is graded, with a note that names it."""
    candidates = [p for p in folder.iterdir() if p.is_file() and p.suffix == ".py" and not p.name.startswith(".")]
    if len(candidates) == 1 and _plain_name(candidates[0].name) == assignment.module_name.lower():
        return candidates[0]
    return None


def holds_module(folder: Path, assignment: AssignmentConfig) -> bool:
    return any((folder / name).is_file() for name in submission_names(assignment))


def _find_module_folder(folder: Path, assignment: AssignmentConfig) -> Path:
    """The folder under ``folder`` (itself or a few levels down) that holds the module."""
    if holds_module(folder, assignment):
        return folder
    for depth in range(1, _SEARCH_DEPTH + 1):
        pattern = "/".join(["*"] * depth)
        for candidate in sorted(folder.glob(pattern)):
            if candidate.is_dir() and not candidate.name.startswith(".") and holds_module(candidate, assignment):
                return candidate
    return folder  # graded as a folder without the module: zero, with a message listing what it holds


def discover(path: Path, assignment: AssignmentConfig) -> list[Submission]:
    """The submissions in ``path``.

    - a file, or a folder holding the assignment's module (or notebook): one submission, named
      after the path;
    - a folder with ``submitted/`` (nbgrader's exchange layout): one per ``submitted/<student>/``;
    - any other folder: one per sub-folder (the student's name) and per ``.py``/``.ipynb`` file
      (named after the file's stem); except that a folder with no sub-folder and a single such
      file is one student's submission with a misnamed module (graded zero, with a message
      that names the file found).
    """
    if path.is_file() or holds_module(path, assignment) or _looks_like_one_student(path):
        return [Submission(path.resolve().name, path)]
    root = path / "submitted" if (path / "submitted").is_dir() else path
    submissions = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir():
            submissions.append(Submission(entry.name, _find_module_folder(entry, assignment)))
        elif entry.suffix in SUBMISSION_SUFFIXES:
            submissions.append(Submission(entry.stem, entry))
    return submissions


def other_assignments_module(path: Path, assignment: AssignmentConfig, course: Course) -> str | None:
    """A message when ``path`` is, or directly holds, another assignment's module instead of this one's.

    ``grade assignments/01_data -a 04`` would otherwise grade ``tensors.py`` and ``tensors.ipynb``
    as two students of assignment 04, both zero.
    """
    if path.is_file():
        files = [path]
    elif path.is_dir() and not holds_module(path, assignment):
        files = [entry for entry in path.iterdir() if entry.is_file()]
    else:
        return None
    for other in course.assignments:
        found = [f.name for f in sorted(files) if other.id != assignment.id
                 and f.name in submission_names(other)]
        if found:
            what = "is" if path.is_file() else f"holds {' and '.join(found)},"
            return (f"{path} {what} the module of assignment {other.id}, not {assignment.module} of "
                    f"{assignment.id}. Did you mean --assignment {other.number}?")
    return None


def _looks_like_one_student(path: Path) -> bool:
    entries = [e for e in path.iterdir() if not e.name.startswith((".", "_"))]
    files = [e for e in entries if e.is_file() and e.suffix in SUBMISSION_SUFFIXES]
    return not any(e.is_dir() for e in entries) and len(files) <= 1


def fingerprint(submission: Submission, assignment: AssignmentConfig) -> str:
    """A hash of what will be graded: the same content always maps to the same stored grade."""
    digest = hashlib.sha256()
    path = submission.path
    names = submission_names(assignment)
    files = [path] if path.is_file() else [path / name for name in names[:2]] + [
        path / name for name in names[2:] if (path / name).is_file()]  # a translated notebook only when there
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes() if file.is_file() else b"<missing>")
    return digest.hexdigest()
