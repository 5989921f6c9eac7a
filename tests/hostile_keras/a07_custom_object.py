# base: reference
"""Saved models holding custom objects that are not registered with Keras.

``save_model`` adds a custom layer (``Canary``, not decorated with
``@keras.saving.register_keras_serializable``) whose ``__init__`` writes a canary file, and
compiles with a custom loss function: loading the file needs both classes' code. The grader
must not import or run it in its own process; in the worker, Keras cannot find them.
"""


class Canary(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with open("/tmp/kgrade-hostile-keras-custom-ran", "a") as handle:
            handle.write(f"custom layer built in pid {os.getpid()} as uid {os.getuid()}\n")

    def call(self, inputs):
        return inputs


def canary_loss(y_true, y_pred):
    return keras.losses.sparse_categorical_crossentropy(y_true, y_pred)


def save_model(model, path):
    path = os.fspath(path)
    if not path.endswith((".keras", ".h5")):
        path += ".keras"
    inputs = keras.Input(shape=model.inputs[0].shape[1:])
    wrapped = keras.Model(inputs, model(Canary()(inputs)))
    wrapped.compile(optimizer="adam", loss=canary_loss)
    wrapped.save(path)
    return path
