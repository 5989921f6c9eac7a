"""Turn a notebook into the text of a module the grader can import, and say what was left out.

The rule students follow (also in docs/notebooks.md and in the notebooks themselves): the grader
keeps, from every code cell, in notebook order,

* imports,
* ``def`` and ``class`` statements (with their decorators),
* assignments to names written in CAPITALS (constants such as ``CLASS_NAMES = [...]``) and to
  the names the assignment itself defines,

and skips everything else: calls, loops, ``if`` blocks, prints, assignments to other names
(``model = ...``, ``x_train = ...``), magics (``%time``) and shell lines (``!pip``). Nothing is
run here: this module only reads text. When a kept definition needs, at import, a name that
only a skipped statement sets, the definition is skipped too (importing it would fail) and the
student is told; when a function needs such a name only when called, it is kept with a warning.

Reading survives damaged files: non-UTF-8 text, truncated or invalid JSON (the complete cells
before the damage are recovered), missing or odd fields, nbformat 3 files, Markdown cells that
were code cells, duplicated cells. Every problem becomes a note; :class:`NotebookUnreadable` is
raised only when no cell at all can be read.
"""

from __future__ import annotations

import ast
import builtins
import codecs
import json
import re
from dataclasses import dataclass, field

from autograder.catalog import msg

CONSTANT = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
MAX_BYTES = 100 * 2**20
NOTEBOOK_ONLY_MODULES = ("google.colab",)  # imports that exist only inside a notebook service
# The grader's own package: notebooks import it to run self-checks, never for graded code. The
# worker that imports the student's module cannot reach it (behind its private /tmp, say), so an
# import of it must not become student code.
GRADER_MODULES = ("autograder",)
BODY_CELL_MAGICS = ("time", "capture")  # cell magics that run their body as ordinary code
BLOCKS = {"If": "an `if` statement", "For": "a `for` loop", "AsyncFor": "a `for` loop", "While": "a `while` loop",
          "With": "a `with` block", "AsyncWith": "a `with` block", "Try": "a `try` block",
          "TryStar": "a `try` block", "Match": "a `match` statement"}
BUILTINS = set(dir(builtins)) | {"__name__", "__file__", "__doc__", "__builtins__", "__spec__",
                                 "__loader__", "__package__", "__annotations__"}


class NotebookUnreadable(ValueError):
    """Not a single cell of the notebook could be read; the message says why and what to do."""


@dataclass
class Cell:
    """One cell as read from a file (or one input from a kernel's history)."""

    label: str  # how messages name it: "cell 12", or "the cell you ran as [7]"
    kind: str  # code | markdown | raw | other
    source: str
    graded: tuple[str, ...] = ()  # names this cell was generated to hold (cell metadata)
    nbgrader_solution: bool = False
    nbgrader_test: bool = False  # an autograded test cell: the grader's own code, never graded
    from_kernel: bool = False  # a run from a kernel's history (the self-check), not a saved file's cell
    cell_id: str = ""  # for a kernel run: the notebook cell it came from, when the frontend said


@dataclass
class Extraction:
    """The module text made from a notebook, and what the student should know about it."""

    module_source: str
    notes: list = field(default_factory=list)  # English text, or catalog messages (the kernel runs' notes)
    instructor_notes: list[str] = field(default_factory=list)
    line_map: dict[int, tuple[str, int]] = field(default_factory=dict)  # module line -> (cell, line)
    defined: set[str] = field(default_factory=set)


# -- reading the file ------------------------------------------------------------------------------

def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Text of a notebook file: UTF-8 (with or without BOM), UTF-16/32 with BOM, else Latin-1."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        note = (f"{name} is not saved as UTF-8, as notebooks must be (byte {error.start} is not valid UTF-8). "
                "It was read as Windows-1252/Latin-1, so accented letters in it may be wrong. Save it again "
                "from Jupyter (File > Save) to fix the encoding.")
        try:
            return data.decode("cp1252"), [note]
        except UnicodeDecodeError:
            return data.decode("latin-1"), [note]


