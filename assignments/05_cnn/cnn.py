# Generated from solutions/ by `python -m autograder release`; edit the solution, not this file.
"""Assignment 05 - Convolution and dropout.

A dense network sees an image as one long row of 784 numbers: it does not know which pixels are
neighbours. A convolutional layer does. ``Conv2D`` slides small filters (here 3x3 pixels) over the
image; each filter learns to respond to one local pattern, such as an edge or a corner, wherever
it appears, and produces one "feature map" per filter. ``MaxPooling2D`` then keeps the largest
value of every 2x2 patch: the maps get half as wide and half as high, and a small shift of the
picture changes little.

Two rounds of Conv2D + MaxPooling2D in front of the dense layers of assignment 02 make a much
better Fashion-MNIST classifier: trained on 55,000 training images (the first 5,000 are kept
for validation), such a network reached 98.71% accuracy on its training images but only 91.36%
on the validation images. The distance between the two numbers is over-fitting: the network learns its training
images by heart. A ``Dropout`` layer fights it: during training it sets a random fraction of its
inputs (the ``rate``) to zero at every step, so that no unit can rely on a few others. With one
Dropout layer in front of the first Dense layer, training accuracy fell to 93.89% while
validation accuracy rose to 92.26%. (At prediction time Dropout does nothing.)

Numbers are hard to compare epoch by epoch; learning curves, training and validation accuracy
drawn against the epoch, show over-fitting at a glance.

The network of this assignment (input: grey 28x28 images WITH their channel axis, (28, 28, 1)):

=====  ==============================================  ===================  ==========
layer  what                                            output shape         parameters
=====  ==============================================  ===================  ==========
1      Conv2D: 16 filters of 3x3, relu                 (None, 26, 26, 16)   160
2      MaxPooling2D: 2x2                               (None, 13, 13, 16)   0
3      Conv2D: 32 filters of 3x3, relu                 (None, 11, 11, 32)   4,640
4      MaxPooling2D: 2x2                               (None, 5, 5, 32)     0
5      Flatten                                         (None, 800)          0
6      Dense: 64 units, relu                           (None, 64)           51,264
7      Dense: 10 units, softmax                        (None, 10)           650
=====  ==============================================  ===================  ==========

56,714 parameters in all. A 3x3 filter over C input channels has 3 * 3 * C weights and one bias,
so the first Conv2D holds (3*3*1 + 1) * 16 = 160 and the second (3*3*16 + 1) * 32 = 4,640.
Convolutions use the default padding, "valid" (no border added), so each loses a 1-pixel border:
28 -> 26 and 13 -> 11. The filter counts are kept small so that grading can train the network in
seconds on a laptop's processor; 32 and 64 filters work a little better on the full data set.

Fill in every function that raises ``NotImplementedError``. Check your work with::

    python -m autograder check 05

The grader also trains your ``build_cnn()`` model for a few epochs on a small part of the data
(the same images, seed and budget as the reference solution) and compares validation accuracy.
Hidden checks call the functions with other arguments and other histories; the self-check lists
what they probe. Stuck? ``python -m autograder check 05 --hint NAME`` gives a hint for the
function NAME, one step at a time.
"""

import keras
import matplotlib.pyplot as plt
from keras import layers

INPUT_SHAPE = (28, 28, 1)  # height, width, channels: grey images have one channel
N_CLASSES = 10


# ---------------------------------------------------------------------------------------------
# 1. The convolutional network, without and with dropout.
# ---------------------------------------------------------------------------------------------


# Helper functions of your own may go here, for the layers both networks share.


def build_cnn():
    """The convolutional network of this assignment, as a Sequential model.

    Grey 28x28 images with their channel axis come in. Two rounds of a convolution (16 filters,
    then 32, each of 3x3 pixels with the relu activation and the default padding) followed by a
    2x2 max pooling; then flattened (800 numbers), a Dense layer of 64 relu units and the output
    Dense layer of 10 softmax units. The output shapes, layer by layer, are (None, 26, 26, 16),
    (None, 13, 13, 16), (None, 11, 11, 32), (None, 5, 5, 32), (None, 800), (None, 64) and
    (None, 10). Do not compile it: the grader (or the caller) does that. Declare the input with
    ``keras.Input``; Keras 2's ``input_shape=`` on the first layer still works (Keras 3 warns,
    and the grader accepts it with a note).

    Returns:
        keras.Sequential: images ``(batch, 28, 28, 1)`` in, probabilities ``(batch, 10)`` out;
        56,714 parameters.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_cnn: not implemented yet; read its docstring, then replace this line with your code")


def build_cnn_with_dropout(rate=0.5):
    """The network of ``build_cnn()`` with one ``Dropout(rate)`` layer in front of the first Dense layer.

    Everything else is as in ``build_cnn``: the new layer sits right after the flattening and
    before the Dense layer of 64 units, and drops the fraction ``rate`` of its inputs. Dropout
    has no weights, so the parameter count stays 56,714.

    Args:
        rate (float): the fraction of its inputs that Dropout sets to zero at each training step,
            between 0 and 1.

    Returns:
        keras.Sequential: images ``(batch, 28, 28, 1)`` in, probabilities ``(batch, 10)`` out.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_cnn_with_dropout: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 2. Reading the training history.
