"""A correct 03 written with tf.keras objects, if/elif chains and tf.reduce_mean."""
import tensorflow as tf
from tensorflow import keras


def output_activation(problem):
    if problem == "binary" or problem == "multilabel":
        return "sigmoid"
    elif problem == "multiclass":
        return "softmax"
    elif problem == "regression":
        return None
    else:
        raise ValueError("problem must be one of binary, multiclass, multilabel, regression; got " + str(problem))


def choose_loss(problem, integer_labels=True):
    if problem in ["binary", "multilabel"]:
        return "binary_crossentropy"
    elif problem == "multiclass":
        if integer_labels:
            return "sparse_categorical_crossentropy"
        return "categorical_crossentropy"
    elif problem == "regression":
        return "mean_squared_error"
    raise ValueError(f"Unknown problem: {problem}. Use binary, multiclass, multilabel or regression.")


def make_optimizer(name, learning_rate=None):
    name = name.lower()
    defaults = {"sgd": 0.01, "rmsprop": 0.001, "adagrad": 0.01, "adam": 0.001}
    if name not in defaults:
        raise ValueError(f"unknown optimizer {name}, choose sgd, rmsprop, adagrad or adam")
    lr = defaults[name] if learning_rate is None else learning_rate
    if name == "sgd":
        return keras.optimizers.SGD(learning_rate=lr)
    if name == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=lr)
    if name == "adagrad":
        return keras.optimizers.Adagrad(learning_rate=lr)
    return keras.optimizers.Adam(learning_rate=lr)


def mean_pred(y_true, y_pred):
    return tf.reduce_mean(y_pred)


def compile_classifier(model):
    model.compile(optimizer=tf.keras.optimizers.Adam(),
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(),
                  metrics=["accuracy", mean_pred])
    return model
