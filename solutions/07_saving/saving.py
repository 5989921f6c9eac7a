"""Assignment 07 - Save and load.

Training takes time; saving keeps the result. Keras offers two kinds of file:

* the WHOLE model: architecture, weights, and the compile settings with the optimizer's state,
  so that a loaded model predicts at once and can carry on training where it stopped.
  ``model.save(path)`` writes it and ``keras.models.load_model(path)`` reads it back.
  Keras 3 chooses the format from the end of the file name: ``.keras`` is the native format
  (a zip archive holding ``config.json``, ``metadata.json`` and ``model.weights.h5``) and
  ``.h5`` the legacy HDF5 format of Keras 2, still readable and writable. Any other name is
  refused; in Keras 2 a name without an extension wrote a TensorFlow SavedModel folder, which
  Keras 3 only makes through ``model.export(path)``, for serving, not for reloading in Keras.
* the WEIGHTS only: ``model.save_weights(path)`` and ``model.load_weights(path)``. Keras 3
  insists that such file names end in ``.weights.h5`` (Keras 2 took any ``.h5`` name), and the
  model that loads them must already have the same layers, with their weights created.

Sequential and functional models describe themselves, so they save whole without help. A
subclassed model is Python code: Keras can only rebuild it if the class is registered (the
``@keras.saving.register_keras_serializable`` line below) and if ``get_config`` returns the
arguments its ``__init__`` needs. Without them, save its weights and rebuild the model in code.

Fill in every part that raises ``NotImplementedError``. Check your work with::

    python -m autograder check 07

Stuck? ``python -m autograder check 07 --hint NAME`` gives a hint for the function NAME (or
``SomeModel`` for its ``get_config``), one step at a time.

The checks give your functions small models with fixed weights and paths inside a scratch
folder, then look at the files you wrote and at the predictions of what you load: they must be
exactly those of the original model. Hidden checks use other models, other file names and paths
given as ``pathlib.Path``.
"""

import os

import numpy as np

import keras

# The shape of one input image; a fresh SomeModel needs a batch of this shape to create weights.
INPUT_SHAPE = (28, 28)


# ---------------------------------------------------------------------------------------------
# 1. A subclassed model that can be saved whole.
# ---------------------------------------------------------------------------------------------


@keras.saving.register_keras_serializable(package="course07")
class SomeModel(keras.Model):
    """Flatten -> Dense(hidden_units, relu) -> Dense(n_classes, softmax), written as a subclass.

    ``__init__`` creates the layers and ``call`` chains them (this part is given). Like every
    subclassed model it has no weights until it is first called on a batch: then the Dense
    layers see the input size and create their kernels and biases.
    """

    def __init__(self, hidden_units=100, n_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.hidden_units = hidden_units
        self.n_classes = n_classes
        self.flatten = keras.layers.Flatten()
        self.hidden = keras.layers.Dense(hidden_units, activation="relu")
        self.classifier = keras.layers.Dense(n_classes, activation="softmax")

    def call(self, inputs):
        return self.classifier(self.hidden(self.flatten(inputs)))

    def get_config(self):
        """The arguments that rebuild this model: what ``load_model`` passes to ``__init__``.

        Start from the base class's config (it holds the model's name, dtype and trainable
        flag) and add ``hidden_units`` and ``n_classes``. Keras 3 cannot work these out itself
        for a subclassed model: without them, a loaded ``SomeModel(hidden_units=32)`` would be
        rebuilt with 100 units and its saved weights would no longer fit.

        Returns:
            dict: the base config plus ``"hidden_units"`` and ``"n_classes"``.
        """
        ### BEGIN SOLUTION
        config = super().get_config()
        config.update({"hidden_units": self.hidden_units, "n_classes": self.n_classes})
        return config
        ### END SOLUTION


# ---------------------------------------------------------------------------------------------
# 2. Whole models: architecture, weights and optimizer state in one file.
# ---------------------------------------------------------------------------------------------


def save_model(model, path):
    """Save ``model`` whole to ``path`` and return the path of the file written.

    The end of the file name chooses the format: ``.keras`` (native, recommended) or ``.h5``
    (legacy). A path with no extension, as Keras 2 code often used, gets ``.keras`` added
    (``"models/fashion"`` becomes ``"models/fashion.keras"``); otherwise the path is used as it
    is. Write exactly there: not in another folder, not under another name. Keras 2's
    ``save_format=`` argument is not needed: Keras 3 tolerates it, with a warning, only when it
    agrees with the name (it is accepted then, with a note), and refuses it otherwise.

    Args:
        model (keras.Model): a Sequential, functional or registered subclassed model.
        path (str or os.PathLike): where to save; it may be a ``pathlib.Path``, which has no
            string methods such as ``endswith``: turn it into a string first.

    Returns:
        str: the path of the file written.
    """
    ### BEGIN SOLUTION
    path = os.fspath(path)
    if not path.endswith((".keras", ".h5")):
        path += ".keras"
    model.save(path)
    return path
    ### END SOLUTION


def load_model(path):
    """Load a whole model saved by :func:`save_model` (a ``.keras`` or legacy ``.h5`` file).

    The loaded model must be ready to use: same predictions as the saved one, and compiled
    with the same loss and optimizer (including the optimizer's state, such as its step
    count), so that training can continue. Keras does this unless told not to compile.

    Args:
        path (str or os.PathLike): the file to load.

    Returns:
        keras.Model: the loaded model.
    """
    ### BEGIN SOLUTION
    return keras.models.load_model(os.fspath(path))
    ### END SOLUTION


# ---------------------------------------------------------------------------------------------
# 3. Weights only, for a subclassed model.
# ---------------------------------------------------------------------------------------------


def save_subclassed_weights(model, path):
    """Save the weights of ``model`` (a built SomeModel) and return the path of the file written.

    Keras 3 writes weights only to files whose names end in ``.weights.h5``. Make every path
    fit: a Keras 2 name ending in plain ``.h5`` has that ending replaced
    (``"ckpt/some_model.h5"`` becomes ``"ckpt/some_model.weights.h5"``), any other name without
    ``.weights.h5`` gets it added, and a name that already ends so is used as it is.

    Args:
        model (keras.Model): a SomeModel that has weights (it has been called on a batch).
        path (str or os.PathLike): where to save.

    Returns:
        str: the path of the file written, ending in ``.weights.h5``.
    """
    ### BEGIN SOLUTION
    path = os.fspath(path)
    if not path.endswith(".weights.h5"):
        if path.endswith(".h5"):
            path = path[: -len(".h5")]
        path += ".weights.h5"
    model.save_weights(path)
    return path
    ### END SOLUTION


def load_subclassed_weights(path):
    """A fresh ``SomeModel()`` (default sizes) holding the weights saved at ``path``.

    Weights can only be loaded into weights that exist, and a new subclassed model has none
    until it has been called on a batch (of shape ``(batch, *INPUT_SHAPE)``; its values do not
    matter). Beware ``model.build(...)``: on a subclassed model without a ``build`` method it
    marks the model built WITHOUT creating the weights, and the loaded weights then go nowhere.

    Args:
        path (str or os.PathLike): a ``.weights.h5`` file written by :func:`save_subclassed_weights`.

    Returns:
        SomeModel: a new model whose predictions equal those of the model that was saved.
    """
    ### BEGIN SOLUTION
    model = SomeModel()
    model(np.zeros((1, *INPUT_SHAPE), dtype="float32"))
    model.load_weights(os.fspath(path))
    return model
    ### END SOLUTION
