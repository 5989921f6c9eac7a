"""Fair verdicts in 04 and 07 (red team 2: F14-F17, F23), judged on plain outcomes: no worker, no Keras.

F23: a challenge model within the parameter budget whose training the grader stops is told what was
running (the grader's training, epoch k of N) and which limit stopped it (CPU seconds, the wall-clock
ceiling of a busy machine, the submission's total), never "look for a loop"; the check judged from the
same training is not run again and points at it. Every stop message reads as a sentence whatever the
check's description. F14: one explanation at the root challenge check. F17: a path returned without
its folder is said to be one.
"""

from __future__ import annotations

import os

import pytest

from autograder import messages
from autograder.catalog import Message, msg, render, render_report
from autograder.checks.registry import load_suite
from autograder.course import load_course
from autograder.grading import judge_outcomes
from autograder.held_out import note_training_progress
from autograder.results import SubmissionReport
from autograder.sandbox import protocol
from autograder.sandbox.runner import RunOutcome
from tests import recorded

COURSE = load_course()
CHALLENGE = ("challenge.budget", "challenge.close", "challenge.accuracy")


def stopped_training(stopped_by: str, epochs_done: int = 1, **facts) -> dict:
    """A challenge training the runner stopped, with its progress as held_out.note_training_progress sees it."""
    outcome = {"status": protocol.TIMEOUT, "stopped_by": stopped_by, "seconds_limit": 600.0,
               "cpu_seconds_limit": 120.0, "cpu_seconds": 31.6, "student_frames": [],
               "training": {"epochs_done": epochs_done, "epochs": 4}}
    if stopped_by == "total":
        outcome["total_seconds_limit"] = 300.0
    return {**outcome, **facts}


def judged_challenge(close: dict, language: str = "en") -> dict:
    """The three challenge checks of 04: the budget from the recorded reference (the model was built
    and is within the budget), the training stopped in challenge.close and charged to challenge.accuracy."""
    assignment = COURSE.assignment("04_training")
    reference = recorded.load("04_training")["reference"]
    got = {"challenge.budget": reference["challenge.budget"], "challenge.close": close,
           "challenge.accuracy": {**close, "same_run_as": "challenge.close"}}
    configs = [check for check in assignment.checks if check.id in CHALLENGE]
    results = judge_outcomes(assignment, configs, got, reference)
    render_report(SubmissionReport(assignment=assignment.id, title="", submission="recorded", checks=results,
                                   language=language), language)
    return {result.id: result for result in results}


# -- F23: the grader's training stopped -------------------------------------------------------------

def test_training_stopped_by_its_cpu_seconds_says_what_ran_and_keeps_the_budget_point():
    results = judged_challenge(stopped_training("cpu"))
    assert [results[check_id].points for check_id in CHALLENGE] == [1.0, 0.0, 0.0]
    assert results["challenge.close"].message == (
        "build_challenge_model(): the grader was training your model (epoch 2 of 4) when the training used "
        "up the grader's limit of 120 CPU seconds, so it was stopped (timeout). No line of your code was "
        "running: your model is within the parameter budget, but it needs more computation than the grader "
        "allows for one training. A smaller network trains faster: fewer filters, fewer convolutions on the "
        "full 28x28 images, or pooling sooner. A very busy machine also makes training use somewhat more "
        "CPU time; if your model is small, grading again may pass.")
    assert results["challenge.accuracy"].message == (
        "Not run again: this check is judged from the same training as the check challenge.close, which the "
        "grader stopped (see build_challenge_model above).")
    assert results["challenge.accuracy"].follows == "challenge.close"


def test_training_stopped_by_the_wall_clock_ceiling_blames_the_busy_machine_not_the_student():
    message = judged_challenge(stopped_training("wall", epochs_done=0))["challenge.close"].message
    assert message == (
        "build_challenge_model(): the grader was training your model (epoch 1 of 4) when it stopped it "
        "(timeout): the training took more than 600 s of wall-clock time although it had used only 32 of its "
        "120 CPU seconds, so the machine was busy with other work. This is the grader's limit, not a mistake "
        "in your code: grade again when the machine is less busy (or ask your instructor to).")


def test_training_stopped_by_the_submissions_total_says_so_after_the_last_epoch_too():
    message = judged_challenge(stopped_training("total", epochs_done=4))["challenge.close"].message
    assert message.startswith("build_challenge_model(): the grader was training your model (its 4 epochs had "
                              "ended) when the submission's total time budget of 300 s ran out")
    assert "limit for this training is 120 CPU seconds" in message and "loop" not in message


