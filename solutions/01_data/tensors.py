"""Assignment 01 - Data is tensors.

Keras learns from numpy arrays. Whatever the data is (a table, text, images or video), it
arrives as one array whose first axis counts the samples; the other axes describe one sample.
In this assignment you write the small functions that give those arrays their shapes, turn
text and images into the numbers a network can read, and split data for training and testing.

Fill in every function that raises ``NotImplementedError``. Check your work with::

    python -m autograder check 01

Run it as often as you like: it shows the public checks, and lists what the hidden checks
(which run when your work is graded) probe, so make your functions general. Stuck on a function?
``python -m autograder check 01 --hint one_hot_text`` gives a hint, one step at a time.
"""

import numpy as np

# ---------------------------------------------------------------------------------------------
# 1. Shapes. The first axis is always the sample axis.
# ---------------------------------------------------------------------------------------------


def table_shape(n_samples, n_features):
    """Shape of a table of ``n_samples`` rows, each with ``n_features`` columns.

    A table is a 2-D tensor ``(samples, features)``: a house-price table of 21,000 houses,
    each described by 21 numbers, has shape ``(21000, 21)``.

    Args:
        n_samples (int): number of rows (samples).
        n_features (int): number of columns (features) per sample.

    Returns:
        tuple of int: ``(n_samples, n_features)``.
    """
    ### BEGIN SOLUTION
    return (n_samples, n_features)
    ### END SOLUTION


def sequence_shape(n_samples, steps, features):
    """Shape of a batch of sequences: a 3-D tensor ``(samples, steps, features)``.

    A tweet of at most 280 characters, each character one-hot encoded over the 128 ASCII
    codes, is ``(280, 128)``; a million tweets are ``(1000000, 280, 128)``.

    Args:
        n_samples (int): number of sequences.
        steps (int): length of every sequence (time steps).
        features (int): numbers describing one step.

    Returns:
        tuple of int: ``(n_samples, steps, features)``.
    """
    ### BEGIN SOLUTION
    return (n_samples, steps, features)
    ### END SOLUTION


def image_batch_shape(n_samples, height, width, channels=1):
    """Shape of a batch of images: a 4-D tensor ``(samples, height, width, channels)``.

    Grey images keep a channel axis of size 1 (one brightness value per pixel, 0 black and
    255 white); colour images have 3 channels (red, green, blue). 60,000 grey 28x28 images
    are ``(60000, 28, 28, 1)``.

    Args:
        n_samples (int): number of images.
        height (int): rows of pixels.
        width (int): columns of pixels.
        channels (int): values per pixel, 1 for grey images (the default).

    Returns:
        tuple of int: ``(n_samples, height, width, channels)``.
    """
    ### BEGIN SOLUTION
    return (n_samples, height, width, channels)
    ### END SOLUTION


def video_batch_shape(n_samples, frames, height, width, channels=3):
    """Shape of a batch of video clips: a 5-D tensor ``(samples, frames, height, width, channels)``.

    A video is a sequence of images. Cut a long colour film into 40 clips of 240 frames each,
    every frame 1280 by 720 pixels, and the batch is ``(40, 240, 1280, 720, 3)`` when the frame
    size is given in that order.

    Args:
        n_samples (int): number of clips.
        frames (int): frames per clip.
        height (int): first spatial size of a frame.
        width (int): second spatial size of a frame.
        channels (int): values per pixel, 3 for colour (the default).

    Returns:
        tuple of int: ``(n_samples, frames, height, width, channels)``.
    """
    ### BEGIN SOLUTION
    return (n_samples, frames, height, width, channels)
    ### END SOLUTION


# ---------------------------------------------------------------------------------------------
# 2. Turning text and images into numbers.
# ---------------------------------------------------------------------------------------------


def one_hot_text(text, max_len=280, vocab_size=128):
    """One-hot encode ``text`` character by character.

    Row ``i`` describes character ``i`` of the text: it is all zeros except for a 1.0 in column
    ``ord(character)``. Rules for the edge cases:

    * text longer than ``max_len`` is cut: only its first ``max_len`` characters are encoded;
    * text shorter than ``max_len`` is padded with all-zero rows at the end;
    * a character whose code is ``vocab_size`` or more (outside the vocabulary, such as ``'é'``
      for the 128 ASCII codes) keeps its row, but the row stays all zeros.

    Args:
        text (str): the text to encode.
        max_len (int): number of rows (characters) in the result.
        vocab_size (int): number of columns (character codes) in the result.

    Returns:
        np.ndarray: float32 array of shape ``(max_len, vocab_size)`` holding only 0.0 and 1.0.
    """
    ### BEGIN SOLUTION
    encoded = np.zeros((max_len, vocab_size), dtype=np.float32)
    for position, character in enumerate(text[:max_len]):
        code = ord(character)
        if code < vocab_size:
            encoded[position, code] = 1.0
    return encoded
    ### END SOLUTION


