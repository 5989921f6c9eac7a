"""The check of a CLASS_NAMES constant, shared by the assignments that ask for one."""

from __future__ import annotations

from autograder.checks.kit.base import Verdict
from autograder.checks.kit.judging import first_difference, kind_of, plain, show
from autograder.describe import describe


def class_names_probe(module, context):
    return describe(module.CLASS_NAMES)


def judge_class_names(got: dict, expected: dict) -> Verdict:
    names = plain(got) if kind_of(got) in ("list", "tuple") else None
    wanted = plain(expected)
    if names is None:
        return Verdict(False, f"CLASS_NAMES is {show(got)}; expected a list of 10 strings.")
    if len(names) == 0:
        return Verdict(False, "CLASS_NAMES is still empty: not filled in yet. List the ten class names in label order.")
    joined = [name for name in names if isinstance(name, str) and name not in wanted]
    for name in joined:
        for i in range(len(wanted) - 1):
            for j in range(i + 2, len(wanted) + 1):
                if name == "".join(wanted[i:j]):
                    return Verdict(False, f"CLASS_NAMES contains {name!r}: that is {j - i} names stuck together "
                                          f"because a comma is missing after {wanted[i]!r}. In Python, 'A' 'B' "
                                          "without a comma is the single string 'AB'.")
    difference = first_difference(got, expected)
    if difference is None:
        return Verdict(True, "CLASS_NAMES lists the ten classes in label order.")
    return Verdict(False, f"CLASS_NAMES: {difference}. Expected, in label order: {', '.join(wanted)}.")

