"""What an activation or a loss computes, found by evaluating it on probe tensors (child side).

A student may write ``activation="softmax"``, ``activation=tf.nn.softmax`` (whose name is
``softmax_v2``), ``keras.activations.softmax``, ``keras.ops.softmax``, ``layers.Softmax()`` or
``layers.Activation("softmax")``: all compute the same thing, and all are the same answer. So an
activation is identified by what it returns on a fixed probe batch, compared with Keras's own
functions; a loss likewise on small label/prediction batches. The name the student wrote is kept
too (``written``), so that a message can quote it.

Importing this module imports nothing heavy; the functions import Keras when called.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# Keras 3's activations, by their canonical names. "linear" is no activation at all.
ACTIVATIONS = ("linear", "relu", "sigmoid", "softmax", "tanh", "elu", "selu", "softplus", "softsign",
               "silu", "gelu", "exponential", "hard_sigmoid", "hard_silu", "leaky_relu", "relu6",
               "log_softmax", "mish")

# Values on both sides of 0, small and large, in two rows (softmax and log_softmax act on rows).
_PROBE = np.array([[-3.0, -1.5, -0.5, 0.0, 0.25, 1.0, 2.5, 7.0],
                   [4.0, -2.0, 0.75, -0.1, 3.0, -6.0, 0.5, 1.5]], dtype=np.float32)

_REFERENCE_CACHE: dict[str, dict[str, np.ndarray]] = {}


def _to_numpy(value: Any) -> np.ndarray | None:
    import keras

    try:
        return np.asarray(keras.ops.convert_to_numpy(value), dtype=np.float64)
    except Exception:  # noqa: BLE001 - not a tensor we can read
        try:
            return np.asarray(value, dtype=np.float64)
        except Exception:  # noqa: BLE001
            return None


def _evaluate(function: Any, *args: np.ndarray) -> np.ndarray | None:
    """``function(*args)`` as numpy, trying a tensor first and plain numpy second; None if it fails."""
    import keras

    for convert in (keras.ops.convert_to_tensor, lambda a: a):
        try:
            result = _to_numpy(function(*(convert(a) for a in args)))
        except Exception:  # noqa: BLE001 - student code: anything may fail
            continue
        if result is not None:
            return result
    return None


def _activation_references() -> dict[str, np.ndarray]:
    if "activations" not in _REFERENCE_CACHE:
        import keras

        table = {}
        for name in ACTIVATIONS:
            try:
                table[name] = _to_numpy(keras.activations.get(name)(keras.ops.convert_to_tensor(_PROBE)))
            except Exception:  # noqa: BLE001 - an activation this Keras version lacks
                continue
        _REFERENCE_CACHE["activations"] = table
    return _REFERENCE_CACHE["activations"]


def spelling(function: Any) -> str:
    """How the student most likely wrote ``function``: 'softmax', 'tf.nn.softmax', 'keras.ops.relu', 'my_act'."""
    if function is None:
        return "None"
    if isinstance(function, str):
        return function
    name = getattr(function, "__name__", None) or type(function).__name__
    module = getattr(function, "__module__", "") or ""
    if module.startswith("tensorflow"):
        return "tf.nn." + (name[:-3] if name.endswith("_v2") else name)
    if module.startswith("keras"):
        if ".activations" in module:
            return "keras.activations." + name
        if ".ops" in module:
            return "keras.ops." + name
        return name
    return str(name)


def same_values(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return (a is not None and b is not None and a.shape == b.shape
            and bool(np.allclose(a, b, rtol=1e-4, atol=1e-5, equal_nan=False)))


def identify_activation(function: Any) -> dict:
    """``{"name": canonical name or None, "written": the spelling}`` of an activation callable."""
    written = spelling(function)
    if function is None:
        return {"name": "linear", "written": written}
    if isinstance(function, str):
        import keras

        try:
            function = keras.activations.get(function)
        except Exception:  # noqa: BLE001 - an unknown name
            return {"name": None, "written": written}
    values = _evaluate(function, _PROBE)
    for name, reference in _activation_references().items():
        if same_values(values, reference):
            return {"name": name, "written": written}
    return {"name": None, "written": written}


# -- losses -------------------------------------------------------------------------------------

_LABELS = np.array([2, 0, 1, 2], dtype=np.int64)
_SOFTMAX_ROWS = np.array([[0.2, 0.3, 0.5], [0.7, 0.2, 0.1], [0.25, 0.6, 0.15], [0.1, 0.1, 0.8]], dtype=np.float32)
_ONE_HOT = np.eye(3, dtype=np.float32)[_LABELS]
_BINARY = np.array([[1.0], [0.0], [1.0], [0.0]], dtype=np.float32)
_BINARY_PRED = np.array([[0.9], [0.3], [0.6], [0.2]], dtype=np.float32)

# canonical loss: the probe batch it is told apart on (labels, predictions)
_LOSS_PROBES = (
    ("sparse_categorical_crossentropy", (_LABELS, _SOFTMAX_ROWS)),
    ("categorical_crossentropy", (_ONE_HOT, _SOFTMAX_ROWS)),
    ("binary_crossentropy", (_BINARY, _BINARY_PRED)),
    ("mse", (_ONE_HOT, _SOFTMAX_ROWS)),
    ("mae", (_ONE_HOT, _SOFTMAX_ROWS)),
)


def _mean(values: np.ndarray | None) -> float | None:
    return None if values is None or values.size == 0 else float(np.mean(values))


def identify_loss(function: Any) -> str | None:
    """The canonical name of the loss ``function`` computes (see compiling.canonical_loss), or None."""
    import keras

    for name, (labels, predictions) in _LOSS_PROBES:
        reference = _mean(_to_numpy(keras.losses.get(name)(labels, predictions)))
        got = _mean(_evaluate(function, labels, predictions))
        if got is not None and reference is not None and np.isclose(got, reference, rtol=1e-4, atol=1e-6):
            return name
    return None
