"""Over the parameter budget: the network of build_cnn (56,714 parameters), compiled."""
import keras
from keras import layers


def build_challenge_cnn():
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)),
                              layers.Conv2D(16, (3, 3), activation="relu"), layers.MaxPooling2D((2, 2)),
                              layers.Conv2D(32, (3, 3), activation="relu"), layers.MaxPooling2D((2, 2)),
                              layers.Flatten(), layers.Dense(64, activation="relu"),
                              layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
