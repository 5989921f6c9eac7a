"""A language travels everywhere a student reads text: chosen once, carried by the report.

A tiny Chinese catalog, written in the test's own folder (the real one is the Chinese edition's
work), translates two ids and one of course.yml's hidden-check texts; every view of one report
(the terminal self-check, the notebook's, results.json, the HTML page) must show them, and an id it
lacks stays English. No worker and no Keras: the report is judged from recorded outcomes.
"""

from __future__ import annotations

import io
import json
import shutil

import pytest
from rich.console import Console

import recorded
from autograder import catalog
from autograder.catalog import render_report
from autograder.course import load_course
from autograder.exports import gradescope_results
from autograder.feedback_pages import render_student_page
from autograder.guidance import hidden_checks
from autograder.language import ENVIRONMENT_VARIABLE, LanguageError, choose_language
from autograder.notebooks.selfcheck import render_html, render_text
from autograder.report import print_self_check
from autograder.results import SubmissionReport

OK_IN_CHINESE = "{call} 返回了 {got}，符合预期。"  # kit.judging.same_as_reference.ok
PASS_IN_CHINESE = "通过"  # mark.passed
PROBE_TEXT = "a small table"  # course.yml: table_shape.hidden
PROBE_IN_CHINESE = "一个小表格"


@pytest.fixture
def tiny_chinese_catalog(tmp_path, monkeypatch):
    """The English catalog as it is, and a Chinese one that translates two ids and one probe text."""
    english = catalog.catalog_file("en")
    (tmp_path / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(english, tmp_path / "en" / "LC_MESSAGES" / "messages.po")
    (tmp_path / "zh" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "zh" / "LC_MESSAGES" / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: zh\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        f'msgid "kit.judging.same_as_reference.ok"\nmsgstr "{OK_IN_CHINESE}"\n\n'
        f'msgid "mark.passed"\nmsgstr "{PASS_IN_CHINESE}"\n\n'
        f'msgctxt "{catalog.COURSE_TEXT}"\nmsgid "{PROBE_TEXT}"\nmsgstr "{PROBE_IN_CHINESE}"\n', encoding="utf-8")
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    catalog.load_catalog.cache_clear()
    yield tmp_path
    catalog.load_catalog.cache_clear()


def reference_report(language: str) -> SubmissionReport:
    """01's reference, judged from its recorded outcomes, as the self-check reports it (hidden checks listed)."""
    course = load_course()
    config = course.assignment("01")
    results = recorded.judged(config.id, None)
    public = [results[c.id] for c in config.checks if not c.hidden]
    report = SubmissionReport(assignment=config.id, title=config.title, submission="tensors.py", checks=public,
                              public_only=True, language=language)
    from autograder.checks.registry import load_suite

    report.hidden_checks = hidden_checks(config, load_suite(config.id))
    report.hidden_count = len(report.hidden_checks)
    report.hidden_points = sum(item["points"] for item in report.hidden_checks)
    render_report(report, language)
    return report


def terminal_text(report: SubmissionReport) -> str:
    buffer = io.StringIO()
    print_self_check(report, Console(file=buffer, width=200))
    return buffer.getvalue()


def test_the_chinese_report_is_worded_in_chinese_in_every_view(tiny_chinese_catalog):
    report = reference_report("zh")
    first = report.checks[0]
    assert first.message == "table_shape(21000, 21) 返回了 (21000, 21)，符合预期。"

    shown = terminal_text(report)
    assert "返回了 (21000, 21)，符合预期。" in shown and PASS_IN_CHINESE in shown
    assert f"table_shape: {PROBE_IN_CHINESE}" in shown  # the hidden checks' course.yml text
    assert "public checks passed" in shown  # an id the catalog lacks stays English

    text, html = render_text(report), render_html(report)
    assert f"{PASS_IN_CHINESE} table_shape.public" in " ".join(text.split()) and "符合预期" in text
    assert 'lang="zh"' in html and PASS_IN_CHINESE in html and "符合预期" in html

    results = gradescope_results(json.loads(json.dumps(report.to_dict())), "visible")
    assert results["tests"][0]["output"] == first.message

    page = render_student_page("alice", report.to_dict())
    assert '<html lang="zh">' in page and PASS_IN_CHINESE in page and "符合预期" in page


def test_the_english_report_is_unchanged_by_a_chinese_catalog(tiny_chinese_catalog):
    report = reference_report("en")
    assert report.checks[0].message == "table_shape(21000, 21) returned (21000, 21), as expected."
    shown = terminal_text(report)
    assert "PASS" in shown and PASS_IN_CHINESE not in shown and f"table_shape: {PROBE_TEXT}" in shown
    page = render_student_page("alice", report.to_dict())
    assert '<html lang="en">' in page and "PASS" in page


def test_a_call_with_words_is_worded_in_the_report_language(tiny_chinese_catalog):
    # train_test_split's call text is data ("call.on_samples"); untranslated, it reads in English
    report = reference_report("zh")
    split = next(check for check in report.checks if check.id == "train_test_split.public")
    assert split.call == "train_test_split(x, y, test_size=0.2, seed=0) on 25 samples"
    assert split.call_text["id"] == "call.on_samples"


def test_the_language_is_the_command_s_then_the_environment_s_then_the_course_s(monkeypatch):
    course = load_course()
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    assert choose_language(None, course) == course.language == "en"
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "zh")
    assert choose_language(None, course) == "zh"
    assert choose_language("en", course) == "en"
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "fr")
    with pytest.raises(LanguageError, match="KERAS_COURSE_LANG is 'fr'; the course speaks en or zh"):
        choose_language(None, course)


