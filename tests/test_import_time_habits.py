"""Import-time habits that used to score zero: importing Keras in 01, loading Fashion-MNIST at the
top of the module, downloading at import (second red team's F0, F18, F12)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from autograder.course import REPO_ROOT
from autograder.sandbox import preimports, protocol
from autograder.sandbox.limits import Limits
from conftest import reference_source


# -- F0: TensorFlow's import time is not the student's ------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("import keras", ["keras"]),
    ("import tensorflow as tf", ["tensorflow"]),
    ("from tensorflow.keras.utils import to_categorical", ["tensorflow"]),
    ("from keras import ops\nimport tensorflow", ["tensorflow", "keras"]),
    ("def f():\n    import keras\n    return keras", ["keras"]),
    ("import numpy as np", []),
    ("from . import keras", []),  # a relative import is the student's own module
    ("import keras_tuner", []),
    ("import matplotlib.pyplot as plt", ["matplotlib.pyplot"]),
    ("from matplotlib import pyplot as plt\nimport keras", ["keras", "matplotlib.pyplot"]),
    ("import matplotlib\nmatplotlib.use('Agg')", ["matplotlib.pyplot"]),
    ("this is not Python (", []),
])
def test_the_worker_reads_which_heavy_libraries_a_module_imports(tmp_path, line, expected):
    module = tmp_path / "tensors.py"
    module.write_text(line + "\n")
    assert preimports.libraries_imported_by(str(module)) == expected


def test_a_01_module_importing_keras_is_not_charged_tensorflows_import_time(tmp_path):
    from autograder.sandbox.runner import run_probes

    module = tmp_path / "tensors.py"
    module.write_text("import keras\nimport tensorflow as tf\n" + reference_source("01_data", "tensors.py"))
    run = run_probes(assignment="01_data", module_file=str(module), module_name="tensors",
                     probes=["table_shape.public"], scratch=str(tmp_path), limits=Limits())
    assert run.probes["table_shape.public"]["status"] == protocol.OK
    # Importing TensorFlow takes seconds (3 s alone on two cores); the budget's clock saw the
    # module's own code only.
    assert run.import_seconds is not None and run.import_seconds < 1.5, run.import_seconds


# -- F18: Fashion-MNIST loaded at the top of the module ------------------------------------------

TOP_LEVEL_LOAD = ("import keras\n"
                  "(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()\n"
                  "x_test = x_test / 255.0\n")


@pytest.mark.parametrize("source, anywhere, at_import", [
    (TOP_LEVEL_LOAD, True, True),
    ("import tensorflow as tf\ndata = tf.keras.datasets.fashion_mnist.load_data()\n", True, True),
    ("from keras.datasets import fashion_mnist\n(a, b), (c, d) = fashion_mnist.load_data()\n", True, True),
    ("from keras.datasets.fashion_mnist import load_data\ntry:\n    train, test = load_data()\nexcept Exception:\n"
     "    pass\n", True, True),
    ("from keras.datasets import fashion_mnist\ndef data():\n    return fashion_mnist.load_data()\n", True, False),
    ("from keras.datasets import fashion_mnist\nif __name__ == '__main__':\n    fashion_mnist.load_data()\n",
     True, False),
    ("import keras\ndata = keras.datasets.mnist.load_data()\n", False, False),  # another dataset: not handed
    ("# fashion_mnist.load_data() in a comment\nx = 1\n", False, False),
    ("fashion_mnist.load_data(\n", False, False),  # not Python: the import reports it
])
def test_the_grader_reads_whether_a_module_loads_fashion_mnist_and_when(source, anywhere, at_import):
    from autograder import load_data_files as keras_cache

    assert keras_cache.loads_fashion_mnist(source) is anywhere
    assert keras_cache.loads_at_import(source) is at_import


def test_the_public_test_split_of_the_real_data_starts_after_the_held_out_images(tmp_path):
    from autograder import load_data_files as keras_cache
    from autograder.data_sources import resolve_data
    from autograder.datasets import FILES
    from autograder.held_out import held_out_arrays
    from autograder.idx import read_idx
    from test_datasets import write_fashion_folder

    write_fashion_folder(tmp_path / "idx", n_train=12, n_test=8)
    resolution = resolve_data("idx", tmp_path / "idx")
    folder = keras_cache.keras_folder(resolution, 3)
    x_test, y_test = read_idx(folder / FILES["x_test"]), read_idx(folder / FILES["y_test"])
    held_images, held_labels = held_out_arrays(resolution, 3, REPO_ROOT / "solutions" / "04_training" / "training.py")
    everything = read_idx(tmp_path / "idx" / FILES["x_test"])
    assert np.array_equal(x_test, everything[3:]) and len(y_test) == 5 == keras_cache.test_split_size(folder)
    assert not {image.tobytes() for image in held_images} & {image.tobytes() for image in x_test}
    assert np.array_equal(read_idx(folder / FILES["x_train"]), read_idx(tmp_path / "idx" / FILES["x_train"]))
    assert all(not os.access(folder / name, os.W_OK) or os.geteuid() == 0 for name in FILES.values())
    assert oct(os.stat(folder).st_mode & 0o777) == "0o555"


def test_the_synthetic_test_split_handed_to_load_data_is_the_public_one_not_the_held_out_key():
    from autograder import load_data_files as keras_cache
    from autograder.held_out import held_out_arrays

    x_test, y_test = keras_cache.public_test_split(None, 1000)
    held_images, held_labels = held_out_arrays(None, 1000, REPO_ROOT / "solutions" / "04_training" / "training.py")
    assert x_test.shape == (10000, 28, 28)
    assert not {image.tobytes() for image in held_images} & {image.tobytes() for image in x_test}


def _with_top_level_load(assignment: str, module: str, extra: str = "") -> str:
    """The reference with the tutorial's first lines after its docstring, as students write it."""
    source = reference_source(assignment, module)
    docstring_end = source.index('"""', 3) + 3
    return source[:docstring_end] + "\n" + TOP_LEVEL_LOAD + extra + source[docstring_end:]


