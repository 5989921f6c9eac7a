"""Read IDX files (the format of MNIST and Fashion-MNIST), gzip-compressed or not."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

# The third byte of the magic number says the element type; the fourth, how many dimensions.
_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class IdxFormatError(ValueError):
    """A file that is not a valid IDX file."""


def read_idx(path: str | Path) -> np.ndarray:
    """The array stored in an IDX file (``.gz`` files are decompressed on the fly)."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            data = handle.read()
    except (OSError, EOFError) as error:
        raise IdxFormatError(f"{path}: cannot read it as {'gzip' if opener is gzip.open else 'a file'}: {error}") from None
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _DTYPES:
        raise IdxFormatError(f"{path}: not an IDX file (its first bytes are {data[:4].hex()}, "
                             "expected 0000 then a type code and a dimension count)")
    dims = data[3]
    header_end = 4 + 4 * dims
    shape = tuple(int(n) for n in np.frombuffer(data, dtype=">u4", count=dims, offset=4))
    dtype = np.dtype(_DTYPES[data[2]])
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(data) - header_end != expected:
        raise IdxFormatError(f"{path}: the header announces shape {shape} ({expected} bytes of data), "
                             f"but the file holds {len(data) - header_end} bytes after the header")
    array = np.frombuffer(data, dtype=dtype, offset=header_end).reshape(shape)
    return array.astype(dtype.newbyteorder("=")) if dtype.byteorder == ">" else array.copy()


def write_idx_gz(path: str | Path, array: np.ndarray) -> None:
    """Write a uint8 array as a gzip-compressed IDX file, as Keras's ``load_data`` reads them
    (stored, not compressed: it is read once, by a worker, from a local folder)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    with gzip.open(path, "wb", compresslevel=0) as handle:
        handle.write(header)
        handle.write(array.tobytes())
