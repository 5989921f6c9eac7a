"""A correct 07 with os.path, keras.utils.register_keras_serializable(package=...), the old-style
super(SomeModel, self), keras.models.load_model imported under another name, and keras.ops.zeros."""
import os

import keras
from keras.models import load_model as keras_load_model


@keras.utils.register_keras_serializable(package="MyModels")
class SomeModel(keras.Model):
    def __init__(self, hidden_units=100, n_classes=10, **kwargs):
        super(SomeModel, self).__init__(**kwargs)
        self.hidden_units = hidden_units
        self.n_classes = n_classes
        self.flatten = keras.layers.Flatten()
        self.hidden = keras.layers.Dense(self.hidden_units, activation="relu")
        self.classifier = keras.layers.Dense(self.n_classes, activation="softmax")

    def call(self, inputs, training=False):
        x = self.flatten(inputs)
        x = self.hidden(x)
        return self.classifier(x)

    def get_config(self):
        config = super(SomeModel, self).get_config()
        config["hidden_units"] = self.hidden_units
        config["n_classes"] = self.n_classes
        return config


def save_model(model, path):
    path = str(path)
    _, extension = os.path.splitext(path)
    if extension not in (".keras", ".h5"):
        path = path + ".keras"
    model.save(path, overwrite=True)
    return path


def load_model(path):
    return keras_load_model(str(path), compile=True)


def save_subclassed_weights(model, path):
    path = os.fspath(path)
    if path.endswith(".weights.h5"):
        target = path
    elif path.endswith(".h5"):
        target = path[:-len(".h5")] + ".weights.h5"
    else:
        target = path + ".weights.h5"
    model.save_weights(target)
    return target


def load_subclassed_weights(path):
    model = SomeModel()
    model(keras.ops.zeros((1, 28, 28)))
    model.load_weights(os.fspath(path))
    return model
