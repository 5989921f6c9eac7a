"""Checks of assignment 01_data (module ``tensors.py``).

Public checks use the course's own examples; hidden checks call the same functions with other
arguments, so that a function that only returns the example's answer does not pass them.
"""

from __future__ import annotations

import numpy as np

from autograder.catalog import Message, msg
from autograder.checks.kit.base import Check, CheckSuite, Verdict
from autograder.checks.kit.judging import container_note, first_difference, kind_of, plain, same_as_reference, show
from autograder.checks.kit.class_names import (CLASS_NAMES_STAND_IN, FASHION_CLASS_NAMES, class_names_probe,
                                               judge_class_names)
from autograder.checks.kit.stand_ins import StandIns
from autograder.checks.kit.data import pixels
from autograder.describe import describe

SUITE = CheckSuite("01_data", "tensors")


# -- hints for typical mistakes ---------------------------------------------------------------

def _swapped_or_missing_axis(got: dict, expected: dict) -> str | None:
    if kind_of(got) != "tuple" or kind_of(expected) != "tuple":
        return None
    g, e = plain(got), plain(expected)
    if g == e[:-1]:
        return msg("a01.swapped_or_missing_axis.channel_axis_missing")
    if g == e[1:]:
        return msg("a01.swapped_or_missing_axis.sample_axis_missing")
    if len(g) == len(e) and sorted(map(str, g)) == sorted(map(str, e)):
        return msg("a01.swapped_or_missing_axis.wrong_order")
    if len(g) == len(e) - 1:
        return msg("a01.swapped_or_missing_axis.one_axis_missing")
    if len(g) == len(e) >= 4 and g[:-1] == e[:-1]:  # images and videos: a fixed 1 or 3 ignores channels=
        return msg("a01.swapped_or_missing_axis.channels_ignored", got=repr(g[-1]), channels=repr(e[-1]))
    return None


def _shape_check(name: str, args: tuple, kwargs: dict | None = None, *, check_id: str) -> Check:
    from autograder.checks.kit.base import format_call

    call = format_call(name, args, kwargs or {})
    return SUITE.call(check_id, name, *args, **(kwargs or {}),
                      judge=same_as_reference(call, hints=[_swapped_or_missing_axis], containers=True, twins=True,
                                              fix=msg("a01.shape_check.return_sizes_tuple")))


_shape_check("table_shape", (21000, 21), check_id="table_shape.public")
_shape_check("table_shape", (7, 3), check_id="table_shape.hidden")
_shape_check("sequence_shape", (1000000, 280, 128), check_id="sequence_shape.public")
_shape_check("sequence_shape", (32, 50, 7), check_id="sequence_shape.hidden")
_shape_check("image_batch_shape", (60000, 28, 28), check_id="image_batch_shape.public")
_shape_check("image_batch_shape", (8, 32, 64), {"channels": 3}, check_id="image_batch_shape.hidden")
_shape_check("video_batch_shape", (40, 240, 1280, 720), check_id="video_batch_shape.public")
_shape_check("video_batch_shape", (2, 16, 90, 160), {"channels": 1}, check_id="video_batch_shape.hidden")


# -- one_hot_text ---------------------------------------------------------------------------------

def _one_hot_hints(got: dict, expected: dict) -> str | None:
    if kind_of(got) != "array" or kind_of(expected) != "array":
        return None
    if got["shape"] == list(reversed(expected["shape"])):
        return msg("a01.one_hot_hints.axes_are_swapped")
    if got["shape"] == expected["shape"] and "data" in got:
        g, e = plain(got), plain(expected)
        if got["dtype"] != expected["dtype"] and np.array_equal(g.astype(np.float64), e.astype(np.float64)):
            return msg("a01.one_hot_hints.dtype_only", got_dtype=got["dtype"])
        kept, wanted = [row for row in g if row.any()], [row for row in e if row.any()]
        if g.sum() == e.sum() and len(kept) == len(wanted) and all(np.array_equal(a, b) for a, b in zip(kept, wanted)):
            return msg("a01.one_hot_hints.rows_dropped")  # same 1s in the same order, rows moved up
        if g.sum() > e.sum():
            return (msg("a01.one_hot_hints.too_many_ones"))
        if g.sum() < e.sum():
            return msg("a01.one_hot_hints.missing_ones")
        return msg("a01.one_hot_hints.ones_misplaced")
    return None


