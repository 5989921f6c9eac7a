"""Child side of the outcome-graded challenges (04, 05): build the student's model, train it, save it.

The student designs the model; the grader does everything else, the same way for the student and
the reference: it checks what the model is (a compiled ``keras.Model`` of Keras's own layers, with
its parameter count recomputed from the real weights), draws every weight afresh from the course's
seed (so that a model returned already trained, or built after other layers, starts like any other:
the challenge compares designs, not luck), and fits it on the challenge's training subset with the
course's epochs and batch size. After every epoch a grader-owned callback measures accuracy and
cross-entropy on a fixed slice of the training images and saves the model (``.keras``) in the
scratch folder. This worker never has the held-out images or their labels: they are not in its
view or its memory. The grader then hands the saved models to a second worker that runs no
student code (:mod:`autograder.checks.kit.challenge_evaluator`, :mod:`autograder.held_out`).
Keras is imported inside the functions, so importing this module costs nothing.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import Any

import numpy as np

from autograder.checks.kit.calling import run_student

TRAIN_CURVE_SAMPLES = 500  # the training images measured after each epoch (the first of the subset)
MODELS_FOLDER = "challenge-models"  # in the scratch folder: epoch-1.keras, epoch-2.keras, ...
_built: dict[tuple, tuple] = {}  # one build serves every challenge check of a module: (model, facts)
_runs: dict[tuple, dict] = {}  # one training serves the checks judged from it


def epoch_file(epoch: int) -> str:
    """The name of the model saved after ``epoch`` (counted from 1) in ``MODELS_FOLDER``."""
    return f"epoch-{epoch}.keras"


def challenge_data(settings: dict) -> dict:
    """The challenge's training subset (the held-out images are not in this worker's reach)."""
    from autograder.datasets import dataset_for_worker

    n_train = settings["challenge"]["train_samples"]
    dataset = dataset_for_worker(settings.get("data_dir"), (settings.get("data") or {}).get("description", ""),
                                 synthetic_limit=n_train)
    return {"x_train": dataset.x_train[:n_train].astype(np.float32) / np.float32(255.0),
            "y_train": dataset.y_train[:n_train], "source": dataset.description}


def reinitialize(model: Any, seed: int) -> list[str]:
    """Draw every weight afresh from ``seed``, layer by layer; returns the weights left as they were.

    Kernels: Glorot uniform (Keras's default); biases, ``beta`` and moving means: zeros; ``gamma``
    and moving variances: ones. Anything else (a weight of a custom layer) is named in the result.
    """
    from autograder.checks.kit.keras_probes import keras_attribute

    rng = np.random.default_rng(seed)
    kept = []
    for weight in keras_attribute(model, "weights"):
        shape = tuple(int(n) for n in weight.shape)
        name = str(weight.name).rsplit("/", 1)[-1]
        if "kernel" in name and len(shape) >= 2:
            receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
            limit = np.sqrt(6.0 / (receptive * (shape[-2] + shape[-1])))
            weight.assign(rng.uniform(-limit, limit, size=shape).astype(np.float32))
        elif name in ("bias", "beta", "moving_mean"):
            weight.assign(np.zeros(shape, dtype=np.float32))
        elif name in ("gamma", "moving_variance"):
            weight.assign(np.ones(shape, dtype=np.float32))
        elif name not in ("seed_generator_state", "iteration", "learning_rate"):
            kept.append(name)
    return kept


def scores(model: Any, x: np.ndarray) -> np.ndarray:
    """The model's output rows for ``x``, in batches of 500, as float64."""
    import keras

    parts = [keras.ops.convert_to_numpy(model(x[start:start + 500], training=False))
             for start in range(0, len(x), 500)]
    return np.concatenate([np.asarray(part, dtype=np.float64) for part in parts])


def measure(scores: np.ndarray, labels: np.ndarray) -> dict:
    """Accuracy and cross-entropy of output rows; rows that are not probabilities get a softmax first."""
    if scores.ndim != 2 or scores.shape[0] != len(labels) or scores.shape[1] < 2:
        return {"accuracy": None, "loss": None, "probabilities": None}
    accuracy = float(np.mean(np.argmax(scores, axis=1) == labels))
    finite = bool(np.all(np.isfinite(scores)))
    probabilities = finite and bool(np.all(scores >= -1e-6)) and bool(np.allclose(scores.sum(axis=1), 1.0, atol=1e-3))
    if not finite:
        return {"accuracy": accuracy, "loss": None, "probabilities": False}
    if not probabilities:
        shifted = scores - scores.max(axis=1, keepdims=True)
        scores = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    picked = np.clip(scores[np.arange(len(labels)), np.asarray(labels, dtype=np.int64) % scores.shape[1]], 1e-7, 1.0)
    return {"accuracy": accuracy, "loss": float(-np.mean(np.log(picked))), "probabilities": probabilities}


def _curve_recorder(data: dict, curves: dict, folder: str):
    import keras

    x_seen, y_seen = data["x_train"][:TRAIN_CURVE_SAMPLES], data["y_train"][:TRAIN_CURVE_SAMPLES]

    class CurveRecorder(keras.callbacks.Callback):
        """Grader-owned: after every epoch, the model measured on training images and saved for the evaluator."""

        def on_epoch_end(self, epoch, logs=None):
            measured = measure(scores(self.model, x_seen), y_seen)
            curves.setdefault("accuracy", []).append(measured["accuracy"])
            curves.setdefault("loss", []).append(measured["loss"])
            curves["probabilities"] = measured["probabilities"]
            self.model.save(os.path.join(folder, epoch_file(epoch + 1)))

    return CurveRecorder()


def not_builtin(model: Any) -> list[str]:
    """The classes in ``model`` (itself included) that are not Keras's own, or are Lambda layers: the
    evaluator loads the saved model with ``safe_mode=True`` and without the student's module, so
    such a model cannot be measured. The evaluator's load is the real test; this only saves a
    training that could not be measured."""
    from autograder.checks.kit.keras_probes import keras_attribute

    found, todo, seen = [], [model], set()
    while todo:
        layer = todo.pop(0)
        if id(layer) in seen:
            continue
        seen.add(id(layer))
        kind = type(layer)
        if not kind.__module__.startswith("keras.") or kind.__name__ == "Lambda":
            name = kind.__name__ if kind.__name__ == "Lambda" else f"{kind.__module__}.{kind.__name__}"
            if name not in found:
                found.append(name)
        try:
            todo.extend(keras_attribute(layer, "layers") or [])
        except Exception:  # noqa: BLE001 - a plain layer has no sub-layers
            pass
    return found


def _optimizer_facts(model: Any) -> dict:
    from autograder.checks.kit.compiling import describe_optimizer

    try:
        return describe_optimizer(getattr(model, "optimizer", None)) or {}
    except Exception:  # noqa: BLE001 - a facts helper: a model without a usable optimizer is said elsewhere
        return {}


def challenge_model(module: Any, context: Any, target: str) -> dict:
    """Build ``module.<target>()`` and say what it is (the budget check's facts); no training.

    A stub's NotImplementedError passes through and stores nothing."""
    return dict(_build(module, context, target)[1])


def challenge_run(module: Any, context: Any, target: str, input_shape: tuple[int, ...]) -> dict:
    """Build ``module.<target>()``, check what it is, train it with the course's budget; plain data.

    ``input_shape`` is one image as the assignment feeds it: ``(28, 28)`` in 04, ``(28, 28, 1)`` in 05.
    """
    key = (id(module), target)
    if key not in _runs:
        model, facts = _build(module, context, target)
        _runs[key] = _train(model, dict(facts), context, input_shape)
    return _runs[key]


def _build(module: Any, context: Any, target: str) -> tuple[Any, dict]:
    key = (id(module), target)
    if key not in _built:
        _built[key] = _build_and_describe(module, context, target)
    return _built[key]


def _layer_text(layer: dict) -> str:
    size = layer["settings"].get("units") or layer["settings"].get("filters")
    return f"{layer['class']}({size})" if size else layer["class"]


def _build_and_describe(module: Any, context: Any, target: str) -> tuple[Any, dict]:
    from autograder.checks.kit import keras_probes

    budget = context.settings["challenge"]
    out: dict[str, Any] = {"budget": dict(budget), "target": target}
    keras_probes.seed_everything(budget["seed"])
    built = run_student(getattr(module, target))
    if "raised" in built:
        out["raised"], out["stage"] = built["raised"], "build"
        return None, out
    model = built["value"]
    described = keras_probes.describe_model(model)
    if not described["is_model"]:
        out["not_model"] = described["value"]
        return None, out
    out["params"] = described["params"]
    out["layers"] = [_layer_text(layer) for layer in described["layers"]]
    out["last_activation"] = described["layers"][-1]["settings"].get("activation") if described["layers"] else None
    out["compiled"] = getattr(model, "optimizer", None) is not None and getattr(model, "loss", None) is not None
    out["optimizer"] = _optimizer_facts(model)
    out["from_logits"] = _compiled_from_logits(model)
    out["not_builtin"] = not_builtin(model)
    return model, out


def _train(model: Any, out: dict, context: Any, input_shape: tuple[int, ...]) -> dict:
    """Train a model that may enter the challenge; ``out`` (its facts) gets the curves."""
    from autograder.checks.kit import keras_probes

    budget = context.settings["challenge"]
    if model is None or out["params"] > budget["max_params"] or not out["compiled"] or out["not_builtin"]:
        return out
    data = challenge_data(context.settings)
    out["source"] = data["source"]
    x_train = data["x_train"].reshape((-1, *input_shape))
    data = {**data, "x_train": x_train}
    folder = os.path.join(context.scratch, MODELS_FOLDER)
    shutil.rmtree(folder, ignore_errors=True)  # a worker started again after a crash trains again
    os.makedirs(folder)
    curves: dict[str, Any] = {}
    started = time.monotonic()

    def train():
        out["kept_weights"] = reinitialize(model, budget["seed"])
        keras_probes.build_compiled_state(model, x_train, data["y_train"])
        keras_probes.seed_everything(budget["seed"])  # the same shuffling, however many draws the build made
        history = model.fit(x_train, data["y_train"], epochs=budget["epochs"], batch_size=budget["batch_size"],
                            shuffle=True, verbose=0, callbacks=[_curve_recorder(data, curves, folder)])
        return keras_probes.history_summary(history)["history"].get("loss") or []

    trained = run_student(train)
    out["seconds"] = round(time.monotonic() - started, 2)
    if "raised" in trained:
        out["raised"], out["stage"] = trained["raised"], "training"
        return out
    out["own_loss"] = trained["value"]  # the loss the student compiled, as fit reports it
    out["curves"] = {name: values for name, values in curves.items() if name != "probabilities"}
    out["probabilities"] = curves.get("probabilities")
    out["saved_epochs"] = len(out["curves"].get("accuracy") or [])  # the held-out curves come from the evaluator
    return out


def _compiled_from_logits(model) -> bool:
    """Whether the compiled loss expects raw scores (``from_logits=True``): then no softmax is right."""
    from autograder.checks.kit.compiling import describe_loss

    try:
        return bool(describe_loss(getattr(model, "loss", None)).get("from_logits", False))
    except Exception:  # noqa: BLE001 - a loss the grader cannot describe: say nothing about it
        return False
