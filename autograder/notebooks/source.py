"""The two sources of a notebook: the solution module's top-level pieces, and ``notebook.md``.

``notebook.md`` is Markdown with a few additions, each on a line of its own:

* a fenced block opened with three backticks and ``python`` becomes a code cell (an experiment
  the student runs); fences in any other language stay in the Markdown as shown code;
* ``<!-- graded: name other_name -->`` becomes one code cell holding those top-level
  definitions of the solution module, in that order, taken from the module itself (``imports``
  names the module's import statements). Every definition of the module must be placed exactly
  once, so that a notebook always holds the whole module;
* ``<!-- setup -->`` is the first code cell: quiet TensorFlow, Colab installation, the
  ``check`` function;
* ``<!-- selfcheck -->`` (or ``<!-- selfcheck: name other_name -->``) is a cell that runs the
  public checks (of those names) and shows the feedback in the notebook;
* a line ``+++`` ends one Markdown cell and starts the next.

Everything else is Markdown. A Markdown cell that is empty after trimming is dropped.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from autograder.markers import BEGIN, END, find_blocks

NOTEBOOK_SOURCE = "notebook.md"
DIRECTIVE = re.compile(r"^<!--\s*(?P<name>[a-z]+)\s*(?::\s*(?P<args>[^>]*?))?\s*-->\s*$")
FENCE = re.compile(r"^(?P<fence>```+)\s*(?P<info>[\w+-]*)\s*$")
KNOWN_DIRECTIVES = ("graded", "setup", "selfcheck")
IMPORTS = "imports"


class NotebookSourceError(ValueError):
    """``notebook.md`` or the module it refers to cannot make a notebook."""


# -- the solution module, cut into top-level pieces ----------------------------------------------

@dataclass
class Segment:
    """One top-level piece of a module: its statement(s), the comments just above, its markers."""

    names: tuple[str, ...]  # the names it binds (empty for other statements)
    kind: str  # import | def | class | assign | docstring | other
    start: int  # 1-based, inclusive
    end: int
    text: str


def _bound_names(node: ast.stmt) -> tuple[str, ...]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return (node.name,)
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return tuple((alias.asname or alias.name).split(".")[0] for alias in node.names)
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    names = []
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name):
                names.append(sub.id)
    return tuple(names)


def _kind(node: ast.stmt, index: int) -> str:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return "import"
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return "def"
    if isinstance(node, ast.ClassDef):
        return "class"
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        return "assign"
    if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
            and isinstance(node.value.value, str):
        return "docstring"
    return "other"


def module_segments(source: str, filename: str = "<module>") -> list[Segment]:
    """Cut ``source`` into top-level segments; segments sharing a solution block are merged."""
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as error:
        raise NotebookSourceError(f"{filename} does not parse: {error}") from None
    lines = source.splitlines()
    spans: list[list] = []  # [start, end, names, kind]
    previous_end = 0
    for index, node in enumerate(tree.body):
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        start = first
        while start - 1 > previous_end and lines[start - 2].lstrip().startswith("#"):
            start -= 1  # the comment lines right above (no blank line between) belong to it
        end = node.end_lineno or node.lineno
        while end < len(lines) and END.match(lines[end]):
            end += 1  # a closing solution marker right below belongs to it too
        spans.append([start, end, _bound_names(node), _kind(node, index)])
        previous_end = end
    for block in find_blocks(source, filename):
        inside = [s for s in spans if s[0] <= block.end_line and s[1] >= block.begin_line]
        if len(inside) > 1:
            merged = [min(s[0] for s in inside), max(s[1] for s in inside),
                      tuple(n for s in inside for n in s[2]), "assign"]
            spans = [s for s in spans if s not in inside]
            spans.append(merged)
            spans.sort(key=lambda s: s[0])
    return [Segment(tuple(names), kind, start, end, "\n".join(lines[start - 1:end]))
            for start, end, names, kind in spans]


def definitions(segments: list[Segment]) -> dict[str, Segment]:
    """The placeable segments by the names a ``graded`` directive may use."""
    found: dict[str, Segment] = {}
    for segment in segments:
        if segment.kind in ("def", "class", "assign"):
            for name in segment.names:
                found[name] = segment
    return found


def placeable(segments: list[Segment]) -> list[Segment]:
    return [s for s in segments if s.kind in ("import", "def", "class", "assign")]


# -- notebook.md ---------------------------------------------------------------------------------

@dataclass
class Block:
    """One cell to be: markdown, code (an experiment), graded, setup or selfcheck."""

    kind: str
    text: str = ""
    names: tuple[str, ...] = ()
    line: int = 0  # where it starts in notebook.md, for error messages
    segments: list[Segment] = field(default_factory=list)


def parse_notebook_source(text: str, filename: str = NOTEBOOK_SOURCE) -> list[Block]:
    """The cells described by ``notebook.md``, in order (graded blocks not yet resolved)."""
    blocks: list[Block] = []
    markdown: list[str] = []
    markdown_line = 1

    def flush(next_line: int) -> None:
        nonlocal markdown, markdown_line
        body = "\n".join(markdown).strip("\n")
        if body.strip():
            blocks.append(Block("markdown", body, line=markdown_line))
        markdown, markdown_line = [], next_line

    lines = text.splitlines()
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        fence = FENCE.match(line)
        if fence and fence["info"] == "python":
            flush(number)
            opened_at, code = number, []
            while number < len(lines) and lines[number].strip() != fence["fence"]:
                code.append(lines[number])
                number += 1
            if number >= len(lines):
                raise NotebookSourceError(f"{filename}, line {opened_at}: the ```python block is never closed")
            number += 1
            blocks.append(Block("code", "\n".join(code).strip("\n"), line=opened_at))
            markdown_line = number + 1
            continue
        if fence:  # shown code in another language: copy it through untouched
            markdown.append(line)
            while number < len(lines):
                markdown.append(lines[number])
                number += 1
                if lines[number - 1].strip() == fence["fence"]:
                    break
            continue
        directive = DIRECTIVE.match(line.strip())
        if directive:
            name = directive["name"]
            if name not in KNOWN_DIRECTIVES:
                raise NotebookSourceError(f"{filename}, line {number}: unknown directive {name!r}; "
                                          f"known: {', '.join(KNOWN_DIRECTIVES)}")
            flush(number + 1)
            names = tuple((directive["args"] or "").split())
            if name == "graded" and not names:
                raise NotebookSourceError(f"{filename}, line {number}: <!-- graded: ... --> needs the names "
                                          "of the definitions to place, e.g. <!-- graded: table_shape -->")
            blocks.append(Block(name, names=names, line=number))
            continue
        if line.strip() == "+++":
            flush(number + 1)
            continue
        markdown.append(line)
    flush(number + 1)
    return blocks


def resolve(blocks: list[Block], module_source: str, module_name: str, filename: str) -> list[Block]:
    """Attach the module's segments to the graded blocks; every definition placed exactly once."""
    segments = module_segments(module_source, module_name)
    by_name = definitions(segments)
    imports = [s for s in segments if s.kind == "import"]
    placed: dict[int, int] = {}  # id(segment) -> line of the directive
    for block in blocks:
        if block.kind != "graded":
            continue
        for name in block.names:
            chosen = imports if name == IMPORTS else [by_name.get(name)]
            if chosen == [None]:
                known = ", ".join([IMPORTS] + sorted(by_name))
                raise NotebookSourceError(f"{filename}, line {block.line}: {module_name} has no top-level "
                                          f"definition {name!r}. Known: {known}.")
            for segment in chosen:
                if id(segment) in placed:
                    raise NotebookSourceError(
                        f"{filename}, line {block.line}: {name!r} is already placed at line "
                        f"{placed[id(segment)]}; each definition goes in exactly one cell")
                placed[id(segment)] = block.line
                block.segments.append(segment)
    missing = [s for s in placeable(segments) if id(s) not in placed]
    if missing:
        names = ", ".join(IMPORTS if s.kind == "import" else "/".join(s.names) for s in missing)
        raise NotebookSourceError(f"{filename}: these definitions of {module_name} are in no cell: {names}. "
                                  "Add them to a <!-- graded: ... --> line, so that the notebook holds the "
                                  "whole module.")
    code_kinds = [b.kind for b in blocks if b.kind != "markdown"]
    if not code_kinds or code_kinds[0] != "setup" or code_kinds.count("setup") != 1:
        raise NotebookSourceError(f"{filename}: the first code cell must be the one <!-- setup --> cell "
                                  "(it makes the notebook work in Colab and loads the self-check)")
    return blocks


def graded_text(block: Block) -> str:
    """The source of a graded cell: its segments, imports together, definitions apart."""
    parts: list[str] = []
    for segment in block.segments:
        if parts:
            both_imports = segment.kind == "import" and block.segments[len(parts) - 1].kind == "import"
            parts.append("\n" if both_imports else "\n\n\n")
        parts.append(segment.text)
    return "".join(parts)


def load(solution_dir: Path, module: str, source_name: str = NOTEBOOK_SOURCE) -> list[Block]:
    """Parse and resolve ``solution_dir/notebook.md`` (or a translation of it, ``source_name``)
    against ``solution_dir/module``."""
    md_file = solution_dir / source_name
    module_file = solution_dir / module
    label = f"solutions/{solution_dir.name}/{source_name}"
    blocks = parse_notebook_source(md_file.read_text(encoding="utf-8"), label)
    return resolve(blocks, module_file.read_text(encoding="utf-8"), module, label)


def marker_lines(text: str) -> list[str]:
    """Solution marker lines in ``text`` (an experiment must not contain any)."""
    return [line for line in text.splitlines() if BEGIN.match(line) or END.match(line)]
