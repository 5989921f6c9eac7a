"""What a training check pays besides the training itself: one trace of Keras's training step.

Counted, not timed: Keras runs ``train_step`` in Python only while tracing, so the number of
calls is the number of traces, whatever the machine's load.
"""

from __future__ import annotations

import collections

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from autograder.checks.kit.keras_probes import build_compiled_state, seed_everything  # noqa: E402


@pytest.fixture
def traces(monkeypatch):
    from keras.src.backend.tensorflow import trainer

    counts: collections.Counter = collections.Counter()
    for step in ("train_step", "test_step"):
        original = getattr(trainer.TensorFlowTrainer, step)

        def counted(self, data, original=original, step=step):
            counts[step] += 1
            return original(self, data)

        monkeypatch.setattr(trainer.TensorFlowTrainer, step, counted)
    return counts


def dense_model(*, declared_input: bool = True):
    layers = [keras.layers.Flatten(), keras.layers.Dense(8, activation="relu"),
              keras.layers.Dense(10, activation="softmax")]
    model = keras.Sequential([keras.Input(shape=(28, 28)), *layers] if declared_input else layers)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def train(model, *, prepare: bool) -> list[float]:
    rng = np.random.default_rng(0)
    x, y = rng.random((80, 28, 28), dtype=np.float32), rng.integers(0, 10, 80)
    seed_everything(0)
    if prepare:
        assert build_compiled_state(model, x, y)
    seed_everything(0)
    return model.fit(x, y, epochs=2, batch_size=32, verbose=0).history["loss"]


def test_a_model_built_for_training_is_traced_once_with_the_same_losses(traces):
    seed_everything(0)
    as_keras_does = train(dense_model(), prepare=False)
    assert traces["train_step"] == 2  # Keras creates the optimizer's and metrics' state in the first trace
    traces.clear()
    seed_everything(0)
    assert train(dense_model(), prepare=True) == as_keras_does
    assert traces["train_step"] == 1


def test_a_model_with_unbuilt_layers_or_not_compiled_is_left_to_fit():
    x, y = np.zeros((4, 28, 28), np.float32), np.zeros(4, np.int64)
    assert not build_compiled_state(dense_model(declared_input=False), x, y)
    assert not build_compiled_state(keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten()]), x, y)
    assert not build_compiled_state("not a model", x, y)


def test_evaluate_of_a_model_with_its_state_built_traces_once_with_the_same_numbers(traces):
    x, y = np.random.default_rng(1).random((40, 28, 28), dtype=np.float32), np.arange(40) % 10
    seed_everything(0)
    as_keras_does = dense_model().evaluate(x, y, verbose=0, return_dict=True)
    assert traces["test_step"] == 2
    traces.clear()
    seed_everything(0)
    model = dense_model()
    assert build_compiled_state(model, x, y)
    assert model.evaluate(x, y, verbose=0, return_dict=True) == as_keras_does
    assert traces["test_step"] == 1
