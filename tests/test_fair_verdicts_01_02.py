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


# -- one mistake, one explanation: hidden twins ---------------------------------------------------

def test_to_categorical_outside_the_vocabulary_is_told_why_and_float64_is_charged_once(tmp_path):
    pytest.importorskip("keras")
    [path] = variant_files("01_data", "wrong_to_categorical_outside_vocab")
    results = grade_variant("01_data", path, tmp_path)
    failed = {check_id for check_id, result in results.items() if result.status != "passed"}
    assert failed == {"one_hot_text.outside_vocab", "one_hot_text.hidden_vocab",
                      "normalize_images.public", "normalize_images.hidden"}
    outside = results["one_hot_text.outside_vocab"].message
    assert "raised IndexError" in outside and "accepts only codes below n" in outside
    assert "Fix the error, then check again" not in outside
    assert "same mistake as the check one_hot_text.outside_vocab" in results["one_hot_text.hidden_vocab"].message
    assert "dtype float64" in results["normalize_images.public"].message
    assert "same mistake as the check normalize_images.public" in results["normalize_images.hidden"].message


def test_a_tensor_from_normalize_images_is_told_to_stay_in_numpy_in_one_line():
    tensor = {"type": "tensorflow.python.framework.ops.EagerTensor",
              "repr": "<tf.Tensor: shape=(2, 28, 28), dtype=float32, numpy=\narray([[[0. , 0.51..."}
    reference = {"result": describe(np.zeros((2, 28, 28), np.float32)), "input_changed": False}
    passed, message, cause = judged("01_data", "normalize_images.public",
                                    {"result": tensor, "input_changed": False}, reference)
    assert not passed
    assert "returned a TensorFlow EagerTensor, not a numpy array" in message
    assert "np.asarray(x, dtype=np.float32) / 255" in message and "\n" not in message
    assert cause == "normalize_images: a tensor, not a numpy array"


@pytest.mark.parametrize("check_id, args, got", [
    ("dense_params.public", (784, 100), 784 * 101),
    ("dense_params.hidden", (37, 5), 37 * 6),
    ("dense_params.hidden_no_bias", (784, 100), 784 * 101),
])
def test_the_bias_per_input_formula_is_one_diagnosis_in_every_dense_params_check(check_id, args, got):
    n_inputs, n_units = args
    expected = n_inputs * n_units if check_id.endswith("no_bias") else (n_inputs + 1) * n_units
    passed, message, cause = judged("02_models", check_id, describe(got), describe(expected))
    assert not passed
    assert "The +1 (the bias) belongs to the inputs" in message
    assert cause == "dense_params: a02.dense_params_hint.bias_misplaced"


def test_a_formula_without_diagnosis_names_no_cause():
    passed, message, cause = judged("02_models", "dense_params.public", describe(12345), describe(78500))
    assert not passed and "A Dense layer holds (n_inputs + 1) * n_units parameters" in message
    assert cause == ""


# -- 02: the graph, judged along its edges -------------------------------------------------------

def test_graph_mistakes_are_each_explained_once(tmp_path):
    """An extra Dense(784), the branches joined image first, the heads as a dict, layers made in call()."""
    pytest.importorskip("keras")
    [path] = variant_files("02_models", "wrong_graph_mistakes")
    results = grade_variant("02_models", path, tmp_path)
    failed = {check_id: result for check_id, result in results.items() if result.status != "passed"}
    assert set(failed) == {"sequential_add.layers", "sequential_add.params", "sequential_add.shapes",
                           "some_model.structure", "some_model.forward", "some_model.hidden",
                           "multi_input.structure", "multi_output.structure", "multi_output.forward"}
    layers = failed["sequential_add.layers"].message
    assert "layer 2, Dense(784, relu), is one layer too many" in layers
    assert "A Dense layer's first argument is the number of its outputs (units)" in layers
    for check_id in ("sequential_add.params", "sequential_add.shapes"):
        assert failed[check_id].follows == "sequential_add.layers", failed[check_id].message
    assert "call() creates its layers, new and untrained at every call" in failed["some_model.structure"].message
    assert "input shape" not in failed["some_model.structure"].message
    assert {failed[c].follows for c in ("some_model.forward", "some_model.hidden")} == {"some_model.structure"}
    assert ("the Concatenate joins Dense(64, relu), Dense(16, relu), in that order; the docstring joins "
            "the features branch first") in failed["multi_input.structure"].message
    assert "outputs are a dict with the keys item, colour" in failed["multi_output.structure"].message
    assert "wrong order" not in failed["multi_output.structure"].message
    assert failed["multi_output.forward"].follows == "multi_output.structure"


