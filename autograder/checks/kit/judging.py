"""Compare described values (see :mod:`autograder.describe`) and word the difference for a student.

Everything here runs in the trusted grader process on plain data.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from autograder.catalog import Message, msg
from autograder.checks.kit.base import Judge, Verdict

INT_TYPES = {"int", "numpy.int8", "numpy.int16", "numpy.int32", "numpy.int64",
             "numpy.uint8", "numpy.uint16", "numpy.uint32", "numpy.uint64"}
FLOAT_TYPES = {"float", "numpy.float16", "numpy.float32", "numpy.float64"}
# Sequences whose values alone matter under the course's container rule (docs/checks.md, "Right
# values, another container"): a tuple, a list, and TensorFlow's TensorShape (describe.py).
SEQUENCES = ("tuple", "list", "TensorShape")


def kind_of(desc: dict) -> str:
    """A family name for a described value: int, float, str, tuple, list, array, none, ..."""
    name = desc.get("type", "?")
    if name in INT_TYPES:
        return "int"
    if name in FLOAT_TYPES:
        return "float"
    if name == "numpy.ndarray":
        return "array"
    if name == "NoneType":
        return "none"
    return name


def _scalar(value: Any) -> Any:
    if value == "nan":
        return float("nan")
    if value == "inf":
        return float("inf")
    if value == "-inf":
        return float("-inf")
    return value


def plain(desc: dict) -> Any:
    """Rebuild a Python value from its description (arrays come back as numpy arrays)."""
    kind = kind_of(desc)
    if kind in ("int", "float", "bool", "str"):
        return _scalar(desc.get("value"))
    if kind == "none":
        return None
    if kind in SEQUENCES:
        items = [plain(item) for item in desc["items"]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return {plain(k): plain(v) for k, v in desc["items"]}
    if kind == "array" and "data" in desc:
        data = desc["data"]
        if desc["dtype"].startswith("float"):
            data = _floats(data)
        return np.array(data, dtype=desc["dtype"]).reshape(desc["shape"])
    return desc


def _floats(data: Any) -> Any:
    """Described float data (numbers, and "nan"/"inf"/"-inf" spelt out) as float64 values."""
    try:  # numpy reads the spelt-out values itself, and fast: large arrays are judged in milliseconds
        return np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError):
        return _floats_one_by_one(data)


def _floats_one_by_one(data: Any) -> Any:
    if isinstance(data, list):
        return [_floats_one_by_one(item) for item in data]
    return float(_scalar(data))


def show(desc: dict, limit: int = 120) -> Message | str:
    """How a described value reads in feedback: plain Python, arrays by shape and dtype.

    Plain text when the value holds no array; otherwise a message, so that "array of shape (2, 28,
    28) and dtype float32" is worded in the report's language (``kit.show.array``) while the
    Python around it stays as it is. A long value is cut after ``limit`` characters of its English
    text, an array's description whole or not at all.
    """
    pieces = _shown(desc, limit)
    if sum(len(str(piece)) for piece in pieces) > limit:
        kept, length = [], 0
        for piece in pieces:
            if length + len(str(piece)) > limit - 3:
                if isinstance(piece, str):
                    kept.append(piece[: limit - 3 - length])
                break
            kept.append(piece)
            length += len(str(piece))
        pieces = kept + ["..."]
    return _concatenated(pieces)


def _shown(desc: dict, limit: int) -> list:
    """``desc`` as pieces of text: strings, and messages for the arrays in it."""
    kind = kind_of(desc)
    if kind == "array" or desc.get("type", "").endswith("ndarray"):
        label = msg("kit.show.array_label") if kind == "array" else desc["type"]
        return [msg("kit.show.array", label=label, shape=str(tuple(desc["shape"])), dtype=desc["dtype"])]
    if kind in ("int", "float", "bool", "str", "none"):
        return [repr(plain(desc))]
    if kind in SEQUENCES:
        inner = _separated([[show(item, limit)] for item in desc["items"][:12]])
        if desc.get("length", 0) > 12:
            inner.append(", ...")
        if kind == "tuple":
            return ["(", *inner, "," if desc.get("length") == 1 else "", ")"]
        return ["TensorShape([", *inner, "])"] if kind == "TensorShape" else ["[", *inner, "]"]
    if kind == "dict":
        inner = _separated([[show(k), ": ", show(v)] for k, v in desc["items"][:8]])
        return ["{", *inner, ", ..." if desc.get("length", 0) > 8 else "", "}"]
    return [" ".join((desc.get("repr") or f"a {desc.get('type')}").split())]  # a repr on one line


def _separated(items: list[list]) -> list:
    pieces: list = []
    for number, item in enumerate(items):
        pieces += ([", "] if number else []) + item
    return pieces


def _concatenated(pieces: list) -> Message | str:
    """Pieces one after the other: plain text while every piece is text, else a message."""
    joined: Message | str = ""
    for piece in pieces:
        joined = joined + piece  # text + text is text; a message joins with text.joined
    return joined


def quote(text: str, limit: int = 160) -> str:
    """``text`` in quotes, whole; a long text ends at a sentence or word boundary with an ellipsis.

    A warning cut mid-word and then followed by ", as expected." reads as if the grader garbled it.
    """
    text = " ".join(str(text).split())
    if len(text) > limit:
        cut = text[:limit]
        end = max(cut.rfind(". "), cut.rfind("; "))
        cut = cut[:end + 1] if end >= limit // 2 else cut[:cut.rfind(" ")] if " " in cut else cut
        text = cut.rstrip(" ,;:") + " …"
    return f"“{text}”"


def article(kind: str):
    """A value's kind with its article, as a message: "an int", "a numpy array", "None"."""
    names = {"int": msg("kit.kind.int"), "float": msg("kit.kind.float"), "str": msg("kit.kind.str"),
             "tuple": msg("kit.kind.tuple"), "list": msg("kit.kind.list"), "array": msg("kit.kind.array"),
             "none": msg("kit.kind.none"), "dict": msg("kit.kind.dict"), "bool": msg("kit.kind.bool")}
    return names.get(kind) or msg("kit.kind.other", kind=kind)


