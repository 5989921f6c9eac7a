"""Four 02 mistakes that keep the parameter counts: an extra Dense(784) (the 2019 article's "input
size"), the branches joined image first, the heads returned as a dict, and SomeModel creating its
layers in call(). Each is explained once, at its first check; the others point at it."""
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


class SomeModel(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def call(self, inputs):
        x = layers.Flatten()(inputs)
        x = layers.Dense(100, activation="relu")(x)
        return layers.Dense(10, activation="softmax")(x)


def build_multi_input():
    features = keras.Input(shape=(8,), name="features")
    image = keras.Input(shape=(28, 28), name="image")
    from_features = layers.Dense(16, activation="relu")(features)
    from_image = layers.Dense(64, activation="relu")(layers.Flatten()(image))
    joined = layers.Concatenate()([from_image, from_features])
    return keras.Model(inputs=[features, image], outputs=layers.Dense(10, activation="softmax")(joined))


def build_multi_output():
    image = keras.Input(shape=(28, 28), name="image")
    trunk = layers.Dense(64, activation="relu")(layers.Flatten()(image))
    item = layers.Dense(10, activation="softmax", name="item")(trunk)
    colour = layers.Dense(6, activation="softmax", name="colour")(trunk)
    return keras.Model(inputs=image, outputs={"item": item, "colour": colour})
