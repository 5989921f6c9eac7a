"""Grade a whole class: in parallel, resumable, each result stored as soon as it is known."""

from __future__ import annotations

import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from autograder.course import AssignmentConfig, Course
from autograder.discovery import Submission, fingerprint
from autograder.gradebook import Gradebook
from autograder.grading import grade_submission, reference_outcomes
from autograder.results import SubmissionReport


@dataclass
class ClassRun:
    graded: list[SubmissionReport] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already in the gradebook, unchanged
    internal_errors: dict[str, str] = field(default_factory=dict)  # student -> what went wrong
    seconds: float = 0.0


def grade_class(course: Course, assignment: AssignmentConfig, submissions: list[Submission], *,
                jobs: int = 1, gradebook: Gradebook | None = None, regrade: bool = False,
                console: Console | None = None, on_report=None) -> ClassRun:
    """Grade ``submissions`` with ``jobs`` at once; store each report as it finishes.

    Every student runs in worker processes of its own (see autograder.sandbox), so one
    student's crash, timeout or memory blow-up touches no one else. With a gradebook, students
    whose unchanged submission already has a row are skipped unless ``regrade``.
    ``on_report(student, report)`` is called in this thread for each finished student.
    """
    console = console or Console(stderr=True)
    run = ClassRun()
    started = time.monotonic()
    todo: list[tuple[Submission, str]] = []
    finished = gradebook.finished(assignment.id) if gradebook else {}
    for submission in submissions:
        digest = fingerprint(submission, assignment)
        if not regrade and finished.get(submission.student) == digest:
            run.skipped.append(submission.student)
        else:
            todo.append((submission, digest))
    if not todo:
        run.seconds = time.monotonic() - started
        return run
    reference_outcomes(course, assignment)  # once, before the workers start
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("[red]{task.fields[failing]} with failed checks[/]"),
                        TextColumn("{task.fields[remaining]} to go"), TimeRemainingColumn(),
                        console=console, disable=not console.is_terminal)
    with progress, ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="grade") as pool:
        task = progress.add_task(f"grading {assignment.id}", total=len(todo), failing=0, remaining=len(todo))
        futures = {pool.submit(grade_submission, course, assignment, s.path): (s, d) for s, d in todo}
        pending = set(futures)
        try:
            _collect(pending, futures, run, gradebook, assignment, console, progress, task, on_report)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)  # finished students are already stored
            raise
    run.seconds = time.monotonic() - started
    return run


def _collect(pending, futures, run: ClassRun, gradebook, assignment, console, progress, task, on_report) -> None:
    failing = 0
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            submission, digest = futures[future]
            try:
                report = future.result()
            except Exception:  # noqa: BLE001 - a grader bug: report it, keep going
                run.internal_errors[submission.student] = traceback.format_exc()
                continue
            report.submission = submission.student
            if gradebook is not None:
                gradebook.record(assignment.id, submission.student, digest, report.to_dict())
            run.graded.append(report)
            failing += report.score < report.max_score
            if on_report:
                on_report(submission.student, report)
            if not console.is_terminal:
                console.print(f"graded {submission.student}: {report.score:g} / {report.max_score:g}")
        progress.update(task, completed=len(run.graded) + len(run.internal_errors), failing=failing,
                    remaining=len(pending))
