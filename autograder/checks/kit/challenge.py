"""Grader side of the outcome-graded challenges (04, 05): budget, points, learning-curve table, diagnosis.

Everything here works on the plain data :mod:`autograder.checks.kit.challenge_probes` returns, with
the held-out curves :mod:`autograder.held_out` adds (and on recorded histories in the tests), without
Keras. A curve is a list with one number per epoch (``None`` where it could not be measured); a run's
curves are ``accuracy``, ``loss`` (measured by the grader on the first training images, in the
student's worker), ``val_accuracy`` and ``val_loss`` (on the held-out images, by the evaluator).

The rule for points: ``challenge.accuracy`` passes from the reference's held-out accuracy minus
``margin``, ``challenge.close`` from the reference's minus twice the margin; both need the
parameter budget (``challenge.budget``). A diagnosis is given only when the curves show it:

* **does not learn**: the loss became NaN or infinite, or training accuracy ends below
  ``LEARNS_FROM`` (chance is 0.10 for ten classes);
* **over-fits**: held-out loss is lowest at an epoch before the last and ends clearly higher
  (``RISE``), while training accuracy kept rising, and training ends at least ``margin`` above
  held-out accuracy;
* **under-fits**: training accuracy itself ends below the pass mark (what it must reach on new
  images), without the signs of over-fitting.
"""

from __future__ import annotations

import math
from functools import partial

from autograder.catalog import Message, msg
from autograder.checks.kit.base import Verdict
from autograder.checks.kit.judging import show

CURVES = ("accuracy", "val_accuracy", "loss", "val_loss")
LEARNS_FROM = 0.2  # a training accuracy below this after the whole budget: the model did not learn
RISE = 1.05  # held-out loss this much above its lowest value counts as rising
LARGE_LEARNING_RATE = 0.05


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def _last(values: list) -> float | None:
    finite = [v for v in values or [] if _finite(v)]
    return finite[-1] if finite else None


# -- the budget, and what else keeps a model out of training ---------------------------------------
# Each check is judged by what it is about: ``challenge.budget`` by the model's parameters (it must
# be built, and be a model, to have them); a model that is not compiled, or holds classes the
# evaluator cannot load, is within the budget but cannot be trained, which ``challenge.close``
# (the first training check) says and ``challenge.accuracy`` points at. Either way the
# explanation is given once (``cause``: kit/causes.py links the later checks to it).

def budget_problem(got: dict) -> tuple[Message, str] | None:
    """Why the model has no parameter count within the budget (not built, not a model, too large),
    with its cause key, or None."""
    target = got["target"]
    if got.get("stage") == "build":
        raised = got["raised"]
        return msg("challenge.build_raised", target=target, error_type=raised["type"], error=raised["message"]), \
            "challenge: build raised"
    if "not_model" in got:
        return msg("challenge.not_model", target=target, got=show(got["not_model"])), "challenge: not a model"
    budget = got["budget"]
    if got["params"] > budget["max_params"]:
        return msg("challenge.over_budget", target=target, params=got["params"], limit=budget["max_params"],
                   over=got["params"] - budget["max_params"], layers=" -> ".join(got["layers"])), \
            "challenge: over the parameter budget"
    return None


def entry_problem(got: dict) -> tuple[Message, str] | None:
    """Why a model within the budget cannot be trained (not compiled, classes not Keras's own), or None."""
    target = got["target"]
    if not got["compiled"]:
        return msg("challenge.not_compiled", target=target), "challenge: not compiled"
    if got.get("not_builtin"):
        return msg("challenge.not_builtin", target=target, classes=", ".join(got["not_builtin"])), \
            "challenge: classes not Keras's own"
    return None


def judge_budget(got: dict, expected: dict) -> Verdict:
    problem = budget_problem(got)
    if problem is not None:
        return Verdict(False, problem[0], cause=problem[1])
    return Verdict(True, msg("challenge.budget_ok", target=got["target"], params=got["params"],
                             limit=got["budget"]["max_params"], layers=" -> ".join(got["layers"])))


# -- the table -----------------------------------------------------------------------------------------

def _cell(value, percent: bool) -> str:
    if not _finite(value):
        return "-".rjust(6)
    return f"{value:6.1%}" if percent else f"{value:6.3f}"


def curve_table(student: dict, reference: dict) -> Message:
    """One line per epoch: training and held-out accuracy and loss, the student's beside the reference's.

    Its two heading lines are the catalog's ``challenge.table`` (each language aligns its own words
    over the columns); the rows are numbers.
    """
    epochs = max(len(student.get("accuracy") or []), len(reference.get("accuracy") or []))
    lines = []
    for epoch in range(epochs):
        pairs = []
        for name in CURVES:
            cells = []
            for run in (student, reference):
                values = run.get(name) or []
                cells.append(_cell(values[epoch] if epoch < len(values) else None, "accuracy" in name))
            pairs.append(" ".join(cells))
        lines.append(f"{epoch + 1:>5}  {pairs[0]}      {pairs[1]}     {pairs[2]}   {pairs[3]}")
    return msg("challenge.table", rows="\n".join(lines))