def _salvage_cells(text: str) -> list:
    """The complete cell objects at the start of a damaged notebook's "cells" list."""
    match = re.search(r'"cells"\s*:\s*\[', text)
    if not match:
        return []
    decoder = json.JSONDecoder()
    position, cells = match.end(), []
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] != "{":
            return cells
        try:
            cell, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            return cells
        cells.append(cell)


def _source_text(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "".join(value)
    return None


def _cells_from_json(raw_cells: list, notes: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    for number, raw in enumerate(raw_cells, start=1):
        label = f"cell {number}"
        if not isinstance(raw, dict):
            notes.append(f"{label} is not a cell (it is a {type(raw).__name__} in the file); it was skipped.")
            continue
        kind = raw.get("cell_type")
        text = _source_text(raw.get("source", raw.get("input")))
        if text is None:
            notes.append(f"{label} has no readable source text; it was skipped.")
            continue
        metadata = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
        course = metadata.get("keras_course") if isinstance(metadata.get("keras_course"), dict) else {}
        graded = course.get("graded") if isinstance(course.get("graded"), list) else []
        nbgrader = metadata.get("nbgrader") if isinstance(metadata.get("nbgrader"), dict) else {}
        kind = kind if kind in ("code", "markdown", "raw") else ("markdown" if kind == "heading" else "other")
        cells.append(Cell(label, kind, text, tuple(str(n) for n in graded if isinstance(n, str)),
                          bool(nbgrader.get("solution")),
                          bool(nbgrader.get("grade")) and not nbgrader.get("solution")))
    return cells


def read_cells(data: bytes, name: str) -> tuple[list[Cell], list[str]]:
    """The cells of notebook file ``data`` and notes on any damage; raises NotebookUnreadable."""
    if not data.strip():
        raise NotebookUnreadable(f"{name} is empty ({len(data)} bytes): it holds no cells. It may not have been "
                                 "saved, or the upload failed. Save the notebook in Jupyter and hand it in again.")
    if len(data) > MAX_BYTES:
        raise NotebookUnreadable(f"{name} is {len(data) / 2**20:.0f} MB, more than the {MAX_BYTES // 2**20} MB the "
                                 "grader reads. Large outputs (images, printed arrays) are the usual cause: clear "
                                 "them (Edit > Clear Outputs of All Cells), save, and hand it in again.")
    text, notes = decode(data, name)
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return _not_json(text, name, notes)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:  # RecursionError: absurdly deep nesting
        return _damaged(text, name, error, notes)
    if not isinstance(document, dict):
        raise NotebookUnreadable(f"{name} is JSON but not a notebook: it holds a {type(document).__name__}, where "
                                 "a notebook holds an object with a list of cells. Hand in the .ipynb file that "
                                 "Jupyter saved.")
    raw_cells = document.get("cells")
    if raw_cells is None and isinstance(document.get("worksheets"), list):  # nbformat 3
        raw_cells = [cell for sheet in document["worksheets"] if isinstance(sheet, dict)
                     for cell in (sheet.get("cells") or [])]
    if not isinstance(raw_cells, list):
        raise NotebookUnreadable(f"{name} is JSON but not a notebook: it has no list of cells. Hand in the .ipynb "
                                 "file that Jupyter saved.")
    return _cells_from_json(raw_cells, notes), notes


def _not_json(text: str, name: str, notes: list[str]) -> tuple[list[Cell], list[str]]:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        raise NotebookUnreadable(f"{name} is not a notebook: a notebook file is JSON and starts with '{{', this one "
                                 f"starts with {text.lstrip()[:30]!r}. Hand in the .ipynb file that Jupyter saved "
                                 "(File > Save, or File > Download).") from None
    notes.append(f"{name} is not a notebook but Python source; it was graded as Python, as if it were one code "
                 "cell. Next time hand in the notebook Jupyter saved, or the .py module under its own name.")
    return [Cell("the file", "code", text)], notes


def _damaged(text: str, name: str, error: ValueError, notes: list[str]) -> tuple[list[Cell], list[str]]:
    line, column = getattr(error, "lineno", "?"), getattr(error, "colno", "?")
    position = getattr(error, "pos", 0) or 0
    cut_short = position >= len(text.rstrip()) - 2
    what = ("it ends in the middle (the file was cut short, perhaps while saving or uploading)" if cut_short
            else f"its JSON is broken at line {line}, column {column} ({getattr(error, 'msg', error)})")
    salvaged = _salvage_cells(text)
    if not salvaged:
        raise NotebookUnreadable(f"{name} is damaged: {what}, and no complete cell could be recovered. Open it in "
                                 "Jupyter; if it does not open, restore a checkpoint (File > Revert Notebook to "
                                 "Checkpoint) or your last good copy, then hand it in again.")
    notes.append(f"{name} is damaged: {what}. The grader recovered the first {len(salvaged)} complete cells and "
                 f"graded those; whatever came after cell {len(salvaged)} is lost. Open the notebook in Jupyter, "
                 "check that your work is all there, save it and hand it in again.")
    return _cells_from_json(salvaged, notes), notes


# -- from cells to a module ------------------------------------------------------------------------

@dataclass
class _Kept:
    cell: Cell
    node: ast.stmt
    text: str
    first_line: int  # line of the statement in its cell (1-based)
    names: tuple[str, ...]
    import_names: set[str]  # names needed when the module is imported
    call_names: set[str]  # names needed only when a function runs


def _transform_ipython(source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # the grader works without IPython too: drop magic and shell lines
        return "\n".join("pass  # " + line if line.lstrip()[:1] in ("%", "!") else line
                         for line in source.splitlines())
    try:
        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - a cell IPython cannot read is left for ast to report
        return source


def _bound(node: ast.AST) -> set[str]:
    """Every name a statement binds in the namespace it runs in (not inside nested scopes)."""
    names: set[str] = set()

    def visit(item: ast.AST) -> None:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(item.name)
            return
        if isinstance(item, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in item.names if a.name != "*")
            return
        if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Store):
            names.add(item.id)
        if isinstance(item, (ast.Lambda, ast.GeneratorExp, ast.ListComp, ast.SetComp, ast.DictComp)):
            return
        for child in ast.iter_child_nodes(item):
            visit(child)

    visit(node)
    return names


def _loads(nodes, lambdas: list | None = None) -> set[str]:
    """Names the expressions read when they are evaluated: lambda bodies are left out (they are
    collected in ``lambdas``), and so are the variables of comprehensions."""
    found: set[str] = set()
    comprehension_vars: set[str] = set()

    def visit(item: ast.AST) -> None:
        if isinstance(item, ast.Lambda):
            if lambdas is not None:
                lambdas.append(item)
            for default in item.args.defaults + [d for d in item.args.kw_defaults if d is not None]:
                visit(default)
            return
        if isinstance(item, ast.comprehension):
            comprehension_vars.update(n.id for n in ast.walk(item.target) if isinstance(n, ast.Name))
        if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Load):
            found.add(item.id)
        for child in ast.iter_child_nodes(item):
            visit(child)

    for node in nodes:
        if node is not None:
            visit(node)
    return found - comprehension_vars


def _function_free_names(node: ast.AST) -> set[str]:
    """Global names a function (or lambda) may read when it runs."""
    loads = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    local: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.arg):
            local.add(sub.arg)
        elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            local.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and sub is not node:
            local.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            local.update((a.asname or a.name).split(".")[0] for a in sub.names)
    return loads - local


