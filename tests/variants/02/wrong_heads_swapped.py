"""A 02 build_multi_output returning its heads colour first: one mistake, explained at the structure
check; the forward check points at it."""
import keras
from keras import layers


def build_multi_output():
    image = keras.Input(shape=(28, 28))
    trunk = layers.Dense(64, activation="relu")(layers.Flatten()(image))
    item = layers.Dense(10, activation="softmax")(trunk)
    colour = layers.Dense(6, activation="softmax")(trunk)
    return keras.Model(image, [colour, item])
