# base: reference
"""Huge models: Dense layers of 50,000 and 20,000 units.

``build_sequential_add``'s second hidden layer alone is a 50,000 x 50,000 kernel (10 GB of
float32, refused at once); ``build_sequential_list`` asks for 20,000 x 20,000 kernels (1.6 GB
each), which Keras fills with random numbers until the grader's memory budget stops it.
"""


def build_sequential_add():
    model = keras.Sequential()
    model.add(keras.Input(shape=IMAGE_SHAPE))
    model.add(layers.Flatten())
    model.add(layers.Dense(50_000, activation="relu"))
    model.add(layers.Dense(50_000, activation="relu"))
    model.add(layers.Dense(N_CLASSES, activation="softmax"))
    return model


def build_sequential_list():
    return keras.Sequential([keras.Input(shape=IMAGE_SHAPE), layers.Flatten(),
                             layers.Dense(20_000, activation="relu"), layers.Dense(20_000, activation="relu"),
                             layers.Dense(20_000, activation="relu"), layers.Dense(N_CLASSES, activation="softmax")])
