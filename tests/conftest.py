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
