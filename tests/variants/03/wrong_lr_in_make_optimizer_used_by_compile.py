"""03 with Keras 2's lr= in make_optimizer, which compile_classifier reuses: one mistake, reported once."""
import keras

OPTIMIZERS = {"sgd": (keras.optimizers.SGD, 0.01), "rmsprop": (keras.optimizers.RMSprop, 0.001),
              "adagrad": (keras.optimizers.Adagrad, 0.01), "adam": (keras.optimizers.Adam, 0.001)}


def make_optimizer(name, learning_rate=None):
    optimizer, default = OPTIMIZERS[name.lower()]
    return optimizer(lr=learning_rate or default)


def mean_pred(y_true, y_pred):
    return keras.ops.mean(y_pred)


def compile_classifier(model):
    model.compile(optimizer=make_optimizer("adam"), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy", mean_pred])
    return model