def normalize_images(x):
    """Scale pixel values from 0..255 to 0..1.

    Networks learn best from small inputs, so image pixels (0 black, 255 white) are divided by
    255. The input must not be changed: return a new array.

    Args:
        x (np.ndarray): pixel values from 0 to 255, any shape, any numeric dtype (usually uint8).

    Returns:
        np.ndarray: float32 array of the same shape, with values from 0.0 to 1.0.
    """
    ### BEGIN SOLUTION
    return np.asarray(x, dtype=np.float32) / np.float32(255.0)
    ### END SOLUTION


# ---------------------------------------------------------------------------------------------
# 3. Splitting data.
# ---------------------------------------------------------------------------------------------


def split_validation(x, y, n_valid=5000):
    """Hold out the first ``n_valid`` samples as a validation set.

    Fashion-MNIST has 60,000 training images; the first 5,000 become the validation set and
    the other 55,000 stay for training. The order of the samples is kept.

    Args:
        x (np.ndarray): inputs, samples on the first axis.
        y (np.ndarray): labels, one per sample.
        n_valid (int): how many samples, from the start, go to the validation set.

    Returns:
        tuple: ``((x_train, y_train), (x_valid, y_valid))`` where ``x_valid`` is ``x[:n_valid]``
        and ``x_train`` is ``x[n_valid:]`` (likewise for ``y``).
    """
    ### BEGIN SOLUTION
    x_valid, x_train = x[:n_valid], x[n_valid:]
    y_valid, y_train = y[:n_valid], y[n_valid:]
    return (x_train, y_train), (x_valid, y_valid)
    ### END SOLUTION


def train_test_split(x, y, test_size=0.2, seed=0):
    """Shuffle the samples, then split them into a training part and a test part.

    Written with numpy only (no scikit-learn), but returned in scikit-learn's order. The test
    part has ``ceil(test_size * n)`` samples, as in scikit-learn, and the training part the
    rest; every sample lands in exactly one part. Inputs and labels are shuffled together, so
    every label stays beside its input. The shuffle depends on ``seed`` alone: the same seed
    always gives the same split (even when called twice in a row), another seed another split.
    Do not touch numpy's global random state: make a generator of your own from the seed.

    Args:
        x (np.ndarray): inputs, samples on the first axis.
        y (np.ndarray): labels, one per sample.
        test_size (float): fraction of the samples that go to the test part, between 0 and 1.
        seed (int): seed of the random shuffle.

    Returns:
        tuple: ``(x_train, x_test, y_train, y_test)``.
    """
    ### BEGIN SOLUTION
    n_samples = len(x)
    n_test = int(np.ceil(test_size * n_samples))
    order = np.random.default_rng(seed).permutation(n_samples)
    test_rows, train_rows = order[:n_test], order[n_test:]
    return x[train_rows], x[test_rows], y[train_rows], y[test_rows]
    ### END SOLUTION


# ---------------------------------------------------------------------------------------------
# 4. Fashion-MNIST's class names.
# ---------------------------------------------------------------------------------------------

# The ten Fashion-MNIST classes, in label order: label 0 is "T-shirt/top", label 9 "Ankle boot".
# Watch the commas: in Python, 'Dress' 'Coat' (no comma) is ONE string, 'DressCoat'.
### BEGIN SOLUTION
#| stub: CLASS_NAMES = []  # TODO: the ten class names, in label order
CLASS_NAMES = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]
### END SOLUTION


def class_name(label):
    """The class name of an integer label (0 to 9), such as ``class_name(9) == "Ankle boot"``.

    Args:
        label (int): a label from 0 to 9; numpy integers work too.

    Returns:
        str: the name from ``CLASS_NAMES``.
    """
    ### BEGIN SOLUTION
    return CLASS_NAMES[int(label)]
    ### END SOLUTION
