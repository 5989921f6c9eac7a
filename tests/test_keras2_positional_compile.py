"""Keras 2's compile(optimizer, loss, metrics) written positionally: in Keras 3 the third positional
argument is loss_weights. Judged on the recorded 03 outcome changed by hand (no Keras)."""

from __future__ import annotations

import recorded
from autograder.catalog import render
from autograder.checks.kit.advice import keras2_advice


def _judge_metrics(change) -> tuple[bool, str]:
    return recorded.judged_with_change("03_compile", "compile_classifier.metrics", change)


def _only_the_loss(value):
    value["results"] = {"loss": value["results"]["loss"]}


def test_metrics_given_as_the_third_positional_argument_are_named_as_loss_weights():
    def positional(value):
        _only_the_loss(value)
        value["metrics_as_loss_weights"] = True

    passed, message = _judge_metrics(positional)
    assert not passed
    assert "the model reports loss, without accuracy" in message
    assert "third positional argument, which in Keras 3 is loss_weights" in message


def test_metrics_simply_left_out_are_told_to_add_accuracy():
    passed, message = _judge_metrics(_only_the_loss)
    assert not passed
    assert 'Add "accuracy" to metrics.' in message and "loss_weights" not in message


def test_training_that_meets_the_metric_names_as_loss_weights_gets_the_positional_advice():
    advice = keras2_advice("ValueError: dtype='string' is not a valid dtype for Keras type promotion.")
    assert "the list became loss_weights in Keras 3" in render(advice)
    assert "loss_weights" in render(advice, language="zh")
