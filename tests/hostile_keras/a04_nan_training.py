# base: reference
"""A learning rate so large that training blows up: plain SGD at 1e10 (the minus sign of 1e-10 was
lost), and the loss becomes NaN in the first epoch."""


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(100, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e10),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
