"""Correct submissions written the way students write them (tests/variants/NN/*.py, not wrong_*),
judged in process against the reference: every check of the names they define passes.
Checks that train (they need the course's data and budget) are left to the end-to-end tests."""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from tests.variant_checks import judge_variant, variant_files  # noqa: E402

TRAINING = ("accuracy.", "train.", "pipeline.", "stop_at_accuracy.training")
CASES = [(assignment, path) for assignment in ("01_data", "03_compile", "04_training", "06_evaluate", "07_saving")
         for path in variant_files(assignment) if not path.stem.startswith(("wrong_", "keras2_"))]  # keras2_: below


# Graded end to end every day: one correct variant per assignment; the slow suite grades them all.
GRADED_DAILY = {"numpy_style", "tf_keras_objects", "tf_keras_strings", "keras_ops_argmax", "tf_keras_pathlib"}


@pytest.mark.parametrize("assignment, path", [
    pytest.param(a, p, id=f"{a[:2]}-{p.stem}", marks=() if p.stem in GRADED_DAILY else pytest.mark.slow)
    for a, p in CASES])
def test_a_correct_variant_passes_every_check_of_what_it_defines(assignment, path, tmp_path):
    verdicts = judge_variant(assignment, path, tmp_path, skip=TRAINING)
    assert len(verdicts) >= 3, path.name
    failed = {check_id: verdict.message for check_id, verdict in verdicts.items() if not verdict.passed}
    assert not failed, failed


def test_a_wrong_argmax_axis_is_blamed_upstream_not_at_the_correct_line_that_raised(tmp_path):
    from autograder.catalog import render

    [path] = variant_files("06_evaluate", "wrong_argmax_axis_zero")
    verdicts = judge_variant("06_evaluate", path, tmp_path)
    assert {k for k, v in verdicts.items() if not v.passed} == {
        "predict_classes.public", "predict_classes.hidden", "predict_class_names.public", "predict_class_names.hidden"}
    message = render(verdicts["predict_class_names.public"].message)
    assert "raised IndexError: list index out of range" in message
    assert "The likely cause is upstream: your predict_classes returns" in message
    assert "see predict_classes above" in message


@pytest.mark.parametrize("assignment, name, check_id", [
    ("04_training", "keras2_input_shape_and_acc", "build_model.public"),
    ("05_cnn", "functional_input_shape_and_plain_plot", "build_cnn.layers"),
])
def test_a_keras2_habit_that_still_runs_is_accepted_with_its_note(assignment, name, check_id, tmp_path):
    from autograder.catalog import render

    [path] = variant_files(assignment, name)
    verdict = judge_variant(assignment, path, tmp_path, skip=TRAINING)[check_id]
    message = render(verdict.message)
    assert verdict.passed, message
    assert "input_shape= (or input_dim=) to a layer is a Keras 2 habit" in message
    if "acc" in name:
        assert "\"acc\" computes the same accuracy, so it is accepted here" in message
