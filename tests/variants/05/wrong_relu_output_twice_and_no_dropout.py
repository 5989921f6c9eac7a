"""05 with a relu output in both networks and the Dropout forgotten: the dropout network's own
mistake (no Dropout) is its own diagnosis, not a pointer to build_cnn's."""
import keras
from keras import layers


def build_cnn():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(),
                             layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(), layers.Flatten(),
                             layers.Dense(64, activation="relu"), layers.Dense(10, activation="relu")])


def build_cnn_with_dropout(rate=0.5):
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(),
                             layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(), layers.Flatten(),
                             layers.Dense(64, activation="relu"), layers.Dense(10, activation="relu")])
