"""Where the trusted grader finds Fashion-MNIST, how it checks the files, and what it tells people."""

from __future__ import annotations

import gzip
import os
import stat

import pytest

from autograder import data_sources, grading
from autograder.data_sources import resolve_data, resolve_for_course
from autograder.datasets import FILES, TRAINING_FILES, DataUnavailable
from autograder.download import md5_of
from test_datasets import write_fashion_folder


@pytest.fixture
def published(monkeypatch):
    """Make the files a test writes count as the published ones (the real table stays untouched)."""

    def publish(folder):
        table = {name: md5_of(folder / name) for name in FILES.values()}
        monkeypatch.setattr(data_sources, "OFFICIAL_MD5", table)
        return table

    return publish


def cache_folder(base):
    return base / "datasets" / "fashion-mnist"


def test_published_files_in_keras_home_are_used_and_said_verified(tmp_path, monkeypatch, published):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    write_fashion_folder(cache_folder(tmp_path / "kh"))
    published(cache_folder(tmp_path / "kh"))
    found = resolve_data()
    assert found.source == "cache" and found.real and found.verified and not found.warning
    assert "$KERAS_HOME" in found.description and "match the published MD5 checksums" in found.description
    assert found.skipped[0].place == "the configured folder"


def test_the_real_users_home_is_searched_not_only_keras_home(tmp_path, monkeypatch, published):
    monkeypatch.setattr(data_sources, "_user_homes", lambda: [("the user's home", str(tmp_path / "alice"))])
    write_fashion_folder(cache_folder(tmp_path / "alice" / ".keras"))
    published(cache_folder(tmp_path / "alice" / ".keras"))
    found = resolve_data()
    assert found.source == "cache" and str(tmp_path / "alice") in found.description
    assert any("$KERAS_HOME" in s.place and "no such folder" in s.reason for s in found.skipped)


def test_keras_fallback_under_tmp_is_searched_last(tmp_path, monkeypatch, published):
    monkeypatch.setattr(data_sources, "FALLBACK_KERAS_HOME", tmp_path / "tmp-keras")
    write_fashion_folder(cache_folder(tmp_path / "tmp-keras"))
    published(cache_folder(tmp_path / "tmp-keras"))
    assert "Keras's fallback" in resolve_data().place


def test_a_tampered_or_truncated_cache_file_is_named_with_its_reason(tmp_path, monkeypatch, published):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    folder = cache_folder(tmp_path / "kh")
    write_fashion_folder(folder)
    published(folder)
    labels = folder / FILES["y_test"]
    labels.write_bytes(labels.read_bytes()[:-7])  # cut short
    with gzip.open(folder / FILES["x_test"], "wb") as handle:  # valid IDX, other contents
        handle.write(bytes([0, 0, 8, 1, 0, 0, 0, 2, 1, 2]))
    found = resolve_data()
    reason = next(s.reason for s in found.skipped if "$KERAS_HOME" in s.place)
    assert "t10k-labels-idx1-ubyte.gz is not a valid gzip file" in reason
    assert "t10k-images-idx3-ubyte.gz is not the published file: its MD5 is" in reason
    assert "train-images-idx3-ubyte.gz" not in reason  # the good files are not blamed
    assert found.source == "synthetic" and "NOT Fashion-MNIST" in found.warning


def test_the_instructors_folder_is_used_unverified_but_its_format_is_checked(tmp_path, monkeypatch):
    write_fashion_folder(tmp_path / "mine")
    found = resolve_data("auto", tmp_path / "mine")
    assert found.source == "idx" and not found.verified and not found.warning
    assert "named by the instructor" in found.description and "not the published checksums" in found.description
    (tmp_path / "mine" / FILES["y_train"]).unlink()
    found = resolve_data("auto", tmp_path / "mine")
    assert found.source == "synthetic"
    assert "lacks train-labels-idx1-ubyte.gz" in found.skipped[0].reason
    assert resolve_data("auto", tmp_path / "nowhere").skipped[0].reason.endswith("is not a folder")


def test_stand_in_on_purpose_is_not_a_warning():
    assert resolve_data("synthetic").warning == ""


def test_require_real_refuses_the_stand_in(course, monkeypatch):
    strict = course.model_copy(update={"data": course.data.model_copy(update={"require_real": True})})
    with pytest.raises(DataUnavailable, match="data.require_real"):
        resolve_for_course(strict)


def test_workers_get_a_read_only_copy_anyone_can_read(tmp_path, monkeypatch, published):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    write_fashion_folder(cache_folder(tmp_path / "kh"))
    published(cache_folder(tmp_path / "kh"))
    found = resolve_data()
    staged = found.worker_folder()
    assert staged == found.worker_folder() and staged != str(found.folder)  # made once
    assert sorted(os.listdir(staged)) == sorted(TRAINING_FILES.values())  # never the test files
    mode = os.stat(os.path.join(staged, FILES["x_train"])).st_mode
    assert mode & stat.S_IROTH and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert md5_of(os.path.join(staged, FILES["x_train"])) == md5_of(found.folder / FILES["x_train"])


def test_switching_data_changes_the_reference_cache_key(course, tmp_path, monkeypatch, published):
    assignment = course.assignment("04")
    solution = grading.SOLUTIONS / assignment.id / assignment.module
    synthetic_key = grading._reference_key(course, assignment, solution)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    write_fashion_folder(cache_folder(tmp_path / "kh"))
    published(cache_folder(tmp_path / "kh"))
    real_key = grading._reference_key(course, assignment, solution)
    assert real_key != synthetic_key
    with gzip.open(cache_folder(tmp_path / "kh") / FILES["y_test"], "wb") as handle:  # other real files
        handle.write(bytes([0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3, 4, 5]))
    published(cache_folder(tmp_path / "kh"))
    assert grading._reference_key(course, assignment, solution) not in (real_key, synthetic_key)


def test_assignments_without_training_never_resolve_data(course, monkeypatch):
    monkeypatch.setattr(data_sources, "resolve_data", lambda *a, **k: pytest.fail("resolved data for 01"))
    assert grading._settings(course, course.assignment("01"))["data"] is None
