"""Data loading: IDX files, the Keras cache, the synthetic stand-in, and which one was used."""

from __future__ import annotations

import gzip
import hashlib
import struct

import numpy as np
import pytest

from autograder.datasets import (FILES, DataUnavailable, dataset_for_worker, load_fashion_mnist,
                                 load_idx_folder, synthetic_fashion_mnist)
from autograder.download import md5_of
from autograder.idx import IdxFormatError, read_idx
from conftest import SHARED

MNIST = SHARED / "datasets" / "mnist-t10k"


def write_idx(path, array: np.ndarray) -> None:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as handle:
        handle.write(header + array.astype(np.uint8).tobytes())


def write_fashion_folder(folder, n_train=12, n_test=5) -> None:
    data = synthetic_fashion_mnist(n_train, n_test, seed=3)
    folder.mkdir(parents=True, exist_ok=True)
    for key, name in FILES.items():
        write_idx(folder / name, getattr(data, key))


@pytest.mark.skipif(not MNIST.is_dir(), reason="../shared/datasets/mnist-t10k is not present")
def test_idx_reader_reads_the_real_mnist_test_set():
    images = read_idx(MNIST / "t10k-images-idx3-ubyte.gz")
    labels = read_idx(MNIST / "t10k-labels-idx1-ubyte.gz")
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,) and labels.dtype == np.uint8
    assert labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert images.max() == 255 and images.min() == 0
    assert np.bincount(labels).tolist()[:3] == [980, 1135, 1032]
    digest = hashlib.md5((MNIST / "t10k-labels-idx1-ubyte.gz").read_bytes()).hexdigest()
    assert digest == "ec29112dd5afa0611ce80d1b7f02629c"


def test_idx_reader_round_trips_and_rejects_damaged_files(tmp_path):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    write_idx(tmp_path / "ok.gz", array)
    assert np.array_equal(read_idx(tmp_path / "ok.gz"), array)
    (tmp_path / "text.gz").write_bytes(b"not gzip at all")
    with pytest.raises(IdxFormatError, match="cannot read it as gzip"):
        read_idx(tmp_path / "text.gz")
    with gzip.open(tmp_path / "short.gz", "wb") as handle:
        handle.write(struct.pack(">BBBB", 0, 0, 0x08, 1) + struct.pack(">I", 10) + b"\x01\x02")
    with pytest.raises(IdxFormatError, match=r"announces shape \(10,\)"):
        read_idx(tmp_path / "short.gz")


def test_synthetic_data_has_fashion_mnist_shapes_and_is_deterministic():
    first = synthetic_fashion_mnist(200, 50, seed=0)
    again = synthetic_fashion_mnist(200, 50, seed=0)
    other = synthetic_fashion_mnist(200, 50, seed=1)
    assert first.x_train.shape == (200, 28, 28) and first.x_train.dtype == np.uint8
    assert first.y_train.dtype == np.uint8 and set(first.y_train.tolist()) <= set(range(10))
    assert first.x_test.shape == (50, 28, 28)
    assert np.array_equal(first.x_train, again.x_train) and np.array_equal(first.y_test, again.y_test)
    assert not np.array_equal(first.x_train, other.x_train)
    assert first.source == "synthetic" and "NOT the real images" in first.description


def test_synthetic_classes_are_separable_by_their_mean_picture():
    data = synthetic_fashion_mnist(3000, 1000, seed=0)
    x = data.x_train.reshape(len(data.x_train), -1).astype(np.float32)
    centroids = np.stack([x[data.y_train == k].mean(axis=0) for k in range(10)])
    test = data.x_test.reshape(len(data.x_test), -1).astype(np.float32)
    predicted = np.argmin(((test[:, None, :] - centroids[None]) ** 2).sum(-1), axis=1)
    accuracy = (predicted == data.y_test).mean()
    assert 0.5 < accuracy < 0.999, accuracy  # learnable, but not trivially perfect


def test_an_idx_folder_from_the_environment_comes_first_and_is_said_unverified(tmp_path, monkeypatch):
    write_fashion_folder(tmp_path / "fashion")
    monkeypatch.setenv("KERAS_COURSE_DATA", str(tmp_path / "fashion"))
    data = load_fashion_mnist()
    assert data.source == "idx" and str(tmp_path / "fashion") in data.description
    assert "not the published checksums" in data.description
    assert data.x_train.shape == (12, 28, 28) and data.y_test.shape == (5,)


def test_the_keras_cache_folder_is_used_offline_when_its_files_are_the_published_ones(tmp_path, monkeypatch):
    from autograder import data_sources

    folder = tmp_path / "keras-home" / "datasets" / "fashion-mnist"
    write_fashion_folder(folder)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    monkeypatch.setattr(data_sources, "OFFICIAL_MD5", {name: md5_of(folder / name) for name in FILES.values()})
    data = load_fashion_mnist()
    assert data.source == "cache" and "match the published MD5 checksums" in data.description


def test_foreign_files_in_the_keras_cache_are_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    write_fashion_folder(tmp_path / "keras-home" / "datasets" / "fashion-mnist")
    assert load_fashion_mnist(synthetic_limit=10).source == "synthetic"
    with pytest.raises(DataUnavailable, match="train-images-idx3-ubyte.gz is not the published file"):
        load_fashion_mnist("cache")


def test_offline_without_files_falls_back_to_synthetic_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "empty"))
    monkeypatch.setenv("KERAS_COURSE_OFFLINE", "1")
    data = load_fashion_mnist()
    assert data.source == "synthetic"
    assert data.x_train.shape == (60000, 28, 28) and data.x_test.shape == (10000, 28, 28)


def test_an_explicit_source_that_is_missing_says_why(tmp_path, monkeypatch):
    with pytest.raises(DataUnavailable, match="the configured folder: none is set"):
        load_fashion_mnist("idx")
    with pytest.raises(DataUnavailable, match="lacks train-images-idx3-ubyte.gz"):
        load_idx_folder(tmp_path)
    with pytest.raises(ValueError, match="unknown data source 'web'"):
        load_fashion_mnist("web")


def test_a_worker_reads_only_the_folder_it_is_handed(tmp_path):
    write_fashion_folder(tmp_path / "handed")
    data = dataset_for_worker(str(tmp_path / "handed"), "what the grader resolved")
    assert data.x_train.shape == (12, 28, 28) and data.description == "what the grader resolved"
    assert dataset_for_worker(None, synthetic_limit=30).source == "synthetic"


def test_a_synthetic_subset_is_the_start_of_the_full_set():
    full = synthetic_fashion_mnist(3000, 1500, seed=0)
    part = synthetic_fashion_mnist(1200, 700, seed=0)
    assert np.array_equal(full.x_train[:1200], part.x_train) and np.array_equal(full.y_train[:1200], part.y_train)
    assert np.array_equal(full.x_test[:700], part.x_test)
    assert load_fashion_mnist("synthetic", synthetic_limit=500).x_train.shape == (500, 28, 28)