def joined_with_and(items: list) -> Message | str:
    """``[3, 5]`` as "3 and 5" (and "1 and 3 and 5" for three), worded by the catalog."""
    return joined(items, lambda first, then: msg("text.and", first=first, then=then))


def joined_with_or(items: list) -> Message | str:
    """``["a", "b"]`` as "a or b", worded by the catalog."""
    return joined(items, lambda first, then: msg("text.or", first=first, then=then))


def joined_list(items: list) -> Message | str:
    """Items that may be messages, one after the other: "a, b, c" (the catalog's ``text.list``)."""
    return joined(items, lambda first, then: msg("text.list", first=first, then=then))


def joined(items: list, join: Callable[[Any, Any], Message]) -> Message | str:
    """Items one after the other, each pair joined by ``join(first, then)`` (a catalog template)."""
    if not items:
        return ""
    joined = items[0] if isinstance(items[0], Message) else str(items[0])
    for item in items[1:]:
        joined = join(joined, item)
    return joined


def first_difference(got: dict, expected: dict, *, where: str = "", rtol: float = 1e-5,
                     atol: float = 1e-6, exact_dtype: bool = True) -> Message | None:
    """The first way ``got`` differs from ``expected``, as a message, or None when they match."""
    at = msg("kit.judging.first_difference.at", where=where) if where else ""
    got_kind, expected_kind = kind_of(got), kind_of(expected)
    if got_kind != expected_kind:
        return msg("kit.judging.first_difference.kind_differs", got_kind=article(got_kind), at=at,
                   got=show(got), expected_kind=article(expected_kind), expected=show(expected))
    if got_kind in SEQUENCES:
        if got["length"] != expected["length"]:
            return (msg("kit.judging.first_difference.length_differs", got_length=got['length'], at=at,
                        got=show(got), expected_length=expected['length'],
                        expected=show(expected)))
        for index, (g, e) in enumerate(zip(got["items"], expected["items"])):
            found = first_difference(g, e, where=f"{where}[{index}]", rtol=rtol, atol=atol,
                                     exact_dtype=exact_dtype)
            if found:
                return found
        return None
    if got_kind == "dict":
        got_keys = {repr(plain(k)) for k, _ in got["items"]}
        expected_keys = {repr(plain(k)) for k, _ in expected["items"]}
        if got_keys != expected_keys:
            missing = ", ".join(sorted(expected_keys - got_keys))
            extra = ", ".join(sorted(got_keys - expected_keys))
            if missing and extra:
                return msg("kit.judging.first_difference.keys_missing_and_unexpected", missing=missing, extra=extra,
                           at=at)
            if missing:
                return msg("kit.judging.first_difference.keys_missing", missing=missing, at=at)
            return msg("kit.judging.first_difference.keys_unexpected", extra=extra, at=at)
        expected_by_key = {repr(plain(k)): v for k, v in expected["items"]}
        for key, value in got["items"]:
            name = repr(plain(key))
            found = first_difference(value, expected_by_key[name], where=f"{where}[{name}]",
                                     rtol=rtol, atol=atol, exact_dtype=exact_dtype)
            if found:
                return found
        return None
    if got_kind == "array":
        return _array_difference(got, expected, at, rtol, atol, exact_dtype)
    if got_kind == "float":
        g, e = _scalar(got["value"]), _scalar(expected["value"])
        if not np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
            return msg("kit.judging.first_difference.float_differs", g=repr(g), at=at, e=repr(e))
        return None
    if got_kind in ("int", "str", "bool", "none"):
        if got.get("value") != expected.get("value"):
            return msg("kit.judging.first_difference.value_differs", got=show(got), at=at,
                       expected=show(expected))
        return None
    # Anything else (a model, an unknown object) cannot be compared by value here.
    return msg("kit.judging.first_difference.not_comparable", got=show(got), at=at, expected=show(expected))


