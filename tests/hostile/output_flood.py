# base: reference
"""Resources: flood stdout and stderr (bounded at 400 MB each here)."""
import sys

_LINE = "spam " * 200_000 + "\n"  # 1 MB


def train_test_split(x, y, test_size=0.2, seed=0):
    for _ in range(400):
        sys.stdout.write(_LINE)
    return None


def class_name(label):
    for _ in range(400):
        sys.stderr.write(_LINE)
    return None
