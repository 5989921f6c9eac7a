"""Optimizers and losses: described in the child (from the objects), compared in the grader.

:func:`describe_optimizer` and :func:`describe_loss` run beside student code and import Keras
when called; everything else works on their plain data.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.catalog import msg
from autograder.checks.kit.judging import kind_of, plain, show
from autograder.describe import describe, safe_repr, type_name


def _number(value) -> float | None:
    import keras

    try:
        return float(np.asarray(keras.ops.convert_to_numpy(value), dtype=np.float64))
    except Exception:  # noqa: BLE001 - not a number we can read
        return None


_OPTIMIZER_SETTINGS = {
    "SGD": ("momentum", "nesterov"),
    "RMSprop": ("rho", "momentum", "centered"),
    "Adagrad": ("initial_accumulator_value",),
    "Adam": ("beta_1", "beta_2", "amsgrad"),
}


def describe_optimizer(optimizer: Any) -> dict:
    """Exact class, learning rate and main hyper-parameters, read from the optimizer object."""
    import keras

    if issubclass(type(optimizer), type):
        return {"is_optimizer": False, "is_class": True, "name": optimizer.__name__}
    if not issubclass(type(optimizer), keras.optimizers.Optimizer):  # by real type: __class__ can lie
        return {"is_optimizer": False, "value": describe(optimizer)}
    known = {getattr(keras.optimizers, name): name for name in _OPTIMIZER_SETTINGS}
    name = known.get(type(optimizer), type_name(optimizer))
    settings = {}
    for key in _OPTIMIZER_SETTINGS.get(name, ()):
        value = getattr(optimizer, key, None)
        settings[key] = value if type(value) is bool else _number(value)
    return {"is_optimizer": True, "class": name, "known": type(optimizer) in known,
            "learning_rate": _number(optimizer.learning_rate), "settings": settings}


def describe_loss(loss: Any) -> dict:
    """What a model was compiled with as its loss: a name, a Loss object or a function."""
    import keras

    if type(loss) is str:
        return {"kind": "name", "name": loss}
    if issubclass(type(loss), keras.losses.Loss):
        try:
            config = loss.get_config()
        except Exception:  # noqa: BLE001
            config = {}
        inner = getattr(getattr(loss, "fn", None), "__name__", None)
        described = {"kind": "object", "name": type(loss).__name__, "function": inner,
                     "from_logits": bool(config.get("from_logits", False))}
        return _with_behaviour(described, loss)
    if callable(loss):
        return _with_behaviour({"kind": "function", "name": str(getattr(loss, "__name__", type_name(loss)))}, loss)
    return {"kind": "other", "name": safe_repr(loss)}


def _with_behaviour(described: dict, loss: Any) -> dict:
    """Add ``behaves_as``: the known loss it computes on probe batches, when its name does not say."""
    if canonical_loss(described.get("function") or described["name"]) not in _CANONICAL_LOSSES:
        from autograder.checks.kit.behaviour import identify_loss

        described["behaves_as"] = identify_loss(loss)
    return described


def close(a: float | None, b: float | None, rtol: float = 1e-5) -> bool:
    return a is not None and b is not None and bool(np.isclose(a, b, rtol=rtol, atol=1e-8))


_LOSS_NAMES = {
    "mse": "mse", "mean_squared_error": "mse", "MeanSquaredError": "mse",
    "mae": "mae", "mean_absolute_error": "mae", "MeanAbsoluteError": "mae",
    "binary_crossentropy": "binary_crossentropy", "BinaryCrossentropy": "binary_crossentropy",
    "categorical_crossentropy": "categorical_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
}


_CANONICAL_LOSSES = frozenset(_LOSS_NAMES.values())


def canonical_loss(name: str | None) -> str | None:
    """One spelling per loss: 'mean_squared_error', 'MeanSquaredError' and 'mse' are all 'mse'."""
    if name is None:
        return None
    return _LOSS_NAMES.get(name, name)


def optimizer_problem(got: dict, expected: dict, *, explicit_rate: bool | None = None) -> str | None:
    """How a described optimizer differs from the reference's, with the likely cause; None if equal.

    ``explicit_rate`` says, for make_optimizer, whether the call gave a learning rate (None: not
    a make_optimizer call).
    """
    if not got.get("is_optimizer"):
        if got.get("is_class"):
            return (msg("kit.compiling.optimizer_problem.class_not_instance", got_name=got['name']))
        value = got["value"]
        if kind_of(value) == "none":
            return msg("kit.compiling.optimizer_problem.none")
        if kind_of(value) == "str":
            return (msg("kit.compiling.optimizer_problem.string", value=repr(plain(value))))
        return msg("kit.compiling.optimizer_problem.not_an_optimizer", value=show(value))
    if got["class"] != expected["class"]:
        return msg("kit.compiling.optimizer_problem.wrong_class", got_class=got['class'],
                   expected_class=expected['class'])
    rate, wanted = got["learning_rate"], expected["learning_rate"]
    if not close(rate, wanted):
        text = msg("kit.compiling.optimizer_problem.wrong_learning_rate", got_class=got['class'], rate=rate,
                   wanted=wanted)
        if got["class"] == "Adagrad" and close(rate, 0.001) and close(wanted, 0.01):
            return (text + msg("kit.compiling.optimizer_problem.adagrad_default"))
        if explicit_rate:
            return text + msg("kit.compiling.optimizer_problem.learning_rate_ignored")
        if explicit_rate is False:
            return text + msg("kit.compiling.optimizer_problem.learning_rate_none")
        return text
    for key, value in expected["settings"].items():
        if got["settings"].get(key) != value and not close(got["settings"].get(key), value):
            return (msg("kit.compiling.optimizer_problem.setting_differs", got_class=got['class'], key=key,
                        key_got_settings=repr(got['settings'].get(key)), value=repr(value)))
    return None


def loss_name(loss: dict) -> str:
    if loss["kind"] == "object":
        return f"{loss['name']}({'from_logits=True' if loss['from_logits'] else ''})"
    return repr(loss["name"]) if loss["kind"] == "name" else loss["name"]


def compiled_loss_key(loss: dict) -> str | None:
    """The canonical name of a described loss (name, Loss object or function), or None."""
    if loss.get("behaves_as"):
        return loss["behaves_as"]
    return canonical_loss(loss.get("function") or loss["name"]) if loss["kind"] != "other" else None


def compiled_loss_hint(loss: dict, error: dict | None) -> str:
    """Why a model compiled with ``loss`` (see describe_loss) does not train a 10-class softmax classifier."""
    if loss["kind"] == "object" and loss["from_logits"]:
        return (msg("kit.compiling.compiled_loss_hint.from_logits_with_softmax"))
    name = compiled_loss_key(loss)
    if name in ("categorical_crossentropy",) or (error and "same rank" in error.get("message", "")):
        return (msg("kit.compiling.compiled_loss_hint.labels_are_integers"))
    if name in ("mse", "mae"):
        return (msg("kit.compiling.compiled_loss_hint.regression_loss"))
    if name == "binary_crossentropy":
        return msg("kit.compiling.compiled_loss_hint.binary_crossentropy")
    return msg("kit.compiling.compiled_loss_hint.use_sparse")

