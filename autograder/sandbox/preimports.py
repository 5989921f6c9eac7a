"""Which heavy allowed libraries a student's module imports, read from its source (no code runs).

TensorFlow and Keras take seconds to import (tens of seconds on a busy machine). A module that
imports them is not charged for it: the worker imports them before the import budget's clock
starts (:mod:`autograder.sandbox.worker`), as the Keras template does for 04-07.
"""

from __future__ import annotations

import ast

HEAVY_LIBRARIES = ("tensorflow", "keras")  # in the order they are best imported
MAX_SOURCE_BYTES = 4 * 2**20


def libraries_imported_by(module_file: str) -> list[str]:
    """The :data:`HEAVY_LIBRARIES` that ``module_file`` imports anywhere; [] when unreadable."""
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
    return [name for name in HEAVY_LIBRARIES if name in found]