def _one_hot(check_id: str, *args, **kwargs) -> Check:
    """The public check judges the dtype; the others judge what they probe (cutting, the vocabulary),
    so that a float64 array costs the dtype's point once, not every check's."""
    from autograder.checks.kit.base import format_call

    call = format_call("one_hot_text", args, kwargs)
    return SUITE.call(check_id, "one_hot_text", *args, **kwargs,
                      judge=same_as_reference(call, hints=[_one_hot_hints], exact_dtype=check_id.endswith(".public"),
                                              twins=("a01.one_hot_hints.axes_are_swapped", "a01.one_hot_hints.rows_dropped"),
                                              fix=msg("a01.one_hot.build_np_zeros")))


_one_hot("one_hot_text.public", "Keras")
_one_hot("one_hot_text.long", "Fashion-MNIST", max_len=7)
_one_hot("one_hot_text.outside_vocab", "naïve ≠ naive", max_len=16)
_one_hot("one_hot_text.hidden_long", "a tweet that is longer than ten characters", max_len=10, vocab_size=128)
_one_hot("one_hot_text.hidden_vocab", "café ~ ok", max_len=12, vocab_size=100)


# -- normalize_images --------------------------------------------------------------------------


def _normalize_probe(pixels: np.ndarray):
    def probe(module, context):
        given = pixels.copy()
        result = module.normalize_images(given)
        return {"result": describe(result), "input_changed": not np.array_equal(given, pixels)}

    return probe


def _judge_normalize(call: str):
    def judge(got: dict, expected: dict) -> Verdict:
        result, reference = got["result"], expected["result"]
        if got["input_changed"]:
            return Verdict(False, msg("a01.normalize.changed_input", call=call))
        if "Tensor" in result.get("type", "") and kind_of(result) != "array":
            return Verdict(False, msg("a01.normalize.tensor", call=call, got_type=result["type"].rsplit(".", 1)[-1]),
                           cause="normalize_images: a tensor, not a numpy array")
        if kind_of(result) == "array" and result["dtype"] != reference["dtype"]:
            hint = ""
            if result["dtype"].startswith("int") or result["dtype"].startswith("uint"):
                hint = msg("a01.normalize.integer_division")
            elif result["dtype"] == "float64":
                hint = msg("a01.normalize.float64")
            return Verdict(False, msg("a01.normalize.wrong_dtype", call=call,
                                      result_dtype=result['dtype'],
                                      reference_dtype=reference['dtype'],
                                      hint=hint), cause=f"normalize_images: dtype {result['dtype']}")
        difference = first_difference(result, reference)
        if difference is None:
            return Verdict(True, msg("a01.normalize.ok", call=call, result=show(result)))
        hint = ""
        if kind_of(result) == "array" and result.get("max", 0) > 1.0:
            hint = msg("a01.normalize.values_above_one")
        elif kind_of(result) == "array" and result.get("max", 1) < 0.9:
            hint = msg("a01.normalize.brightest_pixel")
        return Verdict(False, msg("a01.normalize.differs", call=call, difference=difference, hint=hint), detail=f"got {show(result)}")

    return judge


for _check_id, _pixels_in in (("normalize_images.public", pixels((2, 28, 28))),
                              ("normalize_images.hidden", pixels((3, 5, 4, 1), dtype=np.int64, seed=2))):
    _call = f"normalize_images(<array shape={_pixels_in.shape} dtype={_pixels_in.dtype}>)"
    SUITE.add(Check(_check_id, "normalize_images", _call, _normalize_probe(_pixels_in), _judge_normalize(_call)))


# -- split_validation -----------------------------------------------------------------------------

