# base: reference
"""Resources: waiting for keyboard input that never comes."""
import sys


def table_shape(n_samples, n_features):
    answer = input("rows, columns? ")
    return tuple(int(v) for v in answer.split(","))


def sequence_shape(n_samples, steps, features):
    data = sys.stdin.read()  # end of file at once: the grader's stdin is empty
    return eval(data) if data else None
