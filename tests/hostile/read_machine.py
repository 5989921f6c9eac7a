# base: reference
"""The rest of the machine: a classmate's submission in a class folder outside /tmp, files planted
under /home, /srv, /opt and in a top-level data folder, the course's examples, and (hidden before
the allow-list too) the solutions, a check suite and .git.

``table_shape`` answers with what could be listed or read (``leaks: none`` when nothing could),
``sequence_shape`` with the details and the top-level folders it saw.
"""
import glob
import os
import pathlib

import autograder

REPO = pathlib.Path(autograder.__file__).resolve().parents[1]
FOUND = {}


def _attempt(name, pattern):
    try:
        paths = [p for p in glob.glob(pattern) if os.path.realpath(p) != os.path.realpath(__file__)]
    except OSError as error:
        FOUND[name] = f"denied ({type(error).__name__})"
        return
    state = "listed" if paths else "empty"
    for path in paths:
        try:
            with open(path, "rb") as handle:
                handle.read(100)
            state = "LEAKED"
        except OSError:
            continue
    FOUND[name] = state


_attempt("classmate", "/*/kgrade-class-*/*/tensors.py")
_attempt("home", "/home/kgrade-planted-*")
_attempt("srv", "/srv/kgrade-planted-*")
_attempt("opt", "/opt/kgrade-planted-*")
_attempt("data-folder", "/kgrade-data-*/*")
_attempt("examples", str(REPO / "examples" / "*" / "*" / "*"))
_attempt("solutions", str(REPO / "solutions" / "*" / "*.py"))
_attempt("suite", str(REPO / "autograder" / "checks" / "a01_*.py"))
_attempt("git", str(REPO / ".git" / "*"))
LEAKS = sorted(name for name, state in FOUND.items() if state in ("listed", "LEAKED"))
try:
    TOP = sorted(os.listdir("/"))
except OSError as _error:
    TOP = [type(_error).__name__]


def table_shape(n_samples, n_features):
    return "leaks: " + (", ".join(LEAKS) or "none")


def sequence_shape(n_samples, steps, features):
    return repr({"found": FOUND, "top": TOP})
