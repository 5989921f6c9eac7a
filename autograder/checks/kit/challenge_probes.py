"""Child side of the outcome-graded challenges (04, 05): build the student's model, train it, measure it.

The student designs the model; the grader does everything else, the same way for the student and
the reference: it checks what the model is (a compiled ``keras.Model`` with its parameter count
recomputed from the real weights), draws every weight afresh from the course's seed (so that a
model returned already trained, or built after other layers, starts like any other: the challenge
compares designs, not luck), and fits it on the challenge's training subset with the course's
epochs and batch size. After every epoch a grader-owned callback measures accuracy and
cross-entropy on a fixed slice of the training images and on held-out test images the student's
code is never given with their labels (no ``validation_data``: the student's metrics and callbacks
never see them). Keras is imported inside the functions, so importing this module costs nothing.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from autograder.checks.kit.calling import run_student

TRAIN_CURVE_SAMPLES = 500  # the training images measured after each epoch (the first of the subset)
_runs: dict[tuple, dict] = {}  # one build and one training serve every challenge check of a module


def challenge_data(settings: dict) -> dict:
    """The challenge's training subset and its held-out images (the first test images)."""
    from autograder.datasets import dataset_for_worker

    budget = settings["challenge"]
    n_train, n_valid = budget["train_samples"], budget["valid_samples"]
    dataset = dataset_for_worker(settings.get("data_dir"), (settings.get("data") or {}).get("description", ""),
                                 synthetic_limit=max(n_train, n_valid))
    scale = np.float32(255.0)
    return {"x_train": dataset.x_train[:n_train].astype(np.float32) / scale, "y_train": dataset.y_train[:n_train],
            "x_valid": dataset.x_test[:n_valid].astype(np.float32) / scale, "y_valid": dataset.y_test[:n_valid],
            "source": dataset.description}


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


def _scores(model: Any, x: np.ndarray) -> np.ndarray:
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


def _curve_recorder(data: dict, curves: dict):
    import keras

    x_seen, y_seen = data["x_train"][:TRAIN_CURVE_SAMPLES], data["y_train"][:TRAIN_CURVE_SAMPLES]

    class CurveRecorder(keras.callbacks.Callback):
        """Grader-owned: after every epoch, the model measured on training and held-out images."""

        def on_epoch_end(self, epoch, logs=None):
            for prefix, x, y in (("", x_seen, y_seen), ("val_", data["x_valid"], data["y_valid"])):
                measured = measure(_scores(self.model, x), y)
                curves.setdefault(prefix + "accuracy", []).append(measured["accuracy"])
                curves.setdefault(prefix + "loss", []).append(measured["loss"])
            curves["probabilities"] = measured["probabilities"]

    return CurveRecorder()


def _optimizer_facts(model: Any) -> dict:
    from autograder.checks.kit.compiling import describe_optimizer

    try:
        return describe_optimizer(getattr(model, "optimizer", None)) or {}
    except Exception:  # noqa: BLE001 - a facts helper: a model without a usable optimizer is said elsewhere
        return {}


def challenge_run(module: Any, context: Any, target: str, input_shape: tuple[int, ...]) -> dict:
    """Build ``module.<target>()``, check what it is, train it with the course's budget; plain data.

    ``input_shape`` is one image as the assignment feeds it: ``(28, 28)`` in 04, ``(28, 28, 1)`` in 05.
    """
    key = (id(module), target)
    if key not in _runs:  # a stub's NotImplementedError passes through and stores nothing
        _runs[key] = _build_and_train(module, context, target, input_shape)
    return _runs[key]


def _layer_text(layer: dict) -> str:
    size = layer["settings"].get("units") or layer["settings"].get("filters")
    return f"{layer['class']}({size})" if size else layer["class"]


def _build_and_train(module: Any, context: Any, target: str, input_shape: tuple[int, ...]) -> dict:
    from autograder.checks.kit import keras_probes

    budget = context.settings["challenge"]
    out: dict[str, Any] = {"budget": dict(budget), "target": target}
    keras_probes.seed_everything(budget["seed"])
    built = run_student(getattr(module, target))
    if "raised" in built:
        out["raised"], out["stage"] = built["raised"], "build"
        return out
    model = built["value"]
    described = keras_probes.describe_model(model)
    if not described["is_model"]:
        out["not_model"] = described["value"]
        return out
    out["params"] = described["params"]
    out["layers"] = [_layer_text(layer) for layer in described["layers"]]
    out["last_activation"] = described["layers"][-1]["settings"].get("activation") if described["layers"] else None
    out["compiled"] = getattr(model, "optimizer", None) is not None and getattr(model, "loss", None) is not None
    out["optimizer"] = _optimizer_facts(model)
    out["from_logits"] = _compiled_from_logits(model)
    if out["params"] > budget["max_params"] or not out["compiled"]:
        return out
    data = challenge_data(context.settings)
    out["source"] = data["source"]
    x_train, x_valid = data["x_train"].reshape((-1, *input_shape)), data["x_valid"].reshape((-1, *input_shape))
    data = {**data, "x_train": x_train, "x_valid": x_valid}
    curves: dict[str, Any] = {}
    started = time.monotonic()

    def train():
        out["kept_weights"] = reinitialize(model, budget["seed"])
        keras_probes.seed_everything(budget["seed"])  # the same shuffling, however many draws the build made
        history = model.fit(x_train, data["y_train"], epochs=budget["epochs"], batch_size=budget["batch_size"],
                            shuffle=True, verbose=0, callbacks=[_curve_recorder(data, curves)])
        return keras_probes.history_summary(history)["history"].get("loss") or []

    trained = run_student(train)
    out["seconds"] = round(time.monotonic() - started, 2)
    if "raised" in trained:
        out["raised"], out["stage"] = trained["raised"], "training"
        return out
    out["own_loss"] = trained["value"]  # the loss the student compiled, as fit reports it
    out["curves"] = {name: values for name, values in curves.items() if name != "probabilities"}
    out["probabilities"] = curves.get("probabilities")
    return out


def _compiled_from_logits(model) -> bool:
    """Whether the compiled loss expects raw scores (``from_logits=True``): then no softmax is right."""
    from autograder.checks.kit.compiling import describe_loss

    try:
        return bool(describe_loss(getattr(model, "loss", None)).get("from_logits", False))
    except Exception:  # noqa: BLE001 - a loss the grader cannot describe: say nothing about it
        return False
