"""The built-in default job: grade the bundled example submissions and show the reports.

For each assignment: the reference solution, the untouched student stubs, and the examples of
typical mistakes in ``examples/<assignment>/``; the details are shown for the examples (the
reference and the stubs are summed up in the tables).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from autograder.batch import grade_class
from autograder.course import REPO_ROOT, AssignmentConfig, Course
from autograder.discovery import Submission
from autograder.report import grading_table, print_details

EXAMPLES = REPO_ROOT / "examples"
REFERENCE, STUBS = "reference solution", "untouched student stubs"


def example_submissions(assignment: AssignmentConfig) -> list[Submission]:
    """Every bundled example: reference, untouched stubs, then the mistakes."""
    found = [Submission(REFERENCE, REPO_ROOT / "solutions" / assignment.id),
             Submission(STUBS, REPO_ROOT / "assignments" / assignment.id)]
    mistakes = EXAMPLES / assignment.id
    if mistakes.is_dir():
        found += [Submission(f"example: {folder.name.replace('_', ' ')}", folder)
                  for folder in sorted(mistakes.iterdir()) if folder.is_dir()]
    return found


def run_demo(course: Course, assignments: list[AssignmentConfig], console: Console, *, jobs: int = 2,
             language: str | None = None) -> dict:
    """Grade every example of ``assignments``; returns {assignment id: [reports]}."""
    results = {}
    overview = Table(title="Demo: every assignment's bundled examples")
    for column in ("assignment", REFERENCE, STUBS, "examples of typical mistakes", "time"):
        overview.add_column(column, justify="left" if column == "assignment" else "right")
    for assignment in assignments:
        console.rule(f"{assignment.id}: {assignment.title}")
        order = example_submissions(assignment)
        run = grade_class(course, assignment, order, jobs=jobs, console=Console(stderr=True, quiet=True),
                          language=language)
        by_name = {report.submission: report for report in run.graded}
        for warning in sorted({report.data_warning for report in run.graded} - {""}):
            console.print(f"[bold red]{warning}[/]", highlight=False)
        reports = [by_name[s.student] for s in order if s.student in by_name]
        for report in reports:
            if report.submission.startswith("example"):
                print_details(report, console)
        console.print(grading_table(reports))
        results[assignment.id] = reports
        examples = [r for r in reports if r.submission.startswith("example")]
        overview.add_row(assignment.id, *(_score(by_name.get(name)) for name in (REFERENCE, STUBS)),
                         ", ".join(_score(r) for r in examples) or "-", f"{run.seconds:.1f} s")
    console.print(overview)
    console.print("Next: `bash test.sh` runs the tests; `.venv/bin/python -m autograder check 01` is the "
                  "student's self-check; README.md says the rest.")
    return results


def _score(report) -> str:
    return f"{report.score:g} / {report.max_score:g}" if report else "-"
