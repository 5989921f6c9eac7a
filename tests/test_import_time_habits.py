"""Import-time habits that used to score zero: importing Keras in 01, loading Fashion-MNIST at the
top of the module, downloading at import (second red team's F0, F18, F12)."""

from __future__ import annotations

import pytest

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
