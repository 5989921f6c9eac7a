"""A correct 05: build_cnn as a Sequential with Keras 2's input_shape= on the first layer and
MaxPool2D, the dropout network functional, overfitting_gap with numpy, and a plot drawn without
x values, labelled "Train accuracy" and "Val accuracy", with "Epochs" and "Accuracy" axes."""
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers


def build_cnn():
    model = keras.Sequential()
    model.add(layers.Conv2D(filters=16, kernel_size=3, activation="relu", input_shape=(28, 28, 1)))
    model.add(layers.MaxPool2D(pool_size=2))
    model.add(layers.Conv2D(filters=32, kernel_size=3, activation="relu"))
    model.add(layers.MaxPool2D(pool_size=2))
    model.add(layers.Flatten())
    model.add(layers.Dense(units=64, activation="relu"))
    model.add(layers.Dense(units=10, activation="softmax"))
    return model


def build_cnn_with_dropout(rate=0.5):
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(16, (3, 3), activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(32, (3, 3), activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(rate=rate)(x)
    x = layers.Dense(64, activation="relu")(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


def overfitting_gap(history):
    accuracy = np.array(history.history["accuracy"])
    val_accuracy = np.array(history.history["val_accuracy"])
    return float(accuracy[-1] - val_accuracy[-1])


def plot_history(history):
    fig = plt.figure(figsize=(8, 5))
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(history.history["accuracy"], label="Train accuracy")
    ax.plot(history.history["val_accuracy"], label="Val accuracy")
    ax.set_xlabel("Epochs")
    ax.set_ylabel("Accuracy")
    ax.legend(loc="lower right")
    return fig
