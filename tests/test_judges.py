"""Judges tested directly, on probe outcomes recorded once (tests/recorded.py): no worker, no Keras.

Each typical mistake of the recorded assignments (their ``MISTAKES`` and ``SLOW_MISTAKES``) loses
exactly the checks it breaks, with the words its feedback must use; the reference loses none.
The slow suite grades the same mistakes end to end (tests/test_a01_data.py, test_a03_compile.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

import recorded
from autograder.catalog import render_report
from autograder.course import REPO_ROOT
from autograder.results import SubmissionReport

# Mistakes the recording shows are no longer caught as their test says (strict: remove the entry once fixed).
NOT_CAUGHT: dict[tuple[str, str], str] = {}
CASES = [pytest.param(assignment, name, id=f"{assignment}-{name}",
                      marks=[pytest.mark.xfail(strict=True, reason=NOT_CAUGHT[assignment, name])]
                      if (assignment, name) in NOT_CAUGHT else [])
         for assignment in sorted(recorded.RECORDED) for name in sorted(recorded.mistakes(assignment))]


def judged_report(assignment: str, name: str | None, language: str = "en") -> SubmissionReport:
    results = recorded.judged(assignment, name)
    report = SubmissionReport(assignment=assignment, title="", submission=name or "reference",
                              checks=list(results.values()))
    render_report(report, language)
    return report


FACT_TOKEN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|'[^']*'|\"[^\"]*\"|\S+")


def language_neutral_facts(words: str) -> list[str]:
    """What reads the same in every language in ``words``: numbers, shapes, quoted values, code.

    ``"comma is missing after 'Dress'"`` -> ``["'Dress'"]``; ``"shape (128, 280)"`` -> ``["128, 280"]``
    (brackets may be full-width in Chinese); English words, even inside brackets, are left out.
    """
    facts = []
    for token in FACT_TOKEN.findall(words):
        if token[:1] in "([" and token[-1:] in ")]":
            token = token[1:-1]
        token = token.strip(".,;:")
        if not re.search(r"[\d_=\[\]'\"./<>]", token) or re.search(r"[A-Za-z]+ [A-Za-z]+", token):
            continue
        if re.fullmatch(r"\w+'s|\d+s|[A-Za-z]+\(s\)", token):
            continue  # plurals and possessives: "1s", "Keras 3's"
        facts.append(token)
    return facts


@pytest.mark.parametrize("assignment", sorted(recorded.RECORDED))
def test_reference_outcomes_pass_every_judge(assignment):
    report = judged_report(assignment, None)
    assert [check.id for check in report.checks if check.status != "passed"] == []
    assert report.score == report.max_score


@pytest.mark.parametrize("assignment, name", CASES)
def test_typical_mistake_loses_exactly_its_checks_with_its_words(assignment, name):
    _, broken, words = recorded.mistakes(assignment)[name]
    report = judged_report(assignment, name)
    failed = {check.id for check in report.checks if check.status != "passed"}
    assert failed == broken, {check.id: check.message for check in report.checks if check.id in failed ^ broken}
    assert report.score == report.max_score - sum(c.max_points for c in report.checks if c.id in broken)
    assert not report.grader_errors
    for check_id, expected_words in words.items():
        message = next(check.message for check in report.checks if check.id == check_id)
        for word in expected_words:
            assert word in message, f"{check_id}: {word!r} not in {message!r}"


@pytest.mark.parametrize("assignment, name", CASES)
def test_typical_mistake_is_worded_in_chinese_with_the_same_facts(assignment, name):
    """The same judgement, worded from the zh catalog: Chinese, with the English message's numbers and code."""
    _, broken, words = recorded.mistakes(assignment)[name]
    report = judged_report(assignment, name, "zh")
    assert {check.id for check in report.checks if check.status != "passed"} == broken
    for check_id, expected_words in words.items():
        message = next(check.message for check in report.checks if check.id == check_id)
        assert re.search(r"[\u4e00-\u9fff]", message), f"{check_id}: not worded in Chinese: {message!r}"
        for fact in (fact for words in expected_words for fact in language_neutral_facts(words)):
            assert fact in message, f"{check_id}: {fact!r} (from the English words) not in the Chinese {message!r}"


