"""Probe outcomes recorded once from real workers, so that judges are tested in milliseconds.

A recording (``tests/outcomes/<assignment>.json.gz``, gzip-compressed JSON) holds the plain
outcomes the probes returned for the reference solution and, for each typical mistake of
``tests/test_aNN_*.py`` (its ``MISTAKES``, and ``SLOW_MISTAKES`` when it has them), those that
differ from the reference's. ``tests/test_judges.py`` judges them
without a worker and without Keras. Record again after changing a probe, a mistake or the
reference (the slow suite grades every mistake end to end and catches a stale recording):

    .venv/bin/python tests/recorded.py 01 03     # or no argument: all of them
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
from functools import lru_cache
from importlib import import_module
from pathlib import Path

TESTS = Path(__file__).resolve().parent
OUTCOMES = TESTS / "outcomes"
# Assignments whose typical mistakes are recorded, and the test module that defines them.
RECORDED = {"01_data": "test_a01_data", "02_models": "test_a02_models", "03_compile": "test_a03_compile",
            "04_training": "test_a04_training", "05_cnn": "test_a05_cnn", "06_evaluate": "test_a06_evaluate",
            "07_saving": "test_a07_saving"}


@lru_cache(maxsize=None)
def mistakes(assignment_id: str) -> dict[str, tuple[str, set[str], dict[str, list[str]]]]:
    """``name -> (the mistaken source, the checks it breaks, words their feedback uses)``."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    module = import_module(RECORDED[assignment_id])
    cases = {**module.MISTAKES, **getattr(module, "SLOW_MISTAKES", {})}
    return {name: (_mistaken(module, replacements), broken, words) for name, (replacements, broken, words) in cases.items()}


def _mistaken(module, replacements: list[tuple[str, str]]) -> str:
    """The reference source with one mistake's replacements (each test module has its own helper)."""
    if hasattr(module, "mistake_source"):
        return module.mistake_source(replacements)
    if hasattr(module, "mutate"):
        return module.mutate(*replacements)
    from conftest import replaced

    return replaced(module.REFERENCE, replacements)


def recording_file(assignment_id: str) -> Path:
    return OUTCOMES / f"{assignment_id}.json.gz"


def _as_in_the_tests() -> None:
    """Grade on the data the tests grade on (conftest.py): offline, the synthetic stand-in, never a
    Fashion-MNIST this machine's user has."""
    from autograder import data_sources

    os.environ["KERAS_COURSE_OFFLINE"] = "1"
    os.environ.pop("KERAS_COURSE_DATA", None)
    os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="recorded-keras-home-")
    data_sources._user_homes = lambda: []
    data_sources.FALLBACK_KERAS_HOME = Path(tempfile.mkdtemp(prefix="recorded-no-tmp-keras-"))


def record(assignment_id: str) -> Path:
    """Run the reference and every typical mistake of the assignment in workers; save the outcomes."""
    _as_in_the_tests()
    from autograder import grading
    from autograder.course import load_course

    course = load_course()
    assignment = course.assignment(assignment_id)
    check_ids = [check.id for check in assignment.checks]
    recording = {"reference": _plain(grading.reference_outcomes(course, assignment, trust_disk_cache=False)),
                 "mistakes": {}}
    if any(outcome.get("status") != "ok" for outcome in recording["reference"].values()):
        raise RuntimeError(f"{assignment_id}: the reference did not pass every probe; record again later")
    for name, (source, _, _) in sorted(mistakes(assignment_id).items()):
        run = _run_mistake(course, assignment, source, check_ids)
        if run.import_error:
            raise RuntimeError(f"{assignment_id} {name!r}: the mistaken module does not import: {run.import_error}")
        outcomes = _plain(run.probes)
        recording["mistakes"][name] = {check_id: outcome for check_id, outcome in outcomes.items()
                                       if outcome != recording["reference"].get(check_id)}
    OUTCOMES.mkdir(exist_ok=True)
    target = recording_file(assignment.id)
    text = json.dumps(recording, sort_keys=True, separators=(",", ":"))
    target.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return target


def _run_mistake(course, assignment, source: str, check_ids: list[str], attempts: int = 3):
    """One grading run of a mistaken source; again when the grader failed (a worker that could not
    start on a loaded machine), so that a recording never holds the grader's own failures."""
    from autograder import grading
    from autograder.sandbox import protocol

    for _ in range(attempts):
        with tempfile.TemporaryDirectory() as folder:
            module_file = Path(folder) / assignment.module
            module_file.write_text(source, encoding="utf-8")
            run = grading.run_submission(course, assignment, module_file, check_ids)
        if not any(outcome.get("status") == protocol.GRADER_ERROR for outcome in run.probes.values()):
            return run
    raise RuntimeError(f"{assignment.id}: the grader failed {attempts} times in a row; record again later")


def _plain(outcomes: dict) -> dict:
    """Outcomes without what changes from one run to the next (timings, tracebacks' addresses)."""
    keep = {}
    for check_id, outcome in outcomes.items():
        keep[check_id] = {key: value for key, value in outcome.items() if key not in ("seconds", "traceback")}
    return keep


@lru_cache(maxsize=None)
def load(assignment_id: str) -> dict:
    return json.loads(gzip.decompress(recording_file(assignment_id).read_bytes()))


def judged(assignment_id: str, name: str | None) -> dict:
    """``check id -> CheckResult`` for a recorded mistake (``None``: the reference against itself)."""
    from autograder.grading import judge_outcomes

    assignment = _course().assignment(assignment_id)
    recording = load(assignment_id)
    got = {**recording["reference"], **({} if name is None else recording["mistakes"][name])}
    return {result.id: result for result in judge_outcomes(assignment, assignment.checks, got,
                                                           recording["reference"])}


def judged_with_change(assignment_id: str, check_id: str, change) -> tuple[bool, str]:
    """(passed, the English message) of one check on the reference's recorded outcome after
    ``change(value)`` edits a copy of it: a judge's case written by hand, without Keras."""
    result = judged_with_changes(assignment_id, {check_id: change}, only=(check_id,))[check_id]
    return result.points == result.max_points, result.message


def judged_with_changes(assignment_id: str, changes: dict, only: tuple[str, ...] = ()) -> dict:
    """``check id -> CheckResult`` (English messages) of the assignment's checks (or ``only`` these)
    judged together on copies of the reference's recorded outcomes, each check's edited by its
    ``changes[check_id](value)``: one hand-made mistake seen by several checks, without Keras."""
    import copy

    from autograder.catalog import render_report
    from autograder.grading import judge_outcomes
    from autograder.results import SubmissionReport

    assignment = _course().assignment(assignment_id)
    reference = load(assignment_id)["reference"]
    got = copy.deepcopy(reference)
    for check_id, change in changes.items():
        change(got[check_id]["value"])
    checks = [check for check in assignment.checks if not only or check.id in only]
    results = judge_outcomes(assignment, checks, got, reference)
    render_report(SubmissionReport(assignment=assignment_id, title="", submission="recorded", checks=results))
    return {result.id: result for result in results}


@lru_cache(maxsize=None)
def _course():
    from autograder.course import load_course

    return load_course()


if __name__ == "__main__":
    sys.path.insert(0, str(TESTS.parent))
    for argument in sys.argv[1:] or sorted(RECORDED):
        print(record(next(a for a in RECORDED if a.split("_")[0] == argument.split("_")[0])))
