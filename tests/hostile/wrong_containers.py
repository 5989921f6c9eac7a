# base: reference
"""Plain mistakes: the right values in the wrong kind of container."""
import numpy as np


def table_shape(n_samples, n_features):
    return [n_samples, n_features]


def sequence_shape(n_samples, steps, features):
    return np.array([n_samples, steps, features])


def split_validation(x, y, n_valid=5000):
    return [[x[n_valid:], y[n_valid:]], [x[:n_valid], y[:n_valid]]]


CLASS_NAMES = {i: name for i, name in enumerate(CLASS_NAMES)}  # noqa: F821 - a dict, not a list
