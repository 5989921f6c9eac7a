"""Solution markers: how one reference solution yields the student's stub.

In ``solutions/``, code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` is the answer.
The student version replaces each block with ``raise NotImplementedError(...)`` naming the
enclosing function and pointing to its docstring. A block may instead say what the student gets,
with lines ``#| stub: <code>`` inside it (for module-level values such as a list to fill in).
The markers are nbgrader's, so the same sources work there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BEGIN = re.compile(r"^(?P<indent>\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
STUB = re.compile(r"^\s*#\| stub: (?P<code>.*)$")
DEF = re.compile(r"^(?P<indent>\s*)(?P<kind>(?:async\s+)?def|class)\s+(?P<name>\w+)\s*[(:]")


class MarkerError(ValueError):
    """Solution markers that do not pair up."""


@dataclass(frozen=True)
class SolutionBlock:
    begin_line: int  # 1-based line numbers of the markers
    end_line: int
    indent: str
    function: str | None  # the function the block is in, with its class: "SomeModel.call"
    stub_lines: tuple[str, ...]


def find_blocks(source: str, filename: str = "<source>") -> list[SolutionBlock]:
    """All solution blocks of ``source``; raises MarkerError when markers are unbalanced."""
    blocks: list[SolutionBlock] = []
    lines = source.splitlines()
    open_at: int | None = None
    indent = ""
    stubs: list[str] = []
    functions: list[tuple[str, str, str]] = []  # (indent, name, kind) of enclosing defs and classes
    for number, line in enumerate(lines, start=1):
        definition = DEF.match(line)
        if definition and open_at is None:
            functions = [entry for entry in functions if len(entry[0]) < len(definition["indent"])]
            functions.append((definition["indent"], definition["name"], definition["kind"]))
        begin = BEGIN.match(line)
        if begin:
            if open_at is not None:
                raise MarkerError(f"{filename}, line {number}: '### BEGIN SOLUTION' inside the block opened at "
                                  f"line {open_at}; close that block with '### END SOLUTION' first")
            open_at, indent, stubs = number, begin["indent"], []
            continue
        if END.match(line):
            if open_at is None:
                raise MarkerError(f"{filename}, line {number}: '### END SOLUTION' without a matching "
                                  "'### BEGIN SOLUTION' above it")
            enclosing = [(n, kind) for i, n, kind in functions if len(i) < len(indent)]
            in_function = bool(enclosing) and enclosing[-1][1] != "class"
            name = ".".join(n for n, _ in enclosing) if in_function else None
            blocks.append(SolutionBlock(open_at, number, indent, name, tuple(stubs)))
            open_at = None
            continue
        if open_at is not None:
            stub = STUB.match(line)
            if stub:
                stubs.append(stub["code"])
    if open_at is not None:
        raise MarkerError(f"{filename}, line {open_at}: '### BEGIN SOLUTION' is never closed; "
                          "add '### END SOLUTION' after the solution code")
    return blocks


def make_stub(source: str, filename: str = "<source>") -> str:
    """The student's version of ``source``: every solution block replaced by its stub."""
    blocks = find_blocks(source, filename)
    lines = source.splitlines()
    out: list[str] = []
    cursor = 0
    for block in blocks:
        out.extend(lines[cursor: block.begin_line - 1])
        out.extend(_stub_body(block, filename))
        cursor = block.end_line
    out.extend(lines[cursor:])
    return "\n".join(out) + "\n"


def _stub_body(block: SolutionBlock, filename: str) -> list[str]:
    if block.stub_lines:
        return [block.indent + code for code in block.stub_lines]
    if block.function is None:
        raise MarkerError(f"{filename}, line {block.begin_line}: a solution block outside any function needs "
                          "a '#| stub: <code>' line saying what the student version holds instead")
    return [
        f"{block.indent}# YOUR CODE HERE",
        f'{block.indent}raise NotImplementedError("{block.function}: not implemented yet; '
        f'read its docstring, then replace this line with your code")',
    ]


def strip_markers(source: str, filename: str = "<source>") -> str:
    """The reference solution without its marker lines (what a self-learner compares with)."""
    find_blocks(source, filename)
    return "\n".join(line for line in source.splitlines()
                     if not (BEGIN.match(line) or END.match(line) or STUB.match(line))) + "\n"
