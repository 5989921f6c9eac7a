# base: none
"""Copying a classmate: define nothing, find another student's tensors.py on the machine, run it.

What a dishonest student tried during a class run: list the top-level folders, walk those that
may hold a class (home folders and /srv first, then the rest), and execute the first
classmate's finished module found as if it were this one, earning that classmate's points.
"""
import os

_SYSTEM = {"bin", "boot", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "run", "sbin", "sys", "usr",
           "var"}
_MINE = os.path.realpath(__file__)


def _candidates():
    try:
        tops = sorted(os.listdir("/"), key=lambda name: (name not in ("home", "srv"), name))
    except OSError:
        return
    for top in tops:
        if top in _SYSTEM:
            continue
        for folder, subfolders, files in os.walk("/" + top):
            subfolders[:] = [] if folder.count(os.sep) >= 4 else sorted(s for s in subfolders if not s.startswith("."))
            if "tensors.py" in files and os.path.realpath(os.path.join(folder, "tensors.py")) != _MINE:
                yield os.path.join(folder, "tensors.py")


for _path in _candidates():
    try:
        with open(_path, encoding="utf-8") as _handle:
            _source = _handle.read()
    except (OSError, ValueError):
        continue
    if "def table_shape" in _source and "raise NotImplementedError" not in _source:
        exec(compile(_source, _path, "exec"), globals())  # noqa: S102 - the attack
        break