def _array_difference(got: dict, expected: dict, at: Message | str, rtol: float, atol: float,
                      exact_dtype: bool) -> Message | None:
    if got["shape"] != expected["shape"]:
        return msg("kit.judging.array_difference.shape_differs", got_shape=tuple(got['shape']), at=at,
                   expected_shape=tuple(expected['shape']))
    if exact_dtype and got["dtype"] != expected["dtype"]:
        return msg("kit.judging.array_difference.dtype_differs", got_dtype=got['dtype'], at=at,
                   expected_dtype=expected['dtype'])
    if "data" in got and "data" in expected:
        g, e = plain(got), plain(expected)
        if g.dtype.kind in "biuf" and e.dtype.kind in "biuf":
            close = np.isclose(g.astype(np.float64), e.astype(np.float64), rtol=rtol, atol=atol, equal_nan=True)
        else:
            close = g == e
        if not np.all(close):
            index = tuple(int(i) for i in np.argwhere(~np.asarray(close))[0])
            count = int((~np.asarray(close)).sum())
            return (msg("kit.judging.array_difference.values_differ", count=count, g_size=g.size, at=at,
                        index=index, g_index=repr(_item(g[index])),
                        e_index=repr(_item(e[index]))))
        return None
    if got.get("sha256") and got.get("sha256") != expected.get("sha256"):
        return msg("kit.judging.array_difference.mean_differs", at=at, mean=repr(got.get('mean')),
                   mean_2=repr(expected.get('mean')))
    return None


def _item(value: Any) -> Any:
    """A numpy scalar as plain Python, so that messages read 2 rather than np.int64(2)."""
    return value.item() if isinstance(value, np.generic) else value


# -- right values, another container (docs/checks.md) ---------------------------------------------