# -- the diagnosis ---------------------------------------------------------------------------------------

def _does_not_learn(run: dict, facts: dict) -> Message | None:
    own_loss = facts.get("own_loss") or []
    broken = next((epoch for epoch, value in enumerate(own_loss, start=1) if not _finite(value)), None)
    rate = (facts.get("optimizer") or {}).get("learning_rate")
    accuracy = _last(run.get("accuracy"))
    if broken is None and accuracy is not None and accuracy >= LEARNS_FROM:
        return None
    if rate is not None and rate >= LARGE_LEARNING_RATE:
        cause = msg("challenge.cause.learning_rate", rate=rate)
    elif facts.get("from_logits"):  # raw scores with a from_logits loss: the output is not the problem
        cause = msg("challenge.cause.from_logits")
    elif facts.get("probabilities") is False and facts.get("last_activation") != "softmax":
        cause = msg("challenge.cause.output", activation=str(facts.get("last_activation")))
    else:
        cause = msg("challenge.cause.unknown")
    if broken is not None:
        return msg("challenge.diagnosis.nan", epoch=broken, cause=cause)
    return msg("challenge.diagnosis.no_learning", accuracy=accuracy if accuracy is not None else 0.0, cause=cause)


def overfitting_from(run: dict, margin: float) -> dict | None:
    """Evidence of over-fitting in a run's curves, or None: the epoch of the lowest held-out loss and
    what happened after it."""
    val_loss, accuracy = run.get("val_loss") or [], run.get("accuracy") or []
    if len(val_loss) < 2 or not all(_finite(v) for v in val_loss) or len(accuracy) != len(val_loss):
        return None
    best = min(range(len(val_loss)), key=lambda epoch: val_loss[epoch])
    last = len(val_loss) - 1
    gap = (_last(accuracy) or 0.0) - (_last(run.get("val_accuracy")) or 0.0)
    if best == last or val_loss[last] < val_loss[best] * RISE or not _finite(accuracy[best]) \
            or not _finite(accuracy[last]) or accuracy[last] <= accuracy[best] or gap < margin:
        return None
    return {"best": best + 1, "best_loss": val_loss[best], "last": last + 1, "last_loss": val_loss[last],
            "accuracy_then": accuracy[best], "accuracy_last": accuracy[last], "gap": gap}


def diagnose(run: dict, facts: dict, pass_mark: float, margin: float, remedy: str) -> Message | None:
    """What the curves show, when they show something; ``remedy`` is the assignment's under-fitting advice id."""
    stuck = _does_not_learn(run, facts)
    if stuck is not None:
        return stuck
    over = overfitting_from(run, margin)
    if over is not None:
        return msg("challenge.diagnosis.overfits", **over)
    accuracy, held_out = _last(run.get("accuracy")), _last(run.get("val_accuracy"))
    if accuracy is not None and held_out is not None and accuracy < pass_mark:
        advice = msg("challenge.remedy.cnn") if remedy == "cnn" else msg("challenge.remedy.capacity")
        return msg("challenge.diagnosis.underfits", accuracy=accuracy, pass_mark=pass_mark, advice=advice)
    return None


def _not_measured(held_out: dict) -> Message:
    """Why the evaluator gave no held-out numbers (autograder/held_out.py says which reason)."""
    reason, params = held_out["reason"], held_out["params"]
    if reason == "missing":
        return msg("challenge.held_out.missing", epoch=params["epoch"])
    if reason == "timeout":
        return msg("challenge.held_out.timeout", seconds=params["seconds"])
    if reason == "memory":
        return msg("challenge.held_out.memory", memory_mb=params["memory_mb"])
    return msg("challenge.held_out.ended", status=params["status"])


# -- the accuracy checks ----------------------------------------------------------------------------------

