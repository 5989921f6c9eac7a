"""02 with an extra Dense(784) after Flatten (the article's "input size" read as a layer): one layer
too many, explained once; the parameter and shape checks point at it."""
import keras
from keras import layers


def build_sequential_add():
    model = keras.Sequential()
    model.add(keras.Input(shape=(28, 28)))
    model.add(layers.Flatten())
    model.add(layers.Dense(784, activation="relu"))
    model.add(layers.Dense(100, activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    return model
