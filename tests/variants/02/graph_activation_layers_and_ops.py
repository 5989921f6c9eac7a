"""A correct 02 written along the graph: activation layers on each head and branch, keras.ops in a
functional graph (ops.concatenate joining the branches), Reshape((784,)) for the flattening, and a
SomeModel that applies relu and softmax in call() with keras.ops. Every check passes."""
import keras
from keras import layers, ops


def build_functional():
    inputs = keras.Input(shape=(28, 28))
    x = layers.Reshape((784,))(inputs)
    x = layers.ReLU()(layers.Dense(100)(x))
    return keras.Model(inputs, layers.Softmax()(layers.Dense(10)(x)))


class SomeModel(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(100)
        self.scores = layers.Dense(10)

    def call(self, inputs):
        rows = ops.reshape(inputs, (-1, 784))
        return ops.softmax(self.scores(ops.relu(self.hidden(rows))))


def build_multi_input():
    features = keras.Input(shape=(8,), name="features")
    image = keras.Input(shape=(28, 28), name="image")
    from_image = layers.Activation("relu")(layers.Dense(64)(layers.Flatten()(image)))
    from_features = layers.ReLU()(layers.Dense(16)(features))
    joined = ops.concatenate([from_features, from_image], axis=-1)
    return keras.Model([features, image], layers.Activation("softmax")(layers.Dense(10)(joined)))


def build_multi_output():
    image = keras.Input(shape=(28, 28))
    trunk = layers.Activation("relu")(layers.Dense(64)(layers.Flatten()(image)))
    item_scores = layers.Dense(10)(trunk)
    colour_scores = layers.Dense(6)(trunk)
    item = layers.Activation("softmax", name="item")(item_scores)
    colour = layers.Softmax(name="colour")(colour_scores)
    return keras.Model(image, [item, colour])
