"""Activations and losses are identified by what they compute on probe tensors, whatever their spelling."""

from __future__ import annotations

import pytest

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")
pytest.importorskip("autograder.checks.kit.keras_probes")  # Keras comes in through the kit, as in a worker

from autograder.checks.kit.behaviour import identify_activation, identify_loss  # noqa: E402
from autograder.checks.kit.compiling import compiled_loss_key, describe_loss  # noqa: E402


def _own_relu(x):
    return keras.ops.maximum(x, 0.0)


def _numpy_sigmoid(x):
    import numpy as np

    return 1 / (1 + np.exp(-np.asarray(x)))


@pytest.mark.parametrize("function, name, written", [
    ("softmax", "softmax", "softmax"),
    (tf.nn.softmax, "softmax", "tf.nn.softmax"),          # its __name__ is softmax_v2
    (tf.nn.relu, "relu", "tf.nn.relu"),
    (keras.activations.softmax, "softmax", "keras.activations.softmax"),
    (keras.ops.relu, "relu", "keras.ops.relu"),
    (keras.ops.sigmoid, "sigmoid", "keras.ops.sigmoid"),
    (tf.math.sigmoid, "sigmoid", "tf.nn.sigmoid"),
    (tf.keras.activations.tanh, "tanh", "keras.activations.tanh"),
    (_own_relu, "relu", "_own_relu"),
    (_numpy_sigmoid, "sigmoid", "_numpy_sigmoid"),
    ("swish", "silu", "swish"),
    (None, "linear", "None"),
    (lambda x: x * 2, None, "<lambda>"),
])
def test_activation_is_identified_by_behaviour_and_keeps_its_spelling(function, name, written):
    found = identify_activation(function)
    assert found["name"] == name
    assert found["written"].endswith(written.split(".")[-1]) if function is tf.math.sigmoid else found["written"] == written


@pytest.mark.parametrize("layer, name", [
    (keras.layers.ReLU(), "relu"),
    (keras.layers.Softmax(), "softmax"),
    (keras.layers.Activation("tanh"), "tanh"),
    (keras.layers.Activation(tf.nn.softmax), "softmax"),
    (keras.layers.ReLU(max_value=6.0), "relu6"),
])
def test_standalone_activation_layers_are_identified_by_calling_them(layer, name):
    assert identify_activation(layer)["name"] == name


@pytest.mark.parametrize("loss, name", [
    (tf.keras.losses.sparse_categorical_crossentropy, "sparse_categorical_crossentropy"),
    (keras.losses.SparseCategoricalCrossentropy(), "sparse_categorical_crossentropy"),
    (lambda y, p: keras.ops.mean(keras.ops.square(y - p)), "mse"),
    (keras.losses.categorical_crossentropy, "categorical_crossentropy"),
    (keras.losses.BinaryCrossentropy(), "binary_crossentropy"),
    (keras.losses.MeanAbsoluteError(), "mae"),
])
def test_loss_is_identified_by_behaviour(loss, name):
    assert identify_loss(loss) == name


def test_a_loss_function_of_ones_own_counts_as_the_loss_it_computes():
    def my_loss(y_true, y_pred):
        return keras.losses.sparse_categorical_crossentropy(y_true, y_pred)

    described = describe_loss(my_loss)
    assert described["behaves_as"] == "sparse_categorical_crossentropy"
    assert compiled_loss_key(described) == "sparse_categorical_crossentropy"
    assert compiled_loss_key(describe_loss(lambda y, p: y)) == "<lambda>"