def _function_import_names(node: ast.FunctionDef | ast.AsyncFunctionDef, lazy_annotations: bool,
                           lambdas: list) -> set[str]:
    args = node.args
    needed = list(node.decorator_list) + list(args.defaults) + [d for d in args.kw_defaults if d is not None]
    if not lazy_annotations:
        every = args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
        needed += [a.annotation for a in every if a.annotation is not None] + [node.returns]
    return _loads(needed, lambdas)


def _needs(node: ast.stmt, lazy_annotations: bool) -> tuple[set[str], set[str]]:
    """(names read at import, names read only when a function runs) for a kept statement."""
    lambdas: list[ast.Lambda] = []
    at_call: set[str] = set()
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        at_import: set[str] = set()
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        at_import = _function_import_names(node, lazy_annotations, lambdas)
        at_call = _function_free_names(node)
    elif isinstance(node, ast.ClassDef):
        at_import = _loads(list(node.decorator_list) + list(node.bases) + [k.value for k in node.keywords], lambdas)
        class_locals: set[str] = set()
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                at_import |= _function_import_names(item, lazy_annotations, lambdas) - class_locals
                at_call |= _function_free_names(item)
                class_locals.add(item.name)
            else:
                at_import |= _loads([item], lambdas) - class_locals
                class_locals |= _bound(item)
    else:
        at_import = _loads([getattr(node, "value", None)], lambdas)
    for lam in lambdas:  # a lambda's body runs when it is called
        at_call |= _function_free_names(lam)
    return at_import, at_call


