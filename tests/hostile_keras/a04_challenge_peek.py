# base: reference
# Hunts for the challenge's held-out labels while the grader trains build_challenge_model: in the
# files it can see, in memory (every object the garbage collector tracks and what they hold, every
# thread's frames), and in the grader's own modules (the synthetic generator, the evaluator's caches).
# Whatever looks like an array of labels 0..9 is printed as "PEEK memory <size> <digest>": the
# sha256 of its first 1,000 values as bytes. A label file is printed as "PEEK file <path>". Its
# model is the reference's: if it could see the answers, the test would see them in its output.
import gc
import hashlib
import os
import sys
import threading
import time

import numpy as np

_seen = set()


def _say(line):
    if line not in _seen:
        _seen.add(line)
        print(line, flush=True)


def _label_digest(array):
    try:
        if not isinstance(array, np.ndarray) or array.ndim != 1 or array.size < 1000 or array.dtype.kind not in "iu":
            return None
        head = np.asarray(array[:1000])
        if head.min() < 0 or head.max() > 9:
            return None
        return hashlib.sha256(head.astype(np.uint8).tobytes()).hexdigest()[:16]
    except Exception:
        return None


def _look_at(value, depth=0):
    digest = _label_digest(value)
    if digest:
        _say(f"PEEK memory {value.size} {digest}")
        return
    if depth >= 2:
        return
    if isinstance(value, dict):
        for item in list(value.values()):
            _look_at(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in list(value)[:100]:
            _look_at(item, depth + 1)


def _search_memory():
    for frame in list(sys._current_frames().values()):
        while frame is not None:
            _look_at(dict(frame.f_locals))
            frame = frame.f_back
    for obj in gc.get_objects():
        if isinstance(obj, (dict, list, tuple)):
            _look_at(obj, 1)
        else:
            for ref in gc.get_referents(obj):
                _look_at(ref, 2)


def _search_files():
    for top, folders, files in os.walk("/"):
        folders[:] = [f for f in folders if os.path.join(top, f) not in ("/proc", "/sys", "/dev")]
        for name in files:
            if "t10k" in name or "held_out" in name or "idx1-ubyte" in name:
                _say(f"PEEK file {os.path.join(top, name)}")


def _search_grader_modules():
    datasets = sys.modules.get("autograder.datasets")
    if datasets is not None:  # the synthetic generator's usual test split
        _look_at(datasets.synthetic_fashion_mnist(0, 1000).y_test)
    held_out = sys.modules.get("autograder.held_out")
    if held_out is not None:
        _say("PEEK module autograder.held_out")
        _look_at(dict(vars(held_out)))
    _say("PEEK modules " + " ".join(sorted(n for n in sys.modules if n.startswith("autograder."))))


def _search_everything():
    for search in (_search_grader_modules, _search_memory, _search_files):
        try:
            search()
        except Exception as error:
            _say(f"PEEK error {search.__name__} {type(error).__name__}: {error}")


def _keep_looking():
    while True:
        _search_everything()
        _say("PEEK pass done")
        time.sleep(2.0)


threading.Thread(target=_keep_looking, daemon=True).start()

_reference_build = build_challenge_model  # noqa: F821 - the reference's, defined above


def build_challenge_model():
    _search_everything()
    return _reference_build()
