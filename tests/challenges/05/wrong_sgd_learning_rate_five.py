"""Does not learn: SGD with a learning rate of 5."""
import keras
from keras import layers


def build_challenge_cnn():
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)),
                              layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(),
                              layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=5.0), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
