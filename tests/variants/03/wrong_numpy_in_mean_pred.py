"""03 whose mean_pred reads the tensor's values with .numpy(): it works when called eagerly, not
inside a compiled graph, where Keras runs metrics. The mistake is mean_pred's, said there once."""
import keras
import numpy as np


def mean_pred(y_true, y_pred):
    return np.mean(y_pred.numpy())


def compile_classifier(model):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy", mean_pred])
