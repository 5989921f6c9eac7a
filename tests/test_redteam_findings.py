"""Red-team findings, each reproduced by a student-like variant (tests/variants/NN/): a correct
answer in another style gets full marks (with a note where a habit changes something), a mistake
is named as it is, and every message is true. Graded in process through the grader's own judging."""

from __future__ import annotations

import pytest

from tests.test_stand_ins import _graded


def test_03_habits_that_still_compute_the_same_are_accepted_with_notes(tmp_path):
    results = _graded("03_compile", "metric_object_without_name_and_linear", tmp_path)
    assert all(r.status == "passed" for r in results.values()), {k: r.message for k, r in results.items()}
    assert '"linear" is Keras\'s name for no activation' in results["output_activation.hidden"].message
    for check_id in ("compile_classifier.metrics", "compile_classifier.hidden"):
        message = results[check_id].message
        assert "it reports under the name sparse_categorical_accuracy" in message
        assert "give the metric object name=\"accuracy\"" in message


def test_03_dict_get_for_an_unknown_problem_is_told_what_it_returned_in_any_style(tmp_path):
    results = _graded("03_compile", "wrong_dict_get_for_unknown_problem", tmp_path)
    assert {k for k, r in results.items() if r.status != "passed"} == {"output_activation.unknown"}
    message = results["output_activation.unknown"].message
    assert "output_activation('clustering') returned None; expected a ValueError" in message
    assert "a dict's .get() gives None for a missing key" in message
    assert "ran out" not in message


def test_04_callbacks_left_at_mode_auto_pass_with_a_note(tmp_path):
    pytest.importorskip("keras")
    from autograder.catalog import render
    from tests.variant_checks import judge_variant, variant_files

    [path] = variant_files("04_training", "keras_objects_mode_auto")
    verdicts = judge_variant("04_training", path, tmp_path, skip=("train.", "pipeline.", "stop_at_accuracy.training",
                                                                 "challenge."))
    for check_id in ("make_callbacks.checkpoint", "make_callbacks.early_stopping", "make_callbacks.hidden"):
        message = render(verdicts[check_id].message)
        assert verdicts[check_id].passed, message
        assert 'left mode at "auto", which works here only because Keras reads the direction' in message
    assert "mode" not in render(verdicts["make_callbacks.types"].message)


# -- second red team (one mistake, one true explanation; correct work in another style) ----------

def test_03_sgd_momentum_is_explained_once(tmp_path):
    results = _graded("03_compile", "wrong_sgd_momentum", tmp_path)
    assert "SGD has momentum=0.9; expected 0.0" in results["make_optimizer.defaults"].message
    assert results["make_optimizer.learning_rate"].follows == "make_optimizer.defaults"
    assert results["make_optimizer.hidden"].points == 1


def test_03_numpy_in_mean_pred_is_mean_preds_mistake_with_the_graph_advice(tmp_path):
    results = _graded("03_compile", "wrong_numpy_in_mean_pred", tmp_path)
    assert {k for k, r in results.items() if r.status != "passed"} == {"mean_pred.hidden"}
    assert "cannot compute on the symbolic tensors" in results["mean_pred.hidden"].message
    assert "judged with the course's own `mean_pred`" in results["compile_classifier.metrics"].message