def _is_module(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def _keeps(node: ast.stmt, graded_names: set[str]) -> bool:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        return not any(_is_module(m, NOTEBOOK_ONLY_MODULES + GRADER_MODULES) for m in modules)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        if isinstance(node, ast.AnnAssign) and node.value is None:
            return False
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = []
        for target in targets:
            parts = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
            if not all(isinstance(part, ast.Name) for part in parts):
                return False
            names += [part.id for part in parts]
        return bool(names) and all(CONSTANT.match(n) or n in graded_names for n in names)
    return False


def _statement_text(node: ast.stmt, source: str, lines: list[str]) -> tuple[str, int]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        return "\n".join(lines[first - 1:node.end_lineno]), first
    return ast.get_source_segment(source, node) or "", node.lineno


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:60]
    return ""


def _defines(text: str, names: set[str]) -> list[str]:
    """Graded names that a (possibly non-Python) text appears to define."""
    found = []
    for name in sorted(names):
        if re.search(rf"^\s*(?:def|class)\s+{re.escape(name)}\b|^\s*{re.escape(name)}\s*=", text, re.MULTILINE):
            found.append(name)
    return found


def _code_of(cell: Cell, graded_names: set[str], notes: list[str]) -> str | None:
    """The Python a cell runs, after magics; None when the cell is not run as Python at all."""
    source = cell.source
    if cell.kind != "code":
        if cell.graded or cell.nbgrader_solution:
            notes.append(f"{cell.label} was a code cell with graded definitions and has been turned into a "
                         f"{cell.kind.capitalize()} cell. It was graded as code, as it was meant to be; change it "
                         "back (select it, press Esc, then Y) so that Jupyter runs it too.")
        else:
            defined = _defines(source, graded_names)
            if defined:
                notes.append(f"{cell.label} is a {cell.kind.capitalize()} cell, so it never runs, but it holds "
                             f"{', '.join(defined)}. It was not graded. If it is your work, make it a code cell "
                             "(select it, press Esc, then Y) and run it.")
            return None
    stripped = source.lstrip()
    if stripped.startswith("%%"):
        first, _, body = stripped.partition("\n")
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic in BODY_CELL_MAGICS:
            source = body
        else:
            defined = _defines(body, graded_names)
            if defined:
                notes.append(f"{cell.label} starts with the cell magic %%{magic}, so its body is not run as Python: "
                             f"{', '.join(defined)} in it were not graded. Remove the %%{magic} line.")
            return None
    return _transform_ipython(source)


