"""Assignment 05_cnn: the reference passes (training included), the stubs fail politely, typical
mistakes lose exactly the points of the checks they break, and wrong output activations fail the
accuracy check with a message that names them."""

from __future__ import annotations

import pytest

from autograder.course import REPO_ROOT
from conftest import assert_all_not_implemented, assert_loses_exactly, reference_source
from test_a02_models import message, suite_ids, variant_of

ASSIGNMENT = "05_cnn"
REFERENCE = reference_source(ASSIGNMENT, "cnn.py")


def variant(*edits: tuple[str, str, str]) -> str:
    return variant_of(REFERENCE, *edits)


# Each submission has one mistake in each of several independent functions.
EDITS_A = (
    ("def build_cnn()", 'layers.Dense(N_CLASSES, activation="softmax")', 'layers.Dense(N_CLASSES, activation="relu")'),
    ("def build_cnn_with_dropout", "layers.Dropout(rate)", "layers.Dropout(0.5)"),
    ("def overfitting_gap", 'float(history.history["accuracy"][-1] - history.history["val_accuracy"][-1])',
     'float(max(history.history["accuracy"]) - max(history.history["val_accuracy"]))'),
    ("def plot_history", "    ax.legend()\n", ""),
    ("def build_challenge_cnn", 'layers.Dense(32, activation="relu")', 'layers.Dense(64, activation="relu")'),
)
VARIANT_A = variant(*EDITS_A)  # also graded on real images (tests/test_data_real_images.py)
CHALLENGE = {"challenge.budget", "challenge.close", "challenge.accuracy"}  # no training when the budget fails
FAILS_A = {"build_cnn.layers", "accuracy.build_cnn", "dropout.hidden_rate", "overfitting_gap.hidden",
           "plot_history.public", "plot_history.hidden"} | CHALLENGE

EDITS_B = (
    ("def build_cnn()", "keras.Input(shape=INPUT_SHAPE)", "keras.Input(shape=(28, 28))"),
    ("def build_cnn_with_dropout", "        layers.Dropout(rate),\n        layers.Dense(64, activation=\"relu\"),\n",
     "        layers.Dense(64, activation=\"relu\"),\n        layers.Dropout(rate),\n"),
    ("def overfitting_gap", 'float(history.history["accuracy"][-1] - history.history["val_accuracy"][-1])',
     'float(history.history["val_accuracy"][-1] - history.history["accuracy"][-1])'),
    ("def plot_history", 'training = history.history["accuracy"]', 'training = history.history["loss"]'),
    ("def plot_history", 'validation = history.history["val_accuracy"]', 'validation = history.history["val_loss"]'),
    ("def build_challenge_cnn", "    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),\n"
     "                  loss=keras.losses.SparseCategoricalCrossentropy(), metrics=[\"accuracy\"])\n", ""),
)
FAILS_B = {"build_cnn.layers", "build_cnn.params", "build_cnn.shapes", "accuracy.build_cnn", "dropout.layers",
           "dropout.hidden_rate", "overfitting_gap.public", "overfitting_gap.hidden", "plot_history.public",
           "plot_history.hidden"} | CHALLENGE - {"challenge.budget"}  # uncompiled, within the budget


def test_reference_gets_full_marks(grade):
    report = grade(ASSIGNMENT, REPO_ROOT / "solutions" / ASSIGNMENT)
    assert report.score == report.max_score == 20
    assert all(check.status == "passed" for check in report.checks), report.checks
    assert "56,714 parameters" in message(report, "build_cnn.params")
    assert "the reference network reached" in message(report, "accuracy.build_cnn")
    assert "Training checks used the synthetic stand-in for Fashion-MNIST (seed 0)" in report.notes[-1]


def test_stubs_get_zero_and_say_not_implemented(grade):
    assert_all_not_implemented(grade(ASSIGNMENT, REPO_ROOT / "assignments" / ASSIGNMENT))


def test_variants_together_fail_every_check():
    assert FAILS_A | FAILS_B == suite_ids(ASSIGNMENT)


EDITS_C = (
    ("def _convolution_layers", 'layers.Conv2D(16, (3, 3), activation="relu")',
     'layers.Conv2D(16, (3, 3), activation="relu", padding="same")'),
    ("def _convolution_layers", 'layers.Conv2D(32, (3, 3), activation="relu")',
     'layers.Conv2D(32, (3, 3), activation="relu", padding="same")'),
    ("def build_cnn_with_dropout", "        layers.Dropout(rate),\n", ""),
    ("def overfitting_gap", '[-1] - history.history["val_accuracy"][-1])', '[0] - history.history["val_accuracy"][0])'),
    ("def plot_history", "    return fig\n", "    return ax\n"),
)
VARIANT_C = variant(*EDITS_C)
FAILS_C = {"build_cnn.layers", "build_cnn.params", "build_cnn.shapes", "dropout.layers", "dropout.hidden_rate",
           "overfitting_gap.public", "overfitting_gap.hidden", "plot_history.public", "plot_history.hidden"}


