# Generated from solutions/ by `python -m autograder release`; edit the solution, not this file.
"""Assignment 04 - Fitting a model, with validation data and callbacks.

``model.fit`` runs the training loop: it goes over the training data ``epochs`` times, batch by
batch, and after every batch the optimizer nudges the weights to make the loss smaller.

Training accuracy alone can fool you. In the article this course follows, the dense network of
assignment 02 reached 92.82% accuracy on its training images after 20 epochs; stopped earlier,
as soon as it passed 90% (90.17%, at epoch 8), it scored only 87.73% on the test images, which
it had never seen: it had partly memorised its training set (over-fitting). So keep some
labelled images out of training, a validation set (the first 5,000 training images, say), and
let ``fit`` report the loss and accuracy on them after every epoch: the ``val_loss`` and
``val_accuracy`` entries of the History that ``fit`` returns.

Callbacks are objects that ``fit`` calls at fixed moments: ``on_train_begin``/``end``,
``on_epoch_begin``/``end``, ``on_batch_begin``/``end``. Keras ships many (ModelCheckpoint saves
the best model so far; EarlyStopping ends training once the validation score stops improving),
and you can write your own by subclassing ``keras.callbacks.Callback``.

The whole workflow in this module: ``prepare_images`` scales the pixels, ``build_model`` builds
and compiles the network, and ``train`` fits it, with callbacks if you give some::

    x_train, x_valid = prepare_images(x_train), prepare_images(x_valid)
    model = build_model()
    history = train(model, x_train, y_train, x_valid, y_valid, epochs=20,
                    callbacks=make_callbacks("best.keras") + [StopAtAccuracy(0.9)])
    history.history["val_accuracy"]  # one value per epoch

Fill in every function that raises ``NotImplementedError``. Check your work with::

    python -m autograder check 04

The accuracy checks train your code and the reference solution the same way (same images,
seed and number of epochs) and compare their validation accuracy. The self-check lists what the
hidden checks probe. Stuck? ``python -m autograder check 04 --hint NAME`` gives a hint for the
function or class NAME, one step at a time.
"""

import warnings

import keras
import numpy as np

# ---------------------------------------------------------------------------------------------
# 1. Data and model.
# ---------------------------------------------------------------------------------------------


def prepare_images(x):
    """Scale pixel values from 0..255 to 0..1, as float32.

    A network fed raw pixels (up to 255) starts with huge activations and barely learns: on
    Fashion-MNIST it can stay near chance (10% accuracy). Dividing by 255 fixes that.

    Args:
        x (np.ndarray): images with pixel values from 0 to 255, e.g. uint8 of shape
            ``(n, 28, 28)``.

    Returns:
        np.ndarray: a new float32 array of the same shape, values from 0.0 to 1.0.
    """
    # YOUR CODE HERE
    raise NotImplementedError("prepare_images: not implemented yet; read its docstring, then replace this line with your code")


