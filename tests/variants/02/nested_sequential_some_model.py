"""A correct 02 SomeModel that keeps its three layers in one inner Sequential, created once in
__init__ (the same network, one level deeper), and a Sequential built from a list in a variable."""
from keras import Sequential
from keras.layers import Dense, Flatten, Input
import keras


def build_sequential_list():
    stack = [Input((28, 28)), Flatten(), Dense(100, "relu"), Dense(10, "softmax")]
    return Sequential(stack)


class SomeModel(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.net = Sequential([Flatten(), Dense(100, activation="relu"), Dense(10, activation="softmax")])

    def call(self, inputs):
        return self.net(inputs)
