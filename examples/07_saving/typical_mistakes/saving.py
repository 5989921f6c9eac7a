"""A student's attempt at assignment 07, with Keras 2 habits."""

import numpy as np

import keras

INPUT_SHAPE = (28, 28)


@keras.saving.register_keras_serializable(package="course07")
class SomeModel(keras.Model):
    def __init__(self, hidden_units=100, n_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.hidden_units = hidden_units
        self.n_classes = n_classes
        self.flatten = keras.layers.Flatten()
        self.hidden = keras.layers.Dense(hidden_units, activation="relu")
        self.classifier = keras.layers.Dense(n_classes, activation="softmax")

    def call(self, inputs):
        return self.classifier(self.hidden(self.flatten(inputs)))

    def get_config(self):
        return super().get_config()  # forgot hidden_units and n_classes


def save_model(model, path):
    model.save(path)  # a Keras 2 path without an extension is refused now
    return path


def load_model(path):
    return keras.models.load_model(path, compile=False)  # drops the optimizer


def save_subclassed_weights(model, path):
    model.save_weights(path)  # 'name.h5' must become 'name.weights.h5' in Keras 3
    return path


def load_subclassed_weights(path):
    model = SomeModel()
    model.build((None, *INPUT_SHAPE))  # creates no weights in a subclassed model
    model.load_weights(path)
    return model
