"""Which of the kernel's runs are the notebook's code, for the self-check.

A kernel keeps every input it ran. A student who edits a function's cell and runs it again leaves
two runs defining that function, though the notebook has one such cell: only the latest run of a
cell is its code. So, from the history:

* each distinct source counts once, at its last run;
* a notebook cell counts once, at its last run, when the frontend says which cell a run came from
  (Jupyter sends the cell's id with each run: :func:`track_cell_ids` records it);
* an earlier run whose every top-level name a later run defines again is an earlier version,
  superseded (when no run in between needs one of those names as it runs).

Definitions still made by two runs after that come from two live cells (their ids differ) or
cannot be told apart (no ids): :func:`autograder.notebooks.extract` words the note accordingly.
"""

from __future__ import annotations

import ast

from autograder.notebooks.extract import Cell, _bound, _needs, _transform_ipython

_IDS = "_keras_course_cell_ids"  # the shell's attribute: execution count -> the frontend's cell id


def track_cell_ids(shell) -> bool:
    """Record, from now on, which notebook cell each run of ``shell`` came from (once per shell)."""
    if shell is None or not hasattr(shell, "events"):
        return False
    if getattr(shell, _IDS, None) is not None:
        return True
    ids: dict[int, str] = {}
    setattr(shell, _IDS, ids)

    def post_run_cell(result) -> None:  # the result knows its own execution count, in every IPython
        info = getattr(result, "info", None)
        cell_id = getattr(info, "cell_id", None)
        count = getattr(result, "execution_count", None)
        if cell_id and isinstance(count, int) and getattr(info, "store_history", False):
            ids[count] = str(cell_id)

    shell.events.register("post_run_cell", post_run_cell)
    return True


def _runs(shell) -> list[tuple[int, str, str]]:
    """(execution count, source, cell id or "") of every non-empty input, in run order."""
    raw = list(getattr(shell.history_manager, "input_hist_raw", []) or shell.user_ns.get("In", []))
    ids = getattr(shell, _IDS, None) or {}
    return [(count, source, ids.get(count, "")) for count, source in enumerate(raw)
            if isinstance(source, str) and source.strip()]


def _latest(runs: list[tuple[int, str, str]], key) -> list[tuple[int, str, str]]:
    latest: dict = {}
    for run in runs:
        identity = key(run)
        latest.pop(identity, None)
        latest[identity] = run
    return sorted(latest.values())


def _names(source: str) -> tuple[set[str], set[str]] | None:
    """The names a run binds at its top level, and those it needs while it runs (None: unreadable)."""
    try:
        tree = ast.parse(_transform_ipython(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    bound: set[str] = set()
    needed: set[str] = set()
    for node in tree.body:
        at_import, _ = _needs(node, lazy_annotations=False)
        needed |= at_import - bound  # a name this run set itself first is its own
        bound |= _bound(node)
    return bound, needed


def _without_superseded(runs: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Leave out each run whose every name a later run binds again, before anything reads it. Two
    runs of distinct cells (their ids known and different) are both the notebook's: both stay."""
    names = [_names(source) for _, source, _ in runs]
    kept = []
    for index, run in enumerate(runs):
        mine = names[index]
        if mine is None or not mine[0]:
            kept.append(run)
            continue
        superseded = True
        for name in mine[0]:
            for later_run, later in zip(runs[index + 1:], names[index + 1:]):
                if later is None or name in later[1]:  # unreadable, or needs it before (or while) rebinding it
                    superseded = False
                    break
                if name in later[0]:
                    superseded = not (run[2] and later_run[2] and run[2] != later_run[2])
                    break
            else:
                superseded = False  # never bound again
            if not superseded:
                break
        if not superseded:
            kept.append(run)
    return kept


def kernel_cells(shell) -> list[Cell]:
    """The cells run in ``shell``, each at its latest version, in the order they were last run."""
    runs = _latest(_runs(shell), key=lambda run: run[1])
    runs = _latest(runs, key=lambda run: run[2] or ("run", run[0]))
    return [Cell(f"the cell you ran as [{count}]", "code", source, from_kernel=True, cell_id=cell_id)
            for count, source, cell_id in _without_superseded(runs)]
