"""Docstrings state what, not how: no line of a solution can be pasted from the student's texts.

"Text" is what a student reads in the student version: the module's docstrings and comments, and
``notebook.md`` (its prose and its experiment cells). "A line of a solution" is, inside the
solution blocks, every physical line, every whole statement and every call, compared with
whitespace squeezed out, quotes unified and module prefixes dropped (``layers.Dense(`` counts as
``Dense(``), when it is longer than a few tokens.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

import pytest

from autograder.course import REPO_ROOT, load_course
from autograder.markers import STUB, find_blocks

COURSE = load_course()
SOLUTIONS = REPO_ROOT / "solutions"
ASSIGNMENTS = REPO_ROOT / "assignments"
MIN_TOKENS = 7  # "longer than a few": model.save(path) is six tokens, a statement worth pasting is more
TOKEN = re.compile(r"\w+|[^\w\s]")


QUALIFIER = re.compile(r"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_]\w*\()")  # keras.layers.Dense( -> Dense(


def normalise(text: str) -> str:
    """Whitespace squeezed out, one kind of quote, no module prefix before a call."""
    return QUALIFIER.sub("", re.sub(r"\s+", "", text.replace("'", '"'))).rstrip(",")


def is_literal(piece: str) -> bool:
    """A value such as a class name in a list: a fact to state, not code to paste."""
    try:
        ast.literal_eval(piece.strip().rstrip(","))
    except (ValueError, SyntaxError):
        return False
    return True


def solution_pieces(source: str) -> set[str]:
    """The physical lines, statements and calls inside the solution blocks, normalised."""
    lines = source.splitlines()
    tree = ast.parse(source)
    pieces: set[str] = set()
    for block in find_blocks(source):
        inside = range(block.begin_line + 1, block.end_line)
        pieces.update(lines[number - 1] for number in inside
                      if not STUB.match(lines[number - 1]) and not lines[number - 1].strip().startswith("#"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.stmt, ast.Call)) and not isinstance(node, (ast.FunctionDef, ast.ClassDef)) \
                    and node.lineno in inside and node.end_lineno in inside:
                pieces.add(ast.get_source_segment(source, node) or "")
    return {normalise(piece) for piece in pieces
            if len(TOKEN.findall(piece.strip().rstrip(","))) >= MIN_TOKENS and not is_literal(piece)}


def student_text(module_file) -> str:
    """The docstrings and comments of a student module."""
    source = module_file.read_text(encoding="utf-8")
    tree = ast.parse(source)
    texts = [ast.get_docstring(node) or "" for node in ast.walk(tree)
             if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    texts += [token.string for token in tokenize.generate_tokens(io.StringIO(source).readline)
              if token.type == tokenize.COMMENT]
    return "\n".join(texts)


def pasteable(assignment) -> list[str]:
    solution = (SOLUTIONS / assignment.id / assignment.module).read_text(encoding="utf-8")
    text = student_text(ASSIGNMENTS / assignment.id / assignment.module)
    notebook = SOLUTIONS / assignment.id / "notebook.md"
    if notebook.exists():
        text += "\n" + notebook.read_text(encoding="utf-8")
    readable = normalise(text)
    return sorted(piece for piece in solution_pieces(solution) if piece in readable)


@pytest.mark.parametrize("assignment", COURSE.assignments, ids=lambda a: a.id)
def test_no_line_of_the_solution_can_be_pasted_from_the_docstrings_or_the_notebook(assignment):
    assert pasteable(assignment) == []


def test_the_pasteable_line_finder_catches_a_call_spelled_out_in_a_docstring():
    source = ('def f(x):\n    """Use ``np.zeros((n, m), dtype=np.float32)`` here."""\n    ### BEGIN SOLUTION\n'
              '    grid = np.zeros((n, m),\n                    dtype=np.float32)\n    return grid\n    ### END SOLUTION\n')
    pieces = solution_pieces(source)
    assert normalise("np.zeros((n, m), dtype=np.float32)") in pieces
    assert normalise("return grid") not in pieces  # too short to be worth pasting
