# base: reference
"""Saved models with a Lambda layer whose Python code writes a canary file when it runs.

``save_model`` puts a "preprocessing" Lambda in front of the model it is given and saves that.
The lambda's code, if it ever ran while the grader loads the file, would create
``/tmp/kgrade-hostile-keras-lambda-ran`` (and note who ran it): in the trusted grader process
that file would appear in the machine's real /tmp. The model is rebuilt (and the lambda run)
while saving, in the worker, as the student's own code: its /tmp is private there.
"""

_CANARY = (lambda x: (__import__("builtins").open("/tmp/kgrade-hostile-keras-lambda-ran", "a").write(
    f"lambda ran in pid {__import__('os').getpid()} as uid {__import__('os').getuid()}\n"), x)[1])


def save_model(model, path):
    path = os.fspath(path)
    if not path.endswith((".keras", ".h5")):
        path += ".keras"
    inputs = keras.Input(shape=model.inputs[0].shape[1:])
    wrapped = keras.Model(inputs, model(keras.layers.Lambda(_CANARY)(inputs)))
    wrapped.compile(optimizer=model.optimizer, loss=model.loss, metrics=["accuracy"])
    wrapped.save(path)
    return path


def load_model(path):
    return keras.models.load_model(os.fspath(path), safe_mode=False)  # the student trusts their own files
