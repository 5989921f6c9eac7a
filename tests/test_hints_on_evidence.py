"""A hint is given only when the evidence supports it (judges on plain outcomes, no Keras)."""

from __future__ import annotations

from autograder.catalog import render
from autograder.checks.registry import load_suite
from autograder.describe import describe

A02 = load_suite("02_models")
A04 = load_suite("04_training")

ARTICLE_LAYERS = [{"signature": "Flatten()", "shapes": []},
                  {"signature": "Dense(100, relu)", "shapes": [[784, 100], [100]]},
                  {"signature": "Dense(10, softmax)", "shapes": [[100, 10], [10]]}]
NO_BIAS_LAYERS = [{"signature": "Flatten()", "shapes": []},
                  {"signature": "Dense(4, relu)", "shapes": [[25, 4]]},
                  {"signature": "Dense(2, softmax)", "shapes": [[4, 2], [2]]}]


def _weights(check_id: str, result, reference, layers) -> str:
    verdict = A02[check_id].judge({"result": describe(result), "layers": layers},
                                  {"result": describe(reference), "layers": layers})
    assert not verdict.passed
    return render(verdict.message)


def test_only_the_kernel_is_told_the_bias_is_missing_not_that_the_layer_has_none():
    message = _weights("first_dense_weight_shapes.public", [(784, 100)], [(784, 100), (100,)], ARTICLE_LAYERS)
    assert "the layer also has a bias of shape (100,)" in message
    assert "use_bias=False" not in message


def test_a_bias_added_to_a_layer_without_one_is_told_the_layer_has_none():
    message = _weights("first_dense_weight_shapes.hidden_no_bias", [(25, 4), (4,)], [(25, 4)], NO_BIAS_LAYERS)
    assert "this layer has no bias (use_bias=False)" in message


def _custom_rows(stopped_second: bool):
    row = {"own_flag": False, "error": None, "warnings": [], "printed": ""}
    return [{**row, "stopped": False}, {**row, "stopped": stopped_second}]


def _stop(got_extra: dict) -> str:
    facts = {"is_callback": True, "class": "StopAtAccuracy", "overrides": ["on_epoch_end"]}
    verdict = A04["stop_at_accuracy.custom"].judge({**facts, "rows": _custom_rows(False), **got_extra},
                                                   {**facts, "rows": _custom_rows(True), "stops_at_one": True})
    assert not verdict.passed
    return render(verdict.message)


def test_a_callback_that_can_stop_but_ignores_its_threshold_is_not_told_to_set_the_flag():
    message = _stop({"stops_at_one": True, "stops_just_above": False})
    assert "It does stop training when val_accuracy is 1.0" in message
    assert "reaches the threshold 0.75" in message and "self.threshold" in message
    assert "set self.model.stop_training = True" not in message


def test_a_callback_that_never_stops_is_told_to_set_the_models_flag():
    message = _stop({"stops_at_one": False, "stops_just_above": False})
    assert "set self.model.stop_training = True" in message


def test_a_callback_that_stops_just_above_the_threshold_is_told_to_compare_with_greater_or_equal():
    message = _stop({"stops_at_one": True, "stops_just_above": True})
    assert "val_accuracy is exactly 0.75: reaching the threshold counts, so compare with >=" in message