def test_a_stop_inside_the_students_own_code_keeps_the_message_that_shows_the_line():
    frames = [{"line": 40, "function": "my_loss", "code": "while True:"}]
    message = judged_challenge(stopped_training("cpu", student_frames=frames))["challenge.close"].message
    assert message.startswith("The grader stopped this check (build_challenge_model(), trained by the grader: "
                              "near the reference) because it did not finish within its limit of 120 CPU seconds "
                              "(timeout). When it was stopped it was at line 40 of training.py")
    assert message.endswith("Look for a loop that never ends, input(), sleep(), or far more work than the task "
                            "needs.")


def test_the_stopped_training_is_worded_in_chinese_with_the_same_facts():
    results = judged_challenge(stopped_training("cpu"), language="zh")
    assert "第 2 轮，共 4 轮" in results["challenge.close"].message and "120 个 CPU 秒" in results["challenge.close"].message
    assert "challenge.close" in results["challenge.accuracy"].message


def test_training_progress_is_read_from_the_models_the_grader_saved_after_each_epoch(tmp_path):
    (tmp_path / "challenge-models").mkdir()
    (tmp_path / "challenge-models" / "epoch-1.keras").write_bytes(b"PK")
    run = RunOutcome(probes={"challenge.close": {"status": protocol.TIMEOUT}, "challenge.budget": {"status": "ok"},
                             "train.accuracy": {"status": protocol.TIMEOUT}})
    note_training_progress(run, tmp_path, 4)
    assert run.probes["challenge.close"]["training"] == {"epochs_done": 1, "epochs": 4}
    assert "training" not in run.probes["challenge.budget"] and "training" not in run.probes["train.accuracy"]


def test_no_models_folder_or_a_link_in_its_place_means_training_had_not_started(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "epoch-1.keras").write_bytes(b"PK")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    run = RunOutcome(probes={"challenge.close": {"status": protocol.TIMEOUT}})
    note_training_progress(run, scratch, 4)
    os.symlink(elsewhere, scratch / "challenge-models")
    note_training_progress(run, scratch, 4)
    assert "training" not in run.probes["challenge.close"]


# -- every stop message reads as a sentence, for every check's description ---------------------------

def _stops() -> dict[str, dict]:
    where = [{"line": 3, "function": "f", "code": "while True:"}]
    return {
        "timeout at a line": {"status": protocol.TIMEOUT, "seconds_limit": 10.0, "student_frames": where},
        "timeout elsewhere": {"status": protocol.TIMEOUT, "seconds_limit": 120.0},
        "timeout in cpu seconds": {"status": protocol.TIMEOUT, "seconds_limit": 300.0, "stopped_by": "cpu",
                                   "cpu_seconds_limit": 60.0},
        "timeout of the total": {"status": protocol.TIMEOUT, "seconds_limit": 300.0, "stopped_by": "total",
                                 "total_seconds_limit": 300.0},
        "timeout between checks": {"status": protocol.TIMEOUT, "seconds_limit": 20.0, "between_probes": True},
        "memory": {"status": protocol.MEMORY, "memory_mb": 2048},
        "crashed": {"status": protocol.CRASHED, "cause": protocol.CAUSE_EXIT, "reason": "it exited with code 1"},
        "not run": {"status": protocol.NOT_RUN, "reason": "the submission's total time budget of 300 s ran out"},
    }


STARTS = {protocol.TIMEOUT: ("The grader stopped this check ({call}) because it did not finish ",
                             "评分器停止了这项检查（{call}），因为它没有"),
          protocol.MEMORY: ("The grader stopped this check ({call}) because it used more than 2048 MB",
                            "评分器停止了这项检查（{call}），因为它使用的内存超过了 2048 MB"),
          protocol.CRASHED: ("The process running this check ({call}) ended before the check was done",
                             "运行这项检查（{call}）的进程"),
          protocol.NOT_RUN: ("This check ({call}) was not run: ", "这项检查（{call}）没有运行：")}


def every_check():
    for assignment in COURSE.assignments:
        for check in load_suite(assignment.id):
            yield pytest.param(assignment.id, assignment.module, check.id, id=f"{assignment.number}-{check.id}")


@pytest.mark.parametrize("assignment_id, module, check_id", list(every_check()))
def test_every_stop_message_reads_as_a_sentence_for_every_check_description(assignment_id, module, check_id):
    check = load_suite(assignment_id)[check_id]
    for language, place in (("en", 0), ("zh", 1)):
        call = render(check.call, language) if isinstance(check.call, Message) else check.call
        for name, outcome in _stops().items():
            text = render(messages.not_returned(check.call, check.target, module, outcome), language)
            assert text.startswith(STARTS[outcome["status"]][place].format(call=call)), (name, text)
            assert text.endswith("." if language == "en" else "。"), (name, text)
            words = text.replace(call, "")  # the call is code, as the report shows it (it may hold "...")
            assert "  " not in words and ".." not in words and " ." not in words, (name, text)
            if language == "en" and outcome["status"] == protocol.TIMEOUT:
                assert ("Look for a loop" in text) == (name == "timeout at a line"), (name, text)


