"""Calling student code and keeping what it returned, raised, warned and printed, as plain data.

Child side: these run in the worker, beside student code. Each returns an outcome for a judge:

- :func:`run_student`: ``{"value": ...}`` or ``{"raised": {"type", "message"}}``, the message cut
  down to the sentence a student needs (model building, 02 and 05);
- :func:`attempt`: an :class:`Attempt` with the value or the error (with the line of the student's
  file), the warnings and the printed output (compiling and training, 03 and 04);
- :func:`attempt_value`: ``(value, None)`` or ``(None, error facts)``, with scratch paths cut out of
  the message (evaluating and saving, 06 and 07).

All three let a NotImplementedError from the stub through (the check then reads "not implemented
yet") and a refused memory allocation (reported as the memory budget).
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

from autograder.checks.kit.outcomes import ErrorFacts, Raised
from autograder.sandbox.protocol import out_of_memory

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def short_error(error: BaseException) -> Raised:
    """An exception as plain data, its message cut down to the sentence a student needs."""
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a student exception whose __str__ fails
        text = ""
    text = _ANSI.sub("", text).split("Arguments received by")[0]
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


def run_student(function: Callable, *args: Any, **kwargs: Any) -> dict:
    """``{"value": result}`` or ``{"raised": {...}}``; NotImplementedError still propagates, and so
    does a refused memory allocation (the worker reports it as the memory budget)."""
    try:
        return {"value": function(*args, **kwargs)}
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - student code may raise anything
        if out_of_memory(error):
            raise
        return {"raised": short_error(error)}


def _in_module(filename: str, module) -> bool:
    module_file = getattr(module, "__file__", None)
    return bool(module_file) and os.path.abspath(filename) == os.path.abspath(module_file)


def error_fields(error: BaseException, module) -> ErrorFacts:
    """Plain data about an exception raised while running student code."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if _in_module(f.filename, module)]
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a broken __str__
        text = ""
    fields = {"type": type(error).__name__, "message": text[:1500],
              "is_value_error": isinstance(error, ValueError), "is_key_error": isinstance(error, KeyError)}
    if frames:
        fields.update(line=frames[-1].lineno, code=(frames[-1].line or "")[:200])
    return fields


@dataclass
class Attempt:
    value: Any = None
    error: ErrorFacts | None = None
    warnings: list[str] = field(default_factory=list)
    printed: str = ""


def attempt(module, function: Callable, *args: Any, **kwargs: Any) -> Attempt:
    """Call ``function``; return its value, or the error it raised, with its warnings and output.

    A NotImplementedError raised by the student's own file (the stub) is re-raised, so that the
    check reports "not implemented yet"; one raised inside Keras or TensorFlow (numpy on a
    symbolic tensor raises one) is an error like any other.
    """
    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(printed):
        warnings.simplefilter("always")
        try:
            value = function(*args, **kwargs)
        except NotImplementedError as error:
            frames = traceback.extract_tb(error.__traceback__)
            if frames and _in_module(frames[-1].filename, module):
                raise
            return Attempt(error=error_fields(error, module), warnings=_texts(caught),
                           printed=printed.getvalue()[-2000:])
        except Exception as error:  # noqa: BLE001 - whatever student code raises is reported
            if out_of_memory(error):  # the memory budget stopped it: the worker reports it as such
                raise
            return Attempt(error=error_fields(error, module), warnings=_texts(caught),
                           printed=printed.getvalue()[-2000:])
    return Attempt(value=value, warnings=_texts(caught), printed=printed.getvalue()[-2000:])


def _texts(caught) -> list[str]:
    return [f"{w.category.__name__}: {w.message}"[:500] for w in caught[:20]]


def attempt_value(function, *args, module_name: str, hide: tuple[str, ...] = ()):
    """``(value, None)``, or ``(None, facts about the exception)`` for the judge to explain.

    NotImplementedError passes through, so that an untouched stub reads "not implemented" (and a
    refused memory allocation, so that it reads as the memory budget). The
    facts name the line of the student's module (``module_name``) where the error arose; the
    strings in ``hide`` (scratch folder paths) are cut out of the message, so that it reads as the
    student wrote it and stays the same from one grading to the next.
    """
    try:
        return function(*args), None
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - reported to the judge, which explains it
        if out_of_memory(error):  # the worker reports it as the memory budget
            raise
        try:
            text = str(error)
        except Exception:  # noqa: BLE001 - a hostile __str__
            text = "<the message could not be read>"
        for prefix in hide:
            text = text.replace(prefix, "")
        facts = {"type": type(error).__name__, "message": text[:1500]}
        student_file = getattr(sys.modules.get(module_name), "__file__", None)
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if student_file and os.path.abspath(frame.filename) == os.path.abspath(student_file)]
        if frames:
            facts["line"], facts["code"] = frames[-1].lineno, (frames[-1].line or "")[:200]
        return None, facts

