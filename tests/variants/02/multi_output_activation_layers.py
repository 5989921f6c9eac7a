"""A correct 02 whose branches and heads end in separate activation layers (ReLU, Activation, Softmax):
Keras lists both Dense heads before their activations, which fold into the layer that feeds them."""
import keras
from keras import layers as L


def build_multi_output():
    image = keras.Input(shape=(28, 28), name="image")
    x = L.Flatten()(image)
    x = L.Dense(64)(x)
    x = L.Activation("relu")(x)
    item = L.Activation("softmax", name="item")(L.Dense(10)(x))
    colour = L.Softmax(name="colour")(L.Dense(6)(x))
    return keras.Model(image, [item, colour])


def build_multi_input():
    features = keras.Input(shape=(8,), name="features")
    image = keras.Input(shape=(28, 28), name="image")
    a = L.ReLU()(L.Dense(16)(features))
    b = L.Activation("relu")(L.Dense(64)(L.Flatten()(image)))
    return keras.Model([features, image], L.Dense(10, activation="softmax")(L.Concatenate()([a, b])))