def _assert_full_marks_with_the_note(report, test_images: int) -> None:
    assert report.score == report.max_score, [(c.id, c.message) for c in report.checks if c.status != "passed"]
    note = next(note for note in report.notes if "load_data()" in note)
    assert "when it is imported" in note and f"{test_images} test images" in note
    assert 'if __name__ == "__main__":' in note


@pytest.mark.slow
def test_a_06_module_loading_fashion_mnist_at_import_gets_full_marks_and_the_note(grade):
    report = grade("06", _with_top_level_load("06_evaluate", "evaluation.py"))
    _assert_full_marks_with_the_note(report, 10000)  # the synthetic stand-in's public test split


@pytest.mark.slow
def test_a_module_loading_fashion_mnist_inside_a_function_gets_no_note(grade):
    source = reference_source("06_evaluate", "evaluation.py") + (
        "\n\ndef my_data():\n    import keras\n    return keras.datasets.fashion_mnist.load_data()\n")
    report = grade("06", source)
    assert report.score == report.max_score and not any("load_data()" in note for note in report.notes)


# Hostile: what the module reads from load_data()'s test split at import, printed for the test.
PRINT_TEST_SPLIT = ("import hashlib as _hashlib\n"
                    "print('TEST SPLIT', len(y_test), "
                    "_hashlib.sha256((x_test * 255.0).round().astype('uint8').tobytes()).hexdigest())\n")


@pytest.mark.slow
def test_a_04_module_loading_fashion_mnist_at_import_gets_full_marks_and_never_the_held_out_images(grade):
    import hashlib

    from autograder import load_data_files as keras_cache
    from autograder.held_out import held_out_arrays

    report = grade("04", _with_top_level_load("04_training", "training.py", PRINT_TEST_SPLIT))
    _assert_full_marks_with_the_note(report, 10000)
    public_images, _ = keras_cache.public_test_split(None, 1000)
    line = next(line for line in report.stdout.splitlines() if line.startswith("TEST SPLIT"))
    assert line == f"TEST SPLIT 10000 {hashlib.sha256(public_images.tobytes()).hexdigest()}"
    held_images, _ = held_out_arrays(None, 1000, REPO_ROOT / "solutions" / "04_training" / "training.py")
    assert not {image.tobytes() for image in held_images} & {image.tobytes() for image in public_images}


# -- a network error at import: the grader has no network ---------------------------------------

@pytest.mark.parametrize("error_type, error_message", [
    ("Exception", "URL fetch failure on https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
                  "train-labels-idx1-ubyte.gz: None -- [Errno -3] Temporary failure in name resolution"),
    ("URLError", "<urlopen error [Errno -3] Temporary failure in name resolution>"),
    ("URLError", "<urlopen error [Errno 101] Network is unreachable>"),
    ("ConnectionError", "HTTPSConnectionPool(host='example.org', port=443): Max retries exceeded with url: "
                        "/data.csv (Caused by NameResolutionError(\"Failed to resolve 'example.org'\"))"),
    ("gaierror", "[Errno -2] Name or service not known"),
])
def test_a_module_downloading_at_import_is_told_the_grader_has_no_network(error_type, error_message):
    from autograder import messages
    from autograder.catalog import render

    error = {"status": protocol.IMPORT_FAILED, "error_type": error_type, "error_message": error_message,
             "student_frames": [{"line": 4, "function": "<module>", "code": "urllib.request.urlretrieve(URL)"}]}
    for language in ("en", "zh"):
        text = render(messages.import_failure("evaluation.py", error), language)
        assert error_type in text and "__main__" in text
        assert "yourself" not in text and "自己运行" not in text
    english = render(messages.import_failure("evaluation.py", error))
    assert "the grader has no network" in english and "must not download when it is imported" in english
    assert "line 4" in english


def test_an_error_without_a_network_sign_keeps_the_run_it_yourself_advice():
    from autograder import messages
    from autograder.catalog import render

    error = {"status": protocol.IMPORT_FAILED, "error_type": "FileNotFoundError",
             "error_message": "[Errno 2] No such file or directory: 'my_notes.csv'"}
    text = render(messages.import_failure("evaluation.py", error))
    assert "no network" not in text and "yourself" in text
