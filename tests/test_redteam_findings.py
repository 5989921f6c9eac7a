"""Red-team findings, each reproduced by a student-like variant (tests/variants/NN/): a correct
answer in another style gets full marks (with a note where a habit changes something), a mistake
is named as it is, and every message is true. Graded in process through the grader's own judging."""

from __future__ import annotations

import pytest

from tests.test_stand_ins import _graded


def test_02_branches_joined_in_the_wrong_order_fail_the_structure_check(tmp_path):
    results = _graded("02_models", "wrong_multi_input_joined_image_first", tmp_path)
    assert {k for k, r in results.items() if r.status != "passed"} == {"multi_input.structure"}
    message = results["multi_input.structure"].message
    assert "joins its inputs in the order (None, 64), (None, 16); expected (None, 16), (None, 64)" in message
    assert "the features branch first" in message
    assert results["multi_input.structure"].points == 0 and results["multi_input.forward"].points == 1


def test_02_layers_created_in_call_are_named_as_the_mistake_once(tmp_path):
    results = _graded("02_models", "wrong_some_model_layers_created_in_call", tmp_path)
    assert sum(r.points for r in results.values()) == 0
    structure = results["some_model.structure"].message
    assert "its layers are created inside call()" in structure and "Create the layers once in __init__" in structure
    assert "input shape" not in structure
    for check_id in ("some_model.forward", "some_model.hidden"):
        assert results[check_id].follows == "some_model.structure"


def test_02_softmax_applied_in_call_and_a_reshape_that_flattens_are_the_same_network(tmp_path):
    results = _graded("02_models", "some_model_ops_softmax_and_reshape", tmp_path)
    assert all(r.status == "passed" for r in results.values()), {k: r.message for k, r in results.items()}
    assert sum(r.points for r in results.values()) == 8  # sequential_list 2, functional 2, SomeModel 4
    assert "Start with Flatten()" not in " ".join(r.message for r in results.values())


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

def test_02_an_extra_dense_784_is_one_layer_too_many_explained_once(tmp_path):
    results = _graded("02_models", "wrong_extra_dense_784", tmp_path)
    layers = results["sequential_add.layers"].message
    assert "one layer too many: layer 2, Dense(784, relu), should not be there" in layers
    assert "first argument is the number of its outputs (units)" in layers
    assert results["sequential_add.params"].follows == results["sequential_add.shapes"].follows == "sequential_add.layers"
    assert results["sequential_add.forward"].points == 1


def test_02_dense_params_with_the_bias_per_output_is_one_mistake(tmp_path):
    results = _graded("02_models", "wrong_dense_params_bias_per_output", tmp_path)
    assert "The +1 (the bias) belongs to the inputs" in results["dense_params.public"].message
    for check_id in ("dense_params.hidden", "dense_params.hidden_no_bias"):
        assert results[check_id].follows == "dense_params.public"


def test_01_float64_from_normalize_images_is_explained_once(tmp_path):
    results = _graded("01_data", "wrong_float64_and_tensor", tmp_path)
    assert "convert with .astype(np.float32)" in results["normalize_images.public"].message
    assert results["normalize_images.hidden"].follows == "normalize_images.public"


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


def test_02_activation_layers_on_two_heads_fold_into_the_layer_that_feeds_them(tmp_path):
    results = _graded("02_models", "multi_output_activation_layers", tmp_path)
    assert all(r.status == "passed" for r in results.values()), {k: r.message for k, r in results.items()}
    assert results["multi_output.structure"].points == 2
