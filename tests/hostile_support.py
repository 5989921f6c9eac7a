"""What the hostile tests of 01 share: the fixtures of tests/hostile/ graded through the real engine.

The attacks are split over two test files that pytest-xdist may run at the same time:
``test_hostile.py`` holds every test that asserts no process of its run is left (threads,
children, fork bombs, lingering processes, modes without a sandbox user) or that plants files
outside the scratch folder; ``test_hostile_values.py`` holds the attacks through values, errors
and hidden material, which start no process of their own that could outlive a grading. So a
survivor search never sees the other file's live processes.

Budgets are lowered (1.5 s per check, 3 s for the import) so that the files stay fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.course import REPO_ROOT
from conftest import Graded, assert_verdicts, reference_source

HOSTILE = Path(__file__).parent / "hostile"
STUB = REPO_ROOT / "assignments" / "01_data" / "tensors.py"
FAST = {"import_seconds": 3.0, "check_seconds": 1.5, "total_seconds": 90.0}
FULL_MARKS = 27


def submission_bytes(name: str) -> bytes:
    """The fixture, appended to the reference or the stub as its first line says."""
    raw = (HOSTILE / f"{name}.py").read_bytes()
    base = raw.split(b"\n", 1)[0].decode("ascii").removeprefix("# base:").strip()
    if base == "none":
        return raw
    if base == "reference":
        text = reference_source("01_data", "tensors.py")
    elif base == "stub":
        text = STUB.read_text(encoding="utf-8")
    else:
        raise ValueError(f"{name}.py: unknown base {base!r}; use reference, stub or none")
    return text.encode("utf-8") + f"\n\n# ---- attack: {name} ----\n".encode() + raw


@pytest.fixture
def hostile(grade_with_limits):
    """hostile(name, **limits) -> Graded: grade tests/hostile/<name>.py with lowered budgets."""

    def run(name: str, **limits) -> Graded:
        return grade_with_limits("01_data", name, submission_bytes(name), **{**FAST, **limits})

    return run


def expect(graded: Graded, lost: dict[str, str], score: float) -> None:
    """Checks whose target (or id) is in ``lost`` score 0 and ended as given; all others score full."""
    assert_verdicts(graded.report, lost, score)
    assert graded.report.max_score == FULL_MARKS


def all_notes(graded: Graded) -> str:
    return "\n".join(graded.report.notes)
