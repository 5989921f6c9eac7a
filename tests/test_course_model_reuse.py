"""04 trains the course's own model four times in one worker: the worker builds it once and puts it
back to its first state before each training (a04_training._course_model_to_train), so that fit keeps
its traced step function. These tests hold it to training exactly as a new model would."""

from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from autograder.checks import a04_training  # noqa: E402
from autograder.checks.kit.keras_probes import build_compiled_state, seed_everything  # noqa: E402


@pytest.fixture
def data():
    rng = np.random.default_rng(3)
    return rng.random((96, 28, 28), dtype=np.float32), rng.integers(0, 10, 96)


@pytest.fixture(autouse=True)
def no_kept_model(monkeypatch):
    monkeypatch.setattr(a04_training, "_trained_course", {})


def losses_of_a_new_model(x, y, epochs=2):
    seed_everything(0)
    model = a04_training._course_model()
    build_compiled_state(model, x, y)
    seed_everything(0)
    return model.fit(x, y, epochs=epochs, batch_size=32, verbose=0).history["loss"]


def test_a_kept_model_trains_exactly_as_a_new_one(data):
    x, y = data
    first = a04_training._course_model_to_train(0, x, y)
    first.fit(x, y, epochs=3, batch_size=32, verbose=0)  # trained: its weights and optimizer moved on
    again = a04_training._course_model_to_train(0, x, y)
    assert again is first
    kept = again.fit(x, y, epochs=2, batch_size=32, verbose=0).history["loss"]
    assert kept == losses_of_a_new_model(x, y)


def test_the_step_function_is_traced_once_for_every_training(data):
    x, y = data
    model = a04_training._course_model_to_train(0, x, y)
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    traced = model.train_function
    a04_training._course_model_to_train(0, x, y).fit(x, y, epochs=1, batch_size=32, verbose=0)
    assert model.train_function is traced


@pytest.mark.parametrize("change", ["compiled again", "layer frozen", "activation replaced"])
def test_a_model_that_student_code_changed_is_built_afresh(data, change):
    x, y = data
    model = a04_training._course_model_to_train(0, x, y)
    if change == "compiled again":
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    elif change == "layer frozen":
        model.layers[1].trainable = False
    else:
        model.layers[1].activation = keras.activations.get("tanh")
    fresh = a04_training._course_model_to_train(0, x, y)
    assert fresh is not model
    assert fresh.fit(x, y, epochs=2, batch_size=32, verbose=0).history["loss"] == losses_of_a_new_model(x, y)
