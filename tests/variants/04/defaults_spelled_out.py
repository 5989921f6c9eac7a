"""A correct 04 with every default spelled out: Adam(learning_rate, beta_1, beta_2), from_logits=False,
ModelCheckpoint(..., save_freq="epoch"), EarlyStopping(min_delta, baseline), fit(..., initial_epoch=0), a
StopAtAccuracy that catches the KeyError and warns, and a while loop for overfitting_start."""
import warnings

import keras
import numpy as np

EPOCHS = 20


def prepare_images(x):
    return (np.asarray(x, dtype=np.float64) / 255.0).astype(np.float32)


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(100, activation=keras.activations.relu),
        keras.layers.Dense(10, activation=keras.activations.softmax),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False), metrics=["accuracy"])
    return model


class StopAtAccuracy(keras.callbacks.Callback):
    def __init__(self, threshold=0.9, monitor="accuracy"):
        super().__init__()
        self.threshold = threshold
        self.monitor = monitor

    def on_epoch_end(self, epoch, logs=None):
        try:
            value = logs[self.monitor]
        except (KeyError, TypeError):
            warnings.warn(f"no {self.monitor} in the logs")
            return
        if value >= self.threshold:
            self.model.stop_training = True


def make_callbacks(checkpoint_path, patience=3):
    if not str(checkpoint_path).endswith(".keras"):
        raise ValueError(f"{checkpoint_path}: the checkpoint must be a .keras file")
    checkpoint = keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_accuracy", verbose=0,
                                                 save_best_only=True, save_weights_only=False, mode="max",
                                                 save_freq="epoch")
    early_stopping = keras.callbacks.EarlyStopping(monitor="val_accuracy", min_delta=0.0, patience=patience,
                                                   verbose=0, mode="max", baseline=None, restore_best_weights=True)
    return [checkpoint, early_stopping]


def train(model, x_train, y_train, x_valid, y_valid, epochs=EPOCHS, callbacks=None):
    return model.fit(x_train, y_train, batch_size=32, epochs=epochs, verbose=0, callbacks=callbacks,
                     validation_data=(x_valid, y_valid), shuffle=True, initial_epoch=0)


def best_epoch(history):
    return int(np.argmin(history["val_loss"]) + 1)


def overfitting_start(history):
    loss = history["loss"]
    val_loss = history["val_loss"]
    epoch = 1
    while epoch < len(loss):
        if val_loss[epoch] > min(val_loss[:epoch]) and loss[epoch] < loss[epoch - 1]:
            return epoch + 1
        epoch += 1
    return None

