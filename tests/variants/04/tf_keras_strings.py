"""A correct 04 with tf.keras, strings for the optimizer and loss, pathlib for the path check."""
import warnings
from pathlib import Path

import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def prepare_images(x):
    return x.astype("float32") / 255


def build_model():
    model = keras.models.Sequential()
    model.add(keras.Input(shape=(28, 28)))
    model.add(layers.Flatten())
    model.add(layers.Dense(100))
    model.add(layers.Activation("relu"))
    model.add(layers.Dense(10, activation=tf.nn.softmax))
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
    return model


class StopAtAccuracy(keras.callbacks.Callback):
    def __init__(self, threshold=0.9, monitor="accuracy"):
        super(StopAtAccuracy, self).__init__()
        self.threshold = threshold
        self.monitor = monitor

    def on_epoch_end(self, epoch, logs=None):
        if logs is None or self.monitor not in logs:
            warnings.warn(f"{self.monitor} is not in the logs")
            return
        if logs[self.monitor] >= self.threshold:
            print(f"\nReached {self.threshold:.0%} {self.monitor}, stopping training")
            self.model.stop_training = True


def make_callbacks(checkpoint_path, patience=3):
    if Path(checkpoint_path).suffix != ".keras":
        raise ValueError("the checkpoint path needs the .keras extension")
    return [
        keras.callbacks.ModelCheckpoint(filepath=checkpoint_path, monitor="val_accuracy", mode="max",
                                        save_best_only=True, verbose=0),
        keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=patience,
                                      restore_best_weights=True),
    ]
