"""A correct 02 whose networks are built by calling them on one batch (to see a summary, as tutorials do),
or declared with a fixed batch size: Keras 3 keeps that batch size in the model's shapes, yet the network
is the same and takes any batch."""
import numpy as np
import keras
from keras import layers


def build_sequential_add():
    model = keras.Sequential()
    model.add(layers.Flatten())
    model.add(layers.Dense(100, activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    model(np.zeros((1, 28, 28), dtype="float32"))  # build it, then model.summary() works
    return model


def build_sequential_list():
    model = keras.Sequential([layers.Flatten(), layers.Dense(100, activation="relu"),
                              layers.Dense(10, activation="softmax")])
    model(keras.ops.zeros((1, 28, 28)))
    return model


def build_functional():
    inputs = keras.Input(shape=(28, 28), batch_size=32)
    x = layers.Flatten()(inputs)
    x = layers.Dense(100, activation="relu")(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs)
