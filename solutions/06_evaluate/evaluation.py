"""Assignment 06 - Predict and evaluate.

A trained classifier answers every input with a row of probabilities, one per class: for
Fashion-MNIST, ten numbers between 0 and 1 that add up to 1. ``model.predict(x)`` therefore
returns an array of shape ``(samples, 10)``, not labels. The label is the position of the largest
probability in each row, found with ``np.argmax`` over the LAST axis (``axis=-1``); the label
then gives the class name. In the course's example the first test image gets its highest
probability at position 9, "Ankle boot", which is also its true label: a correct prediction.

``model.evaluate(x, y)`` runs the model on held-out data and reports the loss and every metric
given to ``compile``. It returns a plain list ``[loss, accuracy, ...]`` by default, and a dict
keyed by metric name with ``return_dict=True``; the key is the name used in ``compile``, so
``metrics=["accuracy"]`` gives ``"accuracy"`` (Keras 2 code often wrote ``"acc"``).

A single accuracy hides which classes get mixed up. A confusion matrix counts, for every true
class (a row), how often each class was predicted (a column): the diagonal holds the correct
answers, everything else is a mistake, such as shirts taken for T-shirts.

Fill in every function that raises ``NotImplementedError``. Check your work with::

    python -m autograder check 06

Stuck? ``python -m autograder check 06 --hint NAME`` gives a hint for the function NAME, one
step at a time.

The checks give your functions a small model with fixed weights and fixed inputs, and compare
what you return with the reference solution. Hidden checks use other models, other numbers of
classes and other labels, so keep your functions general.
"""

import numpy as np

# ---------------------------------------------------------------------------------------------
# 1. Class names. This module keeps its own copy of the ten Fashion-MNIST names.
# ---------------------------------------------------------------------------------------------

# The names in label order: label 0 is "T-shirt/top", label 9 is "Ankle boot".
# Put a comma after every name: 'Dress' 'Coat' without one is the single string 'DressCoat'.
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

# ---------------------------------------------------------------------------------------------
# 2. From probabilities to labels and names.
# ---------------------------------------------------------------------------------------------


def predict_classes(model, x):
    """The most likely class of every sample in ``x``, as integer labels.

    The model's predictions are probabilities of shape ``(samples, classes)``. The label of a
    sample is the position of the largest value in its row, so look along the class axis, the
    last one. Along axis 0 you would get, for every class, the sample it fits best, which is not
    a label. Keep the prediction quiet (no progress bar).

    Args:
        model (keras.Model): a classifier whose last layer is a softmax over the classes.
        x (np.ndarray): a batch of inputs, samples on the first axis, e.g. ``(n, 28, 28)``.

    Returns:
        np.ndarray: integer labels of shape ``(samples,)``, one per sample (a numpy array of
        ints, not probabilities, not floats, not a TensorFlow tensor).
    """
    ### BEGIN SOLUTION
    probabilities = model.predict(x, verbose=0)
    return np.argmax(probabilities, axis=-1)
    ### END SOLUTION


def predict_class_names(model, x):
    """The name of the most likely class of every sample in ``x``.

    The labels are those of :func:`predict_classes`; each one names a position in
    ``CLASS_NAMES``: label 9 is "Ankle boot". Labels start at 0, like list positions.

    Args:
        model (keras.Model): a Fashion-MNIST classifier (ten outputs).
        x (np.ndarray): a batch of inputs, samples on the first axis.

    Returns:
        list of str: one class name per sample, in the order of the samples (a Python list,
        not a numpy array).
    """
    ### BEGIN SOLUTION
    return [CLASS_NAMES[int(label)] for label in predict_classes(model, x)]
    ### END SOLUTION


# ---------------------------------------------------------------------------------------------
# 3. Scores on held-out data.
# ---------------------------------------------------------------------------------------------


def evaluate_model(model, x, y):
    """Loss and metrics of a compiled model on the data ``(x, y)``, as a dict.

    Evaluation does not train: the weights stay as they are. Keras can give the results as a
    list (then you must know the order of the values) or as a dict keyed by name; ask for the
    dict, quietly (no progress bar). The model given to you is compiled with
    ``metrics=["accuracy"]`` (sometimes with more metrics), so the dict has the keys ``"loss"``
    and ``"accuracy"``, and one more per extra metric. Its values are plain Python floats.

    Args:
        model (keras.Model): a compiled classifier.
        x (np.ndarray): inputs, samples on the first axis.
        y (np.ndarray): integer labels, one per sample.

    Returns:
        dict: at least ``{"loss": float, "accuracy": float}``, with any other compiled metric
        under its own name. Accuracy is a fraction between 0 and 1, not a percentage.
    """
    ### BEGIN SOLUTION
    results = model.evaluate(x, y, verbose=0, return_dict=True)
    return {name: float(value) for name, value in results.items()}
    ### END SOLUTION


def confusion_matrix(y_true, y_pred, n_classes=10):
    """Count how often each true class was predicted as each class.

    Entry ``[t, p]`` is the number of samples whose true label is ``t`` and whose predicted
    label is ``p``: rows are the TRUE labels, columns the PREDICTED ones. A perfect classifier
    has counts on the diagonal only. The size comes from ``n_classes``, not from the labels that
    happen to occur: a class that is never predicted (or never present) still has its row and
    its column, full of zeros.

    Example with ``n_classes=3``: ``y_true = [0, 1, 1, 2]`` and ``y_pred = [0, 1, 2, 2]`` give
    ``[[1, 0, 0], [0, 1, 1], [0, 0, 1]]``.

    Args:
        y_true (np.ndarray): true integer labels, shape ``(samples,)``, any integer dtype.
        y_pred (np.ndarray): predicted integer labels, same shape.
        n_classes (int): number of classes; labels go from 0 to ``n_classes - 1``.

    Returns:
        np.ndarray: integer counts (an integer dtype, not floats) of shape
        ``(n_classes, n_classes)``; all entries together add up to the number of samples.
    """
    ### BEGIN SOLUTION
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    rows = np.asarray(y_true, dtype=np.int64)
    columns = np.asarray(y_pred, dtype=np.int64)
    np.add.at(matrix, (rows, columns), 1)
    return matrix
    ### END SOLUTION
