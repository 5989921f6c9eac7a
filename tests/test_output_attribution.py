"""What grader code prints inside the worker is not shown as the student's output; what the student prints is."""

from __future__ import annotations

import io
import os

import autograder
from autograder.sandbox.attribution import AttributedStream
from conftest import reference_source

GRADER_ROOT = os.path.dirname(autograder.__file__)
REFERENCE = reference_source("01_data", "tensors.py")

# Code compiled under the grader's package counts as the grader's, wherever it runs: here it
# stands for grader code printing in the worker (a library's "Downloading data from ..." when
# the grader loads a dataset, say), between the student's import and calls.
GRADER_PRINTS = '''
import os as _os
import autograder as _autograder
_grader_file = _os.path.join(_os.path.dirname(_autograder.__file__), "checks", "grader_side.py")
exec(compile("print('Downloading data from https://example.invalid/ (the grader)')", _grader_file, "exec"))
print("the student's own line, printed at import")
'''


def _function(source: str, filename: str):
    namespace: dict = {}
    exec(compile(source, filename, "exec"), namespace)
    return namespace["say"]


def test_a_grader_side_print_is_dropped_and_a_student_print_is_kept(tmp_path):
    sink = io.StringIO()
    stream = AttributedStream(sink, GRADER_ROOT)
    grader_say = _function("def say(out):\n    print('from the grader', file=out)\n",
                           os.path.join(GRADER_ROOT, "checks", "grader_side.py"))
    student_say = _function("def say(out):\n    print('from the student', file=out)\n", str(tmp_path / "tensors.py"))

    grader_say(stream)
    student_say(stream)

    assert sink.getvalue() == "from the student\n"


def test_library_output_counts_for_whoever_called_the_library(tmp_path):
    import logging

    sink = io.StringIO()
    stream = AttributedStream(sink, GRADER_ROOT)
    source = ("import logging\ndef say(out):\n    handler = logging.StreamHandler(out)\n"
              "    logger = logging.getLogger('attribution-test')\n    logger.addHandler(handler)\n"
              "    logger.warning(%r)\n    logger.removeHandler(handler)\n")
    grader_file = os.path.join(GRADER_ROOT, "checks", "grader_side.py")
    _function(source.replace("%r", repr("grader's warning")), grader_file)(stream)
    _function(source.replace("%r", repr("student's warning")), str(tmp_path / "tensors.py"))(stream)
    assert sink.getvalue() == "student's warning\n"
    assert logging.getLogger("attribution-test").handlers == []


def test_the_report_shows_the_students_output_without_the_graders(grade):
    report = grade("01", GRADER_PRINTS + REFERENCE)
    assert report.score == report.max_score
    assert "the student's own line, printed at import" in report.stdout
    assert "Downloading data from" not in report.stdout and "Downloading data from" not in report.stderr
