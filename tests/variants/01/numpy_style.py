"""A correct 01 in plain numpy style, with tuples, np.eye and sklearn-like splitting by hand."""
import numpy as np

CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag',
               'Ankle boot']


def one_hot_text(text, max_len=280, vocab_size=128):
    out = np.zeros((max_len, vocab_size), dtype="float32")
    for i, ch in enumerate(text):
        if i >= max_len:
            break
        if ord(ch) < vocab_size:
            out[i][ord(ch)] = 1
    return out


def normalize_images(x):
    return (x / 255.0).astype("float32")


def split_validation(x, y, n_valid=5000):
    return (x[n_valid:], y[n_valid:]), (x[:n_valid], y[:n_valid])


def class_name(label):
    return CLASS_NAMES[label]
