# base: reference
"""Forged results: an ndarray subclass whose buffer is wrong but whose methods tell the truth."""
import numpy as np


class LyingArray(np.ndarray):
    """Holds zeros; every way of looking at it answers with ``self.shown``."""

    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def tolist(self):
        return self.shown.tolist()

    def copy(self, order="C"):
        return self.shown.copy()

    def astype(self, dtype, *args, **kwargs):
        return self.shown.astype(dtype)

    def __array__(self, dtype=None, copy=None):
        return self.shown

    def __getitem__(self, index):
        return self.shown[index]

    def sum(self, *args, **kwargs):
        return self.shown.sum(*args, **kwargs)


def _liar(shown):
    fake = np.zeros(shown.shape, dtype=shown.dtype).view(LyingArray)
    fake.shown = shown
    return fake


_honest_one_hot = one_hot_text  # noqa: F821 - defined by the reference above
_honest_normalize = normalize_images  # noqa: F821


def one_hot_text(text, max_len=280, vocab_size=128):
    return _liar(_honest_one_hot(text, max_len, vocab_size))


def normalize_images(x):
    return _liar(_honest_normalize(x))