def build_model():
    """The course's dense classifier, built and compiled, ready for ``fit``.

    The network of assignment 02: 28x28 images in, flattened, a hidden Dense layer of 100 relu
    units, and an output Dense layer of 10 softmax units (softmax, because exactly one of the 10
    classes is right); 79,510 parameters.

    Compile it as in assignment 03: the Adam optimizer at learning rate 0.001, the loss for
    integer labels (0 to 9, not one-hot rows), and the accuracy metric named ``"accuracy"`` in
    full. (Keras 2's ``"acc"`` computes the same accuracy and is accepted, with a note, but the
    History's keys follow the metric's name: ``acc`` and ``val_acc`` instead of ``accuracy``
    and ``val_accuracy``, which the callbacks of this assignment watch.)

    Returns:
        keras.Model: the compiled model.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_model: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 2. Callbacks.
# ---------------------------------------------------------------------------------------------


class StopAtAccuracy(keras.callbacks.Callback):
    """Stop training at the end of the first epoch whose accuracy reaches a threshold.

    If a project only needs 90% accuracy, there is no point in running all the epochs. At the
    end of every epoch, ``fit`` calls ``on_epoch_end(epoch, logs)``, where ``logs`` is a dict
    of that epoch's results, such as ``{"loss": 0.31, "accuracy": 0.8917, "val_loss": ...}``.
    When the monitored value is at least ``threshold``, ask the model being trained to stop:
    ``fit`` checks the model's ``stop_training`` flag after every epoch (the callback reaches
    the model through ``self.model``; the callback's own attributes do not stop anything).
    ``fit`` then ends after this epoch.

    When the logs have no ``monitor`` key (a typo, or a model compiled with ``"acc"`` whose
    logs say ``acc``), do not stop, and warn (a ``warnings`` warning) naming the missing key
    and the keys the logs do have. (Raising a KeyError or ValueError that names the key is
    accepted too. Comparing ``None`` with a number is not: that is a TypeError that does not
    say what went wrong.)

    Args:
        threshold (float): stop once the monitored value is ``>= threshold``.
        monitor (str): the key of ``logs`` to watch, e.g. ``"accuracy"`` or ``"val_accuracy"``.
    """

    def __init__(self, threshold=0.9, monitor="accuracy"):
        super().__init__()
        # YOUR CODE HERE: keep the threshold and the monitored key
        raise NotImplementedError("StopAtAccuracy.__init__: not implemented yet; read the class docstring, then replace this line with your code")

    def on_epoch_end(self, epoch, logs=None):
        # YOUR CODE HERE: stop training when logs[self.monitor] reaches self.threshold
        raise NotImplementedError("StopAtAccuracy.on_epoch_end: not implemented yet; read the class docstring, then replace this line with your code")


def make_callbacks(checkpoint_path, patience=3):
    """The two standard callbacks: keep the best model, stop when it stops improving.

    * a ``ModelCheckpoint`` that saves the whole model to ``checkpoint_path``, but only when the
      validation accuracy (``"val_accuracy"``) is the best so far; say explicitly that higher is
      better rather than leaving Keras to guess from the name;
    * an ``EarlyStopping`` that watches the same number, in the same direction, ends training
      after ``patience`` epochs without a better one, and puts back the best weights it saw,
      so that the model you keep is the best one, not the last one.

    Keras 3 saves a whole model in its own ``.keras`` format; the ``.h5`` files of Keras 2
    are a legacy format. Before creating the callbacks, check the path: when it does not end
    in ``.keras``, raise a ValueError that says a ``.keras`` path is needed.

    Args:
        checkpoint_path (str): where to save the best model, ending in ``.keras``.
        patience (int): epochs without improvement before early stopping.

    Returns:
        list: ``[ModelCheckpoint(...), EarlyStopping(...)]``.

    Raises:
        ValueError: when ``checkpoint_path`` does not end in ``.keras``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("make_callbacks: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 3. Training.
# ---------------------------------------------------------------------------------------------


def train(model, x_train, y_train, x_valid, y_valid, epochs, callbacks=None):
    """Fit a compiled model, report validation results every epoch, return the History.

    One call to ``fit`` trains for ``epochs`` epochs with the given ``callbacks``, and measures
    the loss and accuracy on ``(x_valid, y_valid)`` after every epoch (those images are not
    trained on). Keep fit's default batch size (32) and shuffling, use the data as it is given
    (it is already scaled), and keep fit quiet (no progress bar).

    Args:
        model (keras.Model): a compiled model.
        x_train, y_train (np.ndarray): training images and integer labels.
        x_valid, y_valid (np.ndarray): validation images and labels.
        epochs (int): how many times to go over the training data (fewer if a callback stops
            training early).
        callbacks (list or None): callbacks for ``fit``, or None for none.

    Returns:
        keras.callbacks.History: what ``fit`` returns (not its ``.history`` dict). Its
        ``history`` maps ``"loss"``, ``"accuracy"``, ``"val_loss"`` and ``"val_accuracy"`` to
        one value per epoch trained.
    """
    # YOUR CODE HERE
    raise NotImplementedError("train: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 4. Reading a learning curve.
# ---------------------------------------------------------------------------------------------
# ``history.history`` holds one value per epoch for each quantity. Epochs are numbered from 1 here,
# as Keras's progress bar numbers them ("Epoch 1/20"): the first value of a list is epoch 1.


def best_epoch(history):
    """The epoch whose validation loss is the lowest: the model worth keeping.

    Validation loss measures how wrong the model is on images it does not train on; the epoch
    where it is lowest is the best model of the run (what ``EarlyStopping(restore_best_weights=
    True)`` gives back when it watches ``val_loss``). When several epochs share the lowest value,
    the first of them counts.

    Args:
        history (dict): a History's ``history`` dict, with a ``"val_loss"`` list (one value per
            epoch), e.g. ``{"loss": [0.61, 0.42, 0.38], "val_loss": [0.48, 0.41, 0.44]}``.

    Returns:
        int: the epoch number, counted from 1 like Keras's progress bar (2 in the example).
    """
    # YOUR CODE HERE
    raise NotImplementedError("best_epoch: not implemented yet; read its docstring, then replace this line with your code")


def overfitting_start(history):
    """The first epoch at which the run shows over-fitting, or None when it never does.

    Over-fitting shows as two curves going apart: the training loss still falls while the
    validation loss rises. Here an epoch shows it when both hold:

    * its validation loss is higher than the lowest validation loss of the epochs before it, and
    * its training loss is lower than the epoch before's (the model still gets better on its
      training images).

    A validation loss that rises while the training loss rises too is not over-fitting (the
    training itself went wrong, e.g. a learning rate too large), and neither is the first epoch.

    Args:
        history (dict): a History's ``history`` dict with ``"loss"`` and ``"val_loss"`` lists of
            the same length, e.g. ``{"loss": [0.61, 0.42, 0.38], "val_loss": [0.48, 0.41, 0.44]}``.

    Returns:
        int or None: the epoch number, counted from 1 like Keras's progress bar (3 in the
        example), or None.
    """
    # YOUR CODE HERE
    raise NotImplementedError("overfitting_start: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 5. The challenge: your own model.
# ---------------------------------------------------------------------------------------------


def build_challenge_model():
    """A classifier of your own design for 28x28 images, compiled, within the parameter budget.

    Choose the architecture and the compile settings yourself. The grader checks the budget
    (at most 110,000 parameters, counted with ``count_params()``), then trains your model itself:
    its weights drawn afresh from the course's seed, the course's training images (already
    scaled to 0..1, shape ``(n, 28, 28)``, integer labels 0 to 9), a fixed number of epochs and
    batch size. It then measures accuracy on images your code never sees with their labels, and
    compares it with the reference solution's model, trained the same way. The feedback shows
    both learning curves, epoch by epoch, and says whether your model under-fits or over-fits.
    The grader's training of your model may use up to 120 CPU seconds (the reference's model
    needs about 4, a small CNN about 16): a model that needs more is stopped and gets no
    accuracy points, and the feedback says so. A busy machine does not count against you:
    the limit is CPU time, not the time on the clock.

    Use Keras's own layers only (``keras.Sequential`` or ``keras.Model(inputs, outputs)``; no
    ``Lambda`` layers, no layer or model classes of your own): the grader saves the model after
    every epoch and measures it in a separate process that loads it with
    ``keras.saving.load_model(..., safe_mode=True)`` and without your module.

    Returns:
        keras.Model: compiled (optimizer, a loss for integer labels), images ``(batch, 28, 28)``
        in, one score per class ``(batch, 10)`` out.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_challenge_model: not implemented yet; read its docstring, then replace this line with your code")
