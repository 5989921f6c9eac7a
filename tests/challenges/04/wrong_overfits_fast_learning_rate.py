"""Over-fits: the reference's network without Dropout and with Adam at 0.01. Within four epochs its
training accuracy keeps rising while its held-out loss turns up after the second epoch."""
import keras


def build_challenge_model():
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
