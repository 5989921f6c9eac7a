# base: reference
"""Hidden material: look for reference solutions, hidden checks and expected values on disk.

``table_shape`` answers with what leaked (``leaks: none`` when nothing did), ``sequence_shape``
with the details; both therefore fail, and the test reads their values.
"""
import glob
import os
import pathlib

import autograder

REPO = pathlib.Path(autograder.__file__).resolve().parents[1]
FOUND = {}


def _attempt(name, read, secret):
    try:
        text = read()
    except Exception as error:  # noqa: BLE001
        FOUND[name] = f"denied ({type(error).__name__})"
        return
    FOUND[name] = "LEAKED" if secret(text) else "empty"


_attempt("solution", lambda: (REPO / "solutions/01_data/tensors.py").read_text(), lambda t: "BEGIN SOLUTION" in t)
_attempt("solutions-dir", lambda: " ".join(os.listdir(REPO / "solutions")), lambda t: "01_data" in t)
_attempt("cache", lambda: " ".join(p.read_text()[:100] for p in (REPO / ".cache/reference").glob("*.json")),
         lambda t: "status" in t)
_attempt("git", lambda: " ".join(os.listdir(REPO / ".git")), lambda t: "objects" in t)
_attempt("tests", lambda: " ".join(os.listdir(REPO / "tests")), lambda t: "conftest.py" in t)
_attempt("hidden-checks", lambda: (REPO / "autograder/checks/a01_data.py").read_text(),
         lambda t: "hidden" in t)
_attempt("compiled-checks", lambda: " ".join(os.listdir(REPO / "autograder/checks/__pycache__")),
         lambda t: "a01_data" in t)
# Other scratch folders: the reference solution is copied into one while it runs.
_attempt("other-scratch", lambda: " ".join(glob.glob("/tmp/kgrade-*/*.py")),
         lambda t: any(p != os.path.abspath(__file__) for p in t.split()))
# Walking up from __file__.
_up = []
for _parent in pathlib.Path(__file__).resolve().parents:
    try:
        _up += [str(_parent / n) for n in os.listdir(_parent) if n in ("solutions", ".cache", "01_data")]
    except OSError:
        pass
FOUND["walk-up"] = "LEAKED" if _up else "empty"
_ps = []
for _pid in (p for p in os.listdir("/proc") if p.isdigit()):
    try:
        _ps.append(open(f"/proc/{_pid}/cmdline", "rb").read().decode(errors="replace"))
    except OSError:
        pass
FOUND["processes"] = "LEAKED" if any("pytest" in c or "autograder grade" in c for c in _ps) else "empty"
LEAKS = sorted(name for name, state in FOUND.items() if state == "LEAKED")


def table_shape(n_samples, n_features):
    return "leaks: " + (", ".join(LEAKS) or "none")


def sequence_shape(n_samples, steps, features):
    return repr(FOUND)
