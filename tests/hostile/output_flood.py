# base: reference
"""Output is not a crime: correct code that prints hundreds of megabytes (300 MB at import, 400 MB
more in two functions, on stdout and stderr) and returns the right answers."""
import sys

_LINE = "spam " * 200_000 + "\n"  # 1 MB
for _ in range(300):
    sys.stdout.write(_LINE)

_train_test_split, _class_name = train_test_split, class_name  # noqa: F821 - the reference's


def train_test_split(x, y, test_size=0.2, seed=0):
    for _ in range(200):
        print(_LINE, end="")
    return _train_test_split(x, y, test_size=test_size, seed=seed)


def class_name(label):
    for _ in range(200):
        sys.stderr.write(_LINE)
    return _class_name(label)