# Parameters that quote text from elsewhere: a Python or Keras exception's message, a warning the
# student's code gave. They stay as they were said; every other word of a Chinese message is Chinese.
QUOTED_TEXT = {("probe.raised", "error_message"), ("error.line", "error"), ("kit.advice.error_text.raised", "message"),
               ("a02.call_problem.raised", "raised_message"), ("a02.some_model_problem.raised", "raised_message"),
               ("kit.model.model_problem.raised", "raised_message"), ("a04.h5_path.ok", "error_message"),
               ("a04.missing_key.ok", "said_0"), ("challenge.training_raised", "error")}


def without_quoted_text(data):
    """A message's data with the parameters of QUOTED_TEXT replaced by a quoted ellipsis."""
    if isinstance(data, dict) and set(data) == {"message"}:
        return {"message": without_quoted_text(data["message"])}
    if isinstance(data, dict) and "id" in data and "params" in data:
        return {"id": data["id"], "params": {key: "“…”" if (data["id"], key) in QUOTED_TEXT else without_quoted_text(value)
                                             for key, value in data["params"].items()}}
    return data


@pytest.mark.parametrize("assignment", sorted(recorded.RECORDED))
def test_every_recorded_outcome_worded_in_chinese_holds_no_english_sentence(assignment):
    """The reference and every typical mistake, worded from the zh catalog: calls, values, hints and
    notes made by code are Chinese too (English only inside quoted error messages and code)."""
    from autograder.catalog import Message, render
    from test_translations import english_sentences

    found = []
    for name in [None, *sorted(recorded.mistakes(assignment))]:
        for check in judged_report(assignment, name, "zh").checks:
            for data in (check.text, check.call_text):
                if data:
                    text = render(Message.from_dict(without_quoted_text(data)), "zh")
                    found += [(name, check.id, sentence) for sentence in english_sentences(text)]
    assert found == []


def test_the_facts_of_english_words_are_their_numbers_shapes_and_code():
    assert language_neutral_facts("comma is missing after 'Dress'") == ["'Dress'"]
    assert language_neutral_facts("got an array of shape (128, 280); expected 32.") == ["128, 280", "32"]
    assert language_neutral_facts("(16,714 too many) epoch(s) (line one-hot Keras 3's") == []
    assert language_neutral_facts("more 1s than expected in numpy's state") == []
    assert language_neutral_facts("use_bias=False") == ["use_bias=False"]


@pytest.mark.parametrize("assignment", sorted(recorded.RECORDED))
def test_every_typical_mistake_is_recorded(assignment):
    assert sorted(recorded.load(assignment)["mistakes"]) == sorted(recorded.mistakes(assignment)), (
        f"record it again: .venv/bin/python tests/recorded.py {assignment}")


def test_judging_every_recording_needs_neither_keras_nor_a_worker():
    code = ("import sys, time\n"
            "sys.path.insert(0, 'tests')\n"
            "import recorded\n"
            "started = time.perf_counter()\n"
            "count = 0\n"
            "for assignment in recorded.RECORDED:\n"
            "    for name in [None, *recorded.mistakes(assignment)]:\n"
            "        count += len(recorded.judged(assignment, name))\n"
            "print(count, round(time.perf_counter() - started, 3))\n"
            "print(*[m for m in ('keras', 'tensorflow') if m in sys.modules])\n")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    judged, seconds = lines[0].split()
    assert int(judged) > 300
    assert lines[1:] == [] or lines[1].strip() == "", f"imported {lines[1]}"
    assert time.perf_counter() - started < 60
