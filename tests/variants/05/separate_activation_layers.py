"""A correct 05: activations as their own layers after each Conv2D / Dense (tf.keras-style imports)."""
from tensorflow import keras
from tensorflow.keras import layers


def build_cnn():
    model = keras.Sequential()
    model.add(keras.Input(shape=(28, 28, 1)))
    model.add(layers.Conv2D(16, (3, 3)))
    model.add(layers.Activation("relu"))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(32, (3, 3)))
    model.add(layers.ReLU())
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Flatten())
    model.add(layers.Dense(64))
    model.add(layers.Activation(keras.activations.relu))
    model.add(layers.Dense(10))
    model.add(layers.Softmax())
    return model


def build_cnn_with_dropout(rate=0.5):
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3), layers.Activation("relu"), layers.MaxPool2D(2),
        layers.Conv2D(32, 3), layers.Activation("relu"), layers.MaxPool2D(2),
        layers.Flatten(),
        layers.Dropout(rate),
        layers.Dense(64), layers.ReLU(),
        layers.Dense(10), layers.Activation("softmax"),
    ])