def _numbered(n: int, features: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Inputs whose row i starts with i, and labels i % 10: pairs and order can be traced."""
    x = np.arange(n * features, dtype=np.int64).reshape(n, features) // features
    return x, (np.arange(n) % 10).astype(np.uint8)


def _pair_rows(pair: dict) -> np.ndarray | None:
    """The row numbers (first column of ``_numbered``'s x) of an ``(x, y)`` pair, when it is one."""
    if kind_of(pair) != "tuple" or pair["length"] != 2 or kind_of(pair["items"][0]) != "array":
        return None
    x = plain(pair["items"][0])
    return x[:, 0] if isinstance(x, np.ndarray) and x.ndim == 2 else None


def _split_hint(got: dict, expected: dict) -> str | None:
    """Hints on evidence only (containers already set aside): the pairs swapped, or the validation
    rows taken from the end."""
    if kind_of(got) != "tuple" or got["length"] != 2:
        return msg("a01.split_hint.return_two_pairs")
    first = got["items"][0]
    if kind_of(first) == "tuple" and first["length"] == 2 and kind_of(first["items"][0]) == "array":
        expected_valid = expected["items"][1]["items"][0]["shape"]
        if first["items"][0]["shape"] == expected_valid:
            return msg("a01.split_hint.pairs_swapped")
    valid, wanted = _pair_rows(got["items"][1]), _pair_rows(expected["items"][1])
    if valid is not None and wanted is not None and len(valid) == len(wanted) and not np.array_equal(valid, wanted):
        return msg("a01.split_hint.validation_set_first")
    return None


_x40, _y40 = _numbered(40)
SUITE.call("split_validation.public", "split_validation", _x40, _y40, n_valid=10,
           judge=same_as_reference(msg("call.on_samples", call="split_validation(x, y, n_valid=10)", count=40),
                                   hints=[_split_hint], containers=True, twins=True))
_x5010, _y5010 = _numbered(5010, features=2)
SUITE.call("split_validation.hidden", "split_validation", _x5010, _y5010,
           judge=same_as_reference(msg("a01.call.default_n_valid", call="split_validation(x, y)", count=5010),
                                   hints=[_split_hint], containers=True, twins=True))


# -- train_test_split -----------------------------------------------------------------------------

def _split_call(n: int, test_size: float, seed: int) -> Message:
    return msg("call.on_samples", call=f"train_test_split(x, y, test_size={test_size}, seed={seed})", count=n)


def _split_probe(n: int, test_size: float, seed: int):
    def probe(module, context):
        x, y = _numbered(n)
        first = module.train_test_split(x.copy(), y.copy(), test_size=test_size, seed=seed)
        again = module.train_test_split(x.copy(), y.copy(), test_size=test_size, seed=seed)
        other = module.train_test_split(x.copy(), y.copy(), test_size=test_size, seed=seed + 1)
        return {"first": describe(first), "again": describe(again), "other": describe(other)}

    return probe


def _judge_split(call: str, n: int, test_size: float):
    def judge(got: dict, expected: dict) -> Verdict:
        first = got["first"]
        if kind_of(first) not in ("tuple", "list") or first["length"] != 4:
            return Verdict(False, msg("a01.split.not_four_arrays", call=call, first=show(first)))
        parts = [plain(item) for item in first["items"]]
        if not all(isinstance(p, np.ndarray) for p in parts):
            return Verdict(False, msg("a01.split.not_numpy_arrays", call=call, first=show(first)))
        x_train, x_test, y_train, y_test = parts
        n_test = int(np.ceil(test_size * n))
        if x_train.ndim != 2 and x_test.ndim == 2 and x_test.shape[0] == n - n_test:
            return Verdict(False, msg("a01.split.wrong_order", call=call))
        if x_train.ndim != 2 or x_test.ndim != 2 or y_train.ndim != 1 or y_test.ndim != 1:
            return Verdict(False, msg("a01.split.wrong_shapes", call=call,
                                      shapes=[tuple(p.shape) for p in parts]))
        if len(x_test) != n_test or len(x_train) != n - n_test:
            hint = msg("a01.split.use_ceil") if abs(len(x_test) - n_test) == 1 else ""
            return Verdict(False, msg("a01.split.wrong_sizes", call=call, n_x_train=len(x_train),
                                      n_x_test=len(x_test),
                                      n_n_test=n - n_test, n_test=n_test,
                                      hint=hint))
        if len(y_train) != len(x_train) or len(y_test) != len(x_test):
            return Verdict(False, msg("a01.split.labels_count_differs", call=call))
        rows = np.concatenate([x_train[:, 0], x_test[:, 0]])
        if sorted(rows.tolist()) != list(range(n)):
            return Verdict(False, msg("a01.split.not_a_partition", call=call))
        labels = np.concatenate([y_train, y_test])
        if not np.array_equal(labels, rows % 10):
            return Verdict(False, msg("a01.split.labels_separated", call=call))
        if np.all(np.diff(x_train[:, 0]) > 0) and np.all(np.diff(x_test[:, 0]) > 0):
            return Verdict(False, msg("a01.split.not_shuffled", call=call))
        if first_difference(got["again"], first) is not None:
            return Verdict(False, msg("a01.split.same_seed_differs", call=call))
        if first_difference(got["other"], first) is None:
            return Verdict(False, msg("a01.split.seed_ignored", call=call))
        ok = msg("a01.split.ok", call=call, n=n, n_n_test=n - n_test, n_test=n_test)
        note = container_note(first, expected["first"])
        return Verdict(True, ok + note if note else ok)

    return judge


for _check_id, _n, _size, _seed in (("train_test_split.public", 25, 0.2, 0),
                                    ("train_test_split.hidden", 101, 0.3, 7)):
    _call = _split_call(_n, _size, _seed)
    SUITE.add(Check(_check_id, "train_test_split", _call, _split_probe(_n, _size, _seed),
                    _judge_split(_call, _n, _size)))


def _global_state_probe(module, context):
    """The split (as the public check probes it) and whether making it changed numpy's global random
    state (np.random.seed, np.random.permutation)."""
    np.random.seed(20261130)
    before = np.random.get_state()
    split = _split_probe(25, 0.2, 3)(module, context)
    after = np.random.get_state()
    return {**split, "changed": bool(before[2] != after[2] or not np.array_equal(before[1], after[1]))}


_OWN_GENERATOR_CALL = _split_call(25, 0.2, 3)


def _judge_global_state(got: dict, expected: dict) -> Verdict:
    """Only a function that splits correctly can earn this point: a stub or a wrong split fails it."""
    split = _judge_split(_OWN_GENERATOR_CALL, 25, 0.2)(got, expected)
    if not split.passed:
        return split
    if got.get("changed"):
        return Verdict(False, msg("a01.split.global_random_state", call=_OWN_GENERATOR_CALL))
    return Verdict(True, msg("a01.split.own_generator", call=_OWN_GENERATOR_CALL))


SUITE.add(Check("train_test_split.own_generator", "train_test_split", _OWN_GENERATOR_CALL,
                _global_state_probe, _judge_global_state, after=("train_test_split.public",)))


# -- class names ----------------------------------------------------------------------------------


SUITE.add(Check("class_names.list", "CLASS_NAMES", "CLASS_NAMES", class_names_probe, judge_class_names))


def _class_name_probe(labels):
    def probe(module, context):
        return describe([module.class_name(label) for label in labels])

    return probe


_ONE_PLACE_OFF = "class_name: one place off"


def _judge_class_name(call: str):
    inner = same_as_reference(call)

    def judge(got: dict, expected: dict) -> Verdict:
        verdict = inner(got, expected)
        if verdict.passed or kind_of(got) != "list":
            return verdict
        names, wanted = plain(got), plain(expected)
        if len(names) >= 10 and names[1:10] == wanted[0:9]:
            return Verdict(False, msg("a01.class_name.off_by_one", call=call, names_0=repr(names[0])),
                           cause=_ONE_PLACE_OFF)
        return verdict

    return judge


def _judge_class_name_of(label: int):
    """class_name(label) for one label: a name one place before or after it is the off-by-one mistake."""
    call = f"class_name({label})"
    inner = same_as_reference(call)

    def judge(got: dict, expected: dict) -> Verdict:
        verdict = inner(got, expected)
        names = FASHION_CLASS_NAMES
        if verdict.passed or kind_of(got) != "str" or plain(expected) != names[label]:
            return verdict
        for shift in (-1, 1):
            if 0 <= label + shift < len(names) and plain(got) == names[label + shift]:
                return Verdict(False, msg("a01.class_name.one_place_off", call=call, got=repr(plain(got)),
                                          expected=repr(names[label]), label=label + shift),
                               cause=_ONE_PLACE_OFF)
        return verdict

    return judge


# class_name is judged apart from CLASS_NAMES (kit/stand_ins.py): a list with a mistake costs only its own check.
_NAMES_STAND_IN = StandIns(CLASS_NAMES_STAND_IN)
SUITE.call("class_name.public", "class_name", 9, judge=_judge_class_name_of(9), stand_ins=_NAMES_STAND_IN)
_all_labels = list(range(10)) + [np.int64(4), np.uint8(7)]
SUITE.add(Check("class_name.hidden", "class_name", msg("a01.call.labels_and_numpy", call="class_name(label)"),
                _class_name_probe(_all_labels), _judge_class_name(msg("a01.call.labels", call="class_name(label)")),
                stand_ins=_NAMES_STAND_IN))
