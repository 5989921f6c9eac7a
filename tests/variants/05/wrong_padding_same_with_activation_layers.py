"""05 with padding="same" on the convolutions, and activations as separate layers."""
import keras
from keras import layers


def build_cnn():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(16, 3, padding="same"), layers.ReLU(),
                             layers.MaxPooling2D(), layers.Conv2D(32, 3, padding="same"), layers.ReLU(),
                             layers.MaxPooling2D(), layers.Flatten(), layers.Dense(64), layers.ReLU(),
                             layers.Dense(10, activation="softmax")])
