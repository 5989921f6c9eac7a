"""What a check is: a probe that runs beside student code, and a judge that runs in the grader.

The probe runs in the child process. It calls the student's function and returns plain data
(usually through :func:`autograder.describe.describe`). The same probe runs on the reference
solution. The judge runs in the trusted parent process: it compares the two plain-data results
and returns a :class:`Verdict` with a message for the student and a detail for the instructor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable

from autograder.describe import describe

if TYPE_CHECKING:
    from autograder.catalog import Message
    from autograder.checks.kit.stand_ins import StandIns


@dataclass(frozen=True)
class Verdict:
    passed: bool
    message: Message  # for the student: a catalog id and its parameters (autograder.catalog)
    detail: str = ""
    # Plain data worth showing beside the message, e.g. {"curves": {"accuracy": [...], ...}} for
    # learning curves on the feedback page. Trusted: built by the judge from plain values.
    data: dict | None = None
    # What went wrong, as a short plain key ("layer 1: padding='same'"): another failing check with
    # the same cause follows from this one (kit/causes.py). Only for causes a judge can name.
    cause: str = ""
    # The graded function whose own checks charge this failure (05's dropout network built with the
    # same helper as build_cnn, its only difference build_cnn's): when that function's checks failed,
    # this check keeps its points and points at them (grading.judge_outcomes, docs/checks.md "Points").
    charged_at: str = ""


@dataclass(frozen=True)
class ProbeContext:
    """What a probe may know besides the student's module: its scratch folder and settings."""

    scratch: str
    settings: dict = field(default_factory=dict)
    # The graded names replaced by course-made stand-ins for this run (kit/stand_ins.py): part of
    # any child-side memo's key, so that the run with stand-ins does not reuse the student's own.
    stand_ins: tuple[str, ...] = ()


Probe = Callable[[ModuleType, ProbeContext], Any]
Judge = Callable[..., Verdict]  # judge(got, expected), or judge(got, expected, reads) with Check.reads


@dataclass(frozen=True)
class Check:
    id: str
    target: str  # the graded name this check exercises, e.g. "table_shape"
    # How the check calls it, as a student reads it: code ("table_shape(21000, 21)"), or a Message when
    # it has words ("train_test_split(...) on 25 samples": msg("call.on_samples", call=..., count=25)).
    call: str | Message
    probe: Probe
    judge: Judge
    # Earlier checks whose failure this check's failure follows from (kit/causes.py): when one of
    # them failed, this one points at it instead of giving a second diagnosis.
    after: tuple[str, ...] = ()
    # Other graded names the function may use, with course-made stand-ins (kit/stand_ins.py): a
    # mistake in one of them is judged there, not here.
    stand_ins: StandIns | None = None
    # Earlier checks whose outcomes the judge reads too: the grader passes them as a third argument,
    # {check id: the student's probe value, or None when that probe did not return one}. 05's dropout
    # checks read build_cnn.layers to tell a mistake of a helper both networks share (charged_at).
    reads: tuple[str, ...] = ()
    # Checks whose probes share nothing with the others' (no model, no memo) may name a group: when
    # a core is free, the group runs in a worker of its own at the same time (sandbox/groups.py).
    # Checks that share a memo (one training for several checks) belong to the same group.
    worker_group: str = ""
    # Checks with the same key are judged from one run of the same work (the challenge's training,
    # memoised in the worker): when the grader stops that work for one of them, the others are
    # charged the same stop and point at it, instead of starting it again in a new worker.
    same_run: str = ""
    # Words a stop of this check's probe (a timeout) better than the generic message, from the
    # outcome's facts, when the suite knows what was running; None: the generic message.
    explain_stop: Callable[[dict], Message | None] | None = None


class CheckSuite:
    """The checks of one assignment, in the order they are run and reported."""

    def __init__(self, assignment: str, module: str, *, preload: tuple[str, ...] = ()):
        self.assignment = assignment
        self.module = module
        # Modules the worker imports before the student's (Keras, for most assignments), so that
        # their import time counts against the worker's start-up budget, not the first check's.
        self.preload = preload
        self._checks: dict[str, Check] = {}

    def add(self, check: Check) -> Check:
        if check.id in self._checks:
            raise ValueError(f"{self.assignment}: the check id {check.id!r} is defined twice")
        self._checks[check.id] = check
        return check

    def call(self, check_id: str, target: str, *args: Any, judge: Judge,
             prepare: Callable[[Any], Any] = describe, stand_ins: StandIns | None = None, **kwargs: Any) -> Check:
        """Add a check that calls ``target(*args, **kwargs)`` and describes what it returns."""

        def probe(module: ModuleType, context: ProbeContext) -> Any:
            function = getattr(module, target)
            return prepare(function(*_fresh(args), **_fresh(kwargs)))

        return self.add(Check(check_id, target, format_call(target, args, kwargs), probe, judge,
                              stand_ins=stand_ins))

    def __getitem__(self, check_id: str) -> Check:
        return self._checks[check_id]

    def __contains__(self, check_id: object) -> bool:
        return check_id in self._checks

    def __iter__(self):
        return iter(self._checks.values())

    def ids(self) -> list[str]:
        return list(self._checks)


def _fresh(value: Any) -> Any:
    """Deep-copy arguments so that a student function that mutates them cannot affect later checks."""
    import copy

    return copy.deepcopy(value)


def format_call(target: str, args: tuple, kwargs: dict) -> str:
    parts = [_short_repr(a) for a in args] + [f"{k}={_short_repr(v)}" for k, v in kwargs.items()]
    return f"{target}({', '.join(parts)})"


def _short_repr(value: Any) -> str:
    import numpy as np

    if isinstance(value, np.ndarray):
        return f"<array shape={tuple(value.shape)} dtype={value.dtype}>"
    text = repr(value)
    if len(text) <= 40:
        return text
    if isinstance(value, str):  # the quotes stay closed: 'a tweet that is longer than ...'
        shown = repr(value[:34])
        return shown[:-1] + "..." + shown[-1]
    return text[:37] + "..."
