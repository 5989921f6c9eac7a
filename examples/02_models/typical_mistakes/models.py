"""A student's attempt at assignment 02, with mistakes people often make."""

import keras
from keras import layers


def build_sequential_add():
    model = keras.Sequential()  # no keras.Input: the model is never built
    model.add(layers.Flatten())
    model.add(layers.Dense(100, activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    return model


def build_sequential_list():
    return keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(100, activation="sigmoid"),  # relu was asked for
        layers.Dense(10, activation="softmax"),
    ])


def build_functional():
    inputs = keras.Input(shape=(784,))  # the images are 28x28; Flatten does the rest
    x = layers.Flatten()(inputs)
    x = layers.Dense(100, activation="relu", use_bias=False)(x)  # the bias went missing
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


class SomeModel(keras.Model):
    def __init__(self):  # no **kwargs: SomeModel(name="...") fails
        super().__init__()
        self.hidden = layers.Dense(100, activation="relu")
        self.classifier = layers.Dense(10, activation="softmax")

    def call(self, inputs):
        return self.classifier(self.hidden(inputs))  # never flattened


def dense_params(n_inputs, n_units, use_bias=True):
    return n_inputs * n_units  # forgets the bias


def first_dense_weight_shapes(model):
    return [w.shape for w in model.layers[1].weights]  # assumes the first Dense is layer 1


def build_multi_input():
    features = keras.Input(shape=(8,))
    image = keras.Input(shape=(28, 28))
    from_features = layers.Dense(16, activation="relu")(features)
    from_image = layers.Dense(64, activation="relu")(layers.Flatten()(image))
    joined = layers.Concatenate()([from_features, from_image])
    item = layers.Dense(10, activation="softmax")(joined)
    return keras.Model(inputs=[image, features], outputs=item)  # inputs in the wrong order


def build_multi_output():
    image = keras.Input(shape=(28, 28))
    trunk = layers.Dense(64, activation="relu")(layers.Flatten()(image))
    item = layers.Dense(10, activation="softmax")(trunk)
    colour = layers.Dense(6, activation="softmax")(trunk)
    return keras.Model(inputs=image, outputs=item)  # the colour head is left out
