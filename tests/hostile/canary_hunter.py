# base: reference
"""Touching files outside the scratch folder: canaries, the parent folder, shared folders."""
import glob
import os

TOUCHED = []
for _path in glob.glob("/tmp/**/kgrade-canary*", recursive=True):
    for _action in (lambda p: open(p, "a").write("overwritten"), os.remove):
        try:
            _action(_path)
            TOUCHED.append(_path)
        except OSError:
            pass
for _path in ("../kgrade-escaped.txt", "/tmp/kgrade-hostile-planted.txt", "/var/tmp/kgrade-hostile-planted.txt",
              "/dev/shm/kgrade-hostile-planted.txt"):
    try:
        with open(_path, "w") as _handle:
            _handle.write("planted")
        TOUCHED.append(_path)
    except OSError:
        pass


def table_shape(n_samples, n_features):
    return "touched: " + (", ".join(TOUCHED) or "nothing")
