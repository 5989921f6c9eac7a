"""05 with separate activation layers, but the output layer's softmax forgotten."""
import keras
from keras import layers


def build_cnn():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(16, (3, 3)), layers.ReLU(), layers.MaxPooling2D(),
                             layers.Conv2D(32, (3, 3)), layers.ReLU(), layers.MaxPooling2D(), layers.Flatten(),
                             layers.Dense(64), layers.ReLU(), layers.Dense(10)])
