"""05 whose shared convolution helper uses padding="same": build_cnn and the dropout network differ alike."""
import keras
from keras import layers


def conv_block():
    return [layers.Conv2D(16, 3, activation="relu", padding="same"), layers.MaxPooling2D(),
            layers.Conv2D(32, 3, activation="relu", padding="same"), layers.MaxPooling2D(), layers.Flatten()]


def build_cnn():
    return keras.Sequential([keras.Input((28, 28, 1)), *conv_block(), layers.Dense(64, activation="relu"),
                             layers.Dense(10, activation="softmax")])


def build_cnn_with_dropout(rate=0.5):
    return keras.Sequential([keras.Input((28, 28, 1)), *conv_block(), layers.Dropout(rate),
                             layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
