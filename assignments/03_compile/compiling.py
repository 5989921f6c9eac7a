# Generated from solutions/ by `python -m autograder release`; edit the solution, not this file.
"""Assignment 03 - Compiling a model: loss, optimizer and metrics.

Building a network only describes what it computes. Before it can learn, ``model.compile``
must say three more things, and scikit-learn has no step like this one:

* the **loss**: the number that training makes smaller. It depends on the kind of problem, and
  so does the activation of the last layer, which shapes what the network outputs;
* the **optimizer**: the rule that changes the weights after every batch, with its
  hyper-parameters (above all the learning rate);
* the **metrics**: numbers reported while training, for people to read. They do not steer
  training at all; only the loss does.

The problem decides the last activation and the loss:

==========================  =====================  ======================================
problem                     last activation        loss
==========================  =====================  ======================================
binary (yes or no)          sigmoid (one unit)     binary_crossentropy
multiclass (one of n)       softmax (n units)      sparse_categorical_crossentropy for
                                                   integer labels such as 9;
                                                   categorical_crossentropy for one-hot
                                                   labels such as [0, ..., 0, 1]
multilabel (any of n)       sigmoid (n units)      binary_crossentropy (one yes/no per label)
regression (a number)       none (linear output)   mse (mean squared error)
==========================  =====================  ======================================

(Sequences whose labels are not aligned with the inputs, such as speech to text, use the CTC
loss; it is not part of this assignment.)

Code written for Keras 2 often breaks here. Keras 3 rejects ``lr=`` (it is ``learning_rate=``
now) and ignores ``decay=`` with a warning (decaying learning rates are schedules now, in
``keras.optimizers.schedules``), and ``keras.backend.mean`` is gone: use ``keras.ops.mean``.

Fill in every function that raises ``NotImplementedError``. Check your work with::

    python -m autograder check 03

Hidden checks call the same functions with other arguments when your work is graded; the
self-check lists what they probe. Stuck? ``python -m autograder check 03 --hint NAME`` gives a
hint for the function NAME, one step at a time.
"""

import keras

# The four kinds of problem this assignment knows, in the order the docstrings list them.
PROBLEMS = ("binary", "multiclass", "multilabel", "regression")


# ---------------------------------------------------------------------------------------------
# 1. The last activation and the loss follow from the problem.
# ---------------------------------------------------------------------------------------------


def output_activation(problem):
    """The activation of the last layer for a kind of problem.

    * ``"binary"``: ``"sigmoid"``. One output unit gives the probability of "yes".
    * ``"multiclass"``: ``"softmax"``. Exactly one class is right, so the outputs are turned
      into probabilities that add up to 1.
    * ``"multilabel"``: ``"sigmoid"``. Several labels can be right at once (a photo can show a
      dress AND the colour red), so every output is its own yes/no probability.
    * ``"regression"``: ``None``, no activation: the output can be any number. (Keras also
      calls this ``"linear"``.)

    Args:
        problem (str): one of ``"binary"``, ``"multiclass"``, ``"multilabel"``, ``"regression"``.

    Returns:
        str or None: the activation's name, or ``None`` for regression.

    Raises:
        ValueError: for any other ``problem``; the message names the four accepted problems,
            so that a typo such as ``"multi-class"`` is easy to spot. Never return a value for
            a problem you do not know.
    """
    # YOUR CODE HERE
    raise NotImplementedError("output_activation: not implemented yet; read its docstring, then replace this line with your code")


