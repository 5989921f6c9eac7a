"""The training checks on real images: the 10,000 MNIST test images, split 8,000 / 2,000.

The repository cannot ship Fashion-MNIST; MNIST has the same IDX format and shapes. On it the
references must pass and each typical mistake must fail with its message, which shows the
thresholds separate right from wrong on real pictures, not only on the synthetic stand-in.
(It does not prove Fashion-MNIST's numbers: README, "Data", says how an instructor checks those.)
"""

from __future__ import annotations

import gzip
import re
import struct

import pytest

from autograder import paths
from autograder.course import REPO_ROOT
from autograder.datasets import FILES
from autograder.idx import read_idx
from conftest import SHARED, assert_loses_exactly, check_by_id, failed_ids
from test_a04_training import MISTAKES, mutate
from test_a05_cnn import FAILS_A, FAILS_C, VARIANT_A, VARIANT_C

MNIST = SHARED / "datasets" / "mnist-t10k"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not MNIST.is_dir(), reason="../shared/datasets/mnist-t10k is absent")]
ON_REAL_IMAGES = ("relu output instead of softmax", "pixels left unscaled", "a regression loss for classes",
                  "learning rate of 10")


def write_idx(path, array) -> None:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as handle:
        handle.write(header + array.tobytes())


@pytest.fixture(scope="module")
def mnist_folder(tmp_path_factory):
    images = read_idx(MNIST / "t10k-images-idx3-ubyte.gz")
    labels = read_idx(MNIST / "t10k-labels-idx1-ubyte.gz")
    folder = tmp_path_factory.mktemp("mnist-split")
    for key, part in (("x_train", images[:8000]), ("y_train", labels[:8000]),
                      ("x_test", images[8000:]), ("y_test", labels[8000:])):
        write_idx(folder / FILES[key], part)
    return folder


@pytest.fixture
def on_real_images(mnist_folder, monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_COURSE_DATA", str(mnist_folder))  # the instructor's folder: unverified, used
    monkeypatch.setattr(paths, "REFERENCE_CACHE", tmp_path / "reference")  # keep the stand-in's cached values
    return mnist_folder


def assert_trained_on(report, folder) -> None:
    assert report.data_warning == ""
    assert any(f"Training checks used the IDX files in the configured folder {folder}" in n for n in report.notes)


def accuracies(report, check_id: str) -> list[float]:
    return [float(n) for n in re.findall(r"(0\.\d{4}|\d+\.\d)%?", check_by_id(report, check_id).message)]


def test_training_reference_passes_on_real_images(grade, on_real_images):
    report = grade("04", REPO_ROOT / "solutions" / "04_training")
    assert failed_ids(report) == set(), [c.message for c in report.checks if c.status != "passed"]
    assert_trained_on(report, on_real_images)
    print("04 on MNIST:", check_by_id(report, "pipeline.accuracy").message)


# The student's own workflow, trained on real images, must fail the pipeline's accuracy with its
# cause. The check itself is judged with the course's prepare_images and build_model when the
# student's fail their own checks (docs/checks.md, "Points"), so it passes; the verdict on the
# student's own run is kept in its detail, which is where these words are read.
OWN_RUN_ON_REAL_IMAGES = {
    "pixels left unscaled": ("prepare_images", "prepare_images leaves pixel values up to 255"),  # 0.815 on MNIST
    "relu output instead of softmax": ("build_model", "output layer has activation 'relu', not softmax"),  # 0.169
}


@pytest.mark.parametrize("name", ON_REAL_IMAGES)
def test_training_mistakes_fail_with_their_message_on_real_images(grade, on_real_images, name):
    replacements, broken, words = MISTAKES[name]
    report = grade("04", mutate(*replacements))
    assert_loses_exactly(report, broken, words)
    pipeline = check_by_id(report, "pipeline.accuracy")
    print(f"04 {name} on MNIST:", pipeline.message, pipeline.detail.splitlines()[:1])
    if name in OWN_RUN_ON_REAL_IMAGES:
        function, cause = OWN_RUN_ON_REAL_IMAGES[name]
        assert pipeline.stand_ins == [function]
        assert "(pass from" in pipeline.message and f"the course's own `{function}`" in pipeline.message
        own_run = pipeline.detail.splitlines()[0]
        assert own_run.startswith(f"with the student's own {function}: ") and "(pass from" in own_run
        assert cause in own_run


def test_the_bundled_training_mistakes_fail_the_accuracy_check_on_real_images(grade, on_real_images):
    report = grade("04", REPO_ROOT / "examples" / "04_training" / "typical_mistakes")
    assert {"build_model.public", "prepare_images.public"} <= failed_ids(report)
    pipeline = check_by_id(report, "pipeline.accuracy")  # judged with the course's two functions (above)
    assert pipeline.status == "passed" and sorted(pipeline.stand_ins) == ["build_model", "prepare_images"]
    own_run = pipeline.detail.splitlines()[0]
    assert "output layer has activation 'relu', not softmax" in own_run and "pixel values up to 255" in own_run


def test_cnn_reference_passes_and_its_mistakes_fail_on_real_images(grade, on_real_images):
    reference = grade("05", REPO_ROOT / "solutions" / "05_cnn")
    assert failed_ids(reference) == set()
    assert_trained_on(reference, on_real_images)
    print("05 on MNIST:", check_by_id(reference, "accuracy.build_cnn").message)
    relu_output = grade("05", VARIANT_A)  # relu output layer: the accuracy check fails
    assert_loses_exactly(relu_output, FAILS_A)
    accuracy = check_by_id(relu_output, "accuracy.build_cnn")  # explained at build_cnn.layers, pointed at
    assert accuracy.follows == "build_cnn.layers" and "pass mark" in accuracy.detail
    no_dropout = grade("05", VARIANT_C)  # Dropout missing (and other structural mistakes)
    assert_loses_exactly(no_dropout, FAILS_C)
    assert "no Dropout layer" in check_by_id(no_dropout, "dropout.layers").message
    bundled = grade("05", REPO_ROOT / "examples" / "05_cnn" / "typical_mistakes")
    assert "accuracy.build_cnn" in failed_ids(bundled) or "build_cnn.layers" in failed_ids(bundled)
