"""04's learning-curve question (best_epoch, overfitting_start), judged in process without Keras:
the reference's functions are taken from the solution by name, student-like answers are written here."""

from __future__ import annotations

import textwrap
import types

import pytest

from autograder.catalog import render
from autograder.checks.kit.base import ProbeContext
from autograder.checks.registry import load_suite
from autograder.compare import reference_snippets
from autograder.course import REPO_ROOT

SUITE = load_suite("04_training")
NAMES = ("best_epoch", "overfitting_start")


def module_from(source: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = f"<{name}>"
    exec(compile(textwrap.dedent(source), module.__file__, "exec"), vars(module))  # noqa: S102 - our own test code
    return module


REFERENCE = module_from("\n\n".join(reference_snippets(
    (REPO_ROOT / "solutions" / "04_training" / "training.py").read_text(encoding="utf-8"), list(NAMES)).values()),
    "reference")


def verdicts(source: str) -> dict:
    student = module_from(source, "student")
    context = ProbeContext(scratch="", settings={})
    return {check.id: check.judge(check.probe(student, context), check.probe(REFERENCE, context))
            for check in SUITE if check.target in NAMES and check.target in vars(student)}


def test_the_reference_answers_every_recorded_history():
    results = verdicts("\n\n".join(reference_snippets(
        (REPO_ROOT / "solutions" / "04_training" / "training.py").read_text(encoding="utf-8"), list(NAMES)).values()))
    assert set(results) == {"best_epoch.public", "best_epoch.hidden", "overfitting_start.public",
                            "overfitting_start.hidden"}
    assert all(verdict.passed for verdict in results.values()), {k: render(v.message) for k, v in results.items()}
    assert "returned 3 for the 1 recorded" in render(results["best_epoch.public"].message)
    assert "returned 2, 5, 1 for the 3 recorded" in render(results["best_epoch.hidden"].message)
    assert "returned 4" in render(results["overfitting_start.public"].message)
    assert "returned None, None, 4, 2 for the 4 recorded" in render(results["overfitting_start.hidden"].message)


@pytest.mark.parametrize("source, check_id, words", [
    ("def best_epoch(h):\n    v = h['val_loss']\n    return v.index(min(v))\n", "best_epoch.public",
     ["returned 2; expected 3", "You returned the list index 2; epochs are counted from 1", "Add 1"]),
    ("def best_epoch(h):\n    return min(h['val_loss'])\n", "best_epoch.public",
     ["returned 0.39", "0.39 is the lowest validation loss itself; return the epoch"]),
    ("def best_epoch(h):\n    v = h['loss']\n    return v.index(min(v)) + 1\n", "best_epoch.public",
     ["returned 6; expected 3", "epoch of the lowest training loss"]),
    ("def best_epoch(h):\n    v = h['val_loss']\n    return len(v) - v[::-1].index(min(v))\n", "best_epoch.hidden",
     ["returned 3; expected 2", "the first one when several are equal"]),
    ("def overfitting_start(h):\n    v = h['val_loss']\n    for i in range(1, len(v)):\n"
     "        if v[i] > min(v[:i]):\n            return i\n    return None\n", "overfitting_start.public",
     ["returned 3; expected 4", "You returned the list index 3"]),
    ("def overfitting_start(h):\n    v = h['val_loss']\n    for i in range(1, len(v)):\n"
     "        if v[i] > min(v[:i]):\n            return i + 1\n    return None\n", "overfitting_start.hidden",
     ["returned 3; expected None", "At epoch 3 the training loss rose too (0.4 -> 0.6)", "does not count"]),
    ("def overfitting_start(h):\n    v, t = h['val_loss'], h['loss']\n    for i in range(1, len(v)):\n"
     "        if v[i] > min(v[:i]) and t[i] < t[i - 1]:\n            return i\n    return None\n",
     "overfitting_start.hidden",
     ["returned 3; expected 4", "At epoch 3 the training loss rose too (0.5 -> 0.7)", "index 3 is epoch 4"]),
    ("def overfitting_start(h):\n    return None\n", "overfitting_start.public",
     ["returned None; expected 4", "At epoch 4 the validation loss is above its lowest earlier value"]),
])
def test_a_wrong_reading_fails_with_its_own_explanation(source, check_id, words):
    verdict = verdicts(source)[check_id]
    assert not verdict.passed
    text = render(verdict.message)
    for word in words:
        assert word in text, text


def test_an_answer_that_raises_names_the_error():
    verdict = verdicts("def best_epoch(h):\n    return h['valid_loss'].index(0)\n")["best_epoch.public"]
    assert not verdict.passed and "KeyError" in render(verdict.message)


def test_numpy_integers_count_as_epochs():
    source = "import numpy as np\n\ndef best_epoch(h):\n    return np.argmin(h['val_loss']) + 1\n"
    assert all(verdict.passed for verdict in verdicts(source).values())