def test_course_yml_accepts_only_languages_the_course_speaks(tmp_path):
    from autograder.course import DEFAULT_COURSE_FILE, CourseConfigError

    text = DEFAULT_COURSE_FILE.read_text(encoding="utf-8")
    wrong = tmp_path / "course.yml"
    wrong.write_text(text.replace("\nlanguage: en\n", "\nlanguage: fr\n"), encoding="utf-8")
    with pytest.raises(CourseConfigError, match="language"):
        load_course(wrong)
    right = tmp_path / "zh.yml"
    right.write_text(text.replace("\nlanguage: en\n", "\nlanguage: zh\n"), encoding="utf-8")
    assert load_course(right).language == "zh"


def test_hints_come_from_hints_zh_po_and_fall_back_to_english(tmp_path):
    from autograder.hints import SOLUTIONS, get_hint, render

    folder = tmp_path / "01_data"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "01_data" / "hints.po", folder / "hints.po")
    (folder / "hints.zh.po").write_text('msgid ""\nmsgstr ""\n\nmsgid "hint.table_shape.1"\nmsgstr "一行一个样本。"\n',
                                        encoding="utf-8")
    state = tmp_path / "hints.json"
    first = get_hint("01_data", "table_shape", 1, language="zh", state=state, solutions=tmp_path)
    second = get_hint("01_data", "table_shape", 2, language="zh", state=state, solutions=tmp_path)
    assert first.text == "一行一个样本。"
    assert second.text == get_hint("01_data", "table_shape", 2, state=state, solutions=tmp_path).text  # English
    assert render(first, "hint('table_shape')", "zh").startswith("table_shape 的提示，第 1 步")  # the zh catalog's frame


def test_grade_and_check_take_the_language_from_lang_then_the_environment(tiny_chinese_catalog, tmp_path,
                                                                          monkeypatch, capsys):
    """End to end in this process (the catalog is the test's): grade --lang, then KERAS_COURSE_LANG for check."""
    from autograder import cli
    from autograder.course import REPO_ROOT

    monkeypatch.setenv("KERAS_COURSE_OFFLINE", "1")
    monkeypatch.setenv("COLUMNS", "200")
    out = tmp_path / "grades"
    solution = REPO_ROOT / "solutions" / "01_data"
    assert cli.main(["grade", str(solution), "-a", "01", "--out", str(out), "--lang", "zh"]) == 0
    results = json.loads((out / "01_data" / "results.json").read_text(encoding="utf-8"))
    assert results["tests"][0]["output"] == "table_shape(21000, 21) 返回了 (21000, 21)，符合预期。"
    assert '<html lang="zh">' in (out / "01_data" / "feedback.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in (out / "summary-01_data.html").read_text(encoding="utf-8")
    assert json.loads((out / "01_data" / "report.json").read_text(encoding="utf-8"))["language"] == "zh"
    capsys.readouterr()

    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "zh")
    assert cli.main(["check", "01", "--submission", str(solution)]) == 0
    shown = capsys.readouterr().out
    assert PASS_IN_CHINESE in shown and "符合预期" in shown and PROBE_IN_CHINESE in shown
    assert cli.main(["check", "01", "--submission", str(solution), "--lang", "en"]) == 0
    assert PASS_IN_CHINESE not in capsys.readouterr().out


def test_a_chinese_suggestion_or_hint_says_to_ask_again_with_lang_zh(monkeypatch, tmp_path, capsys):
    """The command a Chinese text tells the student to run answers in Chinese too (real catalogs)."""
    from autograder import cli

    config = load_course().assignment("01")
    results = recorded.judged(config.id, "table shape with its axes swapped")
    for language, ask in (("zh", "`python -m autograder check 01 --hint table_shape --lang zh`"),
                          ("en", "`python -m autograder check 01 --hint table_shape`")):
        report = SubmissionReport(assignment=config.id, title=config.title, submission="tensors.py",
                                  checks=list(results.values()), public_only=True, language=language)
        render_report(report, language)
        assert ask in " ".join(terminal_text(report).split())

    monkeypatch.setenv("KERAS_COURSE_HINTS", str(tmp_path / "hints.json"))
    monkeypatch.setenv("COLUMNS", "200")
    assert cli.main(["check", "01", "--hint", "table_shape", "--lang", "zh"]) == 0
    assert "`python -m autograder check 01 --hint table_shape --lang zh`" in capsys.readouterr().out
