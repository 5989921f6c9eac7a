"""Student-like variants of 02 and 05 judged in process: spelling an activation another way (tf.nn.*,
keras.ops.*, objects, standalone Activation / ReLU / Softmax layers, tf.keras imports) is the same
network and passes every structure check; a real difference is reported once, in the student's numbering.
"""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from autograder.catalog import render  # noqa: E402
from tests.variant_checks import judge_variant, variant_files  # noqa: E402

TRAINING = ("accuracy.",)


@pytest.mark.parametrize("assignment", ["02_models", "05_cnn"])
def test_every_correct_variant_passes_every_structure_check(assignment, tmp_path):
    for path in variant_files(assignment):
        if path.stem.startswith(("wrong_", "plot_")):  # plot variants: tests/test_variants_plots.py
            continue
        verdicts = judge_variant(assignment, path, tmp_path, skip=TRAINING)
        assert len(verdicts) >= 3, path.name
        failed = {check_id: verdict.message for check_id, verdict in verdicts.items() if not verdict.passed}
        assert not failed, (path.name, failed)


# variant: {check id that fails: words of its message}; every other check of its targets passes.
WRONG = {
    "wrong_sigmoid_after_conv": {
        "build_cnn.layers": ["layer 1: expected Conv2D(16, 3x3, relu), got Conv2D(16, 3x3, sigmoid)",
                             "Set activation=\"relu\""],
    },
    "wrong_missing_output_softmax": {
        "build_cnn.layers": ["layer 10: expected Dense(10, softmax), got Dense(10)",
                             "softmax, so that its ten outputs are probabilities"],
    },
    "wrong_padding_same_with_activation_layers": {
        "build_cnn.layers": ["layer 1 (Conv2D(16, 3x3, relu)) has padding='same'"],
        "build_cnn.params": ["layer 8 (Dense(64, relu)) has 100,416 parameters; expected 51,264"],
        "build_cnn.shapes": ["layer 1 (Conv2D(16, 3x3, relu)) outputs (None, 28, 28, 16); expected (None, 26, 26, 16)"],
    },
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_variant_fails_only_where_it_differs_in_its_own_numbering(name, tmp_path):
    [path] = variant_files("05_cnn", name)
    verdicts = judge_variant("05_cnn", path, tmp_path, skip=TRAINING)
    failed = {check_id for check_id, verdict in verdicts.items() if not verdict.passed}
    assert failed == set(WRONG[name]), {k: v.message for k, v in verdicts.items() if not v.passed}
    for check_id, words in WRONG[name].items():
        for word in words:
            assert word in render(verdicts[check_id].message), (check_id, word, render(verdicts[check_id].message))
