"""A student's module that imports a library the grading environment lacks (scikit-learn, pandas).

The module still imports; only what uses the library fails, with advice that is true here
(autograder/sandbox/absent_modules.py, kit/advice.py ``advice.absent_library``).
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from autograder.catalog import render
from autograder.checks.kit.advice import keras2_advice
from autograder.sandbox.absent_modules import AbsentModule, import_with_stand_ins

ABSENT = "kcourse_absent_pkg"  # a name no environment has


@pytest.fixture
def student_module(tmp_path):
    """student_module(source) -> (module, the packages stood in for), imported as the worker does."""
    names_before = set(sys.modules)

    def load(source: str):
        path = tmp_path / "student_mod.py"
        path.write_text(source, encoding="utf-8")

        def run_import():
            spec = importlib.util.spec_from_file_location("student_mod", path)
            module = importlib.util.module_from_spec(spec)
            sys.modules["student_mod"] = module
            spec.loader.exec_module(module)
            return module

        return import_with_stand_ins(run_import, str(path))

    yield load
    for name in set(sys.modules) - names_before:
        del sys.modules[name]


def test_a_module_importing_an_absent_library_imports_and_only_its_users_fail(student_module):
    module, absent = student_module(
        f"import {ABSENT} as pd\n"
        f"from {ABSENT}.metrics import confusion_matrix as sk_confusion_matrix\n"
        "def double(x):\n    return 2 * x\n"
        "def matrix(a, b):\n    return sk_confusion_matrix(a, b)\n"
        "def frame(h):\n    return pd.DataFrame(h)\n")
    assert absent == [ABSENT]
    assert module.double(21) == 42
    for call in (lambda: module.matrix([1], [1]), lambda: module.frame({})):
        with pytest.raises(ModuleNotFoundError) as raised:
            call()
        assert raised.value.name == ABSENT and str(raised.value) == f"No module named '{ABSENT}'"


def test_a_missing_part_of_an_installed_package_still_fails_the_import(student_module):
    with pytest.raises(ModuleNotFoundError, match="json.kcourse_nothing"):
        student_module("import json.kcourse_nothing\n")  # like Keras 2's keras.wrappers: the package exists
    assert not isinstance(sys.modules.get("json"), AbsentModule)


def test_a_misspelt_module_name_still_fails_the_import(student_module):
    with pytest.raises(ModuleNotFoundError, match="numpyy"):
        student_module("import numpyy as np\ndef f():\n    return 1\n")
    assert keras2_advice("ModuleNotFoundError: No module named 'numpyy'") == ""


def test_an_absent_library_imported_by_another_file_still_fails(student_module, tmp_path):
    (tmp_path / "helper_mod.py").write_text(f"import {ABSENT}\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        with pytest.raises(ModuleNotFoundError, match=ABSENT):
            student_module("import helper_mod\n")
    finally:
        sys.path.remove(str(tmp_path))


def test_the_advice_for_an_absent_library_says_it_is_not_installed_here_in_both_languages():
    advice = keras2_advice(f"ModuleNotFoundError: No module named '{ABSENT}'")
    assert "That library is not installed where your work is graded" in render(advice)
    assert "评分环境里没有安装这个库" in render(advice, language="zh")
    assert keras2_advice("ModuleNotFoundError: No module named 'json.kcourse_nothing'") == ""


def test_a_correct_01_module_that_imports_pandas_gets_full_marks(grade):
    from conftest import reference_source

    source = f"import {ABSENT} as pd\n" + reference_source("01_data", "tensors.py")
    report = grade("01", source)
    assert report.score == report.max_score == 27, [c.message for c in report.checks if c.points < c.max_points]
