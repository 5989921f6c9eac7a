"""Calling student code and keeping what it returned, raised, warned and printed, as plain data.

Child side: these run in the worker, beside student code. There is one way to call student code,
:func:`call_student` (what is let through: a NotImplementedError from the stub, read as "not
implemented yet", and a refused memory allocation, read as the memory budget), and one way to read
what it raised (:func:`message_of`, :func:`student_frames`), which the worker uses too. The
helpers shape the outcome a judge reads:

- :func:`run_student`: ``{"value": ...}`` or ``{"raised": {"type", "message"}}``, the message cut
  down to the sentence a student needs (model building, 02 and 05);
- :func:`attempt`: an :class:`Attempt` with the value or the error (with the line of the student's
  file), the warnings and the printed output (compiling and training, 03 and 04);
- :func:`attempt_value`: ``(value, None)`` or ``(None, error facts)``, with scratch paths cut out of
  the message (evaluating and saving, 06 and 07).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

from autograder.checks.kit.outcomes import ErrorFacts, Frame, Raised
from autograder.sandbox.protocol import out_of_memory

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def short_error(error: BaseException) -> Raised:
    """An exception as plain data, its message cut down to the sentence a student needs."""
    text = _ANSI.sub("", message_of(error)).split("Arguments received by")[0]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("Exception encountered when calling")]
    useful = [line for line in lines if "xpected" in line or "incompatible" in line] or lines
    message = " ".join(useful)
    shape_clash = re.search(r"(Expected shape .*?, but input has incompatible shape \([^)]*\))", message)
    if shape_clash:
        message = shape_clash.group(1)
    message = re.sub(r"\s+", " ", message).strip()[:300]
    if message and message[-1] not in ".!?":
        message += "."
    return {"type": type(error).__name__, "message": message}


@dataclass
class Called:
    """What one call of student code did: its value, or the exception it raised; its warnings and
    printed output when asked for (``capture``)."""

    value: Any = None
    error: BaseException | None = None
    warnings: list[str] = field(default_factory=list)
    printed: str = ""


def call_student(function: Callable, *args: Any, module=None, capture: bool = False, **kwargs: Any) -> Called:
    """The one way a probe calls student code: every outcome helper below is built on it.

    A NotImplementedError from the stub propagates, so that the check reads "not implemented yet"
    (with ``module``: only one raised by the student's own file; one raised inside Keras or
    TensorFlow, as numpy on a symbolic tensor does, is an error like any other), and so does a
    refused memory allocation (the worker reports it as the memory budget).
    """
    printed = io.StringIO()
    with contextlib.ExitStack() as stack:
        if capture:
            caught = stack.enter_context(warnings.catch_warnings(record=True))
            stack.enter_context(contextlib.redirect_stdout(printed))
            warnings.simplefilter("always")
        try:
            value = function(*args, **kwargs)
        except NotImplementedError as error:
            frames = traceback.extract_tb(error.__traceback__)
            if module is None or (frames and _in_module(frames[-1].filename, module)):
                raise
            called = Called(error=error)
        except Exception as error:  # noqa: BLE001 - student code may raise anything
            if out_of_memory(error):
                raise
            called = Called(error=error)
        else:
            called = Called(value=value)
        if capture:
            called.warnings, called.printed = _texts(caught), printed.getvalue()[-2000:]
    return called


def message_of(error: BaseException, unreadable: str = "", not_text: str | None = None) -> str:
    """An exception's message, even when its ``__str__`` fails (``unreadable``) or returns something
    else than text (``not_text``, by default ``unreadable``)."""
    try:
        text = str(error)
    except BaseException:  # noqa: BLE001 - a hostile __str__
        return unreadable
    return text if type(text) is str else (unreadable if not_text is None else not_text)


def student_frames(error: BaseException, module_file: str | None) -> list[Frame]:
    """The lines of the student's module (``module_file``) in the traceback of ``error``."""
    if not module_file:
        return []
    wanted = os.path.abspath(module_file)
    return [{"line": f.lineno, "function": f.name, "code": (f.line or "")[:200]}
            for f in traceback.extract_tb(error.__traceback__) if os.path.abspath(f.filename) == wanted]


def run_student(function: Callable, *args: Any, **kwargs: Any) -> dict:
    """``{"value": result}`` or ``{"raised": {...}}`` (the message cut to the sentence a student needs)."""
    called = call_student(function, *args, **kwargs)
    return {"raised": short_error(called.error)} if called.error else {"value": called.value}


def _in_module(filename: str, module) -> bool:
    module_file = getattr(module, "__file__", None)
    return bool(module_file) and os.path.abspath(filename) == os.path.abspath(module_file)


def error_fields(error: BaseException, module) -> ErrorFacts:
    """Plain data about an exception raised while running student code."""
    fields = {"type": type(error).__name__, "message": message_of(error)[:1500],
              "is_value_error": isinstance(error, ValueError), "is_key_error": isinstance(error, KeyError)}
    frames = student_frames(error, getattr(module, "__file__", None))
    if frames:
        fields.update(line=frames[-1]["line"], code=frames[-1]["code"])
    return fields


@dataclass
class Attempt:
    value: Any = None
    error: ErrorFacts | None = None
    warnings: list[str] = field(default_factory=list)
    printed: str = ""


def attempt(module, function: Callable, *args: Any, **kwargs: Any) -> Attempt:
    """Call ``function``; return its value, or the error it raised, with its warnings and output."""
    called = call_student(function, *args, module=module, capture=True, **kwargs)
    error = error_fields(called.error, module) if called.error else None
    return Attempt(value=called.value, error=error, warnings=called.warnings, printed=called.printed)


def _texts(caught) -> list[str]:
    return [f"{w.category.__name__}: {w.message}"[:500] for w in caught[:20]]


def attempt_value(function, *args, module_name: str, hide: tuple[str, ...] = ()):
    """``(value, None)``, or ``(None, facts about the exception)`` for the judge to explain.

    The facts name the line of the student's module (``module_name``) where the error arose; the
    strings in ``hide`` (scratch folder paths) are cut out of the message, so that it reads as the
    student wrote it and stays the same from one grading to the next.
    """
    called = call_student(function, *args)
    if called.error is None:
        return called.value, None
    error = called.error
    text = message_of(error, unreadable="<the message could not be read>")
    for prefix in hide:
        text = text.replace(prefix, "")
    facts = {"type": type(error).__name__, "message": text[:1500]}
    frames = student_frames(error, getattr(sys.modules.get(module_name), "__file__", None))
    if frames:
        facts["line"], facts["code"] = frames[-1]["line"], frames[-1]["code"]
    return None, facts
