# base: stub
"""Reading the reference solution from disk, and running it as one's own.

It looks for the solution of this very module (found through the public ``assignments/`` folder),
the reference-value cache, the check suites and the git history. Any solution text it can read is
executed here, over the stubs, so that a leak would show as points; it prints what each attempt got.
"""
import glob as _glob
import os as _os
import pathlib as _pathlib

import autograder as _autograder

_REPO = _pathlib.Path(_autograder.__file__).resolve().parents[1]
_MINE = _os.path.basename(__file__)
_FOLDERS = [p.parent.name for p in (_REPO / "assignments").glob(f"*/{_MINE}")] or ["unknown"]


def _try(name, read):
    try:
        text = read()
    except Exception as error:  # noqa: BLE001
        print(f"read-solution {name}: denied ({type(error).__name__})")
        return ""
    print(f"read-solution {name}: {'LEAKED' if text.strip() else 'empty'}")
    return text


_solution = _try("solution", lambda: (_REPO / "solutions" / _FOLDERS[0] / _MINE).read_text())
_try("solutions-listing", lambda: " ".join(_os.listdir(_REPO / "solutions")))
_try("cache", lambda: " ".join(open(p).read() for p in _glob.glob(str(_REPO / ".cache/reference/*.json"))[:3])
     or _os.listdir(_REPO / ".cache/reference") and "")
_try("suite", lambda: "".join(p.read_text() for p in (_REPO / "autograder/checks").glob(f"a{_FOLDERS[0][:2]}_*.py")))
_try("git", lambda: " ".join(_os.listdir(_REPO / ".git")))
if "BEGIN SOLUTION" in _solution:
    exec(compile(_solution, __file__, "exec"), globals())  # the reference's functions replace the stubs