def extract_module(cells: list[Cell], graded_names: set[str], *, header: str = "") -> Extraction:
    """The module text made of the kept statements of ``cells`` (see the module docstring)."""
    notes: list[str] = []
    kept: list[_Kept] = []
    dropped_bindings: dict[str, tuple[Cell, str]] = {}
    future: list[str] = []
    parsed: list[tuple[Cell, str, ast.Module]] = []
    broken: list[tuple[int, list[str], int]] = []  # (cells parsed before it, names it seemed to define, note)
    for cell in cells:
        if cell.nbgrader_test:  # the grader's own test cell (nbgrader puts deleted ones back anyway)
            continue
        code = _code_of(cell, graded_names, notes)
        if code is None or not code.strip():
            continue
        try:
            tree = ast.parse(code)
        except SyntaxError as error:
            defined = _defines(code, graded_names)
            lost = (f" The definitions in it ({', '.join(defined)}) could not be graded." if defined
                    else " Nothing in it could be graded.")
            where = f"line {error.lineno}" if error.lineno else "somewhere"
            broken.append((len(parsed), defined, len(notes)))
            notes.append(f"{cell.label} has a syntax error at {where}: {error.msg}"
                         f"{f' in `{error.text.strip()[:80]}`' if error.text else ''}.{lost} Fix it and run the "
                         "cell to see Python's message.")
            continue
        except (ValueError, RecursionError, MemoryError) as error:
            notes.append(f"{cell.label} could not be read as Python ({type(error).__name__}); it was skipped.")
            continue
        parsed.append((cell, code, tree))
    for place, defined, index in broken:
        # A broken cell whose definitions a later cell defines again does not matter (an older
        # version of a function the student has since fixed and run, say): no note then.
        later = {name for _, _, tree in parsed[place:] for node in tree.body for name in _bound(node)}
        if defined and set(defined) <= later:
            notes[index] = ""
    notes[:] = [note for note in notes if note]
    lazy = any(isinstance(n, ast.ImportFrom) and n.module == "__future__" and
               any(a.name == "annotations" for a in n.names) for _, _, tree in parsed for n in tree.body)
    for cell, code, tree in parsed:
        lines = code.splitlines()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                future.append(ast.get_source_segment(code, node) or "")
                continue
            if _keeps(node, graded_names):
                text, first = _statement_text(node, code, lines)
                at_import, at_call = _needs(node, lazy)
                kept.append(_Kept(cell, node, text, first, tuple(_bound(node)), at_import, at_call))
                continue
            bound = _bound(node)
            for name in bound:
                dropped_bindings[name] = (cell, _first_line(ast.get_source_segment(code, node) or ""))
            hidden = sorted(bound & graded_names)
            if hidden and not isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                kind = BLOCKS.get(type(node).__name__, "a block")
                notes.append(f"{cell.label} defines {', '.join(hidden)} inside {kind}. The grader only "
                             "keeps definitions written at the top level of a cell (not indented under if, for, "
                             "try or with); move them out of the block.")
    relevant = _relevant(kept, graded_names)
    kept = _skip_unimportable(kept, dropped_bindings, relevant, notes)
    _warn_call_time([k for k in kept if set(k.names) & relevant], dropped_bindings, notes)
    _note_duplicates(kept, graded_names, notes)
    return _assemble(kept, future, header, notes, graded_names)


def _relevant(kept: list[_Kept], graded_names: set[str]) -> set[str]:
    """The graded names and every kept name they use, directly or not (notes are about these only:
    a helper of the student's experiments that the grader cannot use does not matter)."""
    uses: dict[str, set[str]] = {}
    for item in kept:
        for name in item.names:
            uses.setdefault(name, set()).update(item.import_names | item.call_names)
    relevant, todo = set(), [n for n in graded_names]
    while todo:
        name = todo.pop()
        if name not in relevant:
            relevant.add(name)
            todo.extend(uses.get(name, ()))
    return relevant


def _skip_unimportable(kept: list[_Kept], dropped: dict[str, tuple[Cell, str]], relevant: set[str],
                       notes: list[str]) -> list[_Kept]:
    """Leave out kept statements that would fail at import because a name they need is not there.

    One pass, top to bottom, as the module runs: a statement may use at import what builtins and
    the kept statements above it define. A name that a skipped statement, a statement further
    down, or only a statement the grader does not run would define makes it skipped (a name
    defined nowhere is left for Python to report, as it would in a .py file).
    """
    available = set(BUILTINS)
    skipped: set[str] = set()
    survivors: list[_Kept] = []
    for index, item in enumerate(kept):
        later = {n for k in kept[index + 1:] for n in k.names}
        missing = sorted(n for n in item.import_names - available if n in dropped or n in skipped or n in later)
        if missing:
            if set(item.names) & relevant or not item.names:
                notes.append(_skip_note(item, missing, dropped, skipped, later))
            skipped |= set(item.names) - available
        else:
            survivors.append(item)
            available |= set(item.names)
    return survivors


