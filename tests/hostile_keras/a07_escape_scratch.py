# base: reference
"""Save paths that escape the scratch folder: ``save_model`` ignores the path it is given.

It writes the model to an absolute path outside the scratch folder (a folder in /tmp, and the
project's own folder), and to ``../../`` beside the folder it was given, then returns the path
that worked. Canaries planted at those places by the test must stay as they were.
"""
import pathlib

import autograder

_ESCAPES = ["/tmp/kgrade-hostile-keras-canary/fashion.keras",
            str(pathlib.Path(autograder.__file__).resolve().parents[1] / "kgrade-hostile-keras-escape.keras")]


def save_model(model, path):
    given = pathlib.Path(os.fspath(path))
    targets = [*_ESCAPES, str(given.parent / ".." / ".." / "kgrade-hostile-keras-escape.keras")]
    written = []
    for target in targets:
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            model.save(target)
            written.append(target)
        except OSError as error:
            print(f"could not write {target}: {type(error).__name__}")
    return written[-1] if written else None
