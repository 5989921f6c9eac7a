"""Keras's own Fashion-MNIST files for a worker whose module calls ``fashion_mnist.load_data()``.

Tutorials start with ``(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()``
at the top of the module; in a worker (no network) Keras would try to download and fail. Here, in
the trusted grader and only for a module whose source calls it, a read-only folder is made once per
process holding the course's data under the names Keras looks for:

* the training split as the workers are handed it (the real files, or the synthetic stand-in's);
* a test split that never holds the challenge's held-out images (``autograder.held_out``): on the
  real data, the test images after the held-out ones; on the stand-in, the public generator's test
  split (the held-out images come from a key student code cannot read).

The worker's Keras cache (``$HOME/.keras/datasets/fashion-mnist`` in its scratch folder) links to
that folder, which the worker's view binds read-only (:func:`autograder.sandbox.worker.data_paths`).
"""

from __future__ import annotations

import ast
import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

import numpy as np

from autograder.data_sources import CACHE_SUBDIR, DataResolution
from autograder.datasets import FILES, synthetic_fashion_mnist
from autograder.idx import read_idx, write_idx_gz

MAX_SOURCE_BYTES = 4 * 2**20
_folders: dict[tuple, Path] = {}
_lock = threading.Lock()


def _calls_load_data(node: ast.AST) -> bool:
    for found in ast.walk(node):
        if isinstance(found, ast.Call):
            function = found.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if name == "load_data":
                return True
    return False


def _is_main_guard(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "__main__" in ast.unparse(node.test) and "__name__" in ast.unparse(node.test)


def _parse(source: str) -> ast.Module | None:
    if "fashion_mnist" not in source:
        return None
    try:
        return ast.parse(source[:MAX_SOURCE_BYTES])
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def loads_fashion_mnist(source: str) -> bool:
    """Whether the module's source calls ``load_data()`` and names ``fashion_mnist`` (anywhere)."""
    tree = _parse(source)
    return tree is not None and _calls_load_data(tree)


def loads_at_import(source: str) -> bool:
    """Whether it does so in module-level code: outside functions, classes and the main guard."""
    tree = _parse(source)
    if tree is None:
        return False
    return any(_calls_load_data(statement) for statement in tree.body
               if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
               and not _is_main_guard(statement))


def public_test_split(data: DataResolution | None, held_out: int) -> tuple[np.ndarray, np.ndarray]:
    """The test images and labels a student may see: none of the first ``held_out`` real test
    images, or the public stand-in's test split."""
    if data is not None and data.real:
        return read_idx(data.folder / FILES["x_test"])[held_out:], read_idx(data.folder / FILES["y_test"])[held_out:]
    synthetic = synthetic_fashion_mnist(0, 10000, 0)
    return synthetic.x_test, synthetic.y_test


def _make(data: DataResolution | None, held_out: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kgrade-keras-"))
    atexit.register(shutil.rmtree, folder, True)
    if data is not None and data.real:
        staged = Path(data.worker_folder())
        for key in ("x_train", "y_train"):
            shutil.copyfile(staged / FILES[key], folder / FILES[key])
    else:
        synthetic = synthetic_fashion_mnist(60000, 0, 0)
        write_idx_gz(folder / FILES["x_train"], synthetic.x_train)
        write_idx_gz(folder / FILES["y_train"], synthetic.y_train)
    x_test, y_test = public_test_split(data, held_out)
    write_idx_gz(folder / FILES["x_test"], x_test)
    write_idx_gz(folder / FILES["y_test"], y_test)
    for name in FILES.values():
        os.chmod(folder / name, 0o444)
    os.chmod(folder, 0o555)
    return folder


def keras_folder(data: DataResolution | None, held_out: int) -> Path:
    """The read-only folder of Keras's four files for this data, made once per process."""
    key = ("real", str(data.folder), tuple(sorted(data.digests.items())), held_out) if data is not None and data.real \
        else ("synthetic", held_out)
    with _lock:
        if key not in _folders or not _folders[key].is_dir():
            _folders[key] = _make(data, held_out)
        return _folders[key]


def link_into_scratch(scratch: Path, folder: Path) -> None:
    """Point the worker's Keras cache (its home is the scratch folder) at ``folder``."""
    target = scratch / ".keras" / CACHE_SUBDIR
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(folder, target_is_directory=True)


def test_split_size(folder: Path) -> int:
    """How many test images ``load_data()`` returns from ``folder``."""
    return len(read_idx(folder / FILES["y_test"]))
