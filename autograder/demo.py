"""The built-in default job: grade the bundled example submissions and show the reports."""

from __future__ import annotations

from rich.console import Console

from autograder.course import REPO_ROOT, AssignmentConfig, Course
from autograder.grading import grade_submission
from autograder.report import grading_table, print_details

EXAMPLES = REPO_ROOT / "examples"


def example_submissions(assignment: AssignmentConfig) -> list[tuple[str, object]]:
    """(label, path) of every bundled example: reference, untouched stubs, then the mistakes."""
    found = [("reference solution", REPO_ROOT / "solutions" / assignment.id),
             ("untouched student stubs", REPO_ROOT / "assignments" / assignment.id)]
    mistakes = EXAMPLES / assignment.id
    if mistakes.is_dir():
        found += [(f"example: {folder.name.replace('_', ' ')}", folder)
                  for folder in sorted(mistakes.iterdir()) if folder.is_dir()]
    return found


def run_demo(course: Course, assignment: AssignmentConfig, console: Console) -> list:
    console.rule(f"Demo: grading the bundled examples of {assignment.id} ({assignment.title})")
    reports = []
    for label, path in example_submissions(assignment):
        report = grade_submission(course, assignment, path)
        report.submission = label
        reports.append(report)
        if label.startswith("example"):  # the reference and the stubs are summed up in the table
            print_details(report, console)
    console.print(grading_table(reports))
    console.print("Next: `bash test.sh` runs the tests; `python -m autograder check 01` is the student's self-check.")
    return reports
