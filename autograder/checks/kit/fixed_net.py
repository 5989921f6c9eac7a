"""Networks with fixed, seeded weights: their numpy forward pass, and the same network in Keras.

The grader predicts with numpy (no Keras needed to judge); the probe builds the Keras model in
the child with :meth:`FixedNet.keras_model`.
"""

from __future__ import annotations

import math

import numpy as np


class FixedNet:
    """A dense network with weights from a seeded generator, and its numpy forward pass.

    ``layers`` is a list of ``(units, activation)``; inputs of more than one axis are flattened
    first. Inputs are expected in [0, 1]: the first layer's bias centres them, so that the hidden
    units (and hence the predicted classes) vary from one input to the next.
    """

    def __init__(self, input_shape: tuple, layers: list, *, seed: int = 0, weights: list | None = None):
        self.input_shape = tuple(input_shape)
        self.layers = [(int(units), activation) for units, activation in layers]
        self.weights = weights if weights is not None else self._random_weights(seed)
        expected = 2 * len(self.layers)
        if len(self.weights) != expected:
            raise ValueError(f"FixedNet: {len(self.weights)} weight arrays given for {len(self.layers)} "
                             f"layers; expected {expected} (a kernel and a bias per layer)")

    @property
    def n_classes(self) -> int:
        return self.layers[-1][0]

    def _random_weights(self, seed: int) -> list[np.ndarray]:
        rng = np.random.default_rng(seed)
        n_in = math.prod(self.input_shape)
        weights = []
        for index, (units, _) in enumerate(self.layers):
            scale = 3.0 if index == 0 else 1.2
            kernel = rng.normal(0.0, scale / math.sqrt(n_in), (n_in, units)).astype(np.float32)
            bias = (-0.5 * kernel.sum(axis=0) if index == 0 else np.zeros(units)).astype(np.float32)
            weights += [kernel, bias]
            n_in = units
        return weights

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """The network's output on ``x``, computed in float64 with numpy."""
        values = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        for (_, activation), kernel, bias in zip(self.layers, self.weights[0::2], self.weights[1::2]):
            values = values @ kernel.astype(np.float64) + bias.astype(np.float64)
            values = _ACTIVATIONS[activation](values)
        return values

    def labels(self, x: np.ndarray) -> np.ndarray:
        return np.argmax(self.probabilities(x), axis=-1)

    def inputs(self, n: int, *, seed: int, min_gap: float = 0.05, first_label: int | None = None) -> np.ndarray:
        """``n`` float32 inputs in [0, 1] whose winning class leads the runner-up by ``min_gap``."""
        rng = np.random.default_rng(seed)
        candidates = rng.random((8 * n, *self.input_shape)).astype(np.float32)
        ordered = np.sort(self.probabilities(candidates), axis=-1)
        kept = candidates[ordered[:, -1] - ordered[:, -2] >= min_gap]
        if first_label is not None:
            leaders = np.flatnonzero(self.labels(kept) == first_label)
            if leaders.size == 0:
                raise RuntimeError(f"FixedNet.inputs: no input is predicted as class {first_label}; "
                                   "choose another seed")
            kept = np.concatenate([kept[leaders[:1]], np.delete(kept, leaders[0], axis=0)])
        if len(kept) < n:
            raise RuntimeError(f"FixedNet.inputs: only {len(kept)} clear-cut inputs of {n} wanted; "
                               "choose another seed or a smaller min_gap")
        return kept[:n]

    def keras_model(self, *, functional: bool = False):
        """The same network as a Keras model (Sequential, or functional), weights set. Child side."""
        import keras

        inputs = keras.Input(shape=self.input_shape)
        layers = [keras.layers.Flatten()] if len(self.input_shape) > 1 else []
        layers += [keras.layers.Dense(units, activation=activation) for units, activation in self.layers]
        if functional:
            values = inputs
            for layer in layers:
                values = layer(values)
            model = keras.Model(inputs, values)
        else:
            model = keras.Sequential([inputs, *layers])
        model.set_weights(self.weights)
        return model


def _softmax(values: np.ndarray) -> np.ndarray:
    shifted = np.exp(values - values.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


_ACTIVATIONS = {"relu": lambda v: np.maximum(v, 0.0), "tanh": np.tanh, "softmax": _softmax,
                "linear": lambda v: v}


def article_net(seed: int = 6) -> FixedNet:
    """The article's network, Flatten(28x28) -> Dense(100, relu) -> Dense(10, softmax)."""
    return FixedNet((28, 28), [(100, "relu"), (10, "softmax")], seed=seed)

