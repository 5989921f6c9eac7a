"""The HTML pages read well: curves that stay visible, one message said once, a summary by cause."""

from __future__ import annotations

import re

from autograder.feedback_pages import histogram_counts, learning_curve_figures, render_student_page, render_summary_page

CURVE = [0.61, 0.72, 0.78, 0.8]


def _check(check_id, status="passed", message="ok", probe_status="ok", data=None, target="fit"):
    return {"id": check_id, "target": target, "call": f"{target}(...)", "points": 1.0 if status == "passed" else 0.0,
            "max_points": 1.0, "hidden": False, "status": status, "message": message, "detail": "",
            "probe_status": probe_status, "seconds": 0.1, "data": data}


def _report(checks, notes=()):
    return {"assignment": "04_training", "title": "Training", "submission": "x", "checks": checks,
            "execution_time": 1.0, "notes": list(notes), "instructor_notes": [], "stdout": "", "stderr": "",
            "public_only": False, "hidden_count": 0, "hidden_points": 0.0,
            "score": sum(c["points"] for c in checks), "max_score": float(len(checks))}


def _svg_of(curves) -> str:
    return str(learning_curve_figures(_report([_check("train.curves", data={"curves": curves})]))[0]["svg"])


def _stroke_of(svg: str, label: str) -> str:
    """The colour of the legend line drawn just before ``label`` in the SVG."""
    before = svg[:svg.index(label)]
    return re.findall(r"stroke: (#[0-9a-f]{6})", before)[-1]


def _curve_styles(svg: str) -> list[str]:
    """The style of every curve line (plot area and legend), in drawing order."""
    return [style for style in re.findall(r'<path [^>]*style="([^"]*)"', svg) if "stroke-width: 2.2" in style
            or "stroke-width: 1.6" in style]


def _text_labels(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_the_reference_curve_is_dashed_lighter_and_under_the_students_with_a_legend_that_says_whose():
    svg = _svg_of({"val_accuracy": CURVE, "reference val_accuracy": CURVE})
    labels = _text_labels(svg)
    assert "val_accuracy (your model)" in labels and "val_accuracy (reference solution)" in labels
    reference, student = _curve_styles(svg)[:2]  # the plot's lines: reference first, student on top
    assert "stroke-dasharray" in reference and "stroke-opacity: 0.45" in reference
    assert "stroke-dasharray" not in student and "stroke-opacity" not in student


def test_epoch_ticks_are_whole_numbers():
    labels = _text_labels(_svg_of({"accuracy": CURVE}))
    assert labels[:5] == ["1", "2", "3", "4", "epoch"]


def test_a_metric_keeps_its_colour_from_page_to_page():
    alone = _svg_of({"val_accuracy": CURVE})
    with_others = _svg_of({"accuracy": CURVE, "loss": CURVE, "val_accuracy": CURVE})
    assert _stroke_of(alone, "val_accuracy (your model)") == _stroke_of(with_others, "val_accuracy (your model)")


def test_an_import_failure_is_said_once_above_the_table_not_on_every_check():
    problem = "training.py could not be imported: SyntaxError: '(' was never closed. Fix that line."
    checks = [_check(f"check{i}", "failed", "not run: " + problem, "import_failed") for i in range(17)]
    page = render_student_page("frank", _report(checks, notes=[problem]))
    assert page.count("was never closed") == 1
    assert page.count("Not run: see the message above the table.") == 17


def test_a_message_repeated_on_many_checks_is_said_once():
    message = "build_model(...) returned None: return the model you built."
    checks = [_check(f"check{i}", "failed", message, "ok") for i in range(5)] + [_check("other")]
    page = render_student_page("gina", _report(checks))
    assert page.count("returned None") == 1 and "5 checks: " in page


def _row(student, report):
    return {"student": student, "score": report["score"], "max_score": report["max_score"], "seconds": 1.0,
            "report": report, "link": f"{student}/feedback.html"}


def test_the_summary_groups_failures_by_cause_and_sets_untouched_stubs_apart():
    stub = _report([_check(f"c{i}", "failed", f"f{i} is not implemented yet", "not_implemented", target=f"f{i}")
                    for i in range(10)])
    syntax = [_check(f"c{i}", "failed", "not run: training.py could not be imported: SyntaxError", "import_failed")
              for i in range(10)]
    wrong = [_check("c0", "failed", "f0(2) returned 3, expected 4", "ok")] + [_check(f"c{i}") for i in range(1, 10)]
    wrong_too = [_check("c0", "failed", "f0(5) returned 7, expected 8", "ok"),
                 _check("c1", "failed", "f1 is not implemented yet", "not_implemented")] + \
                [_check(f"c{i}") for i in range(2, 10)]
    rows = [_row("bob", stub), _row("frank", _report(syntax)), _row("eve", _report(wrong)),
            _row("ann", _report(wrong_too))]
    page = render_summary_page("04_training", rows)
    failures = page[page.index("Most common failure messages"):page.index("Not attempted")]
    assert "not implemented" not in failures
    assert failures.count("SyntaxError") == 1 and "every check" in failures
    assert re.search(r'<td class="num">2</td><td><code>c0</code></td>', failures)  # eve and ann: one cause
    attempted = page[page.index("Not attempted"):]
    assert "1 submission untouched" in attempted
    assert re.search(r'<td class="num">1</td><td><code>c1</code></td>', attempted)


def test_the_score_histogram_counts_every_student_in_its_bin():
    counts, top = histogram_counts([0, 0, 3.5, 26, 26, 26], 26)
    assert top == 26 and len(counts) == 20 and sum(counts) == 6
    assert (counts[0], counts[2], counts[-1]) == (2, 1, 3)  # 3.5 of 26 falls in the third of 20 bins
    svg = str(render_summary_page("02_models", [_row(f"s{i}", _report([_check("c0")])) for i in range(3)]))
    assert svg.count("<title>3 students</title>") == 1  # all three in the top bin, one bar


def test_a_class_summary_without_learning_curves_does_not_import_matplotlib():
    import subprocess
    import sys

    code = ("import sys\nfrom autograder.feedback_pages import render_summary_page\n"
            "report = {'checks': [{'id': 'c0', 'status': 'passed', 'message': '', 'probe_status': 'ok', "
            "'hidden': False, 'max_points': 1.0, 'points': 1.0}], 'score': 1.0, 'max_score': 1.0}\n"
            "page = render_summary_page('01_data', [{'student': 'a', 'score': 1.0, 'max_score': 1.0, "
            "'seconds': 1.0, 'report': report, 'link': 'a/feedback.html'}])\n"
            "assert '<svg' in page\nprint('matplotlib' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
