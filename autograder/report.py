"""Readable reports in the terminal (rich) for students and instructors."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from autograder.catalog import DEFAULT_LANGUAGE, course_text, msg, render
from autograder.guidance import cli_ask, hidden_lines, hint_line, mark
from autograder.results import ERROR, PASSED, SubmissionReport

MARK_STYLES = {PASSED: "green", ERROR: "magenta"}


def _mark(status: str, language: str) -> Text:
    return Text(mark(status, language), style=f"bold {MARK_STYLES.get(status, 'red')}")


def print_self_check(report: SubmissionReport, console: Console) -> None:
    """The student's view, in the report's language: each public check with its message, then what
    is still to come."""
    language = report.language
    heading = Text.assemble((report.assignment, "bold"), f": {course_text(report.title, language)}  "
                                                         f"({report.submission})")
    console.print(Panel.fit(heading, title=render(msg("selfcheck.panel"), language)))
    if report.data_warning:
        console.print(Text(report.data_warning, style="bold red"))
    for note in report.notes:
        console.print(Text(note, style="yellow"))
    for check in report.checks:
        line = Text.assemble(_mark(check.status, language), "  ", (check.id, "bold"), "  ")
        line.append(check.message)
        console.print(line)
    passed = sum(1 for c in report.checks if c.status == PASSED)
    console.print()
    summary = msg("selfcheck.summary", passed=passed, total=len(report.checks), score=report.score,
                  max_score=report.max_score)
    console.print(Text(render(summary, language), style="bold"))
    suggestion = hint_line(report, cli_ask(report.assignment, language))
    if suggestion:
        console.print(Text(suggestion, style="cyan"))
    for line in hidden_lines(report):
        console.print(Text(line))
    console.print(Text(render(msg("selfcheck.took", seconds=report.execution_time), language), style="dim"))


def grading_table(reports: list[SubmissionReport], language: str = DEFAULT_LANGUAGE) -> Table:
    """The instructor's view of a set of submissions: one row per submission, in the class's language."""
    def word(message) -> str:
        return render(message, language)

    table = Table(title=word(msg("grades.title")), show_lines=False)
    table.add_column(word(msg("grades.column.submission")))
    table.add_column(word(msg("summary.column.score")), justify="right")
    table.add_column(word(msg("summary.column.passed")), justify="right")
    table.add_column(word(msg("grades.column.failed")))
    table.add_column(word(msg("summary.column.time")), justify="right")
    for report in reports:
        failed = [c.id for c in report.checks if c.status != PASSED]
        shown = ", ".join(failed[:6]) + (word(msg("grades.more", count=len(failed) - 6)) if len(failed) > 6 else "")
        table.add_row(report.submission, f"{report.score:g} / {report.max_score:g}",
                      f"{len(report.checks) - len(failed)}/{len(report.checks)}", shown or "-",
                      word(msg("summary.seconds", seconds=f"{report.execution_time:.1f}")))
    return table


def print_details(report: SubmissionReport, console: Console) -> None:
    """Every check of one submission, hidden ones marked, for the instructor."""
    table = Table(title=f"{report.submission}: {report.score:g} / {report.max_score:g}", show_lines=True)
    table.add_column("check")
    table.add_column("", justify="center")
    table.add_column("points", justify="right")
    table.add_column("feedback")
    for check in report.checks:
        name = check.id + (" [dim](hidden)[/]" if check.hidden else "")
        table.add_row(name, _mark(check.status, report.language), f"{check.points:g}/{check.max_points:g}",
                      Text(check.message))
    console.print(table)
