# base: reference
"""Resources: memory that grows and grows (bounded at 6 GB here, so a test cannot exhaust the machine)."""
import time


def normalize_images(x):
    hoard = []
    for _ in range(6 * 1024 // 16):
        hoard.append(b"x" * (16 * 2**20))  # 16 MB, really written
        time.sleep(0.004)
    return hoard
