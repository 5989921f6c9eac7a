"""Cannot be measured: a layer class of its own (and a Lambda). The grader's evaluator loads the
trained model with safe_mode=True and without this module, so the challenge takes Keras's own layers."""
import keras


class Scale(keras.layers.Layer):
    def call(self, inputs):
        return inputs * 2.0


def build_challenge_model():
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), Scale(),
                              keras.layers.Lambda(lambda x: x * 0.5),
                              keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
