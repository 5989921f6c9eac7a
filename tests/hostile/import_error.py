# base: reference
"""Plain mistakes: an import that fails (a typo in the module name)."""
import numpyy  # noqa: F401
