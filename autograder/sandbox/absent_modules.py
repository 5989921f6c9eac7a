"""Libraries the grading environment does not have, imported by a student's module.

A student who writes ``from sklearn.metrics import confusion_matrix`` or ``import pandas as pd``
at the top of the module has code that runs on their own machine; here the import would fail and
no check could run. Instead, a top-level package that is not installed at all becomes an inert
stand-in while the student's module is imported: the module imports, the functions that do not
use the library are graded as usual, and a function that does use it raises
``ModuleNotFoundError: No module named '...'`` when it calls into it, which its check reports
with the advice table's words (kit/advice.py, ``advice.absent_library``).

Only imports written in the student's own file, of packages that cannot be found at all and
whose names are not a misspelling of a module that is here (``numpyy``), are stood in for: an import inside a library (Keras's optional imports), or of a module that exists
but lacks a submodule (a Keras 2 path such as ``keras.wrappers``) fails as before.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from typing import Callable

MAX_ABSENT = 8  # distinct modules stood in for in one import; a module that wants more still fails


class AbsentName:
    """A name taken from a library that is not installed: any use of it raises ModuleNotFoundError."""

    def __init__(self, qualified: str, package: str):
        self._qualified = qualified
        self._package = package

    def _missing(self, *args, **kwargs):
        raise ModuleNotFoundError(f"No module named '{self._package}'", name=self._package)

    __call__ = _missing
    __iter__ = _missing
    __getitem__ = _missing

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return AbsentName(f"{self._qualified}.{name}", self._package)

    def __repr__(self) -> str:
        return f"<{self._qualified}: not installed where this is graded>"


class AbsentModule(types.ModuleType):
    """A package that is not installed; its submodules and names are stand-ins too."""

    def __init__(self, name: str, package: str):
        super().__init__(name)
        self.__path__ = []  # a package: "import sklearn.metrics" asks for a submodule
        self.__absent_package__ = package

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return AbsentName(f"{self.__name__}.{name}", self.__absent_package__)


def looks_like_a_typo(module_name: str) -> bool:
    """``numpyy``, ``tensorflw``: a misspelt name of a module that is here is a mistake to report
    at import (Python's own error names it), not a library to stand in for."""
    import difflib
    import pkgutil

    top = module_name.split(".")[0]
    here = set(sys.stdlib_module_names) | {info.name for info in pkgutil.iter_modules()}
    return bool(difflib.get_close_matches(top, here, n=1, cutoff=0.8))


def is_installed(module_name: str) -> bool:
    top = module_name.split(".")[0]
    if isinstance(sys.modules.get(top), AbsentModule):
        return False
    try:
        return importlib.util.find_spec(top) is not None
    except (ImportError, ValueError):
        return True  # found but broken: not ours to stand in for


def _imported_by(error: BaseException, module_file: str) -> bool:
    """True when the failed import statement is in the student's own file (not inside a library)."""
    frames = []
    trace = error.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame.f_code.co_filename)
        trace = trace.tb_next
    outside_importlib = [name for name in frames if not name.startswith("<frozen importlib")]
    return bool(outside_importlib) and os.path.abspath(outside_importlib[-1]) == os.path.abspath(module_file)


def import_with_stand_ins(run_import: Callable[[], object], module_file: str) -> tuple[object, list[str]]:
    """``run_import()``, standing in for the absent packages the student's file imports.

    Returns the module and the names of the packages stood in for (empty when none was).
    """
    absent: list[str] = []
    while True:
        try:
            return run_import(), absent
        except ModuleNotFoundError as error:
            name = error.name or ""
            if (not name or len(absent) >= MAX_ABSENT or is_installed(name)
                    or not _imported_by(error, module_file) or looks_like_a_typo(name)):
                raise
            package = name.split(".")[0]
            parts = name.split(".")
            for depth in range(1, len(parts) + 1):
                qualified = ".".join(parts[:depth])
                if not isinstance(sys.modules.get(qualified), AbsentModule):
                    sys.modules[qualified] = AbsentModule(qualified, package)
                    if depth > 1:
                        setattr(sys.modules[".".join(parts[:depth - 1])], parts[depth - 1], sys.modules[qualified])
            if package not in absent:
                absent.append(package)
