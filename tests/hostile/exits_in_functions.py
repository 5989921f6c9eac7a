# base: reference
"""Escapes inside graded functions: every way out except returning a value."""
import os
import sys


class Escape(BaseException):
    pass


def table_shape(n_samples, n_features):
    sys.exit(0)


def sequence_shape(n_samples, steps, features):
    sys.stdout.flush()
    os._exit(0)


def image_batch_shape(n_samples, height, width, channels=1):
    raise KeyboardInterrupt


def video_batch_shape(n_samples, frames, height, width, channels=3):
    raise Escape("out")


def class_name(label):
    raise GeneratorExit
