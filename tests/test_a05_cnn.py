"""Assignment 05_cnn: the reference passes (training included), the stubs fail politely, typical
mistakes lose exactly the points of the checks they break, and wrong output activations fail the
accuracy check with a message that names them."""

from __future__ import annotations

import pytest

from autograder.course import REPO_ROOT
from conftest import assert_all_not_implemented, assert_loses_exactly, check_by_id, reference_source
from test_a02_models import message, suite_ids, variant_of

ASSIGNMENT = "05_cnn"
REFERENCE = reference_source(ASSIGNMENT, "cnn.py")


def variant(*edits: tuple[str, str, str]) -> str:
    return variant_of(REFERENCE, *edits)


# Each submission has one mistake in each of several independent functions.
VARIANT_A = variant(
    ("def build_cnn()", 'layers.Dense(N_CLASSES, activation="softmax")', 'layers.Dense(N_CLASSES, activation="relu")'),
    ("def build_cnn_with_dropout", "layers.Dropout(rate)", "layers.Dropout(0.5)"),
    ("def overfitting_gap", 'float(history.history["accuracy"][-1] - history.history["val_accuracy"][-1])',
     'float(max(history.history["accuracy"]) - max(history.history["val_accuracy"]))'),
    ("def plot_history", "    ax.legend()\n", ""),
)
FAILS_A = {"build_cnn.layers", "accuracy.build_cnn", "dropout.hidden_rate", "overfitting_gap.hidden",
           "plot_history.public", "plot_history.hidden"}

VARIANT_B = variant(
    ("def build_cnn()", "keras.Input(shape=INPUT_SHAPE)", "keras.Input(shape=(28, 28))"),
    ("def build_cnn_with_dropout", "        layers.Dropout(rate),\n        layers.Dense(64, activation=\"relu\"),\n",
     "        layers.Dense(64, activation=\"relu\"),\n        layers.Dropout(rate),\n"),
    ("def overfitting_gap", 'float(history.history["accuracy"][-1] - history.history["val_accuracy"][-1])',
     'float(history.history["val_accuracy"][-1] - history.history["accuracy"][-1])'),
    ("def plot_history", 'training = history.history["accuracy"]', 'training = history.history["loss"]'),
    ("def plot_history", 'validation = history.history["val_accuracy"]', 'validation = history.history["val_loss"]'),
)
FAILS_B = {"build_cnn.layers", "build_cnn.params", "build_cnn.shapes", "accuracy.build_cnn", "dropout.layers",
           "dropout.hidden_rate", "overfitting_gap.public", "overfitting_gap.hidden", "plot_history.public",
           "plot_history.hidden"}


def test_reference_gets_full_marks(grade):
    report = grade(ASSIGNMENT, REPO_ROOT / "solutions" / ASSIGNMENT)
    assert report.score == report.max_score == 15
    assert all(check.status == "passed" for check in report.checks), report.checks
    assert "56,714 parameters" in message(report, "build_cnn.params")
    assert "the reference network reached" in message(report, "accuracy.build_cnn")
    assert "Training checks used the synthetic stand-in for Fashion-MNIST (seed 0)" in report.notes[-1]


def test_stubs_get_zero_and_say_not_implemented(grade):
    assert_all_not_implemented(grade(ASSIGNMENT, REPO_ROOT / "assignments" / ASSIGNMENT))


def test_variants_together_fail_every_check():
    assert FAILS_A | FAILS_B == suite_ids(ASSIGNMENT)


def test_variant_a_relu_output_fixed_rate_best_epoch_no_legend(grade):
    report = grade(ASSIGNMENT, VARIANT_A)
    assert_loses_exactly(report, FAILS_A)
    assert "layer 7: expected Dense(10, softmax), got Dense(10, relu)" in message(report, "build_cnn.layers")
    accuracy = message(report, "accuracy.build_cnn")
    assert "pass mark" in accuracy and "activation 'relu' instead of \"softmax\"" in accuracy
    assert "Dropout(0.5); expected Dropout(0.25)" in message(report, "dropout.hidden_rate")
    assert "best epochs (max)" in message(report, "overfitting_gap.hidden")
    for check_id in ("plot_history.public", "plot_history.hidden"):
        assert "no legend" in message(report, check_id)


def test_variant_b_no_channel_axis_late_dropout_sign_loss_curves(grade):
    report = grade(ASSIGNMENT, VARIANT_B)
    assert_loses_exactly(report, FAILS_B)
    assert "keras.Input(shape=(28, 28, 1))" in message(report, "build_cnn.layers")
    for check_id in ("build_cnn.params", "build_cnn.shapes", "accuracy.build_cnn"):  # one mistake, said once
        assert "same mistake as the check build_cnn.layers: see build_cnn above" in message(report, check_id)
    assert "Dropout is layer 7, after Dense(64, relu)" in message(report, "dropout.layers")
    assert "same mistake as the check dropout.layers" in message(report, "dropout.hidden_rate")
    for check_id in ("overfitting_gap.public", "overfitting_gap.hidden"):
        assert "sign is reversed" in message(report, check_id)
    for check_id in ("plot_history.public", "plot_history.hidden"):
        assert "curve of history.history['loss']" in message(report, check_id)


VARIANT_C = variant(
    ("def _convolution_layers", 'layers.Conv2D(16, (3, 3), activation="relu")',
     'layers.Conv2D(16, (3, 3), activation="relu", padding="same")'),
    ("def _convolution_layers", 'layers.Conv2D(32, (3, 3), activation="relu")',
     'layers.Conv2D(32, (3, 3), activation="relu", padding="same")'),
    ("def build_cnn_with_dropout", "        layers.Dropout(rate),\n", ""),
    ("def overfitting_gap", '[-1] - history.history["val_accuracy"][-1])', '[0] - history.history["val_accuracy"][0])'),
    ("def plot_history", "    return fig\n", "    return ax\n"),
)
FAILS_C = {"build_cnn.layers", "build_cnn.params", "build_cnn.shapes", "dropout.layers", "dropout.hidden_rate",
           "overfitting_gap.public", "overfitting_gap.hidden", "plot_history.public", "plot_history.hidden"}


@pytest.mark.slow
def test_variant_c_same_padding_still_learns_missing_dropout_first_epoch_axes(grade):
    report = grade(ASSIGNMENT, VARIANT_C)
    assert_loses_exactly(report, FAILS_C)
    assert "padding='same'; expected padding='valid'" in message(report, "build_cnn.layers")
    for check_id in ("build_cnn.params", "build_cnn.shapes"):
        assert "see build_cnn above" in message(report, check_id)
    assert check_by_id(report, "accuracy.build_cnn").status == "passed"  # a different network can still learn
    assert "no Dropout layer" in message(report, "dropout.layers")
    for check_id in ("overfitting_gap.public", "overfitting_gap.hidden"):
        assert "gap of the first epoch" in message(report, check_id)
    for check_id in ("plot_history.public", "plot_history.hidden"):
        assert "returned an Axes" in message(report, check_id)


@pytest.mark.slow
def test_output_without_activation_fails_accuracy_with_its_cause(grade):
    source = variant(("def build_cnn()", 'layers.Dense(N_CLASSES, activation="softmax")', "layers.Dense(N_CLASSES)"))
    report = grade(ASSIGNMENT, source)
    assert_loses_exactly(report, {"build_cnn.layers", "accuracy.build_cnn"})
    assert "no activation instead of \"softmax\"" in message(report, "accuracy.build_cnn")
