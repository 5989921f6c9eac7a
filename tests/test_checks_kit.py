"""The checks kit: suites are leaves that import only the kit, so each assignment stands alone."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest

from autograder.checks import registry
from autograder.course import REPO_ROOT

SUITE_FILES = sorted((REPO_ROOT / "autograder" / "checks").glob("a[0-9][0-9]_*.py"))
# What a suite may import from the grader: the kit, and the course's modules that run beside
# student code (messages as data, describing values, loading data).
ALLOWED = ("autograder.checks.kit", "autograder.catalog", "autograder.describe", "autograder.datasets", "autograder.idx")


def grader_imports(source: str) -> set[str]:
    """Every ``autograder...`` module a source text imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] if node.module != "autograder.checks" else [
                f"autograder.checks.{alias.name}" for alias in node.names]
            found.update(name for name in names if name.split(".")[0] == "autograder")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "autograder")
    return found


def allowed(module: str) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in ALLOWED)


def test_every_registered_suite_is_a_file_of_its_own():
    assert sorted(registry.suite_file(a) for a in registry.SUITE_MODULES) == SUITE_FILES


@pytest.mark.parametrize("suite", SUITE_FILES, ids=lambda p: p.stem)
def test_suite_imports_only_the_kit_and_shared_modules(suite):
    outside = sorted(name for name in grader_imports(suite.read_text(encoding="utf-8")) if not allowed(name))
    assert outside == [], f"{suite.name} imports {outside}; a suite imports only {ALLOWED}"


def test_kit_imports_no_suite():
    for path in registry.kit_files():
        imported = grader_imports(path.read_text(encoding="utf-8"))
        suites = sorted(name for name in imported if name.startswith("autograder.checks.a"))
        assert suites == [], f"{path.name} imports {suites}"


def test_import_check_sees_a_suite_importing_another():
    """The rule above is not vacuous: the way 04 used to borrow from 03 is caught."""
    source = ("from autograder.checks.a03_compile import attempt\n"
              "def probe(module, context):\n    from autograder.checks import a01_data\n")
    found = grader_imports(source)
    assert sorted(n for n in found if not allowed(n)) == ["autograder.checks.a01_data",
                                                         "autograder.checks.a03_compile"]


# -- the reference cache key ---------------------------------------------------------------------

@pytest.fixture
def checks_copy(tmp_path, monkeypatch):
    """The check suites and kit copied to a folder the key is computed from, free to edit."""
    copy = tmp_path / "checks"
    shutil.copytree(registry.CHECKS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(registry, "CHECKS_DIR", copy)
    monkeypatch.setattr(registry, "KIT_DIR", copy / "kit")
    return copy


def _key(course, number: str) -> str:
    from autograder.grading import SOLUTIONS, _reference_key

    assignment = course.assignment(number)
    return _reference_key(course, assignment, SOLUTIONS / assignment.id / assignment.module)


def test_cache_key_of_01_ignores_a_change_to_07s_suite(course, checks_copy):
    before = _key(course, "01")
    with (checks_copy / "a07_saving.py").open("a", encoding="utf-8") as file:
        file.write("\n# a change to 07's checks\n")
    assert _key(course, "01") == before
    assert _key(course, "07") != before


def test_cache_key_follows_the_own_suite_and_the_kit(course, checks_copy):
    before = _key(course, "01")
    with (checks_copy / "a01_data.py").open("a", encoding="utf-8") as file:
        file.write("\n# a change to 01's checks\n")
    after_suite = _key(course, "01")
    assert after_suite != before
    with (checks_copy / "kit" / "judging.py").open("a", encoding="utf-8") as file:
        file.write("\n# a change to the kit\n")
    assert _key(course, "01") != after_suite


# -- the worker ------------------------------------------------------------------------------------

def test_worker_holds_exactly_one_suite_in_memory():
    """What the worker imports before student code: the assignment's suite, the kit, nothing else."""
    code = ("import sys\n"
            "from autograder.checks.registry import load_suite\n"
            "from autograder.sandbox.worker import _import_grader_modules\n"
            "load_suite('07_saving')\n"
            "_import_grader_modules(with_keras=False)\n"
            "print(*sorted(m for m in sys.modules if m.startswith('autograder.checks.a')))\n"
            "print('kit' if 'autograder.checks.kit.fixed_net' in sys.modules else 'no kit')\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True,
                            check=True)
    suites, kit = result.stdout.splitlines()
    assert suites.split() == ["autograder.checks.a07_saving"]
    assert kit == "kit"


def test_cache_key_follows_what_shapes_the_workers_arithmetic(course, monkeypatch):
    from autograder import grading

    before = _key(course, "04")
    monkeypatch.setattr(grading, "ARITHMETIC", {**grading.ARITHMETIC, "TF_NUM_INTRAOP_THREADS": "2"})
    assert _key(course, "04") != before  # values computed with two threads per kernel are not reused
