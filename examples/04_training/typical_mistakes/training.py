"""A student's attempt at assignment 04, with mistakes people often make."""

import keras
import numpy as np


def prepare_images(x):
    return np.asarray(x, dtype=np.float32)  # forgot to divide by 255


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(100, activation="relu"),
        keras.layers.Dense(10, activation="relu"),  # softmax was meant
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
                  loss="sparse_categorical_crossentropy", metrics=["acc"])
    return model


class StopAtAccuracy(keras.callbacks.Callback):
    def __init__(self, threshold=0.9, monitor="accuracy"):
        super().__init__()
        self.threshold = threshold
        self.monitor = monitor

    def on_epoch_end(self, epoch, logs=None):
        if logs.get(self.monitor) > self.threshold:  # None when the key is missing; > misses 0.9 itself
            self.stop_training = True  # the model's flag is what fit reads


def make_callbacks(checkpoint_path, patience=3):
    return [
        keras.callbacks.ModelCheckpoint("best_model.h5", monitor="val_acc", save_best_only=True),
        keras.callbacks.EarlyStopping(patience=patience),
    ]


def train(model, x_train, y_train, x_valid, y_valid, epochs, callbacks=None):
    history = model.fit(x_train, y_train, epochs=epochs, validation_data=(x_valid, y_valid))
    return history.history


def best_epoch(history):
    val_loss = history["val_loss"]
    return val_loss.index(min(val_loss))  # a list index: epochs are counted from 1


def overfitting_start(history):
    val_loss = history["val_loss"]
    for index in range(1, len(val_loss)):
        if val_loss[index] > min(val_loss[:index]):  # forgets that the training loss must still fall
            return index + 1
    return None


def build_challenge_model():
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0),  # far too large: it does not learn
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
