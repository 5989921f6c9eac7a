"""A correct 07 with keras.saving's own functions, a registration under an explicit name, a
get_config that updates a copy, and a weights name made with removesuffix."""
import numpy as np
import keras


@keras.saving.register_keras_serializable(package="fashion", name="SomeModel")
class SomeModel(keras.Model):
    def __init__(self, hidden_units=100, n_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.hidden_units = hidden_units
        self.n_classes = n_classes
        self.flatten = keras.layers.Flatten()
        self.hidden = keras.layers.Dense(hidden_units, activation=keras.activations.relu)
        self.classifier = keras.layers.Dense(n_classes, activation=keras.activations.softmax)

    def call(self, inputs):
        return self.classifier(self.hidden(self.flatten(inputs)))

    def get_config(self):
        config = dict(super().get_config())
        config.update(hidden_units=self.hidden_units, n_classes=self.n_classes)
        return config


def save_model(model, path):
    path = str(path)
    if not path.endswith((".keras", ".h5")):
        path += ".keras"
    keras.saving.save_model(model, path)
    return path


def load_model(path):
    return keras.saving.load_model(str(path))


def save_subclassed_weights(model, path):
    path = str(path)
    if not path.endswith(".weights.h5"):
        path = path.removesuffix(".h5") + ".weights.h5"
    model.save_weights(path)
    return path


def load_subclassed_weights(path):
    model = SomeModel()
    model(np.zeros((1, 28, 28), "float32"))
    model.load_weights(str(path))
    return model
