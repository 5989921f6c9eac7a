"""What the self-check says besides the checks: the hidden checks ahead, and the hints on offer.

Shared by the terminal self-check (:mod:`autograder.report`) and the notebook one
(:mod:`autograder.notebooks.selfcheck`), which differ only in how a hint is asked for.
"""

from __future__ import annotations

from autograder.catalog import DEFAULT_LANGUAGE, Message, course_text, msg, render
from autograder.results import ERROR, PASSED, SubmissionReport


def hidden_checks(config, suite) -> list[dict]:
    """The hidden checks of an assignment as the self-check lists them (no arguments, no values)."""
    return [{"id": check.id, "target": suite[check.id].target, "points": check.points, "probes": check.probes}
            for check in config.checks if check.hidden]


def mark(status: str, language: str) -> str:
    """PASS, FAIL or ERROR, in ``language``."""
    marks = {PASSED: msg("mark.passed"), ERROR: msg("mark.error")}
    return render(marks.get(status, msg("mark.failed")), language)


def points_message(points: float) -> Message:
    """"1 point", "2 points", worded by the catalog."""
    return msg("guidance.points.one") if points == 1 else msg("guidance.points.many", points=points)


def hidden_lines(report: SubmissionReport) -> list[str]:
    """The hidden checks still to come, each with what it probes, in the report's language."""
    language = report.language
    if not report.hidden_count:
        return []
    more = (msg("guidance.more_points.one") if report.hidden_points == 1
            else msg("guidance.more_points.many", points=report.hidden_points))
    intro = (msg("guidance.hidden.one", more=more) if report.hidden_count == 1
             else msg("guidance.hidden.many", count=report.hidden_count, more=more))
    lines = [render(intro, language)]
    lines += [render(msg("guidance.hidden.item", target=item["target"], points=points_message(item["points"]),
                         probes=course_text(item["probes"], language) or msg("guidance.hidden.other_arguments")),
                     language)
              for item in report.hidden_checks]
    return lines


def failed_names(report: SubmissionReport) -> list[str]:
    """The graded names with a failing public check, each once, in the order of the checks."""
    names: list[str] = []
    for check in report.checks:
        if check.status != PASSED and check.target not in names:
            names.append(check.target)
    return names


def hint_line(report: SubmissionReport, ask) -> str | None:
    """Suggest a hint for the first failing name, in the report's language; ``ask(name)`` says how to ask."""
    names = failed_names(report)
    if not names:
        return None
    others = msg("guidance.hint.others", names=", ".join(names[1:])) if len(names) > 1 else ""
    return render(msg("guidance.hint.ask", name=names[0], ask=ask(names[0]), others=others), report.language)


def cli_ask(assignment_id: str, language: str = DEFAULT_LANGUAGE):
    """How to ask for a name's hint on the command line; in another language than English, with
    ``--lang``, so that the hint asked for answers in the language of the text that suggests it."""
    number = assignment_id[:2]
    lang = "" if language == DEFAULT_LANGUAGE else f" --lang {language}"
    return lambda name: f"`python -m autograder check {number} --hint {name}{lang}`"


def notebook_ask(name: str) -> str:
    return f'hint("{name}")'
