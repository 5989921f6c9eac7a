"""Grade a whole class: in parallel, resumable, each result stored as soon as it is known."""

from __future__ import annotations

import signal
import threading
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Protocol

import psutil
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn
from rich.text import Text

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
    not_graded: dict[str, str] = field(default_factory=dict)  # student -> why (StudentNotGraded: no traceback)
    seconds: float = 0.0
    to_grade: int = 0  # students this run set out to grade (not skipped)


class StudentNotGraded(RuntimeError):
    """A student could not be graded for a reason said in plain words (no traceback needed)."""


class Grader(Protocol):
    """Where students are graded: this machine's threads (:class:`LocalGrader`) or a Dask cluster
    (:class:`autograder.cluster.executor.ClusterGrader`). The class run around it is the same:
    this process alone stores results, shows progress and writes the summary."""

    slots: int  # students graded at once

    def prepare(self) -> None:
        """Before the first student (the reference values; the cluster's course check)."""

    def submit(self, submission: Submission) -> Future:
        """Start grading ``submission``; the future's result goes to :meth:`report`."""

    def report(self, future: Future, submission: Submission) -> SubmissionReport:
        """The report of a finished future (StudentNotGraded when there is none, with the reason)."""

    def stop(self, futures) -> bool:
        """Ctrl-C: stop every student; True when all of them ended in time."""

    def close(self) -> None:
        """After the run."""


class LocalGrader:
    """Students graded on this machine, ``jobs`` at once, each in worker processes of its own."""

    def __init__(self, course: Course, assignment: AssignmentConfig, jobs: int = 1, language: str | None = None):
        self.course, self.assignment, self.slots = course, assignment, max(1, jobs)
        self.language = language  # None: the environment's or the course's (autograder/language.py)
        # Not a `with` block around the run: leaving one waits for every student, which Ctrl-C must not do.
        self._pool = ThreadPoolExecutor(max_workers=self.slots, thread_name_prefix="grade")

    def prepare(self) -> None:
        reference_outcomes(self.course, self.assignment)  # once, before the workers start

    def submit(self, submission: Submission) -> Future:
        return self._pool.submit(grade_submission, self.course, self.assignment, submission.path,
                                 language=self.language)

    def report(self, future: Future, submission: Submission) -> SubmissionReport:
        return future.result()

    def stop(self, futures) -> bool:
        return _stop_students(self._pool, futures)

    def close(self) -> None:
        self._pool.shutdown(wait=True)


class GradingInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a class run: a KeyboardInterrupt that knows what finished before it (and is
    stored). ``abandoned``: some student's grading could not be stopped in time (the process
    should then exit at once rather than wait for it)."""

    def __init__(self, run: ClassRun, abandoned: bool):
        super().__init__("grading interrupted")
        self.run, self.abandoned = run, abandoned

    @property
    def not_graded(self) -> int:
        return self.run.to_grade - len(self.run.graded) - len(self.run.internal_errors) - len(self.run.not_graded)


class TimeLeftColumn(ProgressColumn):
    """Time left, shown only once enough students finished for the average to mean something
    (the first ones finish together, after the reference and Keras start-up)."""

    def __init__(self, jobs: int):
        super().__init__()
        self.enough = max(2, jobs + 1)

    def render(self, task) -> Text:
        if task.finished:
            return Text("")
        if task.completed < self.enough or not task.elapsed:
            return Text("time left: estimating", style="progress.remaining")
        seconds = task.elapsed / task.completed * (task.total - task.completed)
        shown = f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"
        return Text(f"about {shown} left", style="progress.remaining")


def grade_class(course: Course, assignment: AssignmentConfig, submissions: list[Submission], *,
                jobs: int = 1, gradebook: Gradebook | None = None, regrade: bool = False,
                console: Console | None = None, on_report=None, grader: Grader | None = None,
                language: str | None = None) -> ClassRun:
    """Grade ``submissions`` with ``jobs`` at once; store each report as it finishes.

    Every student runs in worker processes of its own (see autograder.sandbox), so one
    student's crash, timeout or memory blow-up touches no one else. With a gradebook, students
    whose unchanged submission already has a row are skipped unless ``regrade``.
    ``on_report(student, report)`` is called in this thread for each finished student.
    ``grader``: where students are graded (default: this machine, ``jobs`` at once); only this
    process writes the gradebook, whatever the grader. ``language``: of the students' feedback, when
    graded here (a cluster grader is given its own).
    """
    console = console or Console(stderr=True)
    run = ClassRun()
    grader = grader or LocalGrader(course, assignment, jobs, language)
    try:
        return _grade_class(assignment, submissions, run, grader, gradebook, regrade, console, on_report)
    except KeyboardInterrupt:  # before any student started (say, while the reference was computed)
        raise GradingInterrupted(run, abandoned=False) from None


def _grade_class(assignment, submissions, run: ClassRun, grader: Grader, gradebook, regrade, console,
                 on_report) -> ClassRun:
    started = time.monotonic()
    todo: list[tuple[Submission, str]] = []
    finished = gradebook.finished(assignment.id) if gradebook else {}
    for submission in submissions:
        digest = fingerprint(submission, assignment)
        if not regrade and finished.get(submission.student) == digest:
            run.skipped.append(submission.student)
        else:
            todo.append((submission, digest))
    run.to_grade = len(todo)
    if not todo:
        run.seconds = time.monotonic() - started
        grader.close()
        return run
    grader.prepare()
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("[red]{task.fields[failing]} with failed checks[/]"),
                        TextColumn("{task.fields[remaining]} to go"), TimeLeftColumn(grader.slots),
                        console=console, disable=not console.is_terminal)
    with progress:
        task = progress.add_task(f"grading {assignment.id}", total=len(todo), failing=0, remaining=len(todo))
        futures = {grader.submit(s): (s, d) for s, d in todo}
        try:
            _collect(set(futures), futures, run, grader, gradebook, assignment, console, progress, task, on_report)
        except KeyboardInterrupt:
            progress.stop()  # finished students are already stored; the rest is not recorded
            run.seconds = time.monotonic() - started
            raise GradingInterrupted(run, abandoned=not grader.stop(futures)) from None
    grader.close()
    run.seconds = time.monotonic() - started
    return run


def _stop_students(pool: ThreadPoolExecutor, futures, seconds: float = 10.0) -> bool:
    """Cancel the students not started and kill the workers of those being graded, so that their
    threads end (and clean up their scratch folders) soon. True when all of them ended in time."""
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None  # a second Ctrl-C
    try:
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + seconds
        while not all(future.done() for future in futures) and time.monotonic() < deadline:
            for child in psutil.Process().children(recursive=True):  # the workers and their children
                try:
                    child.kill()
                except psutil.Error:
                    pass
            time.sleep(0.1)
        return all(future.done() for future in futures)
    finally:
        if in_main:
            signal.signal(signal.SIGINT, previous)


def _collect(pending, futures, run: ClassRun, grader: Grader, gradebook, assignment, console, progress, task,
             on_report) -> None:
    failing = 0
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            submission, digest = futures[future]
            try:
                report = grader.report(future, submission)
            except StudentNotGraded as reason:
                run.not_graded[submission.student] = str(reason)
                continue
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
        finished = len(run.graded) + len(run.internal_errors) + len(run.not_graded)
        progress.update(task, completed=finished, failing=failing, remaining=len(pending))