# ---------------------------------------------------------------------------------------------
# ``model.fit(..., validation_data=(x_valid, y_valid))`` returns a ``keras.callbacks.History``.
# Its ``.history`` attribute is a dict with one list per quantity, one value per epoch. For a
# model compiled with ``metrics=["accuracy"]`` the keys are "loss", "accuracy", "val_loss" and
# "val_accuracy". (The key follows the metric's name: ``metrics=["acc"]``, common in old code,
# gives "acc" and "val_acc" instead.)


def overfitting_gap(history):
    """How far training accuracy ends above validation accuracy: a measure of over-fitting.

    Compare the training accuracy and the validation accuracy of the LAST epoch, as the
    History's dict records them. With the article's numbers (98.71% training, 91.36%
    validation) the gap is 0.0735; dropout brought it down to 0.9389 - 0.9226 = 0.0163. The gap
    is negative when validation accuracy is higher.

    Args:
        history (keras.callbacks.History): what ``fit`` returned for a model trained with
            validation data and ``metrics=["accuracy"]``.

    Returns:
        float: the training accuracy minus the validation accuracy of the last epoch.
    """
    # YOUR CODE HERE
    raise NotImplementedError("overfitting_gap: not implemented yet; read its docstring, then replace this line with your code")


def plot_history(history):
    """Draw the learning curves: training and validation accuracy against the epoch.

    One matplotlib figure with one set of axes and two curves on it: the training accuracy and
    the validation accuracy from the History, one point per epoch. Each curve has a label that
    says which it is (such as "training" and "validation"), shown in a legend, and the axes are
    named ("epoch", "accuracy"). Return the figure without showing it (a notebook shows a
    returned figure by itself).

    Args:
        history (keras.callbacks.History): as for ``overfitting_gap``.

    Returns:
        matplotlib.figure.Figure: the figure holding the two labelled curves.
    """
    # YOUR CODE HERE
    raise NotImplementedError("plot_history: not implemented yet; read its docstring, then replace this line with your code")


# ---------------------------------------------------------------------------------------------
# 3. The challenge: your own network.
# ---------------------------------------------------------------------------------------------


def build_challenge_cnn():
    """A network of your own design for grey 28x28 images, compiled, within the parameter budget.

    Choose the layers (convolutions, pooling, dropout, dense layers...) and the compile settings
    yourself. The grader checks the budget (at most 40,000 parameters, counted with
    ``count_params()``), then trains your model itself: its weights drawn afresh from the
    course's seed, the course's training images (scaled to 0..1, shape ``(n, 28, 28, 1)``,
    integer labels 0 to 9), a fixed number of epochs and batch size. It then measures accuracy
    on images your code never sees with their labels, and compares it with the reference
    solution's network, trained the same way. The feedback shows both learning curves, epoch by
    epoch, and says whether your network under-fits or over-fits. The grader's training of your
    network may use up to 120 CPU seconds: a network that needs more is stopped and gets no
    accuracy points, and the feedback says so. A busy machine does not count against you: the
    limit is CPU time, not the time on the clock.

    Use Keras's own layers only (no ``Lambda`` layers, no layer or model classes of your own):
    the grader saves the network after every epoch and measures it in a separate process that
    loads it with ``keras.saving.load_model(..., safe_mode=True)`` and without your module.

    Returns:
        keras.Model: compiled (optimizer, a loss for integer labels), images ``(batch, 28, 28, 1)``
        in, one score per class ``(batch, 10)`` out.
    """
    # YOUR CODE HERE
    raise NotImplementedError("build_challenge_cnn: not implemented yet; read its docstring, then replace this line with your code")