def choose_loss(problem, integer_labels=True):
    """The name of the loss for a kind of problem, as ``model.compile(loss=...)`` accepts it.

    * ``"binary"`` and ``"multilabel"``: ``"binary_crossentropy"`` (one yes/no per output).
    * ``"multiclass"``: ``"sparse_categorical_crossentropy"`` when the labels are integers
      (``integer_labels=True``, as in Fashion-MNIST, where 9 means "Ankle boot");
      ``"categorical_crossentropy"`` when every label is a one-hot row
      (``integer_labels=False``). Both compute the same number; they read labels differently.
    * ``"regression"``: ``"mse"``, the mean squared error.

    ``integer_labels`` only matters for ``"multiclass"``.

    Args:
        problem (str): one of ``"binary"``, ``"multiclass"``, ``"multilabel"``, ``"regression"``.
        integer_labels (bool): whether class labels are integers (True) or one-hot rows (False).

    Returns:
        str: the loss's name.

    Raises:
        ValueError: for any other ``problem``, naming the four accepted problems.
    """
    # YOUR CODE HERE
    raise NotImplementedError("choose_loss: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 2. Optimizers: by name they use their defaults; as objects they take hyper-parameters.
# ---------------------------------------------------------------------------------------------

# The learning rate each optimizer starts with when none is given: the article's values, which
# were standalone Keras 2.2's defaults. Today's defaults (tf.keras 2 and Keras 3) are the same
# except Adagrad's, which is 0.001.
ARTICLE_LEARNING_RATES = {"sgd": 0.01, "rmsprop": 0.001, "adagrad": 0.01, "adam": 0.001}


def make_optimizer(name, learning_rate=None):
    """Create a Keras optimizer object.

    Passing ``optimizer="adam"`` to ``compile`` is short for ``keras.optimizers.Adam()`` with
    its default settings. An object lets you choose them, the learning rate above all. Keep
    every other setting at its default: SGD without momentum, RMSprop with ``rho=0.9``, Adam
    with ``beta_1=0.9`` and ``beta_2=0.999``.

    When ``learning_rate`` is ``None``, start from the article's value, the table above
    (standalone Keras 2.2's defaults):

    * ``"sgd"``: an SGD optimizer, learning rate 0.01;
    * ``"rmsprop"``: an RMSprop optimizer, 0.001;
    * ``"adagrad"``: an Adagrad optimizer, 0.01. Today's Keras (tf.keras 2 and Keras 3) starts
      Adagrad at 0.001, so the article's value must be passed explicitly;
    * ``"adam"``: an Adam optimizer, 0.001.

    Use the Keras 3 argument ``learning_rate=``: ``lr=`` raises an error, and ``decay=`` is
    ignored with a warning.

    Args:
        name (str): ``"sgd"``, ``"rmsprop"``, ``"adagrad"`` or ``"adam"``; upper or lower case.
        learning_rate (float or None): the learning rate, or ``None`` for the article's value.

    Returns:
        keras.optimizers.Optimizer: a new optimizer object of the named class.

    Raises:
        ValueError: for an unknown ``name``, listing the four known ones.
    """
    # YOUR CODE HERE
    raise NotImplementedError("make_optimizer: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 3. Metrics: numbers to watch. A metric can be any function of (y_true, y_pred).
# ---------------------------------------------------------------------------------------------


def mean_pred(y_true, y_pred):
    """A custom metric: the mean of all the predictions in the batch.

    Keras calls a metric function with the true labels and the model's outputs for a batch,
    as tensors, inside a compiled graph. So write it with Keras's own operations, ``keras.ops``,
    which work on any backend's tensors; not with numpy (it cannot read a symbolic tensor) nor
    with Keras 2's ``keras.backend`` functions (gone in Keras 3). This metric ignores
    ``y_true``; it still takes it, because every metric function has these two arguments.

    Args:
        y_true: the labels of the batch (unused here).
        y_pred: the model's outputs for the batch, for example of shape ``(batch, 10)``.

    Returns:
        a scalar tensor: the mean of every value in ``y_pred``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("mean_pred: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 4. Putting it together.
# ---------------------------------------------------------------------------------------------


def compile_classifier(model):
    """Compile a classifier of Fashion-MNIST (10 classes, integer labels, softmax outputs).

    Use Adam with its default learning rate (0.001), the loss for integer class labels,
    and two metrics: ``"accuracy"`` and the ``mean_pred`` function above (the function itself,
    not its name as a string). The functions above already know the optimizer and the loss.

    Write ``"accuracy"`` in full. Keras 2's short name ``"acc"`` computes the same accuracy and
    is accepted, with a note, but the metric's name becomes the key of its values in the
    training history: code that reads ``history.history["accuracy"]``, or a callback that
    watches ``"val_accuracy"``, finds nothing on a model compiled with ``"acc"``. The same goes
    for a metric object left without a name: ``keras.metrics.SparseCategoricalAccuracy()`` reports
    as ``sparse_categorical_accuracy`` unless you give it ``name="accuracy"``.

    Args:
        model (keras.Model): a model whose last layer is ``Dense(n_classes, "softmax")``.

    Returns:
        None. The model is compiled in place, as ``model.compile`` does.
    """
    # YOUR CODE HERE
    raise NotImplementedError("compile_classifier: not implemented yet; read its docstring, then replace this line with your code")
