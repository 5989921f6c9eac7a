"""Shared fixtures: the course, and grading a submission written as source text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("KERAS_COURSE_OFFLINE", "1")  # tests never try to download

from autograder.course import REPO_ROOT, load_course  # noqa: E402
from autograder.grading import grade_submission  # noqa: E402

SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def course():
    return load_course()


@pytest.fixture
def grade(course, tmp_path):
    """grade(assignment, source_or_path, public_only=False) -> SubmissionReport.

    ``source_or_path`` is either the text of the student's module or a path to a file/folder.
    """

    def run(assignment: str, source_or_path, public_only: bool = False):
        config = course.assignment(assignment)
        if isinstance(source_or_path, Path):
            path = source_or_path
        else:
            folder = tmp_path / f"submission-{len(list(tmp_path.iterdir()))}"
            folder.mkdir()
            (folder / config.module).write_text(source_or_path, encoding="utf-8")
            path = folder
        return grade_submission(course, config, path, public_only=public_only)

    return run


def reference_source(assignment_id: str, module: str) -> str:
    """The reference solution's text, markers included (they are comments)."""
    return (REPO_ROOT / "solutions" / assignment_id / module).read_text(encoding="utf-8")


def failed_ids(report) -> set[str]:
    return {check.id for check in report.checks if check.status != "passed"}


def check_by_id(report, check_id: str):
    return next(check for check in report.checks if check.id == check_id)


def replaced(source: str, replacements, *, once: bool = False) -> str:
    """``source`` with each ``(old, new)`` applied to its first occurrence, as a student's edit.

    Raises when ``old`` is missing (or, with ``once``, occurs more than once), so that a mistake
    never silently stops being what its test says it is.
    """
    for old, new in replacements:
        count = source.count(old)
        if count == 0 or (once and count != 1):
            raise ValueError(f"the source contains {old!r} {count} times; update the mistake")
        source = source.replace(old, new, 1)
    return source


def assert_loses_exactly(report, broken: set[str], words: dict[str, list[str]] | None = None) -> None:
    """Exactly the ``broken`` checks fail, costing exactly their points, with the expected words."""
    assert failed_ids(report) == broken, {c.id: c.message for c in report.checks if c.status != "passed"}
    lost = sum(check.max_points for check in report.checks if check.id in broken)
    assert report.score == report.max_score - lost
    assert not report.grader_errors
    for check_id, expected_words in (words or {}).items():
        message = check_by_id(report, check_id).message
        for word in expected_words:
            assert word in message, f"{check_id}: {word!r} not in {message!r}"


def assert_all_not_implemented(report, *, except_targets: tuple[str, ...] = ()) -> None:
    """Untouched stubs: zero, no crash, and "not implemented" on every check (but ``except_targets``)."""
    assert report.score == 0
    assert not report.grader_errors
    assert all(check.status == "failed" for check in report.checks)
    for check in report.checks:
        assert "Traceback" not in check.message, check.id
        if check.target not in except_targets:
            assert "not implemented" in check.message, (check.id, check.message)
