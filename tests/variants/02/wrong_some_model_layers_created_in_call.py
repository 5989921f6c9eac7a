"""02 whose SomeModel creates its layers in call(): new, untrained layers at every call, and no
weights that Keras can track. The mistake is where the layers are made, not the input shape."""
import keras
from keras import layers


class SomeModel(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def call(self, inputs):
        x = layers.Flatten()(inputs)
        x = layers.Dense(100, activation="relu")(x)
        return layers.Dense(10, activation="softmax")(x)
