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


# What the checks compare, which the student can only know from the docstring.
FACTS = {
    ("01_data", "one_hot_text"): ["(max_len, vocab_size)", "float32", "cut", "all zeros", "ord(character)"],
    ("01_data", "train_test_split"): ["ceil(test_size * n)", "(x_train, x_test, y_train, y_test)", "same seed"],
    ("01_data", "split_validation"): ["((x_train, y_train), (x_valid, y_valid))", "first ``n_valid``"],
    ("02_models", "build_sequential_add"): ["Flatten -> Dense(100, relu) -> Dense(10, softmax)", "79,510"],
    ("02_models", "build_multi_input"): ["(8,)", "(28, 28)", "16 relu", "64 relu", "features first", "51,194"],
    ("02_models", "build_multi_output"): ["64 relu", "item head first", "(batch, 6)", "51,280"],
    ("02_models", "first_dense_weight_shapes"): ["[(784, 100), (100,)]", "use_bias=False"],
    ("03_compile", "make_optimizer"): ["0.01", "0.001", "learning_rate=", "ValueError"],
    ("03_compile", "compile_classifier"): ["Adam", "0.001", '"accuracy"', "mean_pred"],
    ("04_training", "build_model"): ["100 relu", "10 softmax", "0.001", '"accuracy"', "integer labels"],
    ("04_training", "make_callbacks"): ['"val_accuracy"', "higher is better", "patience", "best weights", ".keras"],
    ("04_training", "train"): ["(x_valid, y_valid)", "batch size (32)", "History"],
    ("05_cnn", "build_cnn"): ["16 filters", "32", "3x3", "2x2", "64 relu", "10 softmax", "(None, 5, 5, 32)"],
    ("05_cnn", "plot_history"): ["legend", "label", "epoch", "Return the figure"],
    ("06_evaluate", "evaluate_model"): ['"loss"', '"accuracy"', "floats"],
    ("07_saving", "load_subclassed_weights"): ["INPUT_SHAPE", "SomeModel()"],
}


@pytest.mark.parametrize("where", sorted(FACTS), ids=lambda where: "-".join(where))
def test_the_student_docstring_still_states_what_the_grader_checks(where):
    assignment_id, name = where
    module = COURSE.assignment(assignment_id).module
    tree = ast.parse((ASSIGNMENTS / assignment_id / module).read_text(encoding="utf-8"))
    node = next(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == name)
    docstring = " ".join((ast.get_docstring(node) or "").split())
    missing = [fact for fact in FACTS[where] if fact not in docstring]
    assert missing == []
