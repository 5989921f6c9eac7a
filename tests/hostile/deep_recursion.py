# base: reference
"""Resources: recursion without end, once within Python's limit and once past the C stack."""
import sys


def table_shape(n_samples, n_features):
    return table_shape(n_samples, n_features)


def sequence_shape(n_samples, steps, features):
    sys.setrecursionlimit(10**8)  # "fixes" the RecursionError, and moves the crash into C
    left, right = [], []
    for _ in range(200_000):
        left, right = [left], [right]
    return left == right  # list comparison recurses in C: past the 8 MB stack, a segmentation fault