@pytest.mark.parametrize("stopped_by", ["cpu", "wall", "total"])
@pytest.mark.parametrize("epochs_done", [0, 3, 4])
def test_every_stopped_training_message_is_whole_in_both_languages(stopped_by, epochs_done):
    from autograder.checks.kit.challenge import training_stopped

    for target in ("build_challenge_model", "build_challenge_cnn"):
        message = training_stopped(stopped_training(stopped_by, epochs_done), target)
        english, chinese = render(message), render(message, "zh")
        assert english.startswith(f"{target}(): the grader was training your model (") and english.endswith(").") \
            or english.endswith(".")
        assert chinese.startswith(f"{target}()：评分器正在训练你的模型（") and chinese.endswith("。")
        assert "loop" not in english and "{" not in english + chinese


# -- F17: a path returned without its folder ------------------------------------------------------

def test_a_save_that_wrote_the_right_file_but_returned_its_bare_name_is_told_the_folder_was_dropped():
    def bare(value):
        value["returned"] = {"kind": "path", "name": "../some_model.weights.h5", "type": "str", "bare": True}

    passed, message = recorded.judged_with_change("07_saving", "save_subclassed_weights.public", bare)
    assert not passed
    assert message == ("save_subclassed_weights(model, 'some_model.weights.h5') with a SomeModel of fixed weights "
                       "returned 'some_model.weights.h5', a file name without its folder; return the path of the "
                       "file written, folder included ('some_model.weights.h5' in the folder given), e.g. "
                       "`return path`.")


def test_a_load_that_compiles_with_another_optimizer_is_told_which():
    def recompiled(value):
        value["loaded"]["optimizer"] = {"class": "Adam", "learning_rate": 0.001, "iterations": 0}

    passed, message = recorded.judged_with_change("07_saving", "load_model.h5", recompiled)
    assert not passed
    assert "compiled with Adam at a learning rate of 0.001; the saved model had Adam at 0.0005" in message
    assert "without compiling it again" in message


def test_the_call_of_every_check_is_a_message_or_code_never_a_bare_sentence():
    """What the stop messages put in parentheses: the check's description as the report shows it."""
    for assignment in COURSE.assignments:
        for check in load_suite(assignment.id):
            assert isinstance(check.call, (str, Message)), check.id


def test_the_budget_ok_message_no_longer_claims_a_compiled_model():
    text = render(msg("challenge.budget_ok", target="build_challenge_model", params=34826, limit=110000,
                      layers="Reshape -> Conv2D(32)"))
    assert text == "build_challenge_model(): 34,826 parameters, within the budget of 110,000 (Reshape -> Conv2D(32))."


# -- F23 end to end: the runner's CPU clock, the saved epochs and the words --------------------------

@pytest.mark.slow  # two workers train (the reference's run too); about a minute under load
def test_a_challenge_training_stopped_by_its_cpu_seconds_is_explained_end_to_end(course, monkeypatch):
    """The course's own challenge model, given 3 CPU seconds instead of 120: the runner stops the
    training by its CPU clock, the grader reads how many epochs had ended, challenge.budget keeps its
    point, challenge.close says what ran and challenge.accuracy is not trained again."""
    from autograder import grading
    from autograder.course import REPO_ROOT
    from autograder.grading import grade_submission

    monkeypatch.setattr(grading, "_memory_cache", {})  # the stopped reference run stays in this test
    monkeypatch.setenv("KERAS_COURSE_NO_CACHE", "1")
    config = course.assignment("04_training")
    checks = [check.model_copy(update={"cpu_seconds": 3.0} if check.cpu_seconds else {})
              for check in config.checks if check.id in CHALLENGE]
    config = config.model_copy(update={"checks": checks})
    report = grade_submission(course, config, REPO_ROOT / "solutions" / "04_training" / "training.py")
    results = {check.id: check for check in report.checks}
    assert [results[check_id].points for check_id in CHALLENGE] == [1.0, 0.0, 0.0], \
        {check_id: results[check_id].message for check_id in CHALLENGE}
    close = results["challenge.close"].message
    assert close.startswith("build_challenge_model(): the grader was training your model (epoch ")
    assert "of 4) when the training used up the grader's limit of 3 CPU seconds" in close and "loop" not in close
    assert results["challenge.accuracy"].message.startswith("Not run again: this check is judged from the same "
                                                            "training as the check challenge.close")
