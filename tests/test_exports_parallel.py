"""A large class's pages are written by helper processes: the same files as one process writes."""

from __future__ import annotations

import json
import re

import pytest

from autograder import exports
from autograder.gradebook import Gradebook
from autograder.results import CheckResult, SubmissionReport


def _report(student: int) -> dict:
    curves = {"accuracy": [0.5, 0.6 + student / 100], "reference accuracy": [0.55, 0.7]}
    checks = [CheckResult(id="train.accuracy", target="train", call="train(...)", points=float(student % 2),
                          max_points=1.0, hidden=False, status="passed" if student % 2 else "failed",
                          message=f"reached {0.6 + student / 100:.2f} <b>", data={"curves": curves})]
    report = SubmissionReport(assignment="04_training", title="Training", submission=f"s{student}", checks=checks)
    return report.to_dict()


def _visible(page: str) -> str:
    """A page without its drawings (matplotlib names their parts at random) and its time of writing."""
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "", re.sub(r"<svg.*?</svg>", "<svg/>", page, flags=re.S))


@pytest.mark.slow  # the helpers' start (spawned interpreters importing matplotlib): 10 to 20 s
def test_pages_written_by_helper_processes_are_those_one_process_writes(tmp_path, monkeypatch):
    with Gradebook(tmp_path / "gradebook.sqlite") as gradebook:
        for student in range(5):
            gradebook.record("04_training", f"s{student}", "0" * 64, _report(student))
        exports.export_class(gradebook, tmp_path / "one", "04_training", "visible", processes=1)
        monkeypatch.setattr(exports, "PARALLEL_FROM", 2)
        monkeypatch.setattr(exports, "BATCH", 2)
        exports.export_class(gradebook, tmp_path / "many", "04_training", "visible", processes=2)
    for student in (f"s{index}" for index in range(5)):
        one, many = tmp_path / "one" / student, tmp_path / "many" / student
        for name in ("results.json", "report.json"):
            assert json.loads((one / name).read_text()) == json.loads((many / name).read_text())
        for name in ("feedback.html", "instructor.html"):
            page = (many / name).read_text()
            assert page.count("<svg") == 1 and "reached" in page and "&lt;b&gt;" in page
            assert _visible(page) == _visible((one / name).read_text())
    assert (tmp_path / "many" / "grades.csv").read_text() == (tmp_path / "one" / "grades.csv").read_text()
