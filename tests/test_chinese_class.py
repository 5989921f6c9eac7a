"""A class graded in Chinese: results.json, the feedback pages and the class summary speak Chinese,
with the same numbers as the same class graded in English.

The daily test builds the class from recorded outcomes (tests/recorded.py: no worker, no Keras) and
writes it through the same export as ``grade --out``; the slow one grades a class folder end to end
with ``language: zh`` in a copy of course.yml.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys

import pytest

import recorded
from autograder.catalog import render_report
from autograder.course import DEFAULT_COURSE_FILE, REPO_ROOT
from autograder.exports import export_class
from autograder.gradebook import Gradebook
from autograder.results import SubmissionReport
from conftest import reference_source
from test_translations import english_sentences

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# 01's class: the reference, and two typical mistakes of tests/test_a01_data.py
STUDENTS = {"alice": None, "eve": "a missing comma between class names", "tom": "table shape with its axes swapped"}


def page_text(page: str) -> str:
    """What a reader sees of a page, code set aside: no style, no tags, no <code> (identifiers)."""
    page = re.sub(r"<style>.*?</style>|<code>.*?</code>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def numbers(text: str) -> list[str]:
    """The numbers of ``text``, sorted (a translation may say them in another order); dates left out."""
    text = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", " ", text)
    return sorted(re.findall(r"\d+(?:\.\d+)?", text))


def exported_class(folder, language: str):
    """01's class judged from its recorded outcomes in ``language``, exported as ``grade --out`` does."""
    config = recorded._course().assignment("01")
    with Gradebook(folder / "gradebook.sqlite") as gradebook:
        for student, mistake in STUDENTS.items():
            results = recorded.judged(config.id, mistake)
            report = SubmissionReport(assignment=config.id, title=config.title, submission=student,
                                      checks=[results[c.id] for c in config.checks], language=language)
            render_report(report, language)
            gradebook.record(config.id, student, student, report.to_dict())
        export_class(gradebook, folder, config.id, "visible", language=language)
    return folder


def test_a_class_exported_in_chinese_has_chinese_results_pages_and_summary_with_the_english_numbers(tmp_path):
    english, chinese = exported_class(tmp_path / "en", "en"), exported_class(tmp_path / "zh", "zh")

    summary = (chinese / "summary-01_data.html").read_text(encoding="utf-8")
    english_summary = (english / "summary-01_data.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in summary and "全班总结" in summary and "最常见的未通过信息" in summary
    assert english_sentences(page_text(summary)) == []
    assert numbers(page_text(summary)) == numbers(page_text(english_summary))
    assert "class summary" in english_summary and "Most common failure messages" in english_summary

    for student in STUDENTS:
        page = (chinese / student / "feedback.html").read_text(encoding="utf-8")
        english_page = (english / student / "feedback.html").read_text(encoding="utf-8")
        assert '<html lang="zh">' in page and english_sentences(page_text(page)) == [], student
        assert numbers(page_text(page)) == numbers(page_text(english_page)), student

        results = json.loads((chinese / student / "results.json").read_text(encoding="utf-8"))
        english_results = json.loads((english / student / "results.json").read_text(encoding="utf-8"))
        assert [t["score"] for t in results["tests"]] == [t["score"] for t in english_results["tests"]]
        assert results["score"] == english_results["score"]
        for test in results["tests"]:
            assert CHINESE.search(test["output"]) and english_sentences(test["output"]) == [], test
    assert (chinese / "grades.csv").read_text() == (english / "grades.csv").read_text()


def test_the_grading_table_and_the_summary_s_histogram_speak_the_class_s_language():
    from io import StringIO

    from rich.console import Console

    from autograder.feedback_pages import render_summary_page
    from autograder.report import grading_table

    config = recorded._course().assignment("01")
    results = recorded.judged(config.id, None)
    report = SubmissionReport(assignment=config.id, title=config.title, submission="alice",
                              checks=list(results.values()), language="zh")
    buffer = StringIO()
    Console(file=buffer, width=200).print(grading_table([report], "zh"))
    assert "成绩" in buffer.getvalue() and "未通过的检查" in buffer.getvalue()
    row = {"student": "alice", "score": 1.0, "max_score": 1.0, "seconds": 2.0, "link": "alice/feedback.html",
           "report": {"checks": [], "score": 1.0, "max_score": 1.0}}
    page = render_summary_page("01_data", [row, {**row, "student": "bob"}], "zh")
    assert "<title>2 名学生</title>" in page and "2.0 秒" in page and "学生人数" in page


@pytest.mark.slow
def test_a_class_graded_with_language_zh_in_course_yml_gets_chinese_results_pages_and_summary(tmp_path):
    """End to end: a class folder, ``language: zh`` in a copy of course.yml; the scores are those the
    same sources get in English (tests/test_batch.py)."""
    course_file = tmp_path / "course.yml"
    text = DEFAULT_COURSE_FILE.read_text(encoding="utf-8")
    assert "\nlanguage: en\n" in text
    course_file.write_text(text.replace("\nlanguage: en\n", "\nlanguage: zh\n"), encoding="utf-8")
    reference = reference_source("01_data", "tensors.py")
    sources = {"alice": reference, "bob": (REPO_ROOT / "assignments" / "01_data" / "tensors.py").read_text(),
               "eve": reference.replace('    "Trouser",\n', '    "Trousers",\n')}
    for student, source in sources.items():
        (tmp_path / "class" / student).mkdir(parents=True)
        (tmp_path / "class" / student / "tensors.py").write_text(source, encoding="utf-8")
    out = tmp_path / "out"
    env = {key: value for key, value in os.environ.items() if key != "KERAS_COURSE_LANG"}
    done = subprocess.run([sys.executable, "-m", "autograder", "--course", str(course_file), "grade",
                           str(tmp_path / "class"), "-a", "01", "--jobs", "2", "--out", str(out)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, env={**env, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    assert "评分完成：3 份提交" in done.stdout and "成绩" in done.stdout

    scores = {}
    for student in sources:
        results = json.loads((out / student / "results.json").read_text(encoding="utf-8"))
        scores[student] = results["score"]
        assert all(CHINESE.search(t["output"]) and english_sentences(t["output"]) == [] for t in results["tests"])
        page = (out / student / "feedback.html").read_text(encoding="utf-8")
        assert '<html lang="zh">' in page and english_sentences(page_text(page)) == [], student
    assert scores == {"alice": 27, "bob": 0, "eve": 25}
    summary = (out / "summary-01_data.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in summary and "1 份提交原样未动" in summary
    assert english_sentences(page_text(summary)) == []
