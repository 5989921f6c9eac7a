"""A correct 04 build_model written with two Keras 2 habits that still run: input_shape= on the
first layer and metrics=["acc"]. Both are accepted, each with its note."""
import keras


def build_model():
    model = keras.Sequential([
        keras.layers.Flatten(input_shape=(28, 28)),
        keras.layers.Dense(100, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
    return model
