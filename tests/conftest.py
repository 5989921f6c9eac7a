"""Shared fixtures: the course, and grading a submission written as source text."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from pathlib import Path

import psutil
import pytest

os.environ.setdefault("KERAS_COURSE_OFFLINE", "1")  # tests never try to download

from autograder.course import REPO_ROOT, load_course  # noqa: E402
from autograder.exports import gradescope_results  # noqa: E402
from autograder.grading import grade_submission  # noqa: E402

SHARED = REPO_ROOT.parent / "shared"


def _sandbox_mode() -> str:
    from autograder.sandbox import isolation

    try:
        return isolation.sandbox_mode()
    except isolation.SandboxError as error:
        return f"unavailable: {error}"


MODE = _sandbox_mode()  # the isolation student code gets here: full, uid, none (docs/security.md)
needs_full = pytest.mark.skipif(MODE != "full", reason=f"needs the full sandbox (root and namespaces); here: {MODE}")
needs_own_user = pytest.mark.skipif(MODE not in ("full", "uid"),
                                    reason=f"needs a sandbox user of its own (root); here: {MODE}")


@pytest.fixture(autouse=True)
def no_real_user_data(tmp_path_factory, monkeypatch):
    """Grading in tests sees no Fashion-MNIST of this machine's user (its home, /tmp/.keras): only
    what a test puts under its own KERAS_HOME, so the suite runs on the stand-in wherever it runs."""
    from autograder import data_sources

    monkeypatch.setattr(data_sources, "_user_homes", lambda: [])
    monkeypatch.setattr(data_sources, "FALLBACK_KERAS_HOME", tmp_path_factory.mktemp("no-tmp-keras"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path_factory.mktemp("keras-home")))
    monkeypatch.delenv("KERAS_COURSE_DATA", raising=False)


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


@dataclasses.dataclass
class Graded:
    """A submission graded through the real engine, with the runner's own account of the run."""

    report: object
    run: object  # the student's RunOutcome, as the runner returned it
    ended: float = 0.0  # time.time() when grading returned: later processes of the uid are another run's

    def check(self, check_id: str):
        return check_by_id(self.report, check_id)

    def message(self, check_id: str) -> str:
        return self.check(check_id).message

    def value(self, check_id: str) -> str:
        return self.run.probes[check_id]["value"].get("value", "")

    def notes(self) -> str:
        return "\n".join(self.report.notes)


@pytest.fixture
def grade_with_limits(course, tmp_path, monkeypatch):
    """grade_with_limits(assignment, name, module_bytes, **limits) -> Graded.

    Grades ``module_bytes`` as the assignment's module (in a folder named after ``name``), with
    the assignment's budgets changed by ``limits`` (fields of Limits), and keeps the RunOutcome.
    """
    from autograder import grading
    from autograder.course import AssignmentConfig

    runs = []
    original_run = grading.run_probes

    def spy(**kwargs):
        outcome = original_run(**kwargs)
        if not threading.current_thread().name.startswith("reference"):  # the reference runs alongside
            runs.append(outcome)
        return outcome

    monkeypatch.setattr(grading, "run_probes", spy)

    def run(assignment_id: str, name: str, module_bytes: bytes, **limits) -> Graded:
        config = course.assignment(assignment_id)
        original_limits = AssignmentConfig.limits
        monkeypatch.setattr(AssignmentConfig, "limits",
                            lambda self: dataclasses.replace(original_limits(self), **limits))
        folder = tmp_path / f"submission-{name}-{config.id}"
        folder.mkdir()
        (folder / config.module).write_bytes(module_bytes)
        try:
            report = grading.grade_submission(course, config, folder)
        finally:
            monkeypatch.setattr(AssignmentConfig, "limits", original_limits)
        return Graded(report, runs[-1], time.time())

    return run


def assert_verdicts(report, lost: dict[str, str], score: float) -> None:
    """Checks whose id (or target) is in ``lost`` score 0 and their probes ended as given; every
    other check scores full; the result files are valid, strict JSON (no NaN, whatever was graded)."""
    import json

    for check in report.checks:
        ended = lost.get(check.id, lost.get(check.target))
        if ended is None:
            assert check.points == check.max_points, f"{check.id} should pass: {check.message}"
        else:
            assert check.points == 0 and check.status != "passed", f"{check.id} earned {check.points}"
            assert check.probe_status == ended, f"{check.id}: {check.probe_status} ({check.message})"
    assert report.score == score
    json.dumps(report.to_dict(), allow_nan=False)
    json.dumps(gradescope_results(report.to_dict(), "after_published"), allow_nan=False)


def no_process_left(graded, marker: str = "kgrade-hostile") -> None:
    """Nothing of a graded run is alive: no process of its sandbox user, none with the fixtures' marker.

    ``graded`` has ``run`` (the RunOutcome) and ``ended`` (time.time() when grading returned:
    later processes of the uid belong to another run).
    """
    survivors = []
    for process in psutil.process_iter(["uids", "cmdline", "status", "create_time"]):
        if process.info["status"] == psutil.STATUS_ZOMBIE:
            continue
        uids = process.info.get("uids")
        cmdline = " ".join(process.info.get("cmdline") or [])
        ours = (process.info.get("create_time") or 0) < graded.ended  # the uid is free for others after
        if ours and graded.run.sandbox_uid is not None and uids and graded.run.sandbox_uid in (uids.real, uids.effective):
            survivors.append(f"{process.pid} (uid {uids.real}): {cmdline[:120]}")
        elif marker in cmdline and process.pid != os.getpid():
            survivors.append(f"{process.pid}: {cmdline[:120]}")
    assert not survivors, f"processes outlived the grading: {survivors}"