# One mistake in the helper both networks share (charged once, at build_cnn), the loss curves drawn
# too (a note), and a gap in percent (public and hidden: one mistake, explained once).
EDITS_D = (
    ("def _convolution_layers", 'layers.Conv2D(16, (3, 3), activation="relu")',
     'layers.Conv2D(16, (3, 3), activation="relu", padding="same")'),
    ("def overfitting_gap", 'return float(history.history["accuracy"][-1] - history.history["val_accuracy"][-1])',
     'return 100 * float(history.history["accuracy"][-1] - history.history["val_accuracy"][-1])'),
    ("def plot_history", '    ax.plot(epochs, validation, marker="o", label="validation")\n',
     '    ax.plot(epochs, validation, marker="o", label="validation")\n'
     '    ax.plot(epochs, history.history["loss"], label="training loss")\n'
     '    ax.plot(epochs, history.history["val_loss"], label="validation loss")\n'),
)
FAILS_D = {"build_cnn.layers", "build_cnn.params", "build_cnn.shapes", "overfitting_gap.public",
           "overfitting_gap.hidden"}

EDITS_NO_ACTIVATION = (("def build_cnn()", 'layers.Dense(N_CLASSES, activation="softmax")', "layers.Dense(N_CLASSES)"),)

# The words each variant's feedback must use; judged on the recorded outcomes every day
# (tests/test_judges.py, no Keras), graded end to end for variant A every day and all in the slow suite.
MISTAKES = {
    "variant A: relu output, fixed rate, best epoch, no legend": (EDITS_A, FAILS_A, {
        "build_cnn.layers": ["layer 7: expected Dense(10, softmax), got Dense(10, relu)"],
        # the accuracy check fails because of the relu output: it points at the layers check
        "accuracy.build_cnn": ["same mistake as the check build_cnn.layers: see build_cnn above"],
        "dropout.hidden_rate": ["Dropout(0.5); expected Dropout(0.25)"],
        "overfitting_gap.hidden": ["best epochs (max)"],
        "plot_history.public": ["no legend"],
        "plot_history.hidden": ["same mistake as the check plot_history.public: see plot_history above"],
        "challenge.budget": ["56,714 parameters; the budget is 40,000 (16,714 too many)"],
        # one explanation, at the budget (red team 2, F14)
        "challenge.accuracy": ["same mistake as the check challenge.budget: see build_challenge_cnn above"]}),
    "variant B: no channel axis, late dropout, sign, loss curves": (EDITS_B, FAILS_B, {
        "build_cnn.layers": ["keras.Input(shape=(28, 28, 1))"],
        # one mistake, said once
        **{check_id: ["same mistake as the check build_cnn.layers: see build_cnn above"]
           for check_id in ("build_cnn.params", "build_cnn.shapes", "accuracy.build_cnn")},
        "dropout.layers": ["Dropout is layer 7, after Dense(64, relu)"],
        "dropout.hidden_rate": ["same mistake as the check dropout.layers"],
        "overfitting_gap.public": ["sign is reversed"],
        "overfitting_gap.hidden": ["same mistake as the check overfitting_gap.public"],
        "plot_history.public": ["curve of history.history['loss']"],
        "plot_history.hidden": ["same mistake as the check plot_history.public"],
        "challenge.close": ["not compiled"],
        "challenge.accuracy": ["same mistake as the check challenge.close"]}),
    # padding="same" is a different network that can still learn: accuracy.build_cnn passes.
    "variant C: same padding, missing dropout, first epoch, axes": (EDITS_C, FAILS_C, {
        "build_cnn.layers": ["padding='same'; expected padding='valid'"],
        **{check_id: ["see build_cnn above"] for check_id in ("build_cnn.params", "build_cnn.shapes")},
        "dropout.layers": ["no Dropout layer"],
        "overfitting_gap.public": ["gap of the first epoch"],
        "overfitting_gap.hidden": ["same mistake as the check overfitting_gap.public"],
        "plot_history.public": ["returned an Axes"],
        "plot_history.hidden": ["same mistake as the check plot_history.public"]}),
    "variant D: same padding in the shared helper, loss curves too, gap in percent": (EDITS_D, FAILS_D, {
        "build_cnn.layers": ["padding='same'; expected padding='valid'"],
        **{check_id: ["see build_cnn above"] for check_id in ("build_cnn.params", "build_cnn.shapes")},
        "overfitting_gap.public": ["That is in percent"],
        "overfitting_gap.hidden": ["same mistake as the check overfitting_gap.public: see overfitting_gap above"]}),
    "output without activation": (EDITS_NO_ACTIVATION, {"build_cnn.layers", "accuracy.build_cnn"}, {
        "build_cnn.layers": ["expected Dense(10, softmax), got Dense(10)"],
        "accuracy.build_cnn": ["same mistake as the check build_cnn.layers: see build_cnn above"]}),
}
GRADED_DAILY = {"variant A: relu output, fixed rate, best epoch, no legend"}


def mistake_source(edits) -> str:
    return variant(*edits)


@pytest.mark.parametrize("name", [pytest.param(name, marks=() if name in GRADED_DAILY else pytest.mark.slow)
                                  for name in MISTAKES])
def test_variant_loses_exactly_its_checks_with_its_words(grade, name):
    edits, fails, words = MISTAKES[name]
    assert_loses_exactly(grade(ASSIGNMENT, mistake_source(edits)), fails, words)
