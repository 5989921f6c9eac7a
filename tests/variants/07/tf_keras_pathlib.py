"""A correct 07 in tf.keras style: pathlib paths, tf.keras.models functions, a config merged with {**...}."""
from pathlib import Path

import numpy as np
import tensorflow as tf
from tensorflow import keras  # Keras 3 behind tf.keras: keras.utils and keras.models, no keras.saving

INPUT_SHAPE = (28, 28)


@keras.utils.register_keras_serializable()
class SomeModel(keras.Model):
    def __init__(self, hidden_units=100, n_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.hidden_units = hidden_units
        self.n_classes = n_classes
        self.flatten = keras.layers.Flatten()
        self.hidden = keras.layers.Dense(hidden_units, activation=tf.nn.relu)
        self.classifier = keras.layers.Dense(n_classes, activation="softmax")

    def call(self, inputs):
        x = self.flatten(inputs)
        return self.classifier(self.hidden(x))

    def get_config(self):
        return {**super().get_config(), "hidden_units": self.hidden_units, "n_classes": self.n_classes}


def save_model(model, path):
    path = Path(path)
    if path.suffix not in (".keras", ".h5"):
        path = path.with_name(path.name + ".keras")
    keras.models.save_model(model, path)
    return str(path)


def load_model(path):
    return tf.keras.models.load_model(Path(path))


def save_subclassed_weights(model, path):
    path = Path(path)
    if not path.name.endswith(".weights.h5"):
        stem = path.name[:-3] if path.suffix == ".h5" else path.name
        path = path.with_name(stem + ".weights.h5")
    model.save_weights(path)
    return str(path)


def load_subclassed_weights(path):
    model = SomeModel()
    model.predict(np.zeros((1, *INPUT_SHAPE)), verbose=0)
    model.load_weights(path)
    return model
