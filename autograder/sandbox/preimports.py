"""Which heavy allowed libraries a student's module imports, read from its source (no code runs).

TensorFlow and Keras take seconds to import (tens of seconds on a busy machine), matplotlib's
pyplot about one. A module that imports them is not charged for it: the worker imports them
before the import budget's clock starts (:mod:`autograder.sandbox.worker`), as the Keras template
does for 02-07 (importing Keras imports pyplot too; a module that draws without Keras gets pyplot
the same way).
"""

from __future__ import annotations

import ast

HEAVY_LIBRARIES = ("tensorflow", "keras", "matplotlib")  # in the order they are best imported
MODULE_TO_IMPORT = {"matplotlib": "matplotlib.pyplot"}  # what a student's module of that library uses
MAX_SOURCE_BYTES = 4 * 2**20


def libraries_imported_by(module_file: str) -> list[str]:
    """The modules of the :data:`HEAVY_LIBRARIES` that ``module_file`` imports anywhere, as the
    worker imports them (pyplot for matplotlib); [] when unreadable."""
    if not module_file:
        return []
    try:
        with open(module_file, "rb") as handle:
            source = handle.read(MAX_SOURCE_BYTES)
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return []  # the import itself will report what is wrong
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return [MODULE_TO_IMPORT.get(name, name) for name in HEAVY_LIBRARIES if name in found]
