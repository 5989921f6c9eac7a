"""Canonical networks on plain data (no Keras): standalone activation layers fold into the layer before."""

from __future__ import annotations

from autograder.catalog import render
from autograder.checks.kit.model_judging import compare_layers, compare_params
from autograder.checks.kit.structure import fold_activations


def _layer(cls, params=0, output=None, **settings):
    return {"class": cls, "module": "keras.src.layers", "settings": settings, "weight_shapes": [],
            "params": params, "trainable_params": params, "output_shape": output, "built": True}


def _model(layers):
    return {"is_model": True, "built": True, "layers": fold_activations(layers),
            "params": sum(layer["params"] for layer in layers)}


REFERENCE = _model([_layer("Flatten", output=[None, 784]),
                    _layer("Dense", 78500, [None, 100], units=100, activation="relu", use_bias=True),
                    _layer("Dense", 1010, [None, 10], units=10, activation="softmax", use_bias=True)])


def test_activation_layers_fold_into_the_linear_layer_before_them():
    layers = fold_activations([_layer("Flatten"), _layer("Dense", 78500, units=100, activation="linear"),
                               _layer("ReLU", activation="relu"), _layer("Dense", 1010, units=10, activation="linear"),
                               _layer("Softmax", activation="softmax")])
    assert [(x["class"], x["settings"].get("activation"), x["number"]) for x in layers] == [
        ("Flatten", None, 1), ("Dense", "relu", 2), ("Dense", "softmax", 4)]
    assert layers[1]["folded"] == [3]


def test_an_activation_layer_after_a_layer_with_its_own_activation_stays_a_layer():
    layers = fold_activations([_layer("Dense", 10, units=10, activation="relu"), _layer("Activation", activation="relu")])
    assert [x["class"] for x in layers] == ["Dense", "Activation"]


def test_a_folded_network_equals_the_reference_and_a_real_difference_uses_the_students_numbers():
    folded = _model([_layer("Flatten", output=[None, 784]),
                     _layer("Dense", 78500, [None, 100], units=100, activation="linear", use_bias=True),
                     _layer("Activation", output=[None, 100], activation="relu"),
                     _layer("Dense", 1010, [None, 10], units=10, activation="linear", use_bias=True),
                     _layer("Activation", output=[None, 10], activation="sigmoid")])
    assert compare_params(folded, REFERENCE, what="build()").passed
    verdict = compare_layers(folded, REFERENCE, what="build()")
    assert not verdict.passed
    assert render(verdict.message).startswith("build(): layer 4: expected Dense(10, softmax), got Dense(10, sigmoid).")


def test_an_unrecognised_activation_is_quoted_as_written():
    student = _model([_layer("Flatten"), _layer("Dense", 78500, units=100, activation="relu"),
                      {**_layer("Dense", 1010, units=10, activation="<lambda>"), "activation_written": "<lambda>"}])
    verdict = compare_layers(student, REFERENCE, what="build()")
    assert "layer 3: expected Dense(10, softmax), got Dense(10, <lambda>)" in render(verdict.message)
