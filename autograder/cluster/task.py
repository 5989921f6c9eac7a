"""One student's grading as a Dask task: what travels to a worker and what the worker does with it.

The task is plain data (the submission's files as bytes, not paths: a worker is another machine;
the assignment id; the course file's place in the checkout; the course digest). The worker
checks the digest against its own checkout, grades exactly as local grading does
(:func:`autograder.grading.grade_submission`: the same sandbox and limits, workers forked from
the warm template that this worker process starts on its first task and keeps), and answers
with a JSON *string*: the coordinator parses and validates it (:mod:`autograder.cluster.result`),
so no object built from student output is ever unpickled.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import time
import traceback
from pathlib import Path

from autograder.cluster.digest import checkout_path, course_digest, describe_kinds, kinds_that_differ
from autograder.course import AssignmentConfig
from autograder.discovery import Submission, submission_names

MAX_SUBMISSION_BYTES = 64 * 2**20  # a notebook with its outputs can be large; nothing graded is larger


class SubmissionTooLarge(ValueError):
    """The files to send exceed :data:`MAX_SUBMISSION_BYTES`."""


def make_task(submission: Submission, module_file: Path, assignment: AssignmentConfig, course_file: str,
              digest: dict[str, str], language: str | None = None) -> dict:
    """The task for ``submission``, whose module (or notebook) is ``module_file``.

    A folder travels with the files the grader reads in it: the module and the notebook of the
    same name (it picks one of the two by content and modification time, so both go, with their
    times). A file travels alone.
    """
    path = submission.path
    if path.is_dir():
        files = [path / name for name in submission_names(assignment) if (path / name).is_file()]
    else:
        files = [module_file]
    size = sum(file.stat().st_size for file in files)
    if size > MAX_SUBMISSION_BYTES:
        raise SubmissionTooLarge(f"{path} holds {size} bytes to grade; at most {MAX_SUBMISSION_BYTES} are sent "
                                 "to a worker")
    return {
        "assignment": assignment.id,
        "course_file": course_file,
        "digest": digest,
        "folder": path.name if path.is_dir() else None,
        "language": language,  # None: the course's (the worker's environment does not choose it)
        "files": [{"name": file.name, "data": file.read_bytes(), "mtime": file.stat().st_mtime} for file in files],
    }


def grade_task(task: dict) -> str:
    """Run on a Dask worker: grade one student; the answer is a JSON string, never an object.

    ``{"worker": ..., "report": {...}}``, or ``{"refused": why}`` when this worker runs another
    version of the course, or ``{"error": traceback}`` when the grader failed here.
    """
    worker = _worker_name()
    try:
        ours = _own_digest(task["course_file"])
        differ = kinds_that_differ(task["digest"], ours)
        if differ:
            return json.dumps({"worker": worker, "refused": (
                f"worker {worker} runs another version of the course: {describe_kinds(differ)}. Give every "
                "machine the same checkout (and run `bash setup.sh --no-demo` there), then start its worker again.")})
        report = _grade(task, _course(task["course_file"], ours))
        return json.dumps({"worker": worker, "report": report.to_dict()})
    except Exception:  # noqa: BLE001 - the grader's own failure: said in plain JSON, like everything else
        return json.dumps({"worker": worker, "error": traceback.format_exc()[-8000:]})


_digests: dict[str, tuple[float, dict[str, str]]] = {}
DIGEST_SECONDS = 10.0  # a busy worker reads its checkout again at most this often (about 0.1 s each time)


def _own_digest(course_file: str) -> dict[str, str]:
    """This checkout's course digest, computed again when older than :data:`DIGEST_SECONDS`."""
    now = time.monotonic()
    known = _digests.get(course_file)
    if known is None or now - known[0] > DIGEST_SECONDS:
        known = _digests[course_file] = (now, course_digest(course_file))
    return known[1]


_courses: dict[tuple, object] = {}


def _course(course_file: str, digest: dict[str, str]):
    """The course, loaded again only when its file or the checks changed (loading takes about 0.5 s)."""
    from autograder.course import load_course

    key = (course_file, digest["course"], digest["checks"])
    if key not in _courses:
        _courses.clear()
        _courses[key] = load_course(checkout_path(course_file))
    return _courses[key]


def _grade(task: dict, course):
    from autograder.grading import grade_submission

    assignment = course.assignment(task["assignment"])
    home = Path(tempfile.mkdtemp(prefix="kgrade-task-"))
    try:
        folder = home / _plain_name(task["folder"]) if task["folder"] else home
        folder.mkdir(exist_ok=True)
        for entry in task["files"]:
            file = folder / _plain_name(entry["name"])
            file.write_bytes(entry["data"])
            os.utime(file, (entry["mtime"], entry["mtime"]))
        path = folder if task["folder"] else folder / _plain_name(task["files"][0]["name"])
        return grade_submission(course, assignment, path, language=task.get("language") or course.language)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _plain_name(name: str) -> str:
    if not isinstance(name, str) or not name or name in (".", "..") or "/" in name or "\0" in name:
        raise ValueError(f"not a plain file name: {name!r}")
    return name


def _worker_name() -> str:
    """The Dask worker's name when it was given one (``dask worker --name``), else its address."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return socket.gethostname()  # called outside a Dask worker (tests)
    return worker.name if isinstance(worker.name, str) and worker.name else worker.address
