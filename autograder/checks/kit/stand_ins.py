"""A mistake in one graded function never costs another function's points.

When function B calls function A (03's ``compile_classifier`` calls ``make_optimizer``; 06's
``predict_class_names`` reads ``CLASS_NAMES`` and calls ``predict_classes``), a check of B declares
*stand-ins*: course-made versions of A, written in the checks code itself from the docstrings'
contract. The reference solution is never imported or copied into the worker: student code must
never see instructor files (docs/security.md).

Child side (:func:`stand_in_outcome`): after B's probe ran on the student's module as it is, the
worker runs it once more with the module's names replaced by the stand-ins, and records which
stand-ins B really used. Grader side (:func:`choose`): when B's own outcome fails, a name B used
belongs to a graded function whose own checks failed, and the stand-in run exists, B is judged on
the stand-in run and its message says so (``check.stand_in``). A stub B still gets zero: it raises
with the stand-ins as without them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

# The outcome key that holds the run with stand-ins: {"used": [...names], "status": ..., "value": ...}
KEY = "stand_in"


@dataclass(frozen=True)
class StandIns:
    """The graded names a check's function may use, each with a factory of its course-made stand-in.

    ``needed(module, context)`` (child side, optional) says whether the second run is worth its
    cost: 04's pipeline trains a network, so it runs again only when the student's functions
    differ from the stand-ins on the data it uses. A student who fools it only loses the stand-in.
    """

    names: dict[str, Callable[[], Any]]
    needed: Callable[[Any, Any], bool] | None = None


class _WatchedList(list):
    """A constant (``CLASS_NAMES``) that notes being read."""

    def __init__(self, items, on_use: Callable[[], None]):
        super().__init__(items)
        self._on_use = on_use

    def __getitem__(self, index):
        self._on_use()
        return super().__getitem__(index)

    def __iter__(self):
        self._on_use()
        return super().__iter__()

    def __len__(self):
        self._on_use()
        return super().__len__()


def _watched(name: str, value: Any, used: set[str]) -> Any:
    def on_use() -> None:
        used.add(name)

    if isinstance(value, list):
        return _WatchedList(value, on_use)
    if callable(value) and not isinstance(value, type):
        def stand_in(*args, **kwargs):
            on_use()
            return value(*args, **kwargs)

        stand_in.__name__ = getattr(value, "__name__", name)
        stand_in.__qualname__ = stand_in.__name__
        return stand_in
    return value


_runs: dict[tuple[int, int, int], dict | None] = {}  # (stand-ins, probe, module): one run per worker


def stand_in_outcome(stand_ins: StandIns, module, context, run: Callable[[Any], dict],
                     probe: Callable | None = None) -> dict | None:
    """Run the probe (``run(context)``) again with the module's names replaced by the stand-ins.

    Returns the outcome with ``used`` (the names B really used), or None when B used none of them
    or the second run is not needed. The module is restored whatever happens. Checks that share one
    ``probe`` function (03's three checks of one compiled model) share its run with stand-ins as well:
    it is the same call of the same module in the same worker, so it runs once.
    """
    key = (id(stand_ins), id(probe), id(module))
    if probe is not None and key in _runs:
        return dict(_runs[key]) if _runs[key] is not None else None
    result = _run_with_stand_ins(stand_ins, module, context, run)
    if probe is not None:
        _runs[key] = result
    return dict(result) if result is not None else None


def _run_with_stand_ins(stand_ins: StandIns, module, context, run: Callable[[Any], dict]) -> dict | None:
    if stand_ins.needed is not None:
        try:
            if not stand_ins.needed(module, context):
                return None
        except BaseException:  # noqa: BLE001 - a failing comparison means the student's A differs
            # ``needed`` calls student code outside a probe: sys.exit() or a KeyboardInterrupt raised
            # there must not end the worker (the probe's own run already reported what it raised).
            pass
    used: set[str] = set()
    saved = {name: vars(module)[name] for name in stand_ins.names if name in vars(module)}
    try:
        for name, factory in stand_ins.names.items():
            setattr(module, name, _watched(name, factory(), used))
        outcome = run(dataclasses.replace(context, stand_ins=tuple(sorted(stand_ins.names))))
    finally:
        for name in stand_ins.names:
            if name in saved:
                setattr(module, name, saved[name])
            elif name in vars(module):
                delattr(module, name)
    if not used:
        return None
    return {**outcome, "used": sorted(used)}


# -- grader side -------------------------------------------------------------------------------------

def choose(outcome: dict, failed_targets: set[str]) -> tuple[dict, list[str]]:
    """The outcome to judge a failing check on, and the names it was judged with stand-ins for.

    The stand-in run replaces the student's own only when a name it used belongs to a graded
    function (or constant) whose own checks failed.
    """
    alternative = outcome.get(KEY) if isinstance(outcome, dict) else None
    if not isinstance(alternative, dict) or alternative.get("status") not in ("ok", "raised"):
        return outcome, []
    replaced = [name for name in alternative.get("used", []) if name in failed_targets]
    if not replaced:
        return outcome, []
    return {key: value for key, value in alternative.items() if key != "used"}, replaced
