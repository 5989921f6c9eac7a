# base: reference
"""A duck-typed fake model: it has .layers, .count_params, .predict and claims keras.Sequential
as its ``__class__`` (so that ``isinstance(fake, keras.Model)`` is true), but it is no Keras model.
Its layers and weights are those of an honest model it keeps, and it predicts uniform probabilities.
"""
import numpy as np


class FakeModel:
    def __init__(self):
        self._real = keras.Sequential([keras.Input(shape=IMAGE_SHAPE), layers.Flatten(),
                                       layers.Dense(100, activation="relu"),
                                       layers.Dense(N_CLASSES, activation="softmax")])
        self.layers = self._real.layers
        self.weights = self._real.weights
        self.trainable_weights = self._real.trainable_weights
        self.inputs = self._real.inputs
        self.outputs = self._real.outputs
        self.built = True

    @property
    def __class__(self):
        return keras.Sequential

    def count_params(self):
        return 79_510

    def predict(self, x, **kwargs):
        return np.full((len(x), N_CLASSES), 1.0 / N_CLASSES, dtype="float32")

    def __call__(self, x, training=False):
        return self.predict(x)


def build_sequential_add():
    return FakeModel()
