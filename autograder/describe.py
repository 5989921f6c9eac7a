"""Turn whatever student code returned into plain, JSON-ready data.

This runs in the child process, next to student code, so it trusts nothing about the value:
it looks at exact types (``type(x) is tuple``, never ``isinstance``), never calls ``__eq__``,
``__len__`` or ``__iter__`` of unknown classes, and copies arrays through the base ndarray
methods so that an ndarray subclass cannot lie about its contents. The parent judges only the
description, never the object.
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
from typing import Any

import numpy as np

MAX_ITEMS = 10_000
MAX_ARRAY_ELEMENTS = 200_000
MAX_TEXT = 10_000

_NUMPY_SCALARS = (np.integer, np.floating, np.bool_)


def type_name(value: Any) -> str:
    kind = type(value)
    module = getattr(kind, "__module__", "") or ""
    if module in ("builtins", ""):
        return kind.__qualname__
    if module.startswith("numpy"):
        return "numpy." + kind.__qualname__
    return f"{module}.{kind.__qualname__}"


def _float(value: float) -> float | str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def describe_array(array: np.ndarray, *, type_label: str | None = None) -> dict:
    """Describe an ndarray by dtype, shape, statistics and (when small) its values."""
    array = np.ndarray.copy(array)  # base-class copy: no subclass override runs
    array = array.view(np.ndarray)
    out: dict[str, Any] = {
        "type": type_label or "numpy.ndarray",
        "dtype": str(array.dtype),
        "shape": [int(n) for n in array.shape],
        "size": int(array.size),
    }
    if array.dtype.kind in "biuf" and array.size:
        finite = array[np.isfinite(array)] if array.dtype.kind == "f" else array
        out["nan_count"] = int(np.isnan(array).sum()) if array.dtype.kind == "f" else 0
        if finite.size:
            out["min"] = _float(float(finite.min()))
            out["max"] = _float(float(finite.max()))
            out["mean"] = _float(float(finite.mean(dtype=np.float64)))
    if array.dtype.kind in "biufUS" and array.size <= MAX_ARRAY_ELEMENTS:
        if array.dtype.kind == "f":
            out["data"] = _nested_floats(array.astype(np.float64).tolist())
        else:
            out["data"] = array.tolist()
    elif array.dtype.kind in "biuf":
        out["sha256"] = hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()
    return out


def _nested_floats(data: Any) -> Any:
    if type(data) is list:
        return [_nested_floats(item) for item in data]
    return _float(data)


def describe(value: Any, _depth: int = 0) -> dict:
    """A JSON-ready description of ``value`` that the parent can judge without running it."""
    kind = type(value)
    if _depth > 20:
        return {"type": type_name(value), "truncated": "nested too deeply"}
    if value is None:
        return {"type": "NoneType"}
    if kind is bool:
        return {"type": "bool", "value": bool(value)}
    if kind is int:
        return {"type": "int", "value": int.__int__(value)}
    if kind is float:
        return {"type": "float", "value": _float(float.__float__(value))}
    if kind is str:
        text = str.__str__(value)
        return {"type": "str", "value": text[:MAX_TEXT], "length": len(text)}
    if kind in (tuple, list):
        items = list(value) if kind is list else list(tuple.__iter__(value))
        described = [describe(item, _depth + 1) for item in items[:MAX_ITEMS]]
        return {"type": kind.__name__, "items": described, "length": len(items)}
    if kind is dict:
        pairs = list(dict.items(value))[:MAX_ITEMS]
        return {
            "type": "dict",
            "items": [[describe(k, _depth + 1), describe(v, _depth + 1)] for k, v in pairs],
            "length": dict.__len__(value),
        }
    if kind is np.ndarray:
        return describe_array(value)
    if issubclass(kind, np.ndarray):  # a subclass: described honestly, under its real type
        return describe_array(value, type_label=type_name(value))
    if kind is _tensor_shape_class():  # TensorFlow's own class, exactly: its dims are plain ints
        dims = _tensor_shape_dims(value)
        if dims is not None:
            return {"type": "TensorShape", "items": [describe(n, _depth + 1) for n in dims], "length": len(dims)}
    if issubclass(kind, _NUMPY_SCALARS):
        scalar = np.asarray(value).view(np.ndarray)
        if scalar.dtype.kind == "f":
            return {"type": type_name(value), "value": _float(float(scalar)), "numpy_scalar": True}
        if scalar.dtype.kind == "b":
            return {"type": type_name(value), "value": bool(scalar), "numpy_scalar": True}
        return {"type": type_name(value), "value": int(scalar), "numpy_scalar": True}
    return {"type": type_name(value), "repr": safe_repr(value)}


def _tensor_shape_class() -> type | None:
    """``tf.TensorShape`` when TensorFlow is already imported (a Keras 3 weight's ``.shape`` under the
    TensorFlow backend), else None: describing a value never imports TensorFlow."""
    module = sys.modules.get("tensorflow.python.framework.tensor_shape")
    return getattr(module, "TensorShape", None)


def _tensor_shape_dims(value: Any) -> list | None:
    try:
        dims = value.as_list()
    except ValueError:  # unknown rank
        return None
    return [None if n is None else int(n) for n in dims]


def safe_repr(value: Any, limit: int = 200) -> str:
    """``repr`` that survives objects whose ``__repr__`` raises or returns something odd."""
    try:
        text = repr(value)
    except BaseException as error:  # noqa: BLE001 - student objects may raise anything
        return f"<{type_name(value)} whose repr raised {type(error).__name__}>"
    if type(text) is not str:
        return f"<{type_name(value)}>"
    text = _ADDRESS.sub("", text)  # "<function sigmoid at 0x7f...>": the address changes at every run
    return text if len(text) <= limit else text[: limit - 3] + "..."


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+(?=>)")
