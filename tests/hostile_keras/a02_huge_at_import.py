# base: reference
"""A huge model built at the top level of the module: a 50,000 x 50,000 kernel (10 GB) while importing."""

_EXPERIMENT = keras.Sequential([keras.Input(shape=IMAGE_SHAPE), layers.Flatten(),
                                layers.Dense(50_000, activation="relu"), layers.Dense(50_000, activation="relu"),
                                layers.Dense(N_CLASSES, activation="softmax")])
