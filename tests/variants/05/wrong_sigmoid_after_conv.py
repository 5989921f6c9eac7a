"""05 with a sigmoid (written as a separate layer) after the first convolution."""
import keras
from keras import layers


def build_cnn():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(16, (3, 3)), layers.Activation("sigmoid"),
                             layers.MaxPooling2D(), layers.Conv2D(32, (3, 3), activation="relu"), layers.MaxPooling2D(),
                             layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
