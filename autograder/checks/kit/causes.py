"""One mistake, one explanation: recognising a failing check whose cause an earlier one reported.

Grader side, on plain data. Two checks fail for the same reason when

- student code raised the same error in both (same type, at the same line of the student's
  module; without a line, the same message once its numbers are set aside), an error the
  reference did not raise; or
- the judges named the same cause (``Verdict.cause``, e.g. the same settings difference in two
  networks built by one helper); or
- the later check declares that it can only fail because the earlier one did
  (``Check.after``: 05's parameter counts and output shapes follow from the layers).

The first failing check keeps its diagnosis; each later one says that it follows from it and
points at it ("see build_cnn() above"), its own diagnosis kept for the instructor. It still
fails: what the mistake hides cannot be checked until it is fixed (docs/checks.md, "Points").
"""

from __future__ import annotations

import re
from typing import Any, Iterable

_EXCEPTION_NAME = re.compile(r"^[A-Z][A-Za-z0-9_.]*(Error|Exception|Interrupt|Exit|Warning)$|^[A-Z]\w*Error\w*$")
# Numbers in an error message are mostly the arguments of the call ({'lr': 0.01} and {'lr': 0.1} are
# one mistake); an axis number is not (index errors on axis 0 and on axis 1 are two mistakes).
_NUMBER = re.compile(r"(?<!axis )-?\d+(\.\d+)?(e-?\d+)?")


# TensorFlow's graph errors name the node that failed and where it was defined; which node it reports
# for one mistake varies from run to run, so that text must not decide whether two errors are one.
_GRAPH_NOISE = re.compile(r"Graph execution error:|\[\[\{\{node [^}]*\}\}\]\]|\[Op:[^\]]*\]")


def _without_graph_noise(text: str) -> str:
    """The error's own words, without "Detected at node ... defined at" and its call listing."""
    kept, in_listing = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("Detected at node"):
            in_listing = True
            continue
        if in_listing:
            in_listing = bool(line.strip())  # the listing ends at the first blank line
            continue
        kept.append(line)
    return _GRAPH_NOISE.sub(" ", "\n".join(kept))


def _normalized(message: Any) -> str:
    # Keras ends many messages with "Received: <the argument>": another argument, the same mistake.
    words = " ".join(_without_graph_noise(str(message)).split())
    # (only after the message's own words: TensorFlow's may begin "Received a label value ...")
    text = re.split(r"(?<=.)\bReceived\b", words, maxsplit=1)[0]
    return _NUMBER.sub("#", text).rstrip(". ")[:200]


def _errors(value: Any, depth: int = 0) -> Iterable[dict]:
    """Every error description (``{"type", "message", "line"?}``) inside a probe's plain outcome."""
    if depth > 12:
        return
    if isinstance(value, dict):
        kind = value.get("type")
        if isinstance(kind, str) and _EXCEPTION_NAME.match(kind) and isinstance(value.get("message"), str):
            yield value
        for item in value.values():
            yield from _errors(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _errors(item, depth + 1)


def _raised(outcome: dict) -> list[dict]:
    if outcome.get("status") == "raised":
        frames = outcome.get("student_frames") or []
        error = {"type": outcome.get("error_type", ""), "message": outcome.get("error_message", "")}
        if frames and isinstance(frames[-1], dict) and "line" in frames[-1]:
            error["line"] = frames[-1]["line"]
        return [error]
    return list(_errors(outcome.get("value")))


def error_causes(got: dict, expected: dict) -> set[str]:
    """The errors student code raised in a check that the reference did not raise there, as keys:
    ``raised <Type>: <message>`` and, when the line is known, `` @ line <n>`` after it."""
    theirs = {(error["type"], _normalized(error["message"])) for error in _raised(expected or {})}
    causes = set()
    for error in _raised(got or {}):
        if (error["type"], _normalized(error["message"])) in theirs or error["type"] == "NotImplementedError":
            continue
        where = f" @ line {error['line']}" if isinstance(error.get("line"), int) else ""
        causes.add(f"raised {error['type']}: {_normalized(error['message'])}{where}")
    return causes


def _same(cause: str, known: str) -> bool:
    """Equal keys; an error whose line is unknown is the same as one of the same type and message."""
    if cause == known:
        return True
    return cause.startswith("raised ") and (known.startswith(cause + " @ ") or cause.startswith(known + " @ "))


class CauseTracker:
    """Walks a suite's failing checks in order and finds, for each, the earlier one it follows from."""

    def __init__(self) -> None:
        self._first: dict[str, str] = {}  # cause -> the first failing check that showed it
        self._roots: dict[str, str] = {}  # failing check -> its root (itself when it is one)

    def root_of(self, check_id: str, causes: set[str], after: Iterable[str] = ()) -> str | None:
        """Record a failing check; return the earlier failing check it follows from, if any."""
        root = next((self._first[known] for cause in sorted(causes) for known in self._first
                     if _same(cause, known)), None)
        if root is None:
            root = next((self._roots[earlier] for earlier in after if earlier in self._roots), None)
        for cause in causes:
            self._first.setdefault(cause, root or check_id)
        self._roots[check_id] = root or check_id
        return root
