"""The shapes of the plain data that travels from the worker to the judges, named once.

Everything here is JSON: a probe's outcome crosses the process boundary as JSON and is stored
in the reference cache and in test recordings. ``TypedDict`` (rather than dataclasses) keeps it
exactly that: plain dicts, with their keys written down and checked by type checkers.
"""

from __future__ import annotations

from typing import Any, TypedDict


class Frame(TypedDict, total=False):
    """A line of the student's module in a traceback (``student_frames``)."""

    line: int
    function: str
    code: str


class ProbeOutcome(TypedDict, total=False):
    """What the grader receives for one check (statuses: ``autograder.sandbox.protocol``).

    ``value`` (status ``ok``) is what the probe returned, as plain data; the other keys say how a
    probe that returned no value ended.
    """

    status: str
    value: Any
    seconds: float
    error_type: str  # raised, or the import failed
    error_message: str
    student_frames: list[Frame]
    traceback: str  # instructor only
    names: list[str]  # tampered: what the student's code replaced
    reason: str  # crashed, not_run
    cause: str  # crashed: protocol.CAUSE_*
    memory_mb: int  # memory
    seconds_limit: float  # timeout
    between_probes: bool  # timeout, memory, crashed while no probe was running


class Raised(TypedDict):
    """What student code raised, cut to the sentence a student needs (``calling.run_student``)."""

    type: str
    message: str


class ErrorFacts(TypedDict, total=False):
    """What student code raised, with where (``calling.attempt`` and ``calling.attempt_value``)."""

    type: str
    message: str
    line: int  # the last line of the student's module in the traceback
    code: str
    is_value_error: bool  # attempt only
    is_key_error: bool  # attempt only
