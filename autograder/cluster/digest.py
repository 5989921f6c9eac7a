"""Which course a machine runs: a digest of every file that shapes a grade, by kind.

The coordinator sends its digest with every task; a Dask worker whose checkout differs refuses to
grade and names the kinds that differ ("checks differ"). Before a run, the coordinator also
compares the per-file digests of every worker with its own, which names the very files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from autograder.course import REPO_ROOT

LOCKS = ("requirements.lock", "requirements-grading.lock")
_SKIPPED = {"__pycache__", ".ipynb_checkpoints"}

# kind -> what it covers, in the words a refusal uses
KINDS = {
    "solutions": "the reference solutions (solutions/)",
    "checks": "the checks (autograder/checks/: the kit and the suites)",
    "grader": "the grader's own code and messages (autograder/)",
    "course": "the course file",
    "lock": "the locked dependencies (requirements*.lock)",
}


class CourseFileOutside(ValueError):
    """The course file is not inside the checkout, so a worker cannot find the same one."""


def course_file_in_checkout(course_file: Path | None) -> str:
    """The course file as a path relative to the checkout (what a worker loads); default ``course.yml``."""
    if course_file is None:
        return "course.yml"
    resolved = Path(course_file).resolve()
    if not resolved.is_relative_to(REPO_ROOT):
        raise CourseFileOutside(f"--course {course_file} is outside the course's checkout; with --cluster every "
                                "worker loads the course file from its own checkout, so put it inside the "
                                "checkout (the same path on every machine).")
    return resolved.relative_to(REPO_ROOT).as_posix()


def checkout_path(relative: str) -> Path:
    """``relative`` inside the checkout; a path that leaves it is refused."""
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"not a path inside the checkout: {relative!r}")
    return REPO_ROOT.joinpath(*path.parts)


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and not _SKIPPED & set(p.parts))


def _kind_files(course_file: str) -> dict[str, list[Path]]:
    package = REPO_ROOT / "autograder"
    checks = package / "checks"
    return {
        "solutions": _files(REPO_ROOT / "solutions"),
        "checks": _files(checks, "*.py"),
        "grader": [p for p in _files(package) if not p.is_relative_to(checks) and p.suffix in (".py", ".po", ".j2")],
        "course": [checkout_path(course_file)],
        "lock": [REPO_ROOT / name for name in LOCKS],
    }


def file_digests(course_file: str = "course.yml") -> dict[str, dict[str, str]]:
    """kind -> {path relative to the checkout: sha256}; a missing file is ``"missing"``."""
    table: dict[str, dict[str, str]] = {}
    for kind, files in _kind_files(course_file).items():
        table[kind] = {}
        for file in files:
            name = file.relative_to(REPO_ROOT).as_posix()
            table[kind][name] = hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else "missing"
    return table


def kind_digests(files: dict[str, dict[str, str]]) -> dict[str, str]:
    """kind -> one sha256 over its files: what travels with every task."""
    digests = {}
    for kind, table in files.items():
        digest = hashlib.sha256()
        for name in sorted(table):
            digest.update(f"{name}\0{table[name]}\n".encode())
        digests[kind] = digest.hexdigest()
    return digests


def course_digest(course_file: str = "course.yml") -> dict[str, str]:
    return kind_digests(file_digests(course_file))


def kinds_that_differ(ours: dict[str, str], theirs: dict[str, str]) -> list[str]:
    return [kind for kind in KINDS if ours.get(kind) != theirs.get(kind)]


def describe_kinds(kinds: list[str]) -> str:
    """``checks differ (the checks (...))``, joined: for a refusal that has only kind digests."""
    return "; ".join(f"{kind} differ: {KINDS[kind]}" for kind in kinds)


def describe_files(ours: dict[str, dict[str, str]], theirs: dict[str, dict[str, str]], shown: int = 8) -> str:
    """What differs between two per-file tables, by kind, naming the files (``checks differ: a.py, b.py``)."""
    parts = []
    for kind in KINDS:
        mine, other = ours.get(kind, {}), theirs.get(kind, {})
        names = sorted(name for name in set(mine) | set(other) if mine.get(name) != other.get(name))
        if names:
            listed = ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")
            parts.append(f"{kind} differ: {listed}")
    return "; ".join(parts)
