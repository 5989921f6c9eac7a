"""A student's attempt at assignment 01, with mistakes people often make."""

import numpy as np


def table_shape(n_samples, n_features):
    return (n_features, n_samples)  # the axes swapped: samples come first


def sequence_shape(n_samples, steps, features):
    return (n_samples, steps, features)


def image_batch_shape(n_samples, height, width, channels=1):
    return (n_samples, height, width)  # forgot the channel axis


def video_batch_shape(n_samples, frames, height, width, channels=3):
    return (n_samples, frames, height, width, channels)


def one_hot_text(text, max_len=280, vocab_size=128):
    encoded = np.zeros((max_len, vocab_size), dtype=np.float32)
    for i, character in enumerate(text):  # no cut at max_len, no vocabulary guard
        encoded[i, ord(character)] = 1.0
    return encoded


def normalize_images(x):
    return x / 255  # float64


def split_validation(x, y, n_valid=5000):
    return (x[n_valid:], y[n_valid:]), (x[:n_valid], y[:n_valid])


def train_test_split(x, y, test_size=0.2, seed=0):
    n_test = int(len(x) * test_size)  # rounds down
    order = np.random.default_rng(seed).permutation(len(x))
    return x[order[n_test:]], x[order[:n_test]], y[order[n_test:]], y[order[:n_test]]


CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress" "Coat",  # a missing comma
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def class_name(label):
    return CLASS_NAMES[label]