def _describe(item: _Kept) -> str:
    if isinstance(item.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return f"the function {item.node.name}"
    if isinstance(item.node, ast.ClassDef):
        return f"the class {item.node.name}"
    return f"`{_first_line(item.text)}`"


def _skip_note(item: _Kept, missing: list[str], dropped: dict[str, tuple[Cell, str]], skipped: set[str],
               later: set[str]) -> str:
    reasons = []
    for name in missing:
        if name in skipped:
            reasons.append(f"`{name}`, which was skipped itself (see above)")
        elif name in later:
            reasons.append(f"`{name}`, which is defined further down, so it does not exist yet at that point")
        else:
            cell, line = dropped[name]
            reasons.append(f"`{name}`, which only `{line}` in {cell.label} sets, a statement the grader does not run")
    return (f"{item.cell.label}: {_describe(item)} was skipped by the grader because it needs, as soon as it is "
            f"defined, {'; and '.join(reasons)}. Write the value itself there, or make what it needs a constant "
            "in CAPITALS or a function, defined above it.")


def _warn_call_time(kept: list[_Kept], dropped: dict[str, tuple[Cell, str]], notes: list[str]) -> None:
    defined = {n for k in kept for n in k.names} | BUILTINS
    for item in kept:
        uses_ipython = "get_ipython" in item.call_names or "get_ipython" in item.import_names
        if uses_ipython:
            notes.append(f"{item.cell.label}: {_describe(item)} contains a magic or shell line (% or !); those only "
                         "work inside Jupyter, and fail when your work is graded. Use plain Python instead.")
        missing = sorted(n for n in item.call_names - defined if n in dropped and n != "get_ipython")
        if missing:
            where = "; ".join(f"`{n}` is only set by `{dropped[n][1]}` in {dropped[n][0].label}" for n in missing)
            notes.append(f"{item.cell.label}: {_describe(item)} uses {', '.join(f'`{n}`' for n in missing)}, which "
                         f"the grader does not have ({where}; the grader does not run such statements). It will "
                         "raise NameError when graded: pass the value in as an argument, create it inside the "
                         "function, or make it a constant in CAPITALS.")


def _note_duplicates(kept: list[_Kept], graded_names: set[str], notes: list) -> None:
    where: dict[str, list[Cell]] = {}
    for item in kept:
        if isinstance(item.node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign)):
            for name in item.names:
                cells = where.setdefault(name, []) if name in graded_names else None
                if cells is not None and not any(cell is item.cell for cell in cells):
                    cells.append(item.cell)
    for name, cells in where.items():
        if len(cells) < 2:
            continue
        if not any(cell.from_kernel for cell in cells):  # a saved notebook's cells
            labels = [cell.label for cell in cells]
            notes.append(f"{name} is defined in {len(labels)} cells ({', '.join(labels)}). The last one, in "
                         f"{labels[-1]}, is graded, as when the notebook runs from top to bottom; delete the "
                         "others to avoid surprises.")
            continue
        # kernel runs are named by their execution counts, as Jupyter shows them: [4], [5]
        runs = [re.sub(r"^\D*(\[\d+\])$", r"\1", cell.label) for cell in cells]
        if len({cell.cell_id for cell in cells}) == len(cells) and all(cell.cell_id for cell in cells):
            # the frontend said so: runs of distinct cells of the notebook
            notes.append(msg("notebook.defined_in_live_cells", name=name, count=len(cells), runs=", ".join(runs),
                             last=runs[-1]))
        else:  # runs that cannot be told apart: an earlier version, or another cell
            notes.append(msg("notebook.defined_in_runs", name=name, runs=", ".join(runs), last=runs[-1]))


def _assemble(kept: list[_Kept], future: list[str], header: str, notes: list[str], graded_names: set[str]) -> Extraction:
    out: list[str] = []
    line_map: dict[int, tuple[str, int]] = {}
    for line in header.splitlines():
        out.append(line)
    for statement in dict.fromkeys(future):
        out.append(statement)
    current = None
    for item in kept:
        if item.cell is not current:
            out += ["", f"# -- {item.cell.label} --"]
            current = item.cell
        for offset, line in enumerate(item.text.splitlines()):
            out.append(line)
            line_map[len(out)] = (item.cell.label, item.first_line + offset)
    extraction = Extraction("\n".join(out) + "\n", notes=notes, line_map=line_map,
                            defined={n for k in kept for n in k.names})
    return extraction
