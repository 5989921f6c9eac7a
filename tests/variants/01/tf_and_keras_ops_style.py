"""A correct 01 in TensorFlow style: tf.one_hot with -1 for the padding and characters outside the
vocabulary, keras.ops for the scaling, numpy's RandomState of its own for the split, the names from
str.split and class_name through a dict. Every check of these names passes, without a note."""
import keras
import numpy as np
import tensorflow as tf

CLASS_NAMES = "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot".split(",")
LABEL_TO_NAME = {i: name for i, name in enumerate(CLASS_NAMES)}


def one_hot_text(text, max_len=280, vocab_size=128):
    codes = [ord(ch) if ord(ch) < vocab_size else -1 for ch in text[:max_len]]  # tf.one_hot: -1 is all zeros
    codes += [-1] * (max_len - len(codes))
    return tf.one_hot(codes, depth=vocab_size, dtype=tf.float32).numpy()


def normalize_images(x):
    return keras.ops.convert_to_numpy(keras.ops.cast(x, "float32") / 255.0)


def split_validation(x, y, n_valid=5000):
    x_valid, x_train = np.split(x, [n_valid])
    y_valid, y_train = np.split(y, [n_valid])
    return (x_train, y_train), (x_valid, y_valid)


def train_test_split(x, y, test_size=0.2, seed=0):
    rng = np.random.RandomState(seed)
    idx = np.arange(len(x))
    rng.shuffle(idx)
    n_test = int(np.ceil(test_size * len(x)))
    test, train = idx[:n_test], idx[n_test:]
    return x[train], x[test], y[train], y[test]


def class_name(label):
    return LABEL_TO_NAME[int(label)]