def in_reference_containers(got: dict, expected: dict) -> dict:
    """``got`` with each tuple, list or TensorShape that stands where ``expected`` has another sequence
    type read as that type: its values alone are then compared, and a difference reads as written."""
    got_kind, expected_kind = kind_of(got), kind_of(expected)
    if got_kind in SEQUENCES and expected_kind in SEQUENCES and "items" in got and "items" in expected:
        items = [in_reference_containers(g, e) for g, e in zip(got["items"], expected["items"])]
        return {**got, "type": expected["type"], "items": items + got["items"][len(items):]}
    return got


def _container_difference(got: dict, expected: dict, where: str = "") -> tuple[str, str, str] | None:
    """The first place (``[0]``, ``[1][0]``) where ``got`` uses another sequence type than ``expected``."""
    got_kind, expected_kind = kind_of(got), kind_of(expected)
    if got_kind not in SEQUENCES or expected_kind not in SEQUENCES:
        return None
    if got_kind != expected_kind:
        return got_kind, expected_kind, where
    return next((found for index, (g, e) in enumerate(zip(got["items"], expected["items"]))
                 if (found := _container_difference(g, e, f"{where}[{index}]"))), None)


def container_note(got: dict, expected: dict) -> Message | None:
    """The note for a value that holds the expected values in another container (a list where the
    docstring asks for a tuple, a TensorShape for a tuple): accepted, saying what to write."""
    found = _container_difference(got, expected)
    if found is None:
        return None
    got_kind, expected_kind, where = found
    at = msg("kit.judging.first_difference.at", where=where) if where else ""
    return msg("kit.judging.container.accepted", got_kind=article(got_kind), at=at,
               expected_kind=article(expected_kind), convert=f"{expected_kind}(...)")


def function_of(call: Message | str) -> str:
    """The function a check calls, from its call text: ``split_validation`` for "split_validation(x, y)"."""
    text = call.params.get("call", "") if isinstance(call, Message) else str(call)
    return str(text).split("(", 1)[0]


def same_as_reference(call: str, *, fix: str = "", hints: list[Callable[[dict, dict], str | None]] = (),
                      containers: bool = False, twins: bool | tuple[str, ...] = False, **compare: Any) -> Judge:
    """A judge that passes when the student's value equals the reference's.

    ``hints`` are functions ``(got, expected) -> str | None`` that recognise a typical mistake and
    explain it; the first one that speaks replaces the generic ``fix``. ``twins``: each hint
    diagnoses one mistake, so it names the verdict's cause (``<function>: <the hint's id>``) and a
    hidden twin failing with the same diagnosis points at the first check instead of explaining it
    again (kit/causes.py). Give the ids of the hints that do (a tuple) when other hints cover several
    mistakes that the checks of a function probe apart (01's one-hot checks: "too many 1s" is text
    too long or characters outside the vocabulary; "the axes are swapped" is one mistake).
    ``containers``: the course's container rule, the right values in another sequence type (a list
    for a tuple, a TensorShape) pass with a note; hints see the value read in the reference's containers.
    """

    def judge(got: dict, expected: dict) -> Verdict:
        written = got
        if containers:
            got = in_reference_containers(got, expected)
        difference = first_difference(got, expected, **compare)
        if difference is None:
            message = msg("kit.judging.same_as_reference.ok", call=call, got=show(written))
            note = container_note(written, expected) if containers else None
            return Verdict(True, message + note if note else message)
        advice = next((text for text in (hint(got, expected) for hint in hints) if text), None)
        diagnosed = isinstance(advice, Message) and (twins is True or (twins and advice.id in twins))
        cause = f"{function_of(call)}: {advice.id}" if diagnosed else ""
        advice = advice or fix
        message = msg("kit.judging.same_as_reference.differs", call=call, difference=difference)
        if advice:
            message = msg("kit.judging.same_as_reference.differs_with_advice", call=call, difference=difference,
                          advice=advice)
        return Verdict(False, message, detail=f"got: {show(got, 400)}\nexpected: {show(expected, 400)}",
                       cause=cause)

    return judge
