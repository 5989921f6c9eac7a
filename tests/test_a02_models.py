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
VARIANT_A = variant(
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
FAILS_A = {"sequential_add.params", "some_model.hidden", "dense_params.public", "dense_params.hidden",
           "first_dense_weight_shapes.hidden", "multi_output.structure", "multi_output.forward"}

VARIANT_B = variant(
    ("def build_sequential_add", "    model.add(keras.Input(shape=IMAGE_SHAPE))\n", ""),
    ("def build_sequential_list", "        layers.Flatten(),\n", ""),
    ("def build_functional", "keras.Input(shape=IMAGE_SHAPE)", "keras.Input(shape=(784,))"),
    ("def dense_params", "n_inputs + 1 if use_bias else n_inputs", "n_inputs + 1"),
    ("def first_dense_weight_shapes", "tuple(int(n) for n in weight.shape)", "list(weight.shape)"),
    ("def build_multi_input", "return keras.Model(inputs=[features, image]", "return keras.Model(inputs=[image, features]"),
)
FAILS_B = {"sequential_add.params", "sequential_add.shapes", "sequential_list.network", "functional.network",
           "dense_params.hidden_no_bias", "first_dense_weight_shapes.public", "first_dense_weight_shapes.hidden",
           "first_dense_weight_shapes.hidden_no_bias", "multi_input.structure", "multi_input.forward"}

VARIANT_C = variant(
    ("def build_sequential_add", 'layers.Dense(N_CLASSES, activation="softmax")',
     'layers.Dense(N_CLASSES, activation="sigmoid")'),
    ("def build_sequential_list", 'layers.Dense(100, activation="relu")', 'layers.Dense(100, activation="sigmoid")'),
    ("class SomeModel", "self.hidden(self.flatten(inputs))", "self.hidden(inputs)"),
)
FAILS_C = {"sequential_add.layers", "sequential_add.forward", "sequential_list.network",
           "some_model.structure", "some_model.forward", "some_model.hidden"}


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


def test_variant_a_bias_kwargs_hard_coded_layer_colour_head(grade):
    report = grade(ASSIGNMENT, VARIANT_A)
    assert_loses_exactly(report, FAILS_A)
    text = message(report, "sequential_add.params")
    assert "78,400 parameters" in text and "78,500" in text and "bias is missing" in text
    assert "bias is missing" in message(report, "dense_params.public")
    assert "190" in message(report, "dense_params.hidden")
    assert "layer 2, Dense(3, softmax)" in message(report, "first_dense_weight_shapes.hidden")
    assert "search model.layers for the first" in message(report, "first_dense_weight_shapes.hidden")
    assert "__init__ must accept keyword arguments" in message(report, "some_model.hidden")
    assert "outputs (None, 10), (None, 10)" in message(report, "multi_output.structure")
    assert "colour output" in message(report, "multi_output.forward")
    assert "shape (4, 10); expected (4, 6)" in message(report, "multi_output.forward")
    # input_shape= on the first layer still works in Keras 3, so it passes, with an explanation.
    listed = check_by_id(report, "sequential_list.network")
    assert listed.status == "passed" and "Keras 2 habit" in listed.message and "keras.Input" in listed.message


def test_variant_b_unbuilt_no_flatten_wrong_inputs(grade):
    report = grade(ASSIGNMENT, VARIANT_B)
    assert_loses_exactly(report, FAILS_B)
    assert "not built" in message(report, "sequential_add.params")
    assert "keras.Input(shape=(28, 28))" in message(report, "sequential_add.shapes")
    assert "Start with Flatten()" in message(report, "sequential_list.network")
    text = message(report, "functional.network")
    assert "(None, 784)" in text and "(None, 28, 28)" in text and "already flattened" in text
    assert "no bias" in message(report, "dense_params.hidden_no_bias")
    for check_id in ("first_dense_weight_shapes.public", "first_dense_weight_shapes.hidden",
                     "first_dense_weight_shapes.hidden_no_bias"):
        assert "tuple, not a list" in message(report, check_id)
    assert "wrong order" in message(report, "multi_input.structure")
    assert "raised ValueError" in message(report, "multi_input.forward")


def test_variant_c_activations_and_call_without_flatten(grade):
    report = grade(ASSIGNMENT, VARIANT_C)
    assert_loses_exactly(report, FAILS_C)
    assert "layer 3: expected Dense(10, softmax), got Dense(10, sigmoid)" in message(report, "sequential_add.layers")
    assert "softmax" in message(report, "sequential_add.forward") and "sum to 1" in message(
        report, "sequential_add.forward")
    assert "layer 2: expected Dense(100, relu), got Dense(100, sigmoid)" in message(report, "sequential_list.network")
    assert "receives 28 inputs instead of 784" in message(report, "some_model.structure")
    assert "Flatten is missing" in message(report, "some_model.forward")


@pytest.mark.parametrize("source, fails", [(VARIANT_A, FAILS_A), (VARIANT_B, FAILS_B), (VARIANT_C, FAILS_C)])
def test_variants_are_valid_python(source, fails):
    compile(source, "models.py", "exec")
    assert fails
