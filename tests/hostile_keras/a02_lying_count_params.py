# base: reference
"""A keras.Sequential subclass that lies about its size.

Its real network has a hidden layer of 10 units (7,960 parameters), but ``count_params()``,
``summary()`` and the ``weights``, ``trainable_weights`` and ``layers`` properties all answer
for the 79,510-parameter network of the assignment (a second, honest model kept aside).
"""


class LyingSequential(keras.Sequential):
    @property
    def _honest(self):
        return _SHADOW

    def count_params(self):
        return 79_510

    def summary(self, *args, **kwargs):
        print("Total params: 79,510 (310.59 KB)\nTrainable params: 79,510 (310.59 KB)")

    @property
    def weights(self):
        return _SHADOW.weights

    @property
    def trainable_weights(self):
        return _SHADOW.trainable_weights

    @property
    def layers(self):
        return _SHADOW.layers


_SHADOW = keras.Sequential([keras.Input(shape=IMAGE_SHAPE), layers.Flatten(),
                            layers.Dense(100, activation="relu"), layers.Dense(N_CLASSES, activation="softmax")])


def build_sequential_add():
    model = LyingSequential()
    model.add(keras.Input(shape=IMAGE_SHAPE))
    model.add(layers.Flatten())
    model.add(layers.Dense(10, activation="relu"))
    model.add(layers.Dense(N_CLASSES, activation="softmax"))
    return model