def test_activations_on_branching_heads_fold_into_the_layer_that_feeds_them():
    from autograder.checks.kit.structure import fold_activations

    def layer(kind, inbound, activation="linear", units=None):
        settings = {"activation": activation, **({"units": units} if units else {})}
        return {"class": kind, "settings": settings, "params": 10 if kind == "Dense" else 0, "inbound": inbound}

    # Keras lists both heads' Dense layers before their activations: Dense(10), Dense(6), Activation, Softmax.
    layers = [layer("Flatten", [0]), layer("Dense", [1], "relu", 64), layer("Dense", [2], units=10),
              layer("Dense", [2], units=6), layer("Activation", [3], "softmax"), layer("Softmax", [4], "softmax"),
              layer("Concatenate", [5, 6])]
    canonical = fold_activations(layers)
    assert [(x["class"], x["settings"].get("units"), x["settings"]["activation"]) for x in canonical] == [
        ("Flatten", None, "linear"), ("Dense", 64, "relu"), ("Dense", 10, "softmax"), ("Dense", 6, "softmax"),
        ("Concatenate", None, "linear")]
    assert canonical[-1]["inbound"] == [3, 4]  # the activations' readers now read the layers they folded into
    # A Dense read by two layers keeps its own (linear) output: the activation is not folded into it.
    shared = [layer("Dense", [0], units=8), layer("ReLU", [1], "relu"), layer("Concatenate", [1, 2])]
    assert [x["class"] for x in fold_activations(shared)] == ["Dense", "ReLU", "Concatenate"]
    # Without a graph (Sequential, subclassed): the layer before it in the list, as before.
    listed = [{k: v for k, v in x.items() if k != "inbound"} for x in layers[:5]]
    assert [x["settings"]["activation"] for x in fold_activations(listed)] == ["linear", "relu", "linear", "softmax"]


def test_a_reshape_to_one_row_per_sample_is_a_flatten():
    from autograder.checks.kit.structure import fold_activations

    reshape = {"class": "Reshape", "settings": {"target_shape": [784]}, "params": 0, "output_shape": [None, 784]}
    image = {"class": "Reshape", "settings": {"target_shape": [28, 28, 1]}, "params": 0, "output_shape": [None, 28, 28, 1]}
    assert [x["class"] for x in fold_activations([reshape, image])] == ["Flatten", "Reshape"]


def test_heads_in_the_wrong_order_are_explained_once(tmp_path):
    pytest.importorskip("keras")
    [path] = variant_files("02_models", "wrong_heads_swapped")
    results = grade_variant("02_models", path, tmp_path)
    assert {c for c, r in results.items() if r.status != "passed"} == {"multi_output.structure", "multi_output.forward"}
    assert "The outputs are in the wrong order: outputs=[item, colour]" in results["multi_output.structure"].message
    assert results["multi_output.forward"].follows == "multi_output.structure"


def test_one_hot_axes_swapped_is_one_mistake_but_too_many_ones_is_not_assumed_to_be():
    expected = np.zeros((7, 128), np.float32)
    passed, message, cause = judged("01_data", "one_hot_text.long", describe(expected.T.copy()), describe(expected))
    assert not passed and "The axes are swapped" in message
    assert cause == "one_hot_text: a01.one_hot_hints.axes_are_swapped"
    extra = expected.copy()
    extra[0, 5] = 1.0
    passed, message, cause = judged("01_data", "one_hot_text.long", describe(extra), describe(expected))
    assert not passed and "more 1s than expected" in message
    assert cause == ""  # text too long, or a character outside the vocabulary: not one mistake on this evidence
