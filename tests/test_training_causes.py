"""Judges of 05 on recorded outcomes changed by hand (no Keras): training causes, the Dropout place.

The end-to-end gradings of the same mistakes (tests/test_hostile_keras.py) are in the slow suite.
"""

from __future__ import annotations

import recorded


def test_a_cnn_whose_training_loss_is_nan_is_told_the_loss_became_nan():
    def nan_training(value):
        value["losses"] = [float("nan")] * len(value["losses"])
        value["accuracy"] = 0.1

    passed, message = recorded.judged_with_change("05_cnn", "accuracy.build_cnn", nan_training)
    assert not passed
    assert "reached 10.0% accuracy; the reference network reached 74.6%" in message
    assert "The training loss became NaN or infinite" in message


def test_a_cnn_that_trains_normally_but_falls_short_is_not_told_about_nan():
    def short(value):
        value["accuracy"] = 0.2

    passed, message = recorded.judged_with_change("05_cnn", "accuracy.build_cnn", short)
    assert not passed
    assert "NaN" not in message


def _swap(value, first: str, second: str):
    layers = value["model"]["layers"]
    i = next(n for n, layer in enumerate(layers) if layer["class"] == first)
    j = next(n for n, layer in enumerate(layers) if layer["class"] == second)
    layers[i], layers[j] = layers[j], layers[i]


def test_dropout_right_before_flatten_is_the_same_network_and_passes_with_a_note():
    passed, message = recorded.judged_with_change("05_cnn", "dropout.layers", lambda value: _swap(value, "Flatten", "Dropout"))
    assert passed, message
    assert "Accepted: your Dropout comes right before Flatten" in message


def test_dropout_anywhere_else_is_still_in_the_wrong_place():
    def after_first_pooling(value):
        layers = value["model"]["layers"]
        dropout = next(layer for layer in layers if layer["class"] == "Dropout")
        layers.remove(dropout)
        layers.insert(2, dropout)

    passed, message = recorded.judged_with_change("05_cnn", "dropout.layers", after_first_pooling)
    assert not passed
    assert "Dropout is layer" in message and "expected it right after Flatten" in message
