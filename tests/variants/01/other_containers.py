"""A correct 01 that returns its sequences in other containers than the docstrings name: shapes and
splits as lists, CLASS_NAMES as a tuple (a constant, as pylint advises). The values are the right
ones, so every check passes, each with a note naming the container the docstring asks for."""
import numpy as np

CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")


def table_shape(n_samples, n_features):
    return [n_samples, n_features]


def sequence_shape(n_samples, steps, features):
    return [n_samples, steps, features]


def image_batch_shape(n_samples, height, width, channels=1):
    return list((n_samples, height, width)) + [channels]


def video_batch_shape(n_samples, frames, height, width, channels=3):
    return [n_samples, frames, height, width, channels]


def split_validation(x, y, n_valid=5000):
    x_valid, x_train = x[:n_valid], x[n_valid:]
    y_valid, y_train = y[:n_valid], y[n_valid:]
    return [[x_train, y_train], [x_valid, y_valid]]


def train_test_split(x, y, test_size=0.2, seed=0):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    n_test = int(np.ceil(test_size * len(x)))
    test, train = order[:n_test], order[n_test:]
    return [x[train], x[test], y[train], y[test]]


def class_name(label):
    return CLASS_NAMES[int(label)]
