"""A correct 02 whose multi-output heads end in separate activation layers (Activation and Softmax):
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
