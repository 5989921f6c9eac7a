# base: reference
"""The wrong input shape: images already flattened to 784 numbers (the Flatten then does nothing)."""


def build_sequential_add():
    model = keras.Sequential()
    model.add(keras.Input(shape=(784,)))
    model.add(layers.Flatten())
    model.add(layers.Dense(100, activation="relu"))
    model.add(layers.Dense(N_CLASSES, activation="softmax"))
    return model
