"""Files in Keras's cache reach the training checks in every sandbox mode, and the reports say so."""

from __future__ import annotations

import pytest

from autograder import data_sources, paths
from autograder.course import REPO_ROOT
from autograder.datasets import FILES
from autograder.download import md5_of
from conftest import MODE, check_by_id, failed_ids
from test_datasets import write_fashion_folder

pytestmark = pytest.mark.slow


def _modes_here() -> list:
    """Every mode this machine can run; uid only where the sandbox user can reach Python."""
    from autograder.sandbox import isolation

    modes = {"full": ["full", "uid", "none"], "uid": ["uid", "none"]}.get(MODE, ["none"])
    unreachable = isolation.unreachable_for_others(isolation.worker_paths()) if "uid" in modes else []
    return [pytest.param(m, marks=pytest.mark.skip(reason=f"uid mode cannot run Python here: {unreachable}"))
            if m == "uid" and unreachable else m for m in modes]


MODES_HERE = _modes_here()


@pytest.fixture
def cache_with_data(tmp_path, monkeypatch):
    """A Keras cache under $KERAS_HOME whose files count as the published ones for this test."""
    folder = tmp_path / "kh" / "datasets" / "fashion-mnist"
    write_fashion_folder(folder, n_train=3000, n_test=20)  # enough for 05's 2,000 + 1,000 images
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    monkeypatch.setattr(data_sources, "OFFICIAL_MD5", {n: md5_of(folder / n) for n in FILES.values()})
    monkeypatch.setattr(paths, "REFERENCE_CACHE", tmp_path / "reference")
    return folder


@pytest.mark.parametrize("mode", MODES_HERE)
def test_cached_files_are_used_by_the_workers_in_each_sandbox_mode(grade, cache_with_data, monkeypatch, mode):
    monkeypatch.setenv("KERAS_COURSE_SANDBOX", mode)
    report = grade("05", REPO_ROOT / "solutions" / "05_cnn", public_only=True)
    assert failed_ids(report) == set() and report.data_warning == ""
    used = f"Training checks used Fashion-MNIST from Keras cache $KERAS_HOME ({cache_with_data})"
    assert any(note.startswith(used) for note in report.notes), report.notes
    assert "synthetic" not in check_by_id(report, "accuracy.build_cnn").message


def test_a_foreign_file_in_the_cache_is_named_and_the_stand_in_is_said_loudly(grade, cache_with_data):
    (cache_with_data / FILES["y_train"]).write_bytes(b"\x1f\x8b not really")
    report = grade("05", REPO_ROOT / "solutions" / "05_cnn", public_only=True)
    assert "NOT Fashion-MNIST" in report.data_warning
    assert "train-labels-idx1-ubyte.gz is not a valid gzip file" in "\n".join(report.instructor_notes)
    assert "synthetic stand-in" in check_by_id(report, "accuracy.build_cnn").message
