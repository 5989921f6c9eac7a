"""Fashion-MNIST for the course, online or off, and a synthetic stand-in with the same shapes.

``load_fashion_mnist()`` tries, in order (``source="auto"``):

1. a folder with the four IDX ``.gz`` files: the ``KERAS_COURSE_DATA`` environment variable,
   or ``data.idx_dir`` in ``course.yml``;
2. Keras's own cache folder (``$KERAS_HOME/datasets/fashion-mnist``, by default under
   ``~/.keras``), where ``keras.datasets.fashion_mnist.load_data()`` keeps what it downloaded;
3. ``keras.datasets.fashion_mnist.load_data()`` itself, which downloads (unless
   ``KERAS_COURSE_OFFLINE=1``);
4. the synthetic stand-in: deterministic, learnable, with Fashion-MNIST's shapes and dtypes.

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
SOURCES = ("auto", "idx", "cache", "keras", "synthetic")
CHUNK = 1000  # synthetic samples made by one generator


class DataUnavailable(RuntimeError):
    """The requested data source cannot provide the data."""


@dataclass
class Dataset:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str  # idx | cache | keras | synthetic
    description: str

    def as_tuples(self):
        """The ``(x_train, y_train), (x_test, y_test)`` pair that Keras's ``load_data()`` returns."""
        return (self.x_train, self.y_train), (self.x_test, self.y_test)


def keras_cache_dir() -> Path:
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets" / "fashion-mnist"


def load_idx_folder(folder: str | Path, *, source: str = "idx") -> Dataset:
    """Fashion-MNIST (or anything in the same four-file layout) from a folder of IDX files."""
    folder = Path(folder)
    missing = [name for name in FILES.values() if not (folder / name).is_file()]
    if missing:
        raise DataUnavailable(f"{folder} lacks {', '.join(missing)}")
    try:
        arrays = {key: read_idx(folder / name) for key, name in FILES.items()}
    except IdxFormatError as error:
        raise DataUnavailable(str(error)) from None
    return Dataset(**arrays, source=source,
                   description=f"Fashion-MNIST from the IDX files in {folder}")


def load_from_keras() -> Dataset:
    if os.environ.get("KERAS_COURSE_OFFLINE") == "1":
        raise DataUnavailable("downloads are switched off (KERAS_COURSE_OFFLINE=1)")
    from keras.datasets import fashion_mnist

    try:
        (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    except Exception as error:  # noqa: BLE001 - any network or file failure means: not available
        raise DataUnavailable(f"keras.datasets.fashion_mnist.load_data() failed: {error}") from None
    return Dataset(x_train, y_train, x_test, y_test, source="keras",
                   description="Fashion-MNIST through keras.datasets.fashion_mnist.load_data()")


def synthetic_fashion_mnist(n_train: int = 60000, n_test: int = 10000, seed: int = 0) -> Dataset:
    """A deterministic, learnable stand-in: 28x28 uint8 images of 10 classes, labels uint8.

    Every class picture is half a shared "garment" shape and half shapes of its own, so classes
    look alike as real clothes do. Each sample is its class picture shifted by up to two pixels,
    scaled in brightness and covered in strong noise. A dense network reaches about 80% on it
    after three epochs on 10,000 images; the same network fed raw 0..255 pixels stays near
    chance, so the usual mistakes show in the accuracy, as they do on the real data.
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

    def make_split(n: int, split: int):
        """Samples come in chunks, each from its own generator: the first k samples of a split
        are the same whatever n is, so a grader that needs 6,000 images makes only those."""
        parts = [make(CHUNK, np.random.default_rng([seed, split, start // CHUNK])) for start in range(0, n, CHUNK)]
        if not parts:
            return np.zeros((0, 28, 28), dtype=np.uint8), np.zeros((0,), dtype=np.uint8)
        return np.concatenate([p[0] for p in parts])[:n], np.concatenate([p[1] for p in parts])[:n]

    x_train, y_train = make_split(n_train, 1)
    x_test, y_test = make_split(n_test, 2)
    return Dataset(x_train, y_train, x_test, y_test, source="synthetic",
                   description=(f"the synthetic stand-in for Fashion-MNIST (seed {seed}): same shapes and "
                                "types, NOT the real images"))


def load_fashion_mnist(source: str = "auto", idx_dir: str | os.PathLike | None = None, *,
                       synthetic_limit: int | None = None) -> Dataset:
    """Fashion-MNIST from the first source that has it (see the module docstring).

    ``synthetic_limit`` caps how many images of each split the synthetic stand-in makes (they
    are the first ones of the full set), for callers that need only a subset.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown data source {source!r}; expected one of {', '.join(SOURCES)}")
    idx_dir = os.environ.get("KERAS_COURSE_DATA") or idx_dir
    attempts = {
        "idx": lambda: load_idx_folder(idx_dir) if idx_dir else _no("no IDX folder is set "
                                                                    "(KERAS_COURSE_DATA or data.idx_dir)"),
        "cache": lambda: load_idx_folder(keras_cache_dir(), source="cache"),
        "keras": load_from_keras,
        "synthetic": lambda: synthetic_fashion_mnist(*(
            (min(60000, synthetic_limit), min(10000, synthetic_limit)) if synthetic_limit else ())),
    }
    order = ["idx", "cache", "keras", "synthetic"] if source == "auto" else [source]
    reasons = []
    for name in order:
        try:
            return attempts[name]()
        except DataUnavailable as error:
            reasons.append(f"{name}: {error}")
    raise DataUnavailable("Fashion-MNIST is not available: " + "; ".join(reasons))


def _no(reason: str):
    raise DataUnavailable(reason)
