"""Every message a check gives the student is data (a catalog id and parameters), never English text.

The Chinese edition adds a translation of the catalog and nothing else: a judge that hands a
Verdict an f-string, or glues English words in code, would stay English there. Two guards: a
static one reads the suites and the kit (no Verdict is given a string literal, an f-string or a
sum of them), and a dynamic one judges every recorded outcome (tests/recorded.py) and asserts
that each message is a Message.
"""

from __future__ import annotations

import ast
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
