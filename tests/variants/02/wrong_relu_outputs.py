"""02 whose classifiers end in relu where the docstrings ask for softmax (a habit from hidden
layers): each network's layers check explains it, and its forward checks point there."""
import keras
from keras import layers


def build_sequential_add():
    model = keras.Sequential()
    model.add(keras.Input(shape=(28, 28)))
    model.add(layers.Flatten())
    model.add(layers.Dense(100, activation="relu"))
    model.add(layers.Dense(10, activation="relu"))
    return model


class SomeModel(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.flatten = layers.Flatten()
        self.hidden = layers.Dense(100, activation="relu")
        self.out = layers.Dense(10, activation="relu")

    def call(self, inputs):
        return self.out(self.hidden(self.flatten(inputs)))


def build_multi_output():
    image = keras.Input(shape=(28, 28))
    shared = layers.Dense(64, activation="relu")(layers.Flatten()(image))
    item = layers.Dense(10, activation="relu")(shared)
    colour = layers.Dense(6, activation="softmax")(shared)
    return keras.Model(image, [item, colour])