def accuracy_judge(level: int, remedy: str):
    """``challenge.accuracy`` (level 1: the reference minus the margin) or ``challenge.close`` (level 2:
    minus twice the margin). ``remedy``: "cnn" (04: the article's move to a CNN) or "capacity" (05)."""

    def judge(got: dict, expected: dict) -> Verdict:
        problem = budget_problem(got) or entry_problem(got)
        if problem is not None:
            return Verdict(False, msg("challenge.not_trained", reason=problem[0]), cause=problem[1])
        if got.get("stage") == "training":
            raised = got["raised"]
            return Verdict(False, msg("challenge.training_raised", target=got["target"], error_type=raised["type"],
                                      error=raised["message"]))
        if got.get("stage") == "load":  # the evaluator could not load the saved model safely
            raised = got["raised"]
            return Verdict(False, msg("challenge.not_loadable", target=got["target"], error_type=raised["type"],
                                      error=raised["message"]))
        if got.get("stage") == "held_out":  # autograder/held_out.py: why there are no held-out numbers
            held_out = got["held_out"]
            return Verdict(False, msg("challenge.held_out_failed", target=got["target"], reason=_not_measured(held_out)),
                           detail=f"held-out evaluator: {held_out['status']}")
        budget, student, reference = got["budget"], got["curves"], expected["curves"]
        wanted = _last(reference.get("val_accuracy")) or 0.0
        reached = _last(student.get("val_accuracy"))
        pass_mark = wanted - level * budget["margin"]
        data = {"learning_curves": {"student": student, "reference": reference}} if level == 1 else None
        numbers = dict(target=got["target"], accuracy=reached if reached is not None else 0.0, reference=wanted,
                       pass_mark=pass_mark, epochs=budget["epochs"], train_samples=budget["train_samples"],
                       valid_samples=budget["valid_samples"])
        if reached is not None and reached >= pass_mark - 1e-9:
            passed = msg("challenge.passed", **numbers) if level == 1 else msg("challenge.close_passed", **numbers)
            table = curve_table(student, reference) if level == 1 else ""
            return Verdict(True, msg("challenge.with_table", text=passed, table=table) if table else passed,
                           detail=f"seconds: {got.get('seconds')}", data=data)
        failed = msg("challenge.failed", **numbers) if level == 1 else msg("challenge.close_failed", **numbers)
        if level == 2:
            return Verdict(False, msg("challenge.close_see_accuracy", text=failed))
        diagnosis = diagnose(student, got, pass_mark, budget["margin"], remedy)
        if diagnosis is not None:
            failed = msg("challenge.with_diagnosis", text=failed, diagnosis=diagnosis)
        return Verdict(False, msg("challenge.with_table", text=failed, table=curve_table(student, reference)),
                       detail=f"seconds: {got.get('seconds')}; layers: {' -> '.join(got['layers'])}", data=data)

    return judge


# -- a stop of the grader's training ------------------------------------------------------------------

def training_stopped(outcome: dict, target: str) -> Message | None:
    """What was running when a time budget stopped the challenge's training, for a model within the
    parameter budget (autograder/held_out.note_training_progress saw the training folder): the
    grader's own training, epoch k of N, never "a loop" of the student's. None when the student's
    code was on the stack (a loss function of theirs, say) or training had not started: the
    generic message then says where it was."""
    progress = outcome.get("training")
    if outcome.get("status") != "timeout" or not progress or outcome.get("student_frames"):
        return None
    done, epochs = progress["epochs_done"], progress["epochs"]
    at = (msg("challenge.training_at.epoch", epoch=done + 1, epochs=epochs) if done < epochs
          else msg("challenge.training_at.after_last", epochs=epochs))
    cpu_limit = outcome.get("cpu_seconds_limit")
    if cpu_limit is None:
        return None
    if outcome.get("stopped_by") == "cpu":
        return msg("challenge.training_stopped.cpu", target=target, at=at, cpu_limit=cpu_limit)
    if outcome.get("stopped_by") == "total":
        return msg("challenge.training_stopped.total", target=target, at=at,
                   total_limit=outcome.get("total_seconds_limit") or 0, cpu_limit=cpu_limit)
    return msg("challenge.training_stopped.wall", target=target, at=at, wall_limit=outcome.get("seconds_limit") or 0,
               cpu_used=outcome.get("cpu_seconds") or 0, cpu_limit=cpu_limit)


def add_challenge_checks(suite, target: str, input_shape: tuple[int, ...], remedy: str, *,
                         worker_group: str = "") -> None:
    """The challenge's three checks of a suite: ``challenge.budget`` (the model built and described,
    not trained), ``challenge.close`` and ``challenge.accuracy`` (one training by the grader, timed
    in CPU seconds by course.yml, judged twice); all three in ``worker_group`` (they share the build)."""
    from autograder.checks.kit.base import Check

    def model_probe(module, context):
        from autograder.checks.kit.challenge_probes import challenge_model

        return challenge_model(module, context, target)

    def training_probe(module, context):
        from autograder.checks.kit.challenge_probes import challenge_run

        return challenge_run(module, context, target, input_shape)

    suite.add(Check("challenge.budget", target, msg("challenge.call.budget", target=target), model_probe,
                    judge_budget, worker_group=worker_group))
    for check_id, call, level in (("challenge.close", msg("challenge.call.close", target=target), 2),
                                  ("challenge.accuracy", msg("challenge.call.accuracy", target=target), 1)):
        suite.add(Check(check_id, target, call, training_probe, accuracy_judge(level, remedy),
                        same_run="challenge training", explain_stop=partial(training_stopped, target=target),
                        worker_group=worker_group))
