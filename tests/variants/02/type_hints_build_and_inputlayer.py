"""A correct 02 with type hints and module constants: InputLayer(input_shape=...) (a Keras 2 habit that
still runs, with a note), a Sequential from a list built with model.build((None, 28, 28)), outputs=[...] as
lists, Reshape((784,)) in the image branch and the weight shapes read from layer.variables."""
from __future__ import annotations

import keras
from keras import layers

IMAGE_SHAPE: tuple[int, int] = (28, 28)
HIDDEN_UNITS: int = 100
N_CLASSES: int = 10


def build_sequential_add() -> keras.Sequential:
    model = keras.Sequential()
    model.add(layers.InputLayer(input_shape=IMAGE_SHAPE))
    model.add(layers.Flatten())
    model.add(layers.Dense(HIDDEN_UNITS, activation="relu"))
    model.add(layers.Dense(N_CLASSES, activation="softmax"))
    return model


def build_sequential_list() -> keras.Sequential:
    stack: list[layers.Layer] = [layers.Flatten(), layers.Dense(HIDDEN_UNITS, activation="relu"),
                                 layers.Dense(N_CLASSES, activation="softmax")]
    model = keras.Sequential(stack)
    model.build((None, *IMAGE_SHAPE))
    return model


def build_functional() -> keras.Model:
    image = keras.Input(IMAGE_SHAPE)
    flat = layers.Flatten()(image)
    hidden = layers.Dense(HIDDEN_UNITS, activation="relu")(flat)
    return keras.Model(inputs=[image], outputs=[layers.Dense(N_CLASSES, activation="softmax")(hidden)])


class SomeModel(keras.Model):
    def __init__(self, hidden_units: int = HIDDEN_UNITS, **kwargs) -> None:
        super().__init__(**kwargs)
        self.flatten = layers.Flatten()
        self.hidden = layers.Dense(hidden_units, activation="relu")
        self.classifier = layers.Dense(N_CLASSES, activation="softmax")

    def call(self, inputs):
        return self.classifier(self.hidden(self.flatten(inputs)))


def dense_params(n_inputs: int, n_units: int, use_bias: bool = True) -> int:
    kernel = n_inputs * n_units
    bias = n_units if use_bias else 0
    return kernel + bias


def first_dense_weight_shapes(model: keras.Model) -> list[tuple[int, ...]]:
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            return [tuple(v.shape) for v in layer.variables]
    return []


def build_multi_input() -> keras.Model:
    features = keras.Input(shape=(8,))
    image = keras.Input(shape=IMAGE_SHAPE)
    left = layers.Dense(16, activation="relu")(features)
    right = layers.Dense(64, activation="relu")(layers.Reshape((784,))(image))
    both = layers.Concatenate()([left, right])
    return keras.Model(inputs=[features, image], outputs=layers.Dense(N_CLASSES, activation="softmax")(both))


def build_multi_output() -> keras.Model:
    image = keras.Input(shape=IMAGE_SHAPE)
    shared = layers.Dense(64, activation="relu")(layers.Flatten()(image))
    item_head = layers.Dense(N_CLASSES, activation="softmax", name="item")
    colour_head = layers.Dense(6, activation="softmax", name="colour")
    return keras.Model(inputs=image, outputs=[item_head(shared), colour_head(shared)])
