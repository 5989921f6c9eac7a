"""A different reasonable design: three convolutions, smaller maps before Flatten (33,194)."""
import keras
from keras import layers


def build_challenge_cnn():
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)),
                              layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(),
                              layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
                              layers.Conv2D(32, 3, activation="relu"), layers.Flatten(),
                              layers.Dropout(0.25), layers.Dense(64, activation="relu"),
                              layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
