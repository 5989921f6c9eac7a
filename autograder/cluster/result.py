"""A worker's answer, parsed and validated by the coordinator before anything is stored.

The answer is a JSON string (:func:`autograder.cluster.task.grade_task`): it is read with
``json.loads`` into plain types, every field is checked against the report's own types (strict:
no unknown keys, no strings for numbers), and the checks must be exactly the assignment's
configured checks with their points, so a report that does not fit is rejected, not stored.
"""

from __future__ import annotations

import json
from dataclasses import fields
from functools import cache
from typing import get_type_hints

from pydantic import ConfigDict, ValidationError, create_model

from autograder.course import AssignmentConfig
from autograder.results import CheckResult, SubmissionReport


class WorkerRefused(RuntimeError):
    """A worker would not grade: it runs another version of the course (the message says what differs)."""


class ResultRejected(RuntimeError):
    """A worker's answer is not a report this assignment can have, or the grader failed on the worker."""


@cache
def _models():
    def strict(cls, **replaced):
        hints = get_type_hints(cls)
        return create_model(f"{cls.__name__}Json", __config__=ConfigDict(extra="forbid", strict=True),
                            **{f.name: (replaced.get(f.name, hints[f.name]), ...) for f in fields(cls)})

    check = strict(CheckResult)
    return check, strict(SubmissionReport, checks=list[check])


def parse_answer(answer: object, assignment: AssignmentConfig) -> tuple[SubmissionReport, str]:
    """The report in ``answer`` and the worker that made it; raises WorkerRefused or ResultRejected."""
    if not isinstance(answer, str):
        raise ResultRejected(f"a worker answered with a {type(answer).__name__}, not a JSON string")
    try:
        data = json.loads(answer)
    except ValueError as error:
        raise ResultRejected(f"a worker's answer is not JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("worker"), str):
        raise ResultRejected("a worker's answer does not name the worker")
    worker = data["worker"]
    if isinstance(data.get("refused"), str):
        raise WorkerRefused(data["refused"])
    if isinstance(data.get("error"), str):
        raise ResultRejected(f"the grader failed on worker {worker}:\n{data['error']}")
    report = _report(data.get("report"), assignment, worker)
    report.graded_by = worker
    return report, worker


def _report(raw: object, assignment: AssignmentConfig, worker: str) -> SubmissionReport:
    if not isinstance(raw, dict):
        raise ResultRejected(f"worker {worker} sent no report")
    raw = dict(raw)
    score, max_score = raw.pop("score", None), raw.pop("max_score", None)
    check_model, report_model = _models()
    try:
        parsed = report_model.model_validate(raw)
    except ValidationError as error:
        raise ResultRejected(f"worker {worker} sent a report of the wrong shape: {error}") from None
    values = parsed.model_dump()
    checks = [CheckResult(**check) for check in values.pop("checks")]
    report = SubmissionReport(**values, checks=checks)
    configured = [(c.id, float(c.points), c.hidden) for c in assignment.checks]
    received = [(c.id, c.max_points, c.hidden) for c in report.checks]
    if received != configured:
        raise ResultRejected(f"worker {worker} graded other checks than {assignment.id}'s: {received} instead of "
                             f"{configured}")
    if report.assignment != assignment.id:
        raise ResultRejected(f"worker {worker} graded {report.assignment!r} instead of {assignment.id!r}")
    wrong = [c.id for c in report.checks if not 0 <= c.points <= c.max_points]
    if wrong or (score, max_score) != (report.score, report.max_score):
        raise ResultRejected(f"worker {worker} sent points that do not add up (checks {wrong}, score {score!r} "
                             f"of {max_score!r} against {report.score} of {report.max_score})")
    return report
