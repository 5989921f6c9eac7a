"""The challenge's judges (04, 05) on plain recorded runs, without Keras: budget, points, table,
diagnosis (only when the curves show it) and the SVG of the feedback page."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

from autograder.catalog import render
from autograder.checks.kit.challenge import accuracy_judge, curve_table, diagnose, judge_budget, overfitting_from
from autograder.svg_curves import learning_curves_svg

BUDGET = {"max_params": 110000, "train_samples": 4000, "valid_samples": 1000, "epochs": 4, "batch_size": 32,
          "seed": 0, "margin": 0.03}
REFERENCE_CURVES = {"accuracy": [0.70, 0.85, 0.90, 0.92], "val_accuracy": [0.64, 0.79, 0.82, 0.83],
                    "loss": [1.07, 0.61, 0.43, 0.33], "val_loss": [1.15, 0.73, 0.59, 0.53]}


def run(curves: dict | None = None, **facts) -> dict:
    """A probe outcome as challenge_probes.challenge_run returns it."""
    outcome = {"budget": dict(BUDGET), "target": "build_challenge_model", "params": 101770,
               "layers": ["Flatten", "Dense(128)", "Dropout", "Dense(10)"], "last_activation": "softmax",
               "compiled": True, "optimizer": {"learning_rate": 0.001}, "source": "synthetic", "seconds": 3.0,
               "own_loss": (curves or REFERENCE_CURVES)["loss"], "probabilities": True,
               "curves": curves or REFERENCE_CURVES}
    outcome.update(facts)
    return outcome


REFERENCE = run()
JUDGE, CLOSE = accuracy_judge(1, "cnn"), accuracy_judge(2, "cnn")


def words(verdict) -> str:
    return render(verdict.message)


def test_the_reference_passes_the_budget_and_both_accuracy_checks_with_a_table_and_curves():
    assert judge_budget(REFERENCE, REFERENCE).passed
    verdict = JUDGE(REFERENCE, REFERENCE)
    assert verdict.passed and "reached 83.0%" in words(verdict) and "full points from 80.0%" in words(verdict)
    assert "epoch" in words(verdict) and "  4 " in words(verdict)
    assert verdict.data["learning_curves"]["reference"] == REFERENCE_CURVES
    assert CLOSE(REFERENCE, REFERENCE).passed


def test_over_budget_fails_every_challenge_check_with_the_count_and_the_budget():
    big = run(params=203530, layers=["Flatten", "Dense(256)", "Dense(10)"], curves=None)
    budget = judge_budget(big, REFERENCE)
    assert not budget.passed
    assert "203,530 parameters; the budget is 110,000 (93,530 too many)" in words(budget)
    for judge in (JUDGE, CLOSE):
        verdict = judge(big, REFERENCE)
        assert not verdict.passed and words(verdict).startswith("Not trained: build_challenge_model() has 203,530")


def test_an_uncompiled_model_within_the_budget_passes_the_budget_and_is_told_to_compile_at_close():
    uncompiled = run(compiled=False)
    assert judge_budget(uncompiled, REFERENCE).passed  # each check judged by what it is about
    verdict = CLOSE(uncompiled, REFERENCE)
    assert not verdict.passed and verdict.cause == "challenge: not compiled"
    assert words(verdict).startswith("Not trained: build_challenge_model() returned a model that is not compiled")
    assert JUDGE(uncompiled, REFERENCE).cause == verdict.cause  # linked: one explanation (kit/causes.py)


def test_a_non_model_is_told_to_return_one():
    not_model = {"budget": BUDGET, "target": "build_challenge_model",
                 "not_model": {"type": "NoneType", "value": None}}
    assert "returned None; expected a compiled keras.Model" in words(judge_budget(not_model, REFERENCE))


def test_partial_points_a_model_within_twice_the_margin_gets_the_close_points_only():
    near = dict(REFERENCE_CURVES, val_accuracy=[0.60, 0.75, 0.78, 0.79])
    got = run(near)
    assert CLOSE(got, REFERENCE).passed
    verdict = JUDGE(got, REFERENCE)
    assert not verdict.passed and "reached 79.0%" in words(verdict) and "full points need 80.0%" in words(verdict)
    far = run(dict(REFERENCE_CURVES, val_accuracy=[0.50, 0.60, 0.70, 0.76]))
    assert not CLOSE(far, REFERENCE).passed
    assert "under challenge.accuracy" in words(CLOSE(far, REFERENCE))


def test_a_model_that_does_not_learn_is_told_so_with_the_learning_rate_as_cause():
    flat = {"accuracy": [0.10, 0.10, 0.10, 0.10], "val_accuracy": [0.10, 0.10, 0.10, 0.10],
            "loss": [2.3, 2.3, 2.3, 2.3], "val_loss": [2.3, 2.3, 2.3, 2.3]}
    verdict = JUDGE(run(flat, optimizer={"learning_rate": 10.0}), REFERENCE)
    text = words(verdict)
    assert not verdict.passed
    assert "does not learn: its training accuracy ends at 10.0%" in text and "learning rate is 10, far too large" in text
    assert "over-fits" not in text and "under-fits" not in text


def test_a_loss_that_becomes_nan_names_the_epoch():
    broken = {"accuracy": [0.3, 0.1, 0.1, 0.1], "val_accuracy": [0.3, 0.1, 0.1, 0.1],
              "loss": [2.0, None, None, None], "val_loss": [2.0, None, None, None]}
    text = words(JUDGE(run(broken, own_loss=[2.0, float("nan"), float("nan"), float("nan")]), REFERENCE))
    assert "became NaN or infinite at epoch 2" in text


def test_an_output_without_softmax_is_named_when_the_model_does_not_learn():
    flat = {"accuracy": [0.12, 0.11, 0.1, 0.1], "val_accuracy": [0.1] * 4, "loss": [9.0] * 4, "val_loss": [9.0] * 4}
    text = words(JUDGE(run(flat, probabilities=False, last_activation="linear"), REFERENCE))
    assert "activation is linear" in text and "softmax" in text


def test_raw_scores_with_a_from_logits_loss_are_not_blamed_on_the_missing_softmax():
    flat = {"accuracy": [0.15, 0.17, 0.18, 0.18], "val_accuracy": [0.15] * 4, "loss": [2.2] * 4, "val_loss": [2.2] * 4}
    text = words(JUDGE(run(flat, probabilities=False, last_activation="linear", from_logits=True), REFERENCE))
    assert "Your model does not learn: its training accuracy ends at 18.0%" in text
    assert "from_logits=True, which go together" in text
    assert "activation is linear" not in text and 'activation="softmax"' not in text


def test_an_over_fitting_model_is_told_from_which_epoch_and_what_the_article_did():
    over = {"accuracy": [0.80, 0.90, 0.96, 0.99], "val_accuracy": [0.76, 0.79, 0.78, 0.77],
            "loss": [0.6, 0.3, 0.12, 0.04], "val_loss": [0.66, 0.60, 0.72, 0.90]}
    text = words(JUDGE(run(over), REFERENCE))
    assert "over-fits: its held-out loss was lowest at epoch 2 (0.600) and rose to 0.900 by epoch 4" in text
    assert "90.0% -> 99.0%" in text and "Dropout" in text
    assert "under-fits" not in text


def test_an_under_fitting_model_is_told_its_training_accuracy_is_low_and_about_the_move_to_a_cnn():
    low = {"accuracy": [0.55, 0.66, 0.70, 0.72], "val_accuracy": [0.54, 0.65, 0.69, 0.71],
           "loss": [1.4, 1.0, 0.9, 0.85], "val_loss": [1.45, 1.05, 0.92, 0.88]}
    text = words(JUDGE(run(low), REFERENCE))
    assert "under-fits: even on its own training images it reaches only 72.0%" in text
    assert "convolutional network" in text
    assert "under-fits" in words(accuracy_judge(1, "capacity")(run(low), REFERENCE))
    assert "more filters" in words(accuracy_judge(1, "capacity")(run(low), REFERENCE))


def test_no_diagnosis_without_evidence_a_near_miss_with_parallel_curves_gets_numbers_only():
    near = {"accuracy": [0.70, 0.84, 0.88, 0.90], "val_accuracy": [0.62, 0.74, 0.77, 0.78],
            "loss": [1.1, 0.65, 0.47, 0.38], "val_loss": [1.2, 0.80, 0.66, 0.60]}
    text = words(JUDGE(run(near), REFERENCE))
    assert "full points need 80.0%" in text
    for claim in ("over-fits", "under-fits", "does not learn"):
        assert claim not in text


def test_a_rising_validation_loss_alone_is_not_called_over_fitting_when_training_accuracy_falls_too():
    both = {"accuracy": [0.8, 0.85, 0.83, 0.80], "val_accuracy": [0.75, 0.78, 0.76, 0.74],
            "loss": [0.6, 0.45, 0.5, 0.6], "val_loss": [0.7, 0.6, 0.7, 0.8]}
    assert overfitting_from(both, 0.03) is None
    assert diagnose(both, {"own_loss": both["loss"], "optimizer": {}}, 0.8, 0.03, "cnn") is None


def test_the_table_has_one_line_per_epoch_with_both_runs_and_fits_a_terminal():
    lines = str(curve_table(run()["curves"], REFERENCE_CURVES)).splitlines()
    assert len(lines) == 2 + 4
    assert lines[2].split()[:5] == ["1", "70.0%", "70.0%", "64.0%", "64.0%"]
    assert max(len(line) for line in lines) <= 78
    gaps = str(curve_table({"accuracy": [0.5], "loss": [None]}, REFERENCE_CURVES)).splitlines()
    assert "-" in gaps[2] and len(gaps) == 6


def test_the_svg_is_well_formed_draws_student_and_reference_curves_and_needs_no_matplotlib():
    svg = learning_curves_svg(run()["curves"], REFERENCE_CURVES)
    root = ElementTree.fromstring(svg)
    polylines = root.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(polylines) == 8  # 2 panels x 2 curves x (student, reference)
    assert sum("stroke-dasharray" in line.attrib for line in polylines) == 4
    code = ("import sys; from autograder.svg_curves import learning_curves_svg; "
            "learning_curves_svg({'accuracy': [0.5, 0.6]}, {}); print('matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_svg_and_the_table_of_a_chinese_report_speak_chinese_with_the_same_numbers():
    import re

    from autograder.catalog import render
    from test_translations import english_sentences

    def text_of(svg: str) -> str:
        return " ".join("".join(node.itertext()) for node in ElementTree.fromstring(svg).iter()
                        if node.tag.endswith("text"))

    english, chinese = (learning_curves_svg(run()["curves"], REFERENCE_CURVES, language) for language in ("en", "zh"))
    assert english_sentences(text_of(chinese)) == [] and "轮次" in text_of(chinese)
    assert "the reference solution" in text_of(english)
    assert re.findall(r"[\d.]+%?", text_of(chinese)) == re.findall(r"[\d.]+%?", text_of(english))
    table = curve_table(run()["curves"], REFERENCE_CURVES)
    assert render(table, "zh").splitlines()[2:] == render(table).splitlines()[2:]  # the rows: numbers only
    assert english_sentences(render(table, "zh")) == [] and "留出准确率" in render(table, "zh")


def test_the_feedback_page_shows_the_challenge_curves_as_an_inline_svg_and_the_table_as_preformatted_text():
    from autograder.feedback_pages import render_student_page

    verdict = JUDGE(run(), REFERENCE)
    check = {"id": "challenge.accuracy", "target": "build_challenge_model", "status": "passed", "points": 3,
             "max_points": 3, "hidden": False, "message": words(verdict), "data": verdict.data, "call": "",
             "detail": "", "probe_status": "ok", "seconds": 1.0}
    report = {"assignment": "04_training", "title": "t", "submission": "s", "checks": [check], "notes": [],
              "score": 3, "max_score": 3, "public_only": False, "instructor_notes": [], "stdout": "", "stderr": "",
              "execution_time": 1.0, "data_warning": ""}
    page = render_student_page("alice", report)
    assert "learning curves: your model (solid) and the reference (dashed)" in page
    assert "<pre>" in page and "held-out accuracy" in page


@pytest.mark.parametrize("key", ["max_param", "epoch"])
def test_a_misspelt_challenge_key_in_course_yml_is_rejected_with_a_suggestion(tmp_path, key):
    from autograder.course import REPO_ROOT, CourseConfigError, load_course

    text = (REPO_ROOT / "course.yml").read_text(encoding="utf-8")
    good = "challenge: {max_params: 110000, train_samples: 4000, valid_samples: 1000, epochs: 4,"
    assert good in text
    wrong = good.replace("max_params" if key == "max_param" else "epochs", key)
    (tmp_path / "course.yml").write_text(text.replace(good, wrong), encoding="utf-8")
    with pytest.raises(CourseConfigError, match=f"unknown key '{key}'"):
        load_course(tmp_path / "course.yml")


def test_the_notebook_self_check_shows_the_table_in_monospace_and_the_curves():
    from autograder.notebooks.selfcheck import render_html
    from autograder.results import CheckResult, SubmissionReport

    verdict = JUDGE(REFERENCE, REFERENCE)
    report = SubmissionReport(assignment="04_training", title="t", submission="this notebook", public_only=True)
    report.checks = [CheckResult(id="challenge.accuracy", target="build_challenge_model", call="", points=3,
                                 max_points=3, hidden=False, status="passed", message=words(verdict),
                                 data=verdict.data)]
    page = render_html(report)
    assert "font-family:monospace" in page and "<svg" in page and "held-out accuracy" in page
