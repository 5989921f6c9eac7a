"""A correct 02 whose SomeModel applies keras.ops.softmax in call() to an output Dense layer without
activation, and whose networks flatten with Reshape((784,)): the same outputs as the documented ones."""
import keras
from keras import layers


def build_sequential_list():
    return keras.Sequential([keras.Input(shape=(28, 28)), layers.Reshape((784,)),
                             layers.Dense(100, activation="relu"), layers.Dense(10, activation="softmax")])


def build_functional():
    inputs = keras.Input(shape=(28, 28))
    x = layers.Reshape((-1,))(inputs)
    x = layers.Dense(100, activation="relu")(x)
    return keras.Model(inputs, layers.Dense(10, activation="softmax")(x))


class SomeModel(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(100, activation="relu")
        self.scores = layers.Dense(10)

    def call(self, inputs):
        x = keras.ops.reshape(inputs, (-1, 784))
        return keras.ops.softmax(self.scores(self.hidden(x)))
