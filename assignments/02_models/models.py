# Generated from solutions/ by `python -m autograder release`; edit the solution, not this file.
"""Assignment 02 - Three ways to build a network.

The network of this assignment classifies the 28x28 grey images of Fashion-MNIST into ten
classes. Read from the input to the output, it is

    Flatten  ->  Dense(100, relu)  ->  Dense(10, softmax)

* ``Flatten`` turns every 28x28 image into one row of 28 * 28 = 784 numbers. It has no weights.
* the hidden ``Dense`` layer has 100 units and the relu activation. It connects each unit to all
  784 inputs; every unit has one weight per input plus one bias, so it holds
  (784 + 1) x 100 = 78,500 parameters: a kernel of shape ``(784, 100)`` and a bias of shape
  ``(100,)``.
* the output ``Dense`` layer has 10 units, one per class, and the softmax activation, which makes
  the ten outputs positive and sum to 1. It holds (100 + 1) x 10 = 1,010 parameters.

A Dense layer's first argument is its number of units: the size of what it OUTPUTS. (The 2019
article behind this course calls it the input size; it is not. Keras works the input size out
from the data or from ``keras.Input``.)

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

Hidden checks call the same functions with other arguments and inputs when your work is graded;
the self-check lists what they probe. Stuck? ``python -m autograder check 02 --hint NAME`` gives
a hint for the function or class NAME, one step at a time.
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
    """The network Flatten -> Dense(100, relu) -> Dense(10, softmax), added one piece at a time.

    Start from an empty Sequential model and add to it, one piece after the other: first the
    declaration of the input (28x28 images), so that the model is built at once and has its
    79,510 parameters before seeing any data, then the three layers, in order.

    Returns:
        keras.Sequential: takes a batch of images of shape ``(batch, 28, 28)`` and returns
        probabilities of shape ``(batch, 10)``; 79,510 parameters.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_sequential_add: not implemented yet; read its docstring, then replace this line with your code")


def build_sequential_list():
    """The same network as ``build_sequential_add``, given to the Sequential model all at once.

    The same four pieces, in the same order, but as one list handed to the model when it is
    created, instead of one ``add`` after another.

    Returns:
        keras.Sequential: input ``(batch, 28, 28)``, output ``(batch, 10)``, 79,510 parameters.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_sequential_list: not implemented yet; read its docstring, then replace this line with your code")


def build_functional():
    """The same network again, written with the functional API.

    Start from an input tensor for 28x28 images, call each layer on the tensor the previous one
    returned, and make a ``keras.Model`` from the first tensor (the inputs) and the last one
    (the outputs).

    Returns:
        keras.Model: a functional model; input ``(batch, 28, 28)``, output ``(batch, 10)``,
        79,510 parameters.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_functional: not implemented yet; read its docstring, then replace this line with your code")


class SomeModel(keras.Model):
    """The same network as a subclass of ``keras.Model``.

    ``__init__`` accepts keyword arguments (such as ``name=``) and hands them to the base class
    (that part is given); then it creates the layers, once, and keeps them as attributes of the
    model: the flattening, the hidden layer of 100 relu units, the output layer of 10 softmax
    units. (Flattening with ``keras.ops.reshape`` inside ``call`` works too.)

    ``call(inputs)`` runs a batch of images through those layers, in order, and returns the
    probabilities. It creates no layers itself: layers made in ``call`` would be new, untrained
    ones at every call.

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

    Every unit has one weight per input, plus one bias when ``use_bias`` is True (the default).
    For the network of this assignment, ``dense_params(784, 100) == 78500`` and
    ``dense_params(100, 10) == 1010``.

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

    The first Dense layer need not be the model's first or second layer: a model may have no
    Flatten, or other layers in front. Its weights are the kernel, of shape ``(inputs, units)``,
    then the bias, of shape ``(units,)``; a layer created with ``use_bias=False`` has only the
    kernel. For the network of this assignment the answer is ``[(784, 100), (100,)]``: plain
    Python tuples of ints, not TensorFlow shapes.

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

    It predicts the item's class (10 classes) from both. The graph, exactly:

    * input 1, the features: the item's 8 numbers from the table, shape ``(8,)``;
    * input 2, the image: its grey 28x28 picture, shape ``(28, 28)``;
    * features branch: a Dense layer of 16 relu units;
    * image branch: flattened, then a Dense layer of 64 relu units;
    * the two branches joined side by side (features branch first) into one row of
      16 + 64 = 80 numbers;
    * output: a Dense layer of 10 softmax units on the joined row.

    The model's inputs are the two inputs as a list, features first: it is called as
    ``model([features_batch, image_batch])``, features of shape ``(batch, 8)`` and images of
    shape ``(batch, 28, 28)``, and it returns ``(batch, 10)`` probabilities. Parameters:
    (8 + 1) x 16 = 144, (784 + 1) x 64 = 50,240 and (80 + 1) x 10 = 810, in all 51,194.

    Returns:
        keras.Model: the two-input functional model.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_multi_input: not implemented yet; read its docstring, then replace this line with your code")


def build_multi_output():
    """A functional model with one input, the picture, and two outputs: the item and its colour.

    Both heads share the same first layers. The graph, exactly:

    * input: the grey 28x28 picture, shape ``(28, 28)``;
    * shared trunk: flattened, then a Dense layer of 64 relu units;
    * head 1, the item: a Dense layer of 10 softmax units on the trunk's output;
    * head 2, the colour: a Dense layer of ``N_COLOURS`` (6) softmax units on the same output.

    The model's outputs are the two heads as a list, the item head first. Called on images of
    shape ``(batch, 28, 28)``, it returns a list of two arrays: ``(batch, 10)`` and ``(batch, 6)``
    probabilities. Parameters: the trunk's Dense layer holds (784 + 1) x 64 = 50,240, the item
    head (64 + 1) x 10 = 650 and the colour head (64 + 1) x 6 = 390: 51,280 in all.

    Returns:
        keras.Model: the two-output functional model.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_multi_output: not implemented yet; read its docstring, then replace this line with your code")
