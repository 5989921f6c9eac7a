"""Generate the student versions in ``assignments/`` from the reference solutions in ``solutions/``.

Besides the stubs, ``assignments/NN_name/compare.json`` holds the reference code of every graded
name for ``check NN --compare NAME`` (autograder/compare.py), written only when course.yml's
``compare`` is enabled and ``in_release``; otherwise it is left out (and removed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.course import REPO_ROOT, Course
from autograder.markers import make_stub

SOLUTIONS = REPO_ROOT / "solutions"
ASSIGNMENTS = REPO_ROOT / "assignments"
GENERATED_NOTE = "# Generated from solutions/ by `python -m autograder release`; edit the solution, not this file.\n"


@dataclass(frozen=True)
class PlannedFile:
    target: Path
    content: str


def _course(course: Course | None) -> Course:
    from autograder.course import load_course

    return course or load_course()


def plan_release(solutions: Path = SOLUTIONS, assignments: Path = ASSIGNMENTS,
                 course: Course | None = None) -> list[PlannedFile]:
    """What ``assignments/`` should contain: a stub for every solution module, and the comparison
    references when the course ships them."""
    planned = []
    for source in sorted(solutions.glob("*/*.py")):
        relative = source.relative_to(solutions)
        text = source.read_text(encoding="utf-8")
        stub = make_stub(text, filename=str(Path("solutions") / relative))
        planned.append(PlannedFile(assignments / relative, GENERATED_NOTE + stub))
    return planned + _compare_files(solutions, assignments, _course(course))


def _compare_files(solutions: Path, assignments: Path, course: Course) -> list[PlannedFile]:
    from autograder.compare import COMPARE_FILE, compare_file_content, reference_snippets
    from autograder.hints import graded_names

    if not (course.compare.enabled and course.compare.in_release):
        return []
    planned = []
    for config in course.assignments:
        solution = solutions / config.id / config.module
        if not solution.is_file():
            continue
        snippets = reference_snippets(solution.read_text(encoding="utf-8"), graded_names(config.id),
                                      filename=str(Path("solutions") / config.id / config.module))
        planned.append(PlannedFile(assignments / config.id / COMPARE_FILE,
                                   compare_file_content(config.id, config.module, snippets)))
    return planned


def _unplanned_compare_files(assignments: Path, planned: list[PlannedFile]) -> list[Path]:
    from autograder.compare import COMPARE_FILE

    expected = {p.target for p in planned}
    return [found for found in sorted(assignments.glob(f"*/{COMPARE_FILE}")) if found not in expected]


def stale_files(solutions: Path = SOLUTIONS, assignments: Path = ASSIGNMENTS,
                course: Course | None = None) -> list[str]:
    """Student files that differ from what ``release`` would write, or are missing, or extra."""
    planned = plan_release(solutions, assignments, course)
    problems = [str(p.target.relative_to(assignments.parent)) for p in planned
                if not p.target.exists() or p.target.read_text(encoding="utf-8") != p.content]
    expected = {p.target for p in planned}
    problems += [str(extra.relative_to(assignments.parent)) + " (no solution)"
                 for extra in sorted(assignments.glob("*/*.py")) if extra not in expected]
    problems += [str(extra.relative_to(assignments.parent)) + " (comparisons are not in the release)"
                 for extra in _unplanned_compare_files(assignments, planned)]
    return problems


def write_release(solutions: Path = SOLUTIONS, assignments: Path = ASSIGNMENTS,
                  course: Course | None = None) -> list[Path]:
    written = []
    planned_files = plan_release(solutions, assignments, course)
    for planned in planned_files:
        planned.target.parent.mkdir(parents=True, exist_ok=True)
        if not planned.target.exists() or planned.target.read_text(encoding="utf-8") != planned.content:
            planned.target.write_text(planned.content, encoding="utf-8")
            written.append(planned.target)
    for extra in _unplanned_compare_files(assignments, planned_files):
        extra.unlink()
        written.append(extra)
    return written
