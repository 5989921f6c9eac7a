"""A student's attempt at assignment 03, written from a Keras 2 tutorial, with its habits."""

import keras
from keras import backend as K


def output_activation(problem):
    if problem == "binary":
        return "sigmoid"
    elif problem == "multiclass":
        return "softmax"
    elif problem == "multilabel":
        return "softmax"  # one softmax over all the labels
    elif problem == "regression":
        return None
    # an unknown problem falls off the end and gets None


def choose_loss(problem, integer_labels=True):
    losses = {"binary": "binary_crossentropy", "multilabel": "binary_crossentropy",
              "regression": "mse", "multiclass": "categorical_crossentropy"}
    return losses[problem]  # integer_labels forgotten; an unknown problem is a KeyError


def make_optimizer(name, learning_rate=None):
    optimizers = {"sgd": keras.optimizers.SGD, "rmsprop": keras.optimizers.RMSprop,
                  "adagrad": keras.optimizers.Adagrad, "adam": keras.optimizers.Adam}
    if learning_rate is None:
        return optimizers[name.lower()]()
    return optimizers[name.lower()](lr=learning_rate, decay=1e-6)


def mean_pred(y_true, y_pred):
    return K.mean(y_pred)


def compile_classifier(model):
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc", mean_pred])
