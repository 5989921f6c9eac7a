# Generated from solutions/ by `python -m autograder release`; edit the solution, not this file.
"""Assignment 02 - Three ways to build a network.

The network of this assignment classifies the 28x28 grey images of Fashion-MNIST into ten
classes. Read from the input to the output, it is

    Flatten  ->  Dense(100, relu)  ->  Dense(10, softmax)

* ``Flatten`` turns every 28x28 image into one row of 28 * 28 = 784 numbers. It has no weights.
* ``Dense(100, activation="relu")`` connects each of its 100 units to all 784 inputs. Every unit
  has one weight per input plus one bias, so it holds (784 + 1) x 100 = 78,500 parameters:
  a kernel of shape ``(784, 100)`` and a bias of shape ``(100,)``.
* ``Dense(10, activation="softmax")`` gives one probability per class; softmax makes the ten
  outputs positive and sum to 1. It holds (100 + 1) x 10 = 1,010 parameters.

In all 0 + 78,500 + 1,010 = 79,510 parameters, all trainable. (Non-trainable parameters appear
when layers are frozen, as in transfer learning.) The output shapes are ``(None, 784)``,
``(None, 100)`` and ``(None, 10)``: ``None`` is the batch axis, whose size Keras only learns
when data arrives. Before training, Dense kernels hold small random numbers and biases zeros.

Keras offers three ways to write a model, and you use all three here:

1. **Sequential**: a plain stack of layers, one after the other; built with ``model.add(...)``
   or from a list. Nothing else fits in it: no second input, no branch.
2. **Functional**: you call layers on tensors like functions, starting from ``keras.Input``,
   and hand the first and last tensors to ``keras.Model(inputs, outputs)``. Several inputs,
   several outputs and branches are easy.
3. **Subclassing**: a class derived from ``keras.Model`` creates its layers in ``__init__`` and
   says how data flows through them in ``call``, where ordinary Python (loops, ``if``) works.

Keras 3 notes for readers of older tutorials: declare the input with ``keras.Input(shape=...)``
as the first thing in the model instead of ``input_shape=`` on the first layer (Keras 3 warns
about that). A model without any input shape is not built yet: it has no weights, so
``summary()`` and ``count_params()`` cannot tell you anything until it sees data. Layer names
such as ``dense_3`` come from a global counter, so they differ from run to run; never rely on
them.

Fill in every function that raises ``NotImplementedError``, and the class ``SomeModel``. Check
your work with::

    python -m autograder check 02

Hidden checks call the same functions with other arguments and inputs when your work is graded.
"""

import keras
from keras import layers

IMAGE_SHAPE = (28, 28)  # one grey Fashion-MNIST image, without a channel axis
N_CLASSES = 10  # T-shirt/top, Trouser, ..., Ankle boot
N_FEATURES = 8  # numbers per item in the shop's table, for build_multi_input
N_COLOURS = 6  # colour classes of build_multi_output's second head (black, white, grey, red, green, blue)


# ---------------------------------------------------------------------------------------------
# 1. The same network, three times.
# ---------------------------------------------------------------------------------------------


def build_sequential_add():
    """The network Flatten -> Dense(100, relu) -> Dense(10, softmax), added layer by layer.

    Start from an empty ``keras.Sequential()`` and call ``model.add(...)`` four times: first
    ``keras.Input(shape=(28, 28))``, so that the model knows its input shape and is built at
    once, then the three layers.

    Returns:
        keras.Sequential: takes a batch of images of shape ``(batch, 28, 28)`` and returns
        probabilities of shape ``(batch, 10)``; 79,510 parameters.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_sequential_add: not implemented yet; read its docstring, then replace this line with your code")


def build_sequential_list():
    """The same network as ``build_sequential_add``, given to ``keras.Sequential`` as a list.

    Pass ``[keras.Input(shape=(28, 28)), <the three layers>]`` to ``keras.Sequential``.

    Returns:
        keras.Sequential: input ``(batch, 28, 28)``, output ``(batch, 10)``, 79,510 parameters.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_sequential_list: not implemented yet; read its docstring, then replace this line with your code")


