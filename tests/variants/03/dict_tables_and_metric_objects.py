"""A correct 03 with dict tables, keras.optimizers.get plus learning_rate, mean_pred with
keras.ops on the last axis then all, and compile_classifier with a loss function and metric objects."""
import keras

ACTIVATIONS = {"binary": "sigmoid", "multiclass": "softmax", "multilabel": "sigmoid", "regression": None}
DEFAULT_RATES = {"sgd": 0.01, "rmsprop": 0.001, "adagrad": 0.01, "adam": 0.001}


def output_activation(problem):
    try:
        return ACTIVATIONS[problem]
    except KeyError:
        raise ValueError(f"unknown problem {problem!r}; expected one of {sorted(ACTIVATIONS)}") from None


def choose_loss(problem, integer_labels=True):
    if problem not in ACTIVATIONS:
        raise ValueError(f"unknown problem {problem!r}: use binary, multiclass, multilabel or regression")
    if problem == "multiclass":
        return "sparse_categorical_crossentropy" if integer_labels else "categorical_crossentropy"
    return {"binary": "binary_crossentropy", "multilabel": "binary_crossentropy", "regression": "mse"}[problem]


def make_optimizer(name, learning_rate=None):
    key = name.lower()
    if key not in DEFAULT_RATES:
        raise ValueError(f"unknown optimizer {name!r}")
    optimizer = keras.optimizers.get(key)
    optimizer.learning_rate = DEFAULT_RATES[key] if learning_rate is None else learning_rate
    return optimizer


def mean_pred(y_true, y_pred):
    return keras.ops.mean(keras.ops.mean(y_pred, axis=-1))


def compile_classifier(model):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss=keras.losses.sparse_categorical_crossentropy,
                  metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy"), mean_pred])
    return model
