"""What a student's value looks like in a message: the same at every run (no memory address)."""

from __future__ import annotations

import math

from autograder.describe import describe


class Opaque:
    pass


def test_functions_and_objects_are_described_without_their_memory_address():
    assert describe(math.sqrt)["repr"] == "<built-in function sqrt>"
    assert describe(test_functions_and_objects_are_described_without_their_memory_address)["repr"] == (
        "<function test_functions_and_objects_are_described_without_their_memory_address>")
    assert describe(Opaque())["repr"] == "<test_describe_repr.Opaque object>"
    assert describe(lambda x: x)["repr"].endswith(".<lambda>>") and "0x" not in describe(lambda x: x)["repr"]


def test_a_student_repr_that_mentions_an_address_elsewhere_is_kept():
    class Student:
        def __repr__(self):
            return "Student(home at 0x10 Main Street)"

    assert describe(Student())["repr"] == "Student(home at 0x10 Main Street)"
