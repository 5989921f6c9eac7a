"""Which module holds which assignment's check suite."""

from __future__ import annotations

import importlib
from pathlib import Path

from autograder.checks.kit.base import CheckSuite

SUITE_MODULES = {
    "01_data": "autograder.checks.a01_data",
    "02_models": "autograder.checks.a02_models",
    "03_compile": "autograder.checks.a03_compile",
    "04_training": "autograder.checks.a04_training",
    "05_cnn": "autograder.checks.a05_cnn",
    "06_evaluate": "autograder.checks.a06_evaluate",
    "07_saving": "autograder.checks.a07_saving",
}

# Suites of the grader's own workers, not of an assignment: the challenge's evaluator (it runs
# no student module; autograder/held_out.py starts it).
GRADER_SUITES = {"challenge_evaluator": "autograder.checks.kit.challenge_evaluator"}

CHECKS_DIR = Path(__file__).parent
KIT_DIR = CHECKS_DIR / "kit"


def suite_module(assignment_id: str) -> str:
    """The module name of an assignment's suite (``01_data`` -> ``autograder.checks.a01_data``)."""
    try:
        return SUITE_MODULES[assignment_id]
    except KeyError:
        raise ValueError(
            f"no checks are defined for assignment {assignment_id!r}; "
            f"known: {', '.join(sorted(SUITE_MODULES))}"
        ) from None


def suite_file(assignment_id: str) -> Path:
    """The source file of an assignment's suite."""
    return CHECKS_DIR / (suite_module(assignment_id).rsplit(".", 1)[1] + ".py")


def kit_files() -> list[Path]:
    """The kit's source files, in a stable order."""
    return sorted(KIT_DIR.glob("*.py"))


def load_suite(assignment_id: str) -> CheckSuite:
    """Import the check suite of an assignment (``01_data``), or one of ``GRADER_SUITES``."""
    if assignment_id in GRADER_SUITES:
        return importlib.import_module(GRADER_SUITES[assignment_id]).SUITE
    return importlib.import_module(suite_module(assignment_id)).SUITE
