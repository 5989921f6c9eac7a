"""05 whose build_cnn uses padding="same"; build_cnn_with_dropout starts from build_cnn() and puts
Dropout in front of the first Dense layer, which is right: only build_cnn's checks lose points."""
import keras
from keras import layers


def build_cnn():
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu", padding="same"), layers.MaxPooling2D(),
        layers.Conv2D(32, 3, activation="relu", padding="same"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])


def build_cnn_with_dropout(rate=0.5):
    model = keras.Sequential([keras.Input((28, 28, 1))])
    for layer in build_cnn().layers:
        if isinstance(layer, layers.Dense) and layer.units == 64:
            model.add(layers.Dropout(rate))
        model.add(layer)
    return model
