"""Assignment 02_models: the reference passes, the stubs fail politely, typical mistakes lose
exactly the points of the checks they break, with feedback that names the cause."""

from __future__ import annotations

import re

import pytest

from autograder.course import REPO_ROOT
from conftest import assert_all_not_implemented, assert_loses_exactly, check_by_id, reference_source

ASSIGNMENT = "02_models"
REFERENCE = reference_source(ASSIGNMENT, "models.py")


def edit(source: str, where: str, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` inside the definition ``where`` (``def name`` or ``class Name``) only."""
    start = source.index(f"\n{where}")
    following = re.search(r"\n(def |class )", source[start + 1:])
    end = start + 1 + following.start() if following else len(source)
    body = source[start:end]
    if body.count(old) != 1:
        raise ValueError(f"{old!r} occurs {body.count(old)} times in {where}; the variant would not be what it says")
    return source[:start] + body.replace(old, new) + source[end:]


def variant_of(reference: str, *edits: tuple[str, str, str]) -> str:
    """The reference with each ``(where, old, new)`` edit applied, as a student's mistake."""
    source = reference
    for where, old, new in edits:
        source = edit(source, where, old, new)
    return source


def variant(*edits: tuple[str, str, str]) -> str:
    return variant_of(REFERENCE, *edits)


def message(report, check_id: str) -> str:
    return check_by_id(report, check_id).message


def suite_ids(assignment: str) -> set[str]:
    from autograder.checks.registry import load_suite

    return set(load_suite(assignment).ids())


# Three submissions, each with one mistake in several functions (the functions are independent,
# so every mistake breaks its own checks only). Together they make every check fail once.
EDITS_A = (
    ("def build_sequential_add", 'layers.Dense(100, activation="relu")',
     'layers.Dense(100, activation="relu", use_bias=False)'),
    ("def build_sequential_list", "keras.Input(shape=IMAGE_SHAPE),\n        layers.Flatten(),",
     "layers.Flatten(input_shape=IMAGE_SHAPE),"),
    ("class SomeModel", "def __init__(self, **kwargs):", "def __init__(self):"),
    ("class SomeModel", "        super().__init__(**kwargs)\n", "        super().__init__()\n"),
    ("def dense_params", "n_inputs + 1 if use_bias else n_inputs", "n_inputs"),
    ("def first_dense_weight_shapes", "for layer in model.layers:\n        if isinstance(layer, layers.Dense):",
     "for layer in model.layers[1:2]:\n        if True:"),
    ("def build_multi_output", "layers.Dense(N_COLOURS,", "layers.Dense(N_CLASSES,"),
)
VARIANT_A = variant(*EDITS_A)
FAILS_A = {"sequential_add.params", "some_model.hidden", "dense_params.public", "dense_params.hidden",
           "first_dense_weight_shapes.hidden", "multi_output.structure", "multi_output.forward"}

EDITS_B = (
    ("def build_sequential_add", "    model.add(keras.Input(shape=IMAGE_SHAPE))\n", ""),
    ("def build_sequential_list", "        layers.Flatten(),\n", ""),
    ("def build_functional", "keras.Input(shape=IMAGE_SHAPE)", "keras.Input(shape=(784,))"),
    ("def dense_params", "n_inputs + 1 if use_bias else n_inputs", "n_inputs + 1"),
    ("def first_dense_weight_shapes", "[tuple(int(n) for n in weight.shape) for weight in layer.weights]",
     "[tuple(layer.kernel.shape), tuple(layer.bias.shape)]"),
    ("def build_multi_input", "return keras.Model(inputs=[features, image]", "return keras.Model(inputs=[image, features]"),
)
VARIANT_B = variant(*EDITS_B)
FAILS_B = {"sequential_add.params", "sequential_add.shapes", "sequential_list.network", "functional.network",
           "dense_params.hidden_no_bias", "first_dense_weight_shapes.hidden_no_bias", "multi_input.structure",
           "multi_input.forward"}

EDITS_C = (
    ("def build_sequential_add", 'layers.Dense(N_CLASSES, activation="softmax")',
     'layers.Dense(N_CLASSES, activation="sigmoid")'),
    ("def build_sequential_list", 'layers.Dense(100, activation="relu")', 'layers.Dense(100, activation="sigmoid")'),
    ("class SomeModel", "self.hidden(self.flatten(inputs))", "self.hidden(inputs)"),
    ("def first_dense_weight_shapes", "for layer in model.layers:", "for layer in reversed(model.layers):"),
)
VARIANT_C = variant(*EDITS_C)
FAILS_C = {"sequential_add.layers", "sequential_add.forward", "sequential_list.network",
           "some_model.structure", "some_model.forward", "some_model.hidden", "first_dense_weight_shapes.public",
           "first_dense_weight_shapes.hidden", "first_dense_weight_shapes.hidden_no_bias"}


def test_reference_gets_full_marks(grade):
    report = grade(ASSIGNMENT, REPO_ROOT / "solutions" / ASSIGNMENT)
    assert report.score == report.max_score == 26
    assert all(check.status == "passed" for check in report.checks)
    assert "79,510 parameters (0 + 78,500 + 1,010)" in message(report, "sequential_add.params")
    assert "Flatten() -> Dense(100, relu) -> Dense(10, softmax)" in message(report, "functional.network")


def test_stubs_get_zero_and_say_not_implemented(grade):
    assert_all_not_implemented(grade(ASSIGNMENT, REPO_ROOT / "assignments" / ASSIGNMENT))


def test_variants_together_fail_every_check():
    """A check that no typical mistake can fail would be a defect of the suite."""
    assert FAILS_A | FAILS_B | FAILS_C == suite_ids(ASSIGNMENT)


# The words each variant's feedback must use; judged on the recorded outcomes every day
# (tests/test_judges.py, no Keras), graded end to end for variant A every day and all in the slow suite.
WORDS = {
    "variant A: bias, kwargs, hard-coded layer, colour head": {
        "sequential_add.params": ["78,400 parameters", "78,500", "bias is missing"],
        "dense_params.public": ["bias is missing"],
        "dense_params.hidden": ["same mistake as the check dense_params.public"],
        "first_dense_weight_shapes.hidden": ["layer 2, Dense(3, softmax)", "search model.layers for the first"],
        "some_model.hidden": ["__init__ must accept keyword arguments"],
        "multi_output.structure": ["outputs (None, 10), (None, 10)"],
        # one wrong head, one explanation: the forward pass shows the same output shapes
        "multi_output.forward": ["same mistake as the check multi_output.structure: see build_multi_output above"],
        # input_shape= on the first layer still works in Keras 3, so it passes, with an explanation.
        "sequential_list.network": ["Keras 2 habit", "keras.Input"],
    },
    "variant B: unbuilt, no Flatten, wrong inputs": {
        "sequential_add.params": ["not built"],
        "sequential_add.shapes": ["keras.Input(shape=(28, 28))"],
        "sequential_list.network": ["Start with Flatten()"],
        "functional.network": ["(None, 784)", "(None, 28, 28)", "already flattened"],
        "dense_params.hidden_no_bias": ["no bias"],
        "first_dense_weight_shapes.hidden_no_bias": ["raised AttributeError", "'NoneType' object has no attribute 'shape'"],
        "multi_input.structure": ["wrong order"],
        "multi_input.forward": ["raised ValueError"],
    },
    "variant C: activations, call without Flatten": {
        "sequential_add.layers": ["layer 3: expected Dense(10, softmax), got Dense(10, sigmoid)"],
        "sequential_add.forward": ["same mistake as the check sequential_add.layers: see build_sequential_add above"],
        "sequential_list.network": ["layer 2: expected Dense(100, relu), got Dense(100, sigmoid)"],
        "some_model.structure": ["receives 28 inputs instead of 784"],
        **{check_id: ["same mistake as the check some_model.structure: see SomeModel above"]
           for check_id in ("some_model.forward", "some_model.hidden")},
        "first_dense_weight_shapes.public": ["weights of layer 3, Dense(10, softmax)", "search model.layers"],
        "first_dense_weight_shapes.hidden": ["same mistake as the check first_dense_weight_shapes.public"],
        "first_dense_weight_shapes.hidden_no_bias": ["same mistake as the check first_dense_weight_shapes.public"],
    },
}
EDITS = dict(zip(WORDS, [EDITS_A, EDITS_B, EDITS_C]))
VARIANTS = dict(zip(WORDS, [(VARIANT_A, FAILS_A), (VARIANT_B, FAILS_B), (VARIANT_C, FAILS_C)]))
# For tests/recorded.py: (the edits, the checks it breaks, words), as the other assignments' MISTAKES.
MISTAKES = {name: (EDITS[name], VARIANTS[name][1], WORDS[name]) for name in WORDS}
GRADED_DAILY = {"variant A: bias, kwargs, hard-coded layer, colour head"}


def mistake_source(edits) -> str:
    return variant(*edits)


@pytest.mark.parametrize("name", [pytest.param(name, marks=() if name in GRADED_DAILY else pytest.mark.slow)
                                  for name in WORDS])
def test_variant_loses_exactly_its_checks_with_its_words(grade, name):
    source, fails = VARIANTS[name]
    assert_loses_exactly(grade(ASSIGNMENT, source), fails, WORDS[name])


@pytest.mark.parametrize("source, fails", [(VARIANT_A, FAILS_A), (VARIANT_B, FAILS_B), (VARIANT_C, FAILS_C)])
def test_variants_are_valid_python(source, fails):
    compile(source, "models.py", "exec")
    assert fails
