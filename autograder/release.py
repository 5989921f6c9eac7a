"""Generate the student versions in ``assignments/`` from the reference solutions in ``solutions/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.course import REPO_ROOT
from autograder.markers import make_stub

SOLUTIONS = REPO_ROOT / "solutions"
ASSIGNMENTS = REPO_ROOT / "assignments"
GENERATED_NOTE = "# Generated from solutions/ by `python -m autograder release`; edit the solution, not this file.\n"


@dataclass(frozen=True)
class PlannedFile:
    target: Path
    content: str


def plan_release(solutions: Path = SOLUTIONS, assignments: Path = ASSIGNMENTS) -> list[PlannedFile]:
    """What ``assignments/`` should contain: a stub for every solution module."""
    planned = []
    for source in sorted(solutions.glob("*/*.py")):
        relative = source.relative_to(solutions)
        text = source.read_text(encoding="utf-8")
        stub = make_stub(text, filename=str(Path("solutions") / relative))
        planned.append(PlannedFile(assignments / relative, GENERATED_NOTE + stub))
    return planned


def stale_files(solutions: Path = SOLUTIONS, assignments: Path = ASSIGNMENTS) -> list[str]:
    """Student files that differ from what ``release`` would write, or are missing, or extra."""
    planned = plan_release(solutions, assignments)
    problems = [str(p.target.relative_to(assignments.parent)) for p in planned
                if not p.target.exists() or p.target.read_text(encoding="utf-8") != p.content]
    expected = {p.target for p in planned}
    problems += [str(extra.relative_to(assignments.parent)) + " (no solution)"
                 for extra in sorted(assignments.glob("*/*.py")) if extra not in expected]
    return problems


def write_release(solutions: Path = SOLUTIONS, assignments: Path = ASSIGNMENTS) -> list[Path]:
    written = []
    for planned in plan_release(solutions, assignments):
        planned.target.parent.mkdir(parents=True, exist_ok=True)
        if not planned.target.exists() or planned.target.read_text(encoding="utf-8") != planned.content:
            planned.target.write_text(planned.content, encoding="utf-8")
            written.append(planned.target)
    return written
