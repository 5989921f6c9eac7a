"""The check of a CLASS_NAMES constant, shared by the assignments that ask for one."""

from __future__ import annotations

from autograder.catalog import msg
from autograder.checks.kit.base import Verdict
from autograder.checks.kit.judging import container_note, first_difference, kind_of, plain, show, in_reference_containers
from autograder.describe import describe

# Fashion-MNIST's ten classes in label order, as the dataset publishes them: the stand-in for a
# student's CLASS_NAMES when it fails its own check (kit/stand_ins.py).
FASHION_CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                       "Ankle boot")
CLASS_NAMES_STAND_IN = {"CLASS_NAMES": lambda: list(FASHION_CLASS_NAMES)}


def class_names_probe(module, context):
    return describe(module.CLASS_NAMES)


def judge_class_names(got: dict, expected: dict) -> Verdict:
    names = plain(got) if kind_of(got) in ("list", "tuple") else None
    wanted = plain(expected)
    if names is None:
        return Verdict(False, msg("kit.class_names.not_a_list", got=show(got)))
    if len(names) == 0:
        return Verdict(False, msg("kit.class_names.empty"))
    joined = [name for name in names if isinstance(name, str) and name not in wanted]
    for name in joined:
        for i in range(len(wanted) - 1):
            for j in range(i + 2, len(wanted) + 1):
                if name == "".join(wanted[i:j]):
                    return Verdict(False, msg("kit.class_names.missing_comma",
                                              name=repr(name),
                                              j_i=j - i,
                                              wanted_i=repr(wanted[i]),
                                              count=len(names), wanted_count=len(wanted)))
    difference = first_difference(in_reference_containers(got, expected), expected)
    if difference is None:  # a tuple of the right names is accepted, with a note (docs/checks.md)
        note = container_note(got, expected)
        return Verdict(True, msg("kit.class_names.ok") + note if note else msg("kit.class_names.ok"))
    return Verdict(False, msg("kit.class_names.differs", difference=difference,
                              wanted=', '.join(wanted)))

