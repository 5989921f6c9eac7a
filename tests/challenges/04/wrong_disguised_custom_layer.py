"""Cannot be measured, though it claims otherwise: a layer of its own whose class says it comes from
Keras. The worker's quick look believes the claim and trains it; the evaluator, which has no such
class, cannot load the saved model and says why."""
import keras


class Doubling(keras.layers.Layer):
    def call(self, inputs):
        return inputs * 2.0


Doubling.__module__ = "keras.src.layers.core.dense"


def build_challenge_model():
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), Doubling(),
                              keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
