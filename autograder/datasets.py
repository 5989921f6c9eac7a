"""Fashion-MNIST as arrays: from a folder of IDX files, or a synthetic stand-in with the same shapes.

Which folder grading uses is decided once by the trusted grader (``autograder.data_sources``);
a worker only reads the folder it is handed (:func:`dataset_for_worker`) and never looks for
data itself. ``load_fashion_mnist()`` does both steps in one process, for scripts and tests.
Whatever is used is said in ``Dataset.description``, so that nobody mistakes synthetic accuracy
for the real thing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder.idx import IdxFormatError, read_idx

FILES = {
    "x_train": "train-images-idx3-ubyte.gz",
    "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz",
    "y_test": "t10k-labels-idx1-ubyte.gz",
}
# What a worker that runs student code is handed: the training files only. The test files hold the
# challenge's held-out labels, which only the grader's evaluator sees (autograder/held_out.py).
TRAINING_FILES = {key: FILES[key] for key in ("x_train", "y_train")}
SOURCES = ("auto", "idx", "cache", "download", "keras", "synthetic")  # keras: the old name of download
CHUNK = 1000  # synthetic samples made by one generator


class DataUnavailable(RuntimeError):
    """The requested data source cannot provide the data."""


@dataclass
class Dataset:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str  # idx | cache | download | synthetic
    description: str

    def as_tuples(self):
        """The ``(x_train, y_train), (x_test, y_test)`` pair that Keras's ``load_data()`` returns."""
        return (self.x_train, self.y_train), (self.x_test, self.y_test)


def _empty_split() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((0, 28, 28), dtype=np.uint8), np.zeros((0,), dtype=np.uint8)


def load_idx_folder(folder: str | Path, *, source: str = "idx", description: str = "",
                    files: dict[str, str] = FILES) -> Dataset:
    """Fashion-MNIST (or anything in the same four-file layout) from a folder of IDX files.

    ``files`` names the arrays to read (``TRAINING_FILES``: the training split alone, the test
    split then empty).
    """
    folder = Path(folder)
    missing = [name for name in files.values() if not (folder / name).is_file()]
    if missing:
        raise DataUnavailable(f"{folder} lacks {', '.join(missing)}")
    try:
        arrays = {key: read_idx(folder / name) for key, name in files.items()}
    except IdxFormatError as error:
        raise DataUnavailable(str(error)) from None
    if "x_test" not in arrays:
        arrays["x_test"], arrays["y_test"] = _empty_split()
    return Dataset(**arrays, source=source,
                   description=description or f"Fashion-MNIST from the IDX files in {folder}")


def synthetic_fashion_mnist(n_train: int = 60000, n_test: int = 10000, seed: int = 0, *,
                            test_key: int | None = None) -> Dataset:
    """A deterministic, learnable stand-in: 28x28 uint8 images of 10 classes, labels uint8.

    Every class picture is half a shared "garment" shape and half shapes of its own, so classes
    look alike as real clothes do. Each sample is its class picture shifted by up to two pixels,
    scaled in brightness and covered in strong noise. A dense network reaches about 80% on it
    after three epochs on 10,000 images; the same network fed raw 0..255 pixels stays near
    chance, so the usual mistakes show in the accuracy, as they do on the real data.

    ``test_key`` draws the test split from generators of its own (the same classes and pictures,
    other samples): the challenge's held-out set, made by the grader from a key that student code
    cannot read, so that knowing this function does not give its labels.
    """
    shape_rng = np.random.default_rng(seed)
    grid = np.linspace(-1.0, 1.0, 28)
    yy, xx = np.meshgrid(grid, grid, indexing="ij")

    def blobs(count: int) -> np.ndarray:
        picture = np.zeros((28, 28), dtype=np.float32)
        for _ in range(count):
            cy, cx = shape_rng.uniform(-0.7, 0.7, size=2)
            width = shape_rng.uniform(0.15, 0.45)
            picture += np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * width**2))
        return picture / picture.max()

    shared = blobs(3)
    prototypes = np.stack([0.5 * shared + 0.5 * blobs(3) for _ in range(10)]).astype(np.float32)

    def make(n: int, generator: np.random.Generator):
        labels = generator.integers(0, 10, size=n).astype(np.uint8)
        images = prototypes[labels]
        shifts = generator.integers(-2, 3, size=(n, 2))
        for dy in range(-2, 3):  # shift in groups: vectorised, fast
            for dx in range(-2, 3):
                rows = (shifts[:, 0] == dy) & (shifts[:, 1] == dx)
                images[rows] = np.roll(images[rows], (dy, dx), axis=(1, 2))
        brightness = generator.uniform(0.5, 1.0, size=(n, 1, 1)).astype(np.float32)
        noise = generator.normal(0.0, 0.35, size=images.shape).astype(np.float32)
        pixels = np.clip((images * brightness + noise) * 255.0, 0, 255)
        return pixels.astype(np.uint8), labels

    def make_split(n: int, split: list[int]):
        """Samples come in chunks, each from its own generator: the first k samples of a split
        are the same whatever n is, so a grader that needs 6,000 images makes only those."""
        parts = [make(CHUNK, np.random.default_rng([seed, *split, start // CHUNK])) for start in range(0, n, CHUNK)]
        if not parts:
            return _empty_split()
        return np.concatenate([p[0] for p in parts])[:n], np.concatenate([p[1] for p in parts])[:n]

    x_train, y_train = make_split(n_train, [1])
    x_test, y_test = make_split(n_test, [2] if test_key is None else [3, test_key])
    return Dataset(x_train, y_train, x_test, y_test, source="synthetic",
                   description=(f"the synthetic stand-in for Fashion-MNIST (seed {seed}): same shapes and "
                                "types, NOT the real images"))


def dataset_for_worker(data_dir: str | None, description: str = "", *,
                       synthetic_limit: int | None = None) -> Dataset:
    """In the worker: the training split of the folder the grader handed over, or (None) of the
    synthetic stand-in. The test split is empty: it is never in the worker's reach."""
    if data_dir:
        return load_idx_folder(data_dir, source="handed", description=description, files=TRAINING_FILES)
    return synthetic_fashion_mnist(min(60000, synthetic_limit) if synthetic_limit else 60000, 0)


def load_fashion_mnist(source: str = "auto", idx_dir: str | os.PathLike | None = None, *,
                       synthetic_limit: int | None = None) -> Dataset:
    """Fashion-MNIST from the first source that has it (``autograder.data_sources``), in this process.

    ``synthetic_limit`` caps how many images of each split the synthetic stand-in makes (they
    are the first ones of the full set), for callers that need only a subset. An explicit
    ``source`` other than ``synthetic`` that is unavailable raises DataUnavailable with the reasons.
    """
    from autograder.data_sources import resolve_data

    if source not in SOURCES:
        raise ValueError(f"unknown data source {source!r}; expected one of {', '.join(SOURCES)}")
    resolution = resolve_data(source, os.environ.get("KERAS_COURSE_DATA") or idx_dir)
    if resolution.real:
        return load_idx_folder(resolution.folder, source=resolution.source, description=resolution.description)
    if source not in ("auto", "synthetic"):
        raise DataUnavailable("Fashion-MNIST is not available: " + "; ".join(resolution.explain()[1:]))
    limits = (min(60000, synthetic_limit), min(10000, synthetic_limit)) if synthetic_limit else ()
    return synthetic_fashion_mnist(*limits)