def build_functional():
    """The same network again, written with the functional API.

    Create ``inputs = keras.Input(shape=(28, 28))``, call each layer on the tensor the previous
    one returned (``x = layers.Flatten()(inputs)``, ...), and return
    ``keras.Model(inputs=inputs, outputs=outputs)``.

    Returns:
        keras.Model: a functional model; input ``(batch, 28, 28)``, output ``(batch, 10)``,
        79,510 parameters.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_functional: not implemented yet; read its docstring, then replace this line with your code")


class SomeModel(keras.Model):
    """The same network as a subclass of ``keras.Model``.

    ``__init__`` accepts keyword arguments (such as ``name=``) and passes them on to
    ``super().__init__(**kwargs)``; then it creates the layers and keeps them as attributes:
    a ``Flatten``, a hidden ``Dense(100, relu)`` and an output ``Dense(10, softmax)``.
    (Flattening with ``keras.ops.reshape`` inside ``call`` works too.)

    ``call(inputs)`` flattens the batch of images and passes it through the hidden layer, then
    the output layer, and returns the probabilities.

    A subclassed model has no input shape until it is called for the first time: then it builds
    its weights (79,510 parameters) from the shape of the data. Example::

        model = SomeModel()
        probabilities = model(images)  # images: (batch, 28, 28) -> (batch, 10)
    """

    def __init__(self, **kwargs):
        """Create the layers; ``kwargs`` (such as ``name="my_model"``) go to ``keras.Model``."""
        super().__init__(**kwargs)
        # YOUR CODE HERE
        raise NotImplementedError("SomeModel.__init__: not implemented yet; read its docstring, then replace this line with your code")

    def call(self, inputs):
        """Images ``(batch, 28, 28)`` in, class probabilities ``(batch, 10)`` out."""
        # YOUR CODE HERE
        raise NotImplementedError("SomeModel.call: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 2. Counting parameters and looking at weights.
# ---------------------------------------------------------------------------------------------


def dense_params(n_inputs, n_units, use_bias=True):
    """How many parameters a Dense layer of ``n_units`` units holds when it receives ``n_inputs`` numbers.

    Every unit has one weight per input, plus one bias when ``use_bias`` is True:
    ``(n_inputs + 1) * n_units``, or ``n_inputs * n_units`` without bias. For the network of this
    assignment, ``dense_params(784, 100) == 78500`` and ``dense_params(100, 10) == 1010``.

    Args:
        n_inputs (int): numbers each sample brings to the layer (784 after Flatten).
        n_units (int): units of the layer (its output size).
        use_bias (bool): whether each unit has a bias, as ``Dense(..., use_bias=...)``.

    Returns:
        int: the number of parameters.
    """
    # YOUR CODE HERE
    raise NotImplementedError("dense_params: not implemented yet; read its docstring, then replace this line with your code")


def first_dense_weight_shapes(model):
    """The shapes of the weights of the first ``Dense`` layer of ``model``, in the layer's order.

    Look through ``model.layers`` for the first layer that is a ``keras.layers.Dense`` (it need
    not be the first or second layer: a model may have no Flatten). Its weights are the kernel,
    of shape ``(inputs, units)``, then the bias, of shape ``(units,)``; a layer created with
    ``use_bias=False`` has only the kernel. For the network of this assignment the answer is
    ``[(784, 100), (100,)]``.

    Args:
        model (keras.Model): a built model with at least one Dense layer.

    Returns:
        list of tuple of int: one shape per weight of that layer, such as ``[(784, 100), (100,)]``.
    """
    # YOUR CODE HERE
    raise NotImplementedError("first_dense_weight_shapes: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 3. Beyond a line of layers: several inputs, several outputs.
# ---------------------------------------------------------------------------------------------


def build_multi_input():
    """A functional model with two inputs: a row of a shop's table and the item's picture.

    It predicts the item's class (10 classes) from both. Build exactly this, in this order:

    * input 1, ``features = keras.Input(shape=(8,))``: the item's 8 numbers from the table;
    * input 2, ``image = keras.Input(shape=(28, 28))``: its grey picture;
    * features branch: ``Dense(16, relu)`` on ``features``;
    * image branch: ``Flatten`` then ``Dense(64, relu)`` on ``image``;
    * ``layers.Concatenate()`` of ``[features branch, image branch]``: one row of 16 + 64 = 80 numbers;
    * output: ``Dense(10, softmax)`` on the joined row.

    Return ``keras.Model(inputs=[features, image], outputs=...)``. The model is then called
    with a list in the same order, ``model([features_batch, image_batch])``: features of shape
    ``(batch, 8)``, images of shape ``(batch, 28, 28)``; it returns ``(batch, 10)`` probabilities.
    Parameters: (8 + 1) x 16 = 144, (784 + 1) x 64 = 50,240 and (80 + 1) x 10 = 810, in all 51,194.

    Returns:
        keras.Model: the two-input functional model.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_multi_input: not implemented yet; read its docstring, then replace this line with your code")


def build_multi_output():
    """A functional model with one input, the picture, and two outputs: the item and its colour.

    Both heads share the same first layers. Build exactly this:

    * input: ``image = keras.Input(shape=(28, 28))``;
    * shared trunk: ``Flatten`` then ``Dense(64, relu)``;
    * head 1, the item: ``Dense(10, softmax)`` on the trunk;
    * head 2, the colour: ``Dense(6, softmax)`` on the trunk (``N_COLOURS`` colour classes).

    Return ``keras.Model(inputs=image, outputs=[item, colour])``, the item head first. Called on
    images of shape ``(batch, 28, 28)``, it returns a list of two arrays: ``(batch, 10)`` and
    ``(batch, 6)`` probabilities. Parameters: 50,240 + (64 + 1) x 10 = 650 + (64 + 1) x 6 = 390,
    in all 51,280.

    Returns:
        keras.Model: the two-output functional model.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_multi_output: not implemented yet; read its docstring, then replace this line with your code")
