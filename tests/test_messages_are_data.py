"""Every message a check gives the student is data (a catalog id and parameters), never English text.

The Chinese edition adds a translation of the catalog and nothing else: a judge that hands a
Verdict an f-string, or glues English words in code, would stay English there. Two guards: a
static one reads the suites and the kit (no Verdict is given a string literal, an f-string or a
sum of them), and a dynamic one judges every recorded outcome (tests/recorded.py) and asserts
that each message is a Message.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import recorded
from autograder.catalog import Message
from autograder.course import REPO_ROOT

CHECKS = REPO_ROOT / "autograder" / "checks"


def _is_text(node: ast.AST) -> bool:
    """A string literal, an f-string, or a sum or choice of them (English composed in code)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    return False


def texts_given_to_verdicts(path: Path) -> list[int]:
    """Lines where ``Verdict(passed, <text>)`` (or ``message=<text>``) is given words, not a message."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Verdict"):
            continue
        given = node.args[1:2] + [k.value for k in node.keywords if k.arg == "message"]
        if any(_is_text(value) for value in given):
            lines.append(node.lineno)
    return lines


SOURCES = sorted(CHECKS.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=[p.relative_to(CHECKS).as_posix() for p in SOURCES])
def test_no_verdict_is_given_english_text(path):
    lines = texts_given_to_verdicts(path)
    assert lines == [], (f"{path.relative_to(REPO_ROOT)}: lines {lines} give a Verdict words; give it "
                         f"msg('<id>', ...) and put the wording in the catalog (docs/checks.md)")


def test_the_static_guard_finds_an_f_string_and_a_glued_note(tmp_path):
    wrong = tmp_path / "wrong.py"
    wrong.write_text('Verdict(False, f"{call} returned {got}.")\n'
                     'Verdict(True, msg("a.b") + " Also, add a note.")\n'
                     'Verdict(False, message="plain words")\n'
                     'Verdict(False, msg("a.c", call=call), detail=f"got {got}")\n', encoding="utf-8")
    assert texts_given_to_verdicts(wrong) == [1, 2, 3]


RECORDED = [(assignment, name) for assignment in sorted(recorded.RECORDED)
            for name in [None, *sorted(recorded.mistakes(assignment))]]


@pytest.mark.parametrize("assignment, name", RECORDED, ids=[f"{a}-{n or 'reference'}" for a, n in RECORDED])
def test_every_recorded_verdict_is_a_message(assignment, name):
    results = recorded.judged(assignment, name)
    plain = {check_id: result.message for check_id, result in results.items() if result.text is None}
    assert plain == {}, "these checks gave English text instead of a Message"


def test_a_message_is_data_until_rendered():
    from autograder.checks.registry import load_suite

    suite = load_suite("01_data")
    recording = recorded.load("01_data")
    reference = recording["reference"]["table_shape.public"]["value"]
    verdict = suite["table_shape.public"].judge(reference, reference)
    assert isinstance(verdict.message, Message)
    assert str(verdict.message) == "table_shape(21000, 21) returned (21000, 21), as expected."


# -- call texts: code, or a message -----------------------------------------------------------------

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_CODE_CALL = re.compile(r"[A-Za-z_][\w.]*(\(.*\))*")
_ENGLISH_JOINS = (" on ", " with ", " for ", " and ", " then ", " from ", " after ")


def words_in_call(call: str) -> bool:
    """Whether a call text has English in it (outside its quoted strings): then it must be a Message."""
    code = _QUOTED.sub("''", call)
    return not all(_CODE_CALL.fullmatch(part.strip()) for part in code.split(";")) or any(
        join in code for join in _ENGLISH_JOINS)


def test_the_call_guard_tells_code_from_words():
    assert not words_in_call("table_shape(21000, 21)") and not words_in_call("CLASS_NAMES")
    assert not words_in_call("choose_loss('binary'); choose_loss('multiclass', integer_labels=False)")
    assert not words_in_call("one_hot_text('a tweet that is longer than ten char..., max_len=10)")
    assert words_in_call("train(model, ...) on the grader's model and scaled images")
    assert words_in_call("build_cnn_with_dropout(0.25) and build_cnn_with_dropout(rate=0.3)")
    assert words_in_call("build_challenge_model(): its parameters")


@pytest.mark.parametrize("assignment", sorted(recorded.RECORDED))
def test_every_call_with_words_is_a_message(assignment):
    from autograder.checks.registry import load_suite

    worded = [check.id for check in load_suite(assignment) if isinstance(check.call, str) and words_in_call(check.call)]
    assert worded == [], f"{assignment}: these checks' call texts are English words in code: make them msg(...)"


# -- what the self-check, results.json and the student's page say ---------------------------------

# The functions (and the template) that word text for a student. Their string literals may hold code,
# markup and single words (CSS, keys), never English phrases: those come from the catalog.
STUDENT_FACING = {
    "autograder/report.py": ["print_self_check", "_mark"],
    "autograder/guidance.py": ["hidden_checks", "hidden_lines", "hint_line", "mark"],
    "autograder/notebooks/selfcheck.py": ["check", "hint", "compare", "nbgrader_check", "_summary", "render_text",
                                          "render_html"],
    "autograder/gradescope.py": ["_failure_results", "locate_module", "run_for_gradescope"],
    "autograder/feedback_pages.py": ["_shared_messages", "render_student_page", "learning_curve_figures",
                                     "page_words"],
    "autograder/hints.py": ["render"],
    "autograder/compare.py": ["unified", "side_by_side", "decide"],
    "autograder/messages.py": ["_raised_advice", "not_returned", "import_failure", "output_dropped"],
}
_PHRASE = re.compile(r"[A-Za-z]{2,}[ ,:]+[a-z]{2,} [a-z]{2,}|\b(PASS|FAIL|ERROR|NOTE)\b")


def phrases_in(source: str, functions: list[str]) -> list[tuple[str, int, str]]:
    """``(function, line, text)`` of every English phrase written in those functions' string literals."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.FunctionDef) and node.name in functions):
            continue
        docstring = ast.get_docstring(node, clean=False)
        for inner in ast.walk(node):
            if isinstance(inner, ast.Constant) and isinstance(inner.value, str) and inner.value != docstring:
                text = _QUOTED.sub("", inner.value)
                if _PHRASE.search(text):
                    found.append((node.name, inner.lineno, inner.value))
    return found


@pytest.mark.parametrize("module", sorted(STUDENT_FACING))
def test_student_facing_functions_word_nothing_themselves(module):
    source = (REPO_ROOT / module).read_text(encoding="utf-8")
    assert phrases_in(source, STUDENT_FACING[module]) == [], f"{module}: English in code; use msg(...)"


def test_the_phrase_guard_finds_english_in_code():
    wrong = ('def print_self_check(report):\n    """A docstring may say anything at all."""\n'
             '    console.print(f"[dim]took {report.execution_time:.1f} s[/]")\n'
             '    label = "FAIL"\n'
             '    return f"Nothing was graded: your submission has no {module}"\n')
    assert [line for _, line, _ in phrases_in(wrong, ["print_self_check"])] == [4, 5]


def test_the_student_page_template_words_nothing_itself():
    template = (REPO_ROOT / "autograder" / "templates" / "student.html.j2").read_text(encoding="utf-8")
    student_part = template.split("{% if instructor %}")[0]
    visible = re.sub(r"{{.*?}}|{%.*?%}|<[^>]*>", " ", student_part, flags=re.S)
    assert re.findall(r"[A-Za-z]{2,}", visible) == [], "the student's page has English in its template: use t(...)"
