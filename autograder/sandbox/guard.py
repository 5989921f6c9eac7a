"""Notice when student code replaces what the probes rely on, and put the originals back.

A probe runs in the same process as student code, so a submission could assign
``numpy.array_equal = lambda a, b: True`` or replace a grader function, and the probe would
then compute its plain data with the fake. Before the student's module is imported, the guard
takes a snapshot of the functions, classes and modules of numpy, builtins, a few standard
modules and every loaded ``autograder`` module (plain data such as caches is left out, so that
lazy initialisation is not mistaken for tampering), of the classes defined in the grader, and of
the suite's checks; and, when the suite preloads Keras, of the Keras classes and functions the
probes rely on (a submission that replaces ``Layer.weights`` could otherwise make every model report
another's weights). After the import and after each probe it compares identities, reports what
changed and restores it.

This is a tripwire, not a wall: code in the same process can also defeat the guard itself.
The judge, which decides the points, never runs here (see docs/security.md).
"""

from __future__ import annotations

import sys
import types

WATCHED_MODULES = ("builtins", "numpy", "numpy.random", "json", "copy", "math", "hashlib", "traceback",
                   "importlib", "importlib.util", "inspect")
# Keras, when the suite preloads it (the worker imports it before the guard is made): the public
# names the probes call, and the classes whose own attributes they read (keras_probes.keras_attribute)
# or whose safety they rely on (safe_mode loading, the Lambda layer's refusal). Classes defined in
# these modules are watched too.
WATCHED_KERAS_MODULES = ("keras", "keras.layers", "keras.models", "keras.saving", "keras.callbacks",
                         "keras.optimizers", "keras.src.layers.layer", "keras.src.models.model",
                         "keras.src.models.sequential", "keras.src.models.functional", "keras.src.ops.operation",
                         "keras.src.ops.function", "keras.src.trainers.trainer", "keras.src.layers.core.dense",
                         "keras.src.layers.core.lambda_layer", "keras.src.callbacks.history",
                         "keras.src.saving.saving_api", "keras.src.saving.saving_lib",
                         "keras.src.saving.serialization_lib", "keras.src.legacy.saving.legacy_h5_format")
_MISSING = object()
_ROUTINES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.ModuleType, type,
             staticmethod, classmethod, property)


def _watched(value) -> bool:
    return isinstance(value, _ROUTINES) or type(value).__name__ in ("ufunc", "_ArrayFunctionDispatcher",
                                                                    "builtin_function_or_method")


class Guard:
    def __init__(self, suite=None):
        keras_names = [n for n in WATCHED_KERAS_MODULES if n in sys.modules]
        names = [*WATCHED_MODULES, *keras_names,
                 *sorted(n for n in list(sys.modules) if n == "autograder" or n.startswith("autograder."))]
        self._modules: dict[str, tuple[types.ModuleType, dict]] = {}
        for name in names:
            module = sys.modules.get(name)
            if isinstance(module, types.ModuleType):
                self._modules[name] = (module, {k: v for k, v in vars(module).items() if _watched(v)})
        self._classes: dict[type, dict] = {}
        for name, (module, snapshot) in self._modules.items():
            if name.startswith("autograder") or name in keras_names:
                for value in snapshot.values():
                    if isinstance(value, type) and value.__module__ == name:
                        self._classes[value] = {k: v for k, v in vars(value).items() if _watched(v)}
        self._suite = suite
        self._suite_checks = dict(getattr(suite, "_checks", {}) or {})
        self._check_fields = {key: dict(vars(check)) for key, check in self._suite_checks.items()
                              if hasattr(check, "__dict__")}
        self.check = self._compare  # bound now: replacing Guard._compare later changes nothing here

    def _compare(self) -> list[str]:
        """What was replaced since the snapshot (as dotted names); the originals are put back."""
        changed: list[str] = []
        for name, (module, snapshot) in self._modules.items():
            if sys.modules.get(name) is not module:
                changed.append(f"sys.modules[{name!r}]")
                sys.modules[name] = module
            current = vars(module)
            for key, value in snapshot.items():
                if current.get(key, _MISSING) is not value:
                    changed.append(f"{name}.{key}")
                    current[key] = value
        for cls, snapshot in self._classes.items():
            current = dict(vars(cls))
            for key, value in snapshot.items():
                if current.get(key, _MISSING) is not value:
                    changed.append(f"{cls.__module__}.{cls.__qualname__}.{key}")
                    type.__setattr__(cls, key, value)
            for key, value in current.items():
                if key not in snapshot and _watched(value):
                    changed.append(f"{cls.__module__}.{cls.__qualname__}.{key}")
                    type.__delattr__(cls, key)
        if self._suite is not None:
            checks = getattr(self._suite, "_checks", None)
            if not isinstance(checks, dict) or any(checks.get(k, _MISSING) is not v
                                                   for k, v in self._suite_checks.items()):
                changed.append("the grader's list of checks")
                object.__setattr__(self._suite, "_checks", dict(self._suite_checks))
            for key, fields in self._check_fields.items():
                check = self._suite_checks[key]
                current = vars(check)
                if any(current.get(f, _MISSING) is not v for f, v in fields.items()):
                    changed.append(f"the grader's check {key}")
                    for field, value in fields.items():
                        object.__setattr__(check, field, value)
        return changed
