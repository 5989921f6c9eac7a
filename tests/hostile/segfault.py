# base: reference
"""Resources: a segmentation fault in native code."""
import ctypes


def image_batch_shape(n_samples, height, width, channels=1):
    ctypes.string_at(0)
