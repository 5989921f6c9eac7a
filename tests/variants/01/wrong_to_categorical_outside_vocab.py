"""A 01 one_hot_text written with keras.utils.to_categorical: right for text inside the vocabulary,
but a character whose code is vocab_size or more makes to_categorical raise."""
import keras
import numpy as np


def one_hot_text(text, max_len=280, vocab_size=128):
    codes = [ord(c) for c in text[:max_len]]
    encoded = keras.utils.to_categorical(codes, num_classes=vocab_size)
    padding = np.zeros((max_len - len(codes), vocab_size), dtype="float32")
    return np.concatenate([encoded, padding]).astype("float32")


def normalize_images(x):
    return x / 255.0
