"""A student's attempt at assignment 05, with mistakes people often make."""

import keras
import matplotlib.pyplot as plt
from keras import layers


def build_cnn():
    return keras.Sequential([
        layers.Conv2D(16, (3, 3), activation="relu", input_shape=(28, 28, 1)),  # Keras 2 style
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(32, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="relu"),  # should be softmax
    ])


def build_cnn_with_dropout(rate=0.5):
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(32, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dropout(0.5),  # after the Dense layer, and the rate argument is ignored
        layers.Dense(10, activation="softmax"),
    ])


def overfitting_gap(history):
    return max(history.history["accuracy"]) - max(history.history["val_accuracy"])  # best, not last


def plot_history(history):
    plt.plot(history.history["accuracy"])  # no labels, no legend
    plt.plot(history.history["val_accuracy"])
    plt.show()  # and nothing is returned


def build_challenge_cnn():
    model = keras.Sequential([  # the network of build_cnn: 56,714 parameters, over the budget of 40,000
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(32, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
