"""Fair verdicts in 01 and 02, judged on plain outcomes (no worker, no Keras unless said).

The container rule (docs/checks.md, "Right values, another container"): the right values in another
sequence type (a list where the docstring asks for a tuple, a tuple for a list, a TensorShape for a
tuple) pass with a note saying what the docstring asks for; a real difference is reported as
written, with a hint only on evidence; a hidden twin failing with the same diagnosis points at
the public check instead of explaining (and wording) it again.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.catalog import render
from autograder.checks.registry import load_suite
from autograder.describe import describe
from tests.variant_checks import grade_variant, judge_variant, variant_files

NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
NOTE = "where the docstring asks for"


def judged(assignment: str, check_id: str, got, expected):
    verdict = load_suite(assignment)[check_id].judge(got, expected)
    return verdict.passed, render(verdict.message), verdict.cause


def numbered(n: int, features: int = 3):
    x = np.arange(n * features).reshape(n, features) // features
    return x, (np.arange(n) % 10).astype(np.uint8)


def tensor_shape(*dims) -> dict:
    """How describe() reads a tf.TensorShape (a Keras 3 weight's .shape under TensorFlow)."""
    return {"type": "TensorShape", "items": [describe(n) for n in dims], "length": len(dims)}


# -- the container rule: accepted with a note -----------------------------------------------------

@pytest.mark.parametrize("check_id, got, expected, written, wanted", [
    ("table_shape.public", [21000, 21], (21000, 21), "a list", "a tuple"),
    ("video_batch_shape.hidden", [2, 16, 90, 160, 1], (2, 16, 90, 160, 1), "a list", "a tuple"),
    ("class_names.list", tuple(NAMES), NAMES, "a tuple", "a list"),
])
def test_right_values_in_another_container_pass_with_a_note(check_id, got, expected, written, wanted):
    passed, message, _ = judged("01_data", check_id, describe(got), describe(expected))
    assert passed, message
    assert f"Accepted: yours is {written} {NOTE} {wanted}" in message
    assert f"Write {wanted.split()[-1]}(...) to match the docstring" in message


def test_split_validation_returned_as_lists_passes_with_a_note_not_the_order_hint():
    x, y = numbered(40)
    for got in ([[x[10:], y[10:]], [x[:10], y[:10]]], [(x[10:], y[10:]), (x[:10], y[:10])]):
        passed, message, _ = judged("01_data", "split_validation.public", describe(got),
                                    describe(((x[10:], y[10:]), (x[:10], y[:10]))))
        assert passed, message
        assert f"Accepted: yours is a list {NOTE} a tuple" in message
        assert "FIRST n_valid" not in message


def test_weight_shapes_as_tensor_shapes_or_lists_pass_with_a_note():
    layers = [{"signature": "Flatten()", "shapes": []},
              {"signature": "Dense(100, relu)", "shapes": [[784, 100], [100]]}]
    expected = {"result": describe([(784, 100), (100,)]), "layers": layers}
    for result, written in (({"type": "list", "items": [tensor_shape(784, 100), tensor_shape(100)], "length": 2},
                             "a TensorShape at [0]"),
                            (describe([[784, 100], [100]]), "a list at [0]"),
                            (describe(((784, 100), (100,))), "a tuple")):
        passed, message, _ = judged("02_models", "first_dense_weight_shapes.public",
                                    {"result": result, "layers": layers}, expected)
        assert passed, message
        assert f"Accepted: yours is {written} {NOTE}" in message


# -- a real difference: reported as written, a hint on evidence only ---------------------------------

def test_a_list_with_wrong_values_is_told_the_values_not_the_container():
    passed, message, cause = judged("01_data", "table_shape.public", describe([21, 21000]), describe((21000, 21)))
    assert not passed
    assert "got 21 at [0]; expected 21000" in message and "wrong order" in message
    assert "tuple" not in message
    assert cause == "table_shape: a01.swapped_or_missing_axis.wrong_order"


def test_split_validation_says_validation_first_only_when_the_validation_rows_are_others():
    x, y = numbered(40)
    expected = describe(((x[10:], y[10:]), (x[:10], y[:10])))
    passed, message, _ = judged("01_data", "split_validation.public",
                                describe([[x[:30], y[:30]], [x[30:], y[30:]]]), expected)
    assert not passed and "The validation set is the FIRST n_valid samples" in message
    passed, message, _ = judged("01_data", "split_validation.public",
                                describe(((x[10:], y[10:]), (x[:10], y[1:11]))), expected)
    assert not passed and "at [1][1]" in message
    assert "FIRST n_valid" not in message  # the validation rows are right: only their labels are not


def test_a_shape_list_without_the_bias_is_told_the_bias_not_the_container():
    layers = [{"signature": "Dense(7, relu)", "shapes": [[12, 7], [7]]}]
    passed, message, cause = judged("02_models", "first_dense_weight_shapes.hidden",
                                    {"result": describe([[12, 7]]), "layers": layers},
                                    {"result": describe([(12, 7), (7,)]), "layers": layers})
    assert not passed
    assert "got 1 items: [(12, 7)]" in message and "not a list" not in message and "also has a bias of shape (7,)" in message
    assert cause == "first_dense_weight_shapes: a02.other_layer_hint.bias_left_out"


# -- correct variants: every check passes, end to end through the grader's judging ----------------

def test_the_other_containers_variant_gets_every_point_with_notes(tmp_path):
    [path] = variant_files("01_data", "other_containers")
    results = grade_variant("01_data", path, tmp_path)
    assert len(results) >= 14
    assert all(result.status == "passed" for result in results.values()), {
        k: r.message for k, r in results.items() if r.status != "passed"}
    noted = {check_id for check_id, result in results.items() if NOTE in result.message}
    assert {"table_shape.public", "split_validation.public", "train_test_split.public",
            "class_names.list"} <= noted
    assert "class_name.public" not in noted
