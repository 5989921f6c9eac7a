"""The challenge's held-out measurement: on the grader's side, without Keras or a worker, which
data a worker is handed, the held-out images, copying the saved models, and merging the
evaluator's numbers into the challenge's outcomes (autograder/held_out.py); and the evaluator's
probe itself on tiny saved models, in process (kit/challenge_evaluator.py)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from autograder.catalog import render
from autograder.checks.kit.challenge import accuracy_judge, judge_budget
from autograder.checks.kit.challenge_probes import MODELS_FOLDER, epoch_file
from autograder.course import REPO_ROOT
from autograder.datasets import FILES, TRAINING_FILES, dataset_for_worker, synthetic_fashion_mnist
from autograder.held_out import _copy_models, held_out_arrays, merge, synthetic_key
from autograder.sandbox import protocol
from test_challenge_judges import REFERENCE, run

SOLUTION = REPO_ROOT / "solutions" / "04_training" / "training.py"
JUDGE = accuracy_judge(1, "cnn")


def trained(**value) -> dict:
    """The student's worker's outcome: training curves only, the models saved."""
    got = run(curves={"accuracy": [0.70, 0.85, 0.90, 0.92], "loss": [1.07, 0.61, 0.43, 0.33]}, saved_epochs=4)
    got.update(value)
    return {"status": protocol.OK, "value": got}


def measured(*epochs) -> dict:
    return {"status": protocol.OK, "value": {"epochs": list(epochs), "samples": 1000}, "seconds": 1.5}


def epoch(accuracy, loss, params=101770) -> dict:
    return {"accuracy": accuracy, "loss": loss, "probabilities": True, "params": params}


def test_a_worker_is_handed_the_training_split_only_and_its_synthetic_stand_in_has_no_test_split(tmp_path):
    from test_datasets import write_fashion_folder

    write_fashion_folder(tmp_path / "handed")
    (tmp_path / "handed" / FILES["x_test"]).unlink()
    (tmp_path / "handed" / FILES["y_test"]).unlink()
    data = dataset_for_worker(str(tmp_path / "handed"))
    assert data.x_train.shape == (12, 28, 28) and data.x_test.shape == (0, 28, 28) and len(data.y_test) == 0
    assert set(TRAINING_FILES.values()) == {FILES["x_train"], FILES["y_train"]}
    synthetic = dataset_for_worker(None, synthetic_limit=300)
    assert synthetic.x_train.shape == (300, 28, 28) and len(synthetic.y_test) == 0


def test_the_synthetic_held_out_images_come_from_a_key_of_the_solution_not_the_usual_test_split():
    images, labels = held_out_arrays(None, 1000, SOLUTION)
    again = held_out_arrays(None, 1000, SOLUTION)[1]
    usual = synthetic_fashion_mnist(0, 1000)
    assert images.shape == (1000, 28, 28) and images.dtype == np.uint8 and np.array_equal(labels, again)
    assert not np.array_equal(labels, usual.y_test) and np.mean(labels == usual.y_test) < 0.2
    assert synthetic_key(SOLUTION) != synthetic_key(REPO_ROOT / "solutions" / "05_cnn" / "cnn.py")
    assert sorted(np.unique(labels)) == list(range(10))  # the same ten classes


def test_the_real_held_out_images_are_the_first_test_images_of_the_resolved_folder(tmp_path, monkeypatch):
    from autograder.data_sources import resolve_data
    from test_datasets import write_fashion_folder

    write_fashion_folder(tmp_path / "idx", n_train=12, n_test=5)
    resolution = resolve_data("idx", tmp_path / "idx")
    images, labels = held_out_arrays(resolution, 3, SOLUTION)
    assert np.array_equal(labels, synthetic_fashion_mnist(12, 5, seed=3).y_test[:3]) and images.shape == (3, 28, 28)


def test_only_regular_saved_models_are_copied_never_through_a_link(tmp_path):
    student, target = tmp_path / "student", tmp_path / "evaluator"
    (student / MODELS_FOLDER).mkdir(parents=True)
    target.mkdir()
    (student / MODELS_FOLDER / epoch_file(1)).write_bytes(b"model one")
    (tmp_path / "secret").write_text("not for the evaluator")
    os.symlink(tmp_path / "secret", student / MODELS_FOLDER / epoch_file(2))
    (student / MODELS_FOLDER / epoch_file(3)).mkdir()
    (student / MODELS_FOLDER / "extra.keras").write_bytes(b"not asked for")
    assert _copy_models(student, target, 4) == 1
    assert sorted(os.listdir(target)) == [epoch_file(1)] and (target / epoch_file(1)).read_bytes() == b"model one"


def test_a_linked_models_folder_is_not_followed(tmp_path):
    student, target = tmp_path / "student", tmp_path / "evaluator"
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / epoch_file(1)).write_bytes(b"planted")
    student.mkdir()
    target.mkdir()
    os.symlink(tmp_path / "elsewhere", student / MODELS_FOLDER)
    assert _copy_models(student, target, 4) == 0 and os.listdir(target) == []


def test_the_evaluators_numbers_become_the_held_out_curves_and_the_reference_passes():
    got = merge(trained(), measured(epoch(0.64, 1.15), epoch(0.79, 0.73), epoch(0.82, 0.59), epoch(0.83, 0.53)),
                110000)
    value = got["value"]
    assert value["curves"]["val_accuracy"] == [0.64, 0.79, 0.82, 0.83]
    assert value["curves"]["val_loss"] == [1.15, 0.73, 0.59, 0.53] and value["held_out_seconds"] == 1.5
    assert JUDGE(value, REFERENCE).passed


def test_a_model_the_evaluator_cannot_load_gets_the_keras_own_layers_message():
    error = {"type": "TypeError", "message": "Could not locate class 'Doubling'."}
    value = merge(trained(), measured({"error": error}), 110000)["value"]
    text = render(JUDGE(value, REFERENCE).message)
    assert not JUDGE(value, REFERENCE).passed
    assert "could not load the model build_challenge_model() was trained into (TypeError: Could not locate class" \
           in text and "safe_mode=True" in text and "Keras's own layers" in text
    assert judge_budget(value, REFERENCE).passed  # its budget is not the problem


def test_custom_classes_seen_before_training_fail_the_training_checks_not_the_budget():
    got = run(not_builtin=["training.Scale", "Lambda"])
    assert judge_budget(got, REFERENCE).passed  # the parameters are within the budget
    verdict = JUDGE(got, REFERENCE)
    text = render(verdict.message)
    assert not verdict.passed and "uses training.Scale, Lambda" in text and "safe_mode=True" in text
    assert verdict.cause == "challenge: classes not Keras's own"  # challenge.accuracy points at challenge.close


@pytest.mark.parametrize("epochs", [[epoch(0.8, 0.6), {"missing": True}], []])
def test_a_saved_model_that_went_missing_is_not_measured_and_is_said(epochs):
    value = merge(trained(), measured(*epochs), 110000)["value"]
    verdict = JUDGE(value, REFERENCE)
    assert not verdict.passed and "could not measure build_challenge_model() on the held-out images: the model " \
        "saved after epoch" in render(verdict.message)


def test_a_model_file_swapped_for_a_larger_one_is_over_budget_by_its_measured_weights():
    value = merge(trained(), measured(epoch(0.9, 0.3, params=500000)), 110000)["value"]
    assert "500,000 parameters; the budget is 110,000" in render(judge_budget(value, REFERENCE).message)


def test_an_evaluator_that_ran_out_of_time_fails_the_challenge_and_a_grader_error_stays_the_graders():
    value = merge(trained(), {"status": protocol.TIMEOUT, "seconds_limit": 120}, 110000)["value"]
    assert "on the held-out images: loading and measuring the saved models took longer than 120 s" in \
        render(JUDGE(value, REFERENCE).message)
    assert "评分器无法在留出图像上测量" in render(JUDGE(value, REFERENCE).message, "zh")
    broken = merge(trained(), {"status": protocol.GRADER_ERROR, "reason": "no sandbox"}, 110000)
    assert broken["status"] == protocol.GRADER_ERROR and "held-out evaluator" in broken["reason"]


# -- the evaluator's probe, in process, on tiny saved models ---------------------------------------------

def tiny_model(hidden: int = 4, extra=None):
    import keras

    layers = [keras.Input(shape=(28, 28)), keras.layers.Flatten()]
    layers += [extra] if extra is not None else []
    layers += [keras.layers.Dense(hidden, activation="relu"), keras.layers.Dense(10, activation="softmax")]
    return keras.Sequential(layers)


def evaluate(folder, models, samples: int = 50) -> dict:
    from autograder.checks.kit.base import ProbeContext
    from autograder.checks.kit.challenge_evaluator import HELD_OUT_FILE, measure_saved_models

    held_out = synthetic_fashion_mnist(0, samples, test_key=5)
    np.savez(folder / HELD_OUT_FILE, images=held_out.x_test, labels=held_out.y_test)
    for number, model in enumerate(models, start=1):
        if model is not None:
            model.save(folder / epoch_file(number))
    return measure_saved_models(None, ProbeContext(scratch=str(folder), settings={"epochs": len(models)}))


def test_the_evaluator_measures_every_epochs_model_as_the_model_itself_predicts(tmp_path):
    from autograder.checks.kit.challenge_probes import measure, scores

    first, second = tiny_model(), tiny_model()
    second.set_weights([w * 0.5 for w in first.get_weights()])
    result = evaluate(tmp_path, [first, second])
    held_out = synthetic_fashion_mnist(0, 50, test_key=5)
    x = held_out.x_test.astype(np.float32) / 255.0
    for got, model in zip(result["epochs"], (first, second)):
        assert got["accuracy"] == pytest.approx(measure(scores(model, x), held_out.y_test)["accuracy"])
        assert got["loss"] == pytest.approx(measure(scores(model, x), held_out.y_test)["loss"], rel=1e-5)
        assert got["params"] == first.count_params()
    assert result["samples"] == 50


def test_the_evaluator_refuses_a_lambda_and_a_model_that_changed_between_epochs_and_says_a_missing_one(tmp_path):
    import keras

    (tmp_path / "lambda").mkdir()
    refused = evaluate(tmp_path / "lambda", [tiny_model(extra=keras.layers.Lambda(lambda x: x * 2.0))])
    assert "Lambda" in refused["epochs"][0]["error"]["message"] and "safe_mode" in refused["epochs"][0]["error"]["message"]
    (tmp_path / "swapped").mkdir()
    swapped = evaluate(tmp_path / "swapped", [tiny_model(4), tiny_model(64)])
    assert "accuracy" in swapped["epochs"][0] and "error" in swapped["epochs"][1]
    (tmp_path / "missing").mkdir()
    missing = evaluate(tmp_path / "missing", [tiny_model(), None, tiny_model()])
    assert missing["epochs"][1] == {"missing": True} and "accuracy" in missing["epochs"][2]


def test_a_reference_whose_models_cannot_be_measured_is_the_graders_error_and_a_student_loses_the_points(
        course, tmp_path):
    from autograder.held_out import measure_held_out
    from autograder.sandbox.runner import RunOutcome

    assignment = course.assignment("04_training")
    for is_reference, status in ((True, protocol.GRADER_ERROR), (False, protocol.OK)):
        run = RunOutcome(probes={"challenge.accuracy": trained(), "challenge.budget": trained()})
        measure_held_out(course, assignment, run, tmp_path, None, SOLUTION, reference=is_reference)  # no files saved
        assert {outcome["status"] for outcome in run.probes.values()} == {status}
    assert run.probes["challenge.accuracy"]["value"]["stage"] == "held_out"
