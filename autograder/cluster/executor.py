"""The class grader's executor on a Dask cluster (``grade --cluster``).

Students go to the cluster through Dask's ``concurrent.futures`` executor; everything else of a
class run stays in this process (:func:`autograder.batch.grade_class`): the gradebook, one
transaction per student written when its first answer arrives, the progress bar, the summary.
A worker lost in the middle of a student is replaced by Dask, which runs that student's task
again elsewhere; since only this process writes, and only once per future, nobody is counted twice.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import Future
from pathlib import Path

from autograder.batch import StudentNotGraded
from autograder.cluster.connect import ClusterOptions, open_client
from autograder.cluster.digest import course_file_in_checkout, describe_files, file_digests, kind_digests
from autograder.cluster.result import ResultRejected, WorkerRefused, parse_answer
from autograder.cluster.task import SubmissionTooLarge, grade_task, make_task
from autograder.course import AssignmentConfig, Course
from autograder.discovery import Submission, SubmissionError, find_module
from autograder.grading import grade_submission
from autograder.results import SubmissionReport

RETRIES = 2  # a task that fails on a worker is tried again; a lost worker's tasks are rescheduled by Dask


class CourseMismatch(RuntimeError):
    """Some workers run another version of the course (the message names the files)."""


class ClusterGrader:
    """Grades students on a Dask cluster; see :class:`autograder.batch.Grader`."""

    def __init__(self, course: Course, assignment: AssignmentConfig, client, local_cluster=None,
                 course_file: str = "course.yml", language: str | None = None):
        self.course, self.assignment = course, assignment
        self.language = language
        self.client, self._local_cluster = client, local_cluster
        self.course_file = course_file
        self._files = file_digests(course_file)
        self.digest = kind_digests(self._files)
        self._executor = client.get_executor(retries=RETRIES, pure=False)
        self.workers: Counter[str] = Counter()  # worker -> students it graded in this run
        self._checked = self._closed = False
        self.slots = max(1, sum(client.nthreads().values()))  # students at once (the workers' threads now)

    @classmethod
    def open(cls, course: Course, assignment: AssignmentConfig, options: ClusterOptions,
             course_file: Path | None = None, language: str | None = None) -> "ClusterGrader":
        relative = course_file_in_checkout(course_file)  # before connecting: a usage error costs nothing
        client, local_cluster = open_client(options)
        return cls(course, assignment, client, local_cluster, relative, language)

    def prepare(self) -> None:
        """Every worker connected now must run this course (workers joining later check each task)."""
        if self._checked:
            return
        answers = self.client.run(file_digests, self.course_file)
        problems = [f"{worker}: {describe_files(self._files, theirs)}" for worker, theirs in sorted(answers.items())
                    if kind_digests(theirs) != self.digest]
        if problems:
            raise CourseMismatch("these workers run another version of the course than this machine, so they "
                                 "would grade differently; give every machine the same checkout (then `bash "
                                 "setup.sh --no-demo`) and start their workers again:\n  " + "\n  ".join(problems))
        self._checked = True

    def submit(self, submission: Submission) -> Future:
        try:
            module_file = find_module(submission.path, self.assignment)
        except SubmissionError:
            # Nothing to run: graded here, so the message names the path as the instructor gave it.
            done: Future = Future()
            done.set_result(grade_submission(self.course, self.assignment, submission.path, language=self.language))
            return done
        try:
            task = make_task(submission, module_file, self.assignment, self.course_file, self.digest, self.language)
        except (SubmissionTooLarge, OSError) as error:
            failed: Future = Future()
            failed.set_exception(StudentNotGraded(f"{submission.student}'s files could not be sent: {error}"))
            return failed
        return self._executor.submit(grade_task, task)

    def report(self, future: Future, submission: Submission) -> SubmissionReport:
        from distributed import KilledWorker

        try:
            result = future.result()
        except KilledWorker:
            raise StudentNotGraded(f"every worker that took {submission.student} died while grading (Dask gave up "
                                   "after a few tries): see the workers' logs") from None
        if isinstance(result, SubmissionReport):  # graded here (see submit)
            return result
        try:
            report, worker = parse_answer(result, self.assignment)
        except (WorkerRefused, ResultRejected) as error:
            raise StudentNotGraded(str(error)) from None
        self.workers[worker] += 1
        return report

    def stop(self, futures) -> bool:
        for future in futures:
            future.cancel()  # cancels the Dask task as well
        return True

    def close(self) -> None:
        """Disconnect (and stop a local cluster); again is harmless."""
        if self._closed:
            return
        self._closed = True
        self._executor.shutdown(wait=False)
        self.client.close()
        if self._local_cluster is not None:
            self._local_cluster.close()
