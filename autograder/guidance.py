"""What the self-check says besides the checks: the hidden checks ahead, and the hints on offer.

Shared by the terminal self-check (:mod:`autograder.report`) and the notebook one
(:mod:`autograder.notebooks.selfcheck`), which differ only in how a hint is asked for.
"""

from __future__ import annotations

from autograder.results import PASSED, SubmissionReport


def hidden_checks(config, suite) -> list[dict]:
    """The hidden checks of an assignment as the self-check lists them (no arguments, no values)."""
    return [{"id": check.id, "target": suite[check.id].target, "points": check.points,
             "probes": check.probes or "other arguments"}
            for check in config.checks if check.hidden]


def _points(points: float) -> str:
    return "1 point" if points == 1 else f"{points:g} points"


def hidden_lines(report: SubmissionReport) -> list[str]:
    """The hidden checks still to come, each with what it probes."""
    if not report.hidden_count:
        return []
    checks = "1 hidden check" if report.hidden_count == 1 else f"{report.hidden_count} hidden checks"
    more = "1 more point" if report.hidden_points == 1 else f"{report.hidden_points:g} more points"
    verb = "runs" if report.hidden_count == 1 else "run"
    lines = [f"When your work is graded, {checks} worth {more} also {verb}. They call the same functions with "
             "other arguments, so passing every public check does not guarantee full marks. They probe:"]
    lines += [f"  - {item['target']}: {item['probes']} ({_points(item['points'])})" for item in report.hidden_checks]
    return lines


def failed_names(report: SubmissionReport) -> list[str]:
    """The graded names with a failing public check, each once, in the order of the checks."""
    names: list[str] = []
    for check in report.checks:
        if check.status != PASSED and check.target not in names:
            names.append(check.target)
    return names


def hint_line(report: SubmissionReport, ask) -> str | None:
    """Suggest a hint for the first failing name; ``ask(name)`` says how to ask for it."""
    names = failed_names(report)
    if not names:
        return None
    others = f" (hints exist for {', '.join(names[1:])} too)" if len(names) > 1 else ""
    return f"Stuck on {names[0]}? {ask(names[0])} gives a hint, one step at a time{others}."


def cli_ask(assignment_id: str):
    number = assignment_id[:2]
    return lambda name: f"`python -m autograder check {number} --hint {name}`"


def notebook_ask(name: str) -> str:
    return f'hint("{name}")'
