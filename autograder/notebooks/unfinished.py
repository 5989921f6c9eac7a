"""In a notebook, a cell that needs a function the student has not written yet explains, and Run All goes on.

Experiment cells call the graded functions. Run from the top before they are written, the first
one would raise ``NotImplementedError`` and stop "Run All" there, and the student would see a
traceback instead of the rest of the notebook. With :func:`explain_unfinished_functions` (the
setup cell calls it) such a cell prints what is missing and counts as finished, so the cells
below still run; a later ``NameError`` for a variable that a stopped cell would have set is
explained the same way. Every other error keeps its usual traceback and stops Run All.
"""

from __future__ import annotations

import ast

EXPLAINED = (NotImplementedError, NameError)


def _unfinished_function(tb) -> str:
    """The name of the function that raised (the innermost frame of the traceback), with its class."""
    frame = None
    while tb is not None:
        frame, tb = tb.tb_frame, tb.tb_next
    if frame is None or frame.f_code.co_name == "<module>":
        return "<module>"
    owner = frame.f_locals.get("self")
    prefix = f"{type(owner).__name__}." if owner is not None else ""
    return prefix + frame.f_code.co_name


def _assigned_names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


class _Explainer:
    def __init__(self) -> None:
        self.unset: dict[str, str] = {}  # name a stopped cell would have set -> the function that stopped it
        self.cell = ""
        self.explained = False  # the error of the running cell was explained

    def pre_run_cell(self, info=None) -> None:
        self.explained = False
        self.cell = getattr(info, "raw_cell", "") or ""

    def handler(self, shell, etype, value, tb, tb_offset=None):
        if issubclass(etype, NotImplementedError):
            function = _unfinished_function(tb)
            what = f"{function}() is" if function != "<module>" else "a function this cell needs is"
            print(f"{what} not written yet (it still raises NotImplementedError), so this cell stopped there. "
                  "Write it, run its cell, then run this cell again. The cells below still run.")
            self.unset.update(dict.fromkeys(_assigned_names(self.cell), function))
            self.explained = True
            return None
        if issubclass(etype, NameError) and getattr(value, "name", None) in self.unset:
            function = self.unset[value.name]
            what = f"{function}()" if function != "<module>" else "a function it needs"
            print(f"{value.name!r} does not exist yet: the cell that sets it stopped because {what} is not "
                  "written yet (see above). Once it is, run the cells again from the top.")
            self.explained = True
            return None
        return shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)

    def post_run_cell(self, result) -> None:
        if self.explained and isinstance(result.error_in_exec, EXPLAINED):
            result.error_in_exec = None  # the cell counts as finished: Run All goes on


def explain_unfinished_functions(shell=None) -> bool:
    """Install the explanation in ``shell`` (the running IPython); False outside IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    if getattr(shell, "_unfinished_explainer", None) is not None:  # the setup cell ran again
        return True
    explainer = shell._unfinished_explainer = _Explainer()
    shell.set_custom_exc(EXPLAINED, explainer.handler)
    shell.events.register("pre_run_cell", explainer.pre_run_cell)
    shell.events.register("post_run_cell", explainer.post_run_cell)
    return True
