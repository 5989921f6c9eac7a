"""Checks of assignment 03_compile (module ``compiling.py``).

The activation and loss tables are compared row by row with the reference; an unknown problem
must raise a ValueError that names the accepted problems. Optimizers are read back from the
objects themselves (exact class, learning rate, the other hyper-parameters), never from what
the student's code says about them. ``compile_classifier`` is judged by what the compiled model
really does: a probe compiles a small model with it, reads back the optimizer, and evaluates the
model on a fixed batch, so that equivalent forms (a loss as a name or an object, ``"acc"`` or
``"accuracy"``, ``"adam"`` or an Adam object) all pass.

Errors raised by student code are caught inside the probes and returned as plain data, so that
the judges can explain the Keras 2 habits behind them (``lr=``, ``decay=``, ``keras.backend``).
The helpers for that (:func:`attempt`, :func:`keras2_advice`, the optimizer and loss
descriptions) are shared with assignment 04.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import numpy as np

from autograder.checks.kit.base import Check, CheckSuite, Verdict, format_call
from autograder.checks.kit.judging import kind_of, plain, show
from autograder.catalog import Message, msg
from autograder.checks.kit.advice import (ACCURACY_KEYS, DECAY_ADVICE, accuracy_key_note, decay_warning, error_advice,
                                          error_text, failure)
from autograder.checks.kit.calling import attempt
from autograder.checks.kit.stand_ins import StandIns
from autograder.checks.kit.compiling import (_number, canonical_loss, close, compiled_loss_hint, describe_loss,
                                             describe_optimizer, loss_name, optimizer_problem)
from autograder.describe import describe

SUITE = CheckSuite("03_compile", "compiling", preload=("keras",))

PROBLEMS = ("binary", "multiclass", "multilabel", "regression")


# =================================================================================================
# Child side: call student code, keep what it raised, warned and printed as plain data.
# =================================================================================================


def _tensor_value(value: Any) -> dict:
    """Describe a tensor (or number) returned by student code as a float32 numpy array."""
    import keras

    try:
        array = np.asarray(keras.ops.convert_to_numpy(value))
    except Exception:  # noqa: BLE001 - not a tensor: describe what it is
        return describe(value)
    if array.dtype.kind in "biuf":
        array = array.astype(np.float32)
    return describe(array)


# =================================================================================================
# Parent side: word errors and Keras 2 habits for the student.
# =================================================================================================


# -- rows of calls --------------------------------------------------------------------------------

def calls_probe(target: str, cases: list[tuple[tuple, dict]], prepare: Callable[[Any], dict] = describe):
    """A probe that calls ``target`` once per case and describes each value (with ``prepare``) or error."""

    def probe(module, context):
        function = getattr(module, target)
        rows = []
        for args, kwargs in cases:
            result = attempt(module, function, *args, **kwargs)
            row = {"warnings": result.warnings}
            if result.error:
                row["error"] = result.error
            else:
                row["value"] = prepare(result.value)
            rows.append(row)
        return rows

    return probe


def _calls(target: str, cases) -> list[str]:
    return [format_call(target, args, kwargs) for args, kwargs in cases]


# -- output_activation and choose_loss ----------------------------------------------------------

def _activation(desc: dict) -> Any:
    if kind_of(desc) == "none":
        return None
    if kind_of(desc) == "str":
        return None if desc["value"] == "linear" else desc["value"]
    return desc  # not a name: never equal to a reference value


def _activation_hint(problem: str, got: Any) -> str:
    if isinstance(got, dict):
        return msg("a03.activation_hint.return_name")
    if problem == "multilabel" and got == "softmax":
        return (msg("a03.activation_hint.multilabel"))
    if problem == "multiclass" and got == "sigmoid":
        return msg("a03.activation_hint.multiclass")
    if problem == "binary" and got == "softmax":
        return msg("a03.activation_hint.binary")
    if problem == "regression":
        return msg("a03.activation_hint.regression")
    if got is None:
        return (msg("a03.activation_hint.none_returned"))
    return msg("a03.activation_hint.see_table")


def _loss(desc: dict) -> Any:
    return canonical_loss(desc["value"]) if kind_of(desc) == "str" else desc


def loss_hint(problem: str, got: Any, integer_labels: bool = True) -> str:
    if isinstance(got, dict):
        return msg("a03.loss_hint.return_name")
    if problem == "multiclass" and got == "categorical_crossentropy" and integer_labels:
        return (msg("a03.loss_hint.integer_labels"))
    if problem == "multiclass" and got == "sparse_categorical_crossentropy" and not integer_labels:
        return (msg("a03.loss_hint.one_hot_labels"))
    if problem in ("binary", "multilabel") and got in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        return (msg("a03.loss_hint.multilabel"))
    if problem == "regression":
        return msg("a03.loss_hint.regression")
    if problem == "multiclass" and got in ("binary_crossentropy", "mse"):
        return msg("a03.loss_hint.multiclass")
    return msg("a03.loss_hint.see_table")


def _linear_note(rows: list) -> Message | str:
    """"linear" for regression is Keras's name for no activation: accepted, with a note (docs/checks.md)."""
    linear = any(kind_of(row.get("value", {})) == "str" and row["value"]["value"] == "linear" for row in rows)
    return msg("a03.linear_note") if linear else ""


def _table_cause(target: str, problem: str, advice) -> str:
    """A recognised mistake for a problem is one mistake in the public check and its hidden twin (the
    binary row of both); returning objects instead of names is one mistake whatever the row."""
    if not isinstance(advice, Message) or advice.id.endswith(".see_table"):
        return ""
    return f"{target}: {advice.id}" + ("" if advice.id.endswith(".return_name") else f": {problem}")


def table_judge(target: str, cases, normalise: Callable[[dict], Any], hint: Callable[[tuple, dict, Any], str],
                note: Callable[[list], Message | str] = lambda rows: ""):
    calls = _calls(target, cases)

    def judge(got: list, expected: list) -> Verdict:
        for call, (args, kwargs), row, reference in zip(calls, cases, got, expected):
            if "error" in row:
                return failure(call, row["error"], row["warnings"])
            value, wanted = normalise(row["value"]), normalise(reference["value"])
            if value != wanted:
                advice = hint(args, kwargs, value)
                return Verdict(False, msg("a03.table_judge.differs", call=call,
                                          row_value=show(row['value']),
                                          reference_value=show(reference['value']),
                                          hint=advice), cause=_table_cause(target, args[0], advice))
        answers = ", ".join(f"{call} -> {show(row['value'])}" for call, row in zip(calls, got))
        return Verdict(True, msg("a03.table_judge.ok", answers=answers, note=note(got)))

    return judge


def _table_check(check_id: str, target: str, cases, normalise, hint, note=lambda rows: "") -> Check:
    call = "; ".join(_calls(target, cases))
    return SUITE.add(Check(check_id, target, call, calls_probe(target, cases),
                           table_judge(target, cases, normalise, hint, note)))


_ACTIVATION_CASES = {"public": [(("binary",), {}), (("multiclass",), {})],
                     "hidden": [(("multilabel",), {}), (("regression",), {})]}
_LOSS_CASES = {
    "public": [(("binary",), {}), (("multiclass",), {}), (("multiclass",), {"integer_labels": False})],
    "hidden": [(("multilabel",), {}), (("regression",), {}), (("binary",), {"integer_labels": False})],
}
for _kind in ("public", "hidden"):
    _table_check(f"output_activation.{_kind}", "output_activation", _ACTIVATION_CASES[_kind], _activation,
                 lambda args, kwargs, got: _activation_hint(args[0], got), _linear_note)
    _table_check(f"choose_loss.{_kind}", "choose_loss", _LOSS_CASES[_kind], _loss,
                 lambda args, kwargs, got: loss_hint(args[0], got, kwargs.get("integer_labels", True)))


# -- unknown problems -------------------------------------------------------------------------------

def unknown_judge(target: str, cases):
    """Every call must raise a ValueError whose message names the four accepted problems."""
    calls = _calls(target, cases)

    def judge(got: list, expected: list) -> Verdict:
        for call, row in zip(calls, got):
            if "value" in row:
                value = row["value"]
                if kind_of(value) == "none":
                    why = (msg("a03.unknown_judge.returned_none"))
                else:
                    why = (msg("a03.unknown_judge.default_answer"))
                return Verdict(False, msg("a03.unknown_judge.returned_value", call=call,
                                          value=show(value), why=why))
            error = row["error"]
            if not error["is_value_error"]:
                why = (msg("a03.unknown_judge.key_error") if error["is_key_error"] else "")
                return Verdict(False, msg("a03.unknown_judge.wrong_error", call=call,
                                          error_text=error_text(error),
                                          why=why))
            missing = [name for name in PROBLEMS if name not in error["message"]]
            if missing:
                return Verdict(False, msg("a03.unknown_judge.problems_not_named", call=call,
                                          error_message=repr(error['message']),
                                          missing=', '.join(missing)))
        return Verdict(True, msg("a03.unknown_judge.ok", calls='; '.join(calls)))

    return judge


for _target, _cases in (("output_activation", [(("clustering",), {}), (("multi-class",), {})]),
                        ("choose_loss", [(("clustering",), {}), (("ctc",), {"integer_labels": False})])):
    SUITE.add(Check(f"{_target}.unknown", _target, "; ".join(_calls(_target, _cases)),
                    calls_probe(_target, _cases), unknown_judge(_target, _cases)))


# -- make_optimizer ------------------------------------------------------------------------------------


# Not an optimizer object at all: one mistake whichever optimizer was asked for.
_NOT_AN_OPTIMIZER = {"kit.compiling.optimizer_problem.class_not_instance", "kit.compiling.optimizer_problem.none",
                     "kit.compiling.optimizer_problem.string", "kit.compiling.optimizer_problem.not_an_optimizer"}


def _optimizer_cause(problem) -> str:
    if isinstance(problem, Message) and problem.id in _NOT_AN_OPTIMIZER:
        return "optimizer: " + problem.id
    return "optimizer: " + re.sub(r"\d+(\.\d+)?(e-?\d+)?", "#", str(problem))


def _optimizer_judge(cases):
    calls = _calls("make_optimizer", cases)

    def judge(got: list, expected: list) -> Verdict:
        for call, (args, kwargs), row, reference in zip(calls, cases, got, expected):
            if "error" in row and args[0] != args[0].lower() and "error" not in reference \
                    and row["error"].get("is_value_error") and args[0] in str(row["error"].get("message", "")):
                # the student's own "unknown optimizer" for a name in another case
                return Verdict(False, msg("a03.optimizer_judge.mixed_case", call=call,
                                          error_text=error_text(row["error"]), name=repr(args[0]),
                                          lower=repr(args[0].lower())))
            if "error" in row:
                return failure(call, row["error"], row["warnings"])
            explicit = len(args) > 1 or "learning_rate" in kwargs
            problem = optimizer_problem(row["value"], reference["value"], explicit_rate=explicit)
            if problem:
                # the same difference in another call (SGD's momentum=0.9 in every check) is one mistake
                return Verdict(False, msg("a03.optimizer_judge.differs", call=call, problem=problem),
                               cause=_optimizer_cause(problem))
            warned = decay_warning(row["warnings"])
            if warned:
                return Verdict(False, msg("a03.optimizer_judge.warned", call=call, warned=repr(warned),
                                          decay_advice=DECAY_ADVICE))
        summary = ", ".join(f"{call} -> {row['value']['class']}(learning_rate={row['value']['learning_rate']:g})"
                            for call, row in zip(calls, got))
        return Verdict(True, msg("a03.optimizer_judge.ok", summary=summary))

    return judge


_OPTIMIZER_CASES = {
    "defaults": [(("sgd",), {}), (("rmsprop",), {}), (("adagrad",), {}), (("adam",), {})],
    "learning_rate": [(("sgd", 0.1), {}), (("adam",), {"learning_rate": 0.01})],
    "hidden": [(("RMSprop", 0.005), {}), (("adagrad",), {"learning_rate": 0.2}), (("adam", 0.0003), {})],
}
for _kind, _cases in _OPTIMIZER_CASES.items():
    SUITE.add(Check(f"make_optimizer.{_kind}", "make_optimizer", "; ".join(_calls("make_optimizer", _cases)),
                    calls_probe("make_optimizer", _cases, describe_optimizer), _optimizer_judge(_cases)))


# -- mean_pred -------------------------------------------------------------------------------------

def _softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return (exp / exp.sum(axis=-1, keepdims=True)).astype(np.float32)


_rng = np.random.default_rng(303)
_MEAN_PRED_INPUTS = {
    # public: integer labels and softmax rows, as in the course; hidden: multi-label 0/1 rows and
    # sigmoid outputs, run inside a compiled TensorFlow graph as Keras runs metrics.
    "public": (np.array([9, 2, 1, 1], dtype=np.int64), _softmax(_rng.normal(size=(4, 10)))),
    "hidden": ((_rng.random((6, 3)) > 0.5).astype(np.float32),
               (1.0 / (1.0 + np.exp(-_rng.normal(size=(6, 3))))).astype(np.float32)),
}


def _mean_pred_probe(kind: str):
    def probe(module, context):
        import keras

        y_true, y_pred = (keras.ops.convert_to_tensor(a) for a in _MEAN_PRED_INPUTS[kind])
        function = module.mean_pred
        if kind == "hidden":
            import tensorflow as tf

            function = tf.function(lambda t, p: module.mean_pred(t, p), autograph=False)
        result = attempt(module, function, y_true, y_pred)
        if result.error:
            return {"error": result.error, "warnings": result.warnings}
        return {"value": _tensor_value(result.value), "warnings": result.warnings}

    return probe


def _mean_pred_judge(kind: str, call: str):
    y_true, y_pred = _MEAN_PRED_INPUTS[kind]

    def judge(got: dict, expected: dict) -> Verdict:
        if "error" in got:
            return failure(call, got["error"], got["warnings"])
        value, wanted = got["value"], float(plain(expected["value"]))
        if kind_of(value) != "array":
            return Verdict(False, msg("a03.mean_pred_judge.wrong_tensor", call=call,
                                      value=show(value), wanted=wanted))
        array = plain(value)
        if array is value or array.size == 0:
            return Verdict(False, msg("a03.mean_pred_judge.differs", call=call,
                                      value=show(value), wanted=wanted))
        if array.size == 1 and close(float(array.reshape(())), wanted):
            return Verdict(True, msg("a03.mean_pred_judge.ok", call=call,
                                     mean=float(array.reshape(()))))
        if array.shape == (y_pred.shape[0],) and close(float(array.mean()), wanted):
            return Verdict(True, msg("a03.mean_pred_judge.ok_per_sample", call=call, wanted=wanted))
        if array.size == 1 and close(float(array.reshape(())), float(y_true.mean())):
            return Verdict(False, msg("a03.mean_pred_judge.mean_of_y_true", call=call,
                                      mean=float(array.reshape(())),
                                      wanted=wanted))
        return Verdict(False, msg("a03.mean_pred_judge.not_one_number", call=call, value=show(value),
                                  wanted=wanted))

    return judge


for _kind, _text in (("public", msg("a03.call.softmax_batch", call="mean_pred(y_true, y_pred)", rows=4, classes=10)),
                     ("hidden", msg("a03.call.multilabel_batch_in_graph", call="mean_pred(y_true, y_pred)", rows=6))):
    SUITE.add(Check(f"mean_pred.{_kind}", "mean_pred", _text, _mean_pred_probe(_kind),
                    _mean_pred_judge(_kind, _text)))


# -- compile_classifier ------------------------------------------------------------------------------

# The small softmax models the probes compile: inputs, classes and the seed of weights and data.
_COMPILE_MODELS = {"public": (6, 4, 31), "hidden": (5, 3, 32)}
_compiled: dict[tuple[int, str], dict] = {}  # child-side memo: each model is compiled once per worker


def _compile_outcome(module, variant: str, stand_ins: tuple[str, ...] = ()) -> dict:
    if stand_ins:  # not memoised: kit/stand_ins.py learns from each run which stand-ins were used
        return _compile_and_evaluate(module, variant)
    key = (id(module), variant)
    if key not in _compiled:
        _compiled[key] = _compile_and_evaluate(module, variant)
    return _compiled[key]


def _compile_and_evaluate(module, variant: str) -> dict:
    import keras

    n_inputs, n_classes, seed = _COMPILE_MODELS[variant]
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(24, n_inputs)).astype(np.float32)
    y = rng.integers(0, n_classes, size=24).astype(np.int64)
    model = keras.Sequential([keras.Input(shape=(n_inputs,)), keras.layers.Dense(n_classes, activation="softmax")])
    model.layers[-1].set_weights([rng.normal(scale=0.7, size=(n_inputs, n_classes)).astype(np.float32),
                                  np.zeros(n_classes, dtype=np.float32)])
    result = attempt(module, module.compile_classifier, model)
    if result.error:
        return {"error": result.error, "warnings": result.warnings}
    outcome: dict[str, Any] = {"warnings": result.warnings,
                               "optimizer": describe_optimizer(getattr(model, "optimizer", None)),
                               "loss": describe_loss(getattr(model, "loss", None))}
    if _metrics_given_as_loss_weights(model):
        outcome["metrics_as_loss_weights"] = True
    evaluation = attempt(module, model.evaluate, x, y, batch_size=8, verbose=0, return_dict=True)
    if evaluation.error is None:
        outcome["results"] = _results(evaluation.value)
        return outcome
    # Something failed: measure the student's loss and metrics each on its own, so that a wrong
    # loss does not hide right metrics, nor the other way round.
    config = getattr(getattr(model, "_compile_config", None), "config", None) or {}
    for part, loss, metrics in (("loss", config.get("loss"), []),
                                ("metrics", "sparse_categorical_crossentropy", config.get("metrics"))):
        if loss is None:
            outcome[f"{part}_error"] = evaluation.error
            continue
        model.compile(optimizer=keras.optimizers.Adam(), loss=loss, metrics=metrics)
        alone = attempt(module, model.evaluate, x, y, batch_size=8, verbose=0, return_dict=True)
        if alone.error is None:
            outcome[f"{part}_results"] = _results(alone.value)
        else:
            outcome[f"{part}_error"] = alone.error
    return outcome


def _metrics_given_as_loss_weights(model) -> bool:
    """Keras 2's compile(optimizer, loss, metrics) positionally: in Keras 3 the third positional
    argument is loss_weights, so the metrics' names land there."""
    config = getattr(getattr(model, "_compile_config", None), "config", None) or {}
    weights = config.get("loss_weights")
    return isinstance(weights, (list, tuple)) and any(not isinstance(w, (int, float)) for w in weights)


def _results(values: Any) -> dict:
    if type(values) is not dict:
        return {}
    return {str(k): _number(v) for k, v in values.items()}


def _compiled_probe(variant: str):
    def probe(module, context):
        return _compile_outcome(module, variant, context.stand_ins)

    return probe


def _what(variant: str) -> Message:
    n_inputs, n_classes, _ = _COMPILE_MODELS[variant]
    return msg("a03.call.softmax_model", call="compile_classifier(model)", inputs=n_inputs, classes=n_classes)


def _judge_optimizer(what: str, got: dict, expected: dict) -> Verdict:
    problem = optimizer_problem(got["optimizer"], expected["optimizer"])
    if problem:
        return Verdict(False, msg("a03.optimizer.wrong_optimizer", what=what, problem=problem),
                       cause="compile_classifier: " + _optimizer_cause(problem))
    warned = decay_warning(got["warnings"])
    if warned:
        return Verdict(False, msg("a03.optimizer.warned", what=what, warned=repr(warned),
                                  decay_advice=DECAY_ADVICE))
    rate = got["optimizer"]["learning_rate"]
    return Verdict(True, msg("a03.optimizer.ok", what=what, rate=rate))


def _judge_loss(what: str, got: dict, expected: dict) -> Verdict:
    loss = got["loss"]
    value = (got.get("results") or got.get("loss_results") or {}).get("loss")
    wanted = expected["results"]["loss"]
    if close(value, wanted) and loss.get("kind") == "object" and loss.get("from_logits"):
        # Keras on TensorFlow reads the scores behind a softmax layer when told from_logits=True (it
        # warns "Was this intended?"), so the number is right here and wrong on other backends.
        return Verdict(False, msg("a03.loss.from_logits_same_value", what=what, loss_name=loss_name(loss), value=value,
                                  hint=msg("kit.compiling.compiled_loss_hint.from_logits_with_softmax")),
                       cause="compile_classifier: from_logits=True on softmax outputs")
    if close(value, wanted):
        return Verdict(True, msg("a03.loss.ok", what=what, loss_name=loss_name(loss), value=value))
    error = got.get("loss_error")
    if error:
        return Verdict(False, msg("a03.loss.raised", what=what, loss_name=loss_name(loss),
                                  error_text=error_text(error),
                                  compiled_loss_hint=compiled_loss_hint(loss, error)), detail=str(error),
                       cause=f"compile_classifier: the loss raised {error['type']}")
    return Verdict(False, msg("a03.loss.value_differs", what=what, loss_name=loss_name(loss), value=repr(value),
                              wanted=wanted,
                              compiled_loss_hint=compiled_loss_hint(loss, None)))


def _judge_metrics(what: str, got: dict, expected: dict) -> Verdict:
    results = got.get("results") or got.get("metrics_results")
    if results is None:
        error = got.get("metrics_error") or {"type": "an error", "message": ""}
        advice = error_advice(error) or msg("advice.fix_and_retry")
        return Verdict(False, msg("a03.metrics.raised", what=what, error_text=error_text(error),
                                  advice=advice), cause=f"compile_classifier: the metrics raised {error['type']}")
    wanted = expected["results"]
    accuracy_key = next((key for key in ACCURACY_KEYS if key in results), None)
    if accuracy_key is None and got.get("metrics_as_loss_weights"):
        return Verdict(False, msg("a03.metrics.positional_metrics", what=what, results=', '.join(sorted(results))),
                       cause="compile_classifier: metrics given as loss_weights")
    if accuracy_key is None:
        return Verdict(False, msg("a03.metrics.accuracy_missing", what=what,
                                  results=', '.join(sorted(results))))
    if not close(results[accuracy_key], wanted["accuracy"]):
        return Verdict(False, msg("a03.metrics.accuracy_differs", what=what,
                                  accuracy_key=repr(accuracy_key),
                                  results_accuracy_key=repr(results[accuracy_key]),
                                  wanted_accuracy=wanted['accuracy']))
    if "mean_pred" not in results:
        return Verdict(False, msg("a03.metrics.mean_pred_missing", what=what,
                                  results=', '.join(sorted(results))))
    if not close(results["mean_pred"], wanted["mean_pred"]):
        return Verdict(False, msg("a03.metrics.mean_pred_differs", what=what,
                                  results_mean_pred=repr(results['mean_pred']),
                                  wanted_mean_pred=wanted['mean_pred']))
    note = msg("a03.acc_note", note=accuracy_key_note(accuracy_key)) if accuracy_key != "accuracy" else ""
    return Verdict(True, msg("a03.metrics.ok", what=what, accuracy_key=accuracy_key, note=note),
                   data={"accuracy_key": accuracy_key})


def _compile_judge(variant: str, parts: tuple[Callable[[str, dict, dict], Verdict], ...]):
    what = _what(variant)

    def judge(got: dict, expected: dict) -> Verdict:
        if "error" in got:
            return failure(what, got["error"], got["warnings"])
        verdicts = [part(what, got, expected) for part in parts]
        failed = next((v for v in verdicts if not v.passed), None)
        if failed:
            return failed
        if len(verdicts) == 1:
            return verdicts[0]
        accuracy_key = (verdicts[-1].data or {}).get("accuracy_key", "accuracy")
        note = msg("a03.acc_note", note=accuracy_key_note(accuracy_key)) if accuracy_key != "accuracy" else ""
        return Verdict(True, msg("a03.compile_judge.ok", what=what,
                                 got_optimizer_learning_rate=got['optimizer']['learning_rate'],
                                 accuracy_key=accuracy_key, note=note))

    return judge


# -- stand-ins: compile_classifier is judged apart from the functions it calls ------------------------
# Made here from the docstrings' contract (never from the solution file): when the student's
# make_optimizer, choose_loss or mean_pred fails its own checks, compile_classifier is judged with
# these instead (kit/stand_ins.py), so that one mistake costs only its own function's points.

def _course_make_optimizer():
    import keras

    classes = {"sgd": keras.optimizers.SGD, "rmsprop": keras.optimizers.RMSprop,
               "adagrad": keras.optimizers.Adagrad, "adam": keras.optimizers.Adam}
    rates = {"sgd": 0.01, "rmsprop": 0.001, "adagrad": 0.01, "adam": 0.001}

    def make_optimizer(name, learning_rate=None):
        key = str(name).lower()
        return classes[key](learning_rate=rates[key] if learning_rate is None else learning_rate)

    return make_optimizer


def _course_choose_loss():
    def choose_loss(problem, integer_labels=True):
        if problem == "multiclass":
            return "sparse_categorical_crossentropy" if integer_labels else "categorical_crossentropy"
        return {"binary": "binary_crossentropy", "multilabel": "binary_crossentropy", "regression": "mse"}[problem]

    return choose_loss


def _course_mean_pred():
    import keras

    def mean_pred(y_true, y_pred):
        return keras.ops.mean(y_pred)

    return mean_pred


_COMPILE_STAND_INS = StandIns({"make_optimizer": _course_make_optimizer, "choose_loss": _course_choose_loss,
                               "mean_pred": _course_mean_pred})

# One probe function per model: the checks of one model share its compiled outcome and its run with
# stand-ins (kit/stand_ins.py), each computed once per worker. The hidden model shares nothing with the
# public one: when a core is free, it is compiled in a worker of its own (sandbox/groups.py).
_COMPILED_PROBES = {variant: _compiled_probe(variant) for variant in _COMPILE_MODELS}
for _check_id, _variant, _parts in (
        ("compile_classifier.optimizer", "public", (_judge_optimizer,)),
        ("compile_classifier.loss", "public", (_judge_loss,)),
        ("compile_classifier.metrics", "public", (_judge_metrics,)),
        ("compile_classifier.hidden", "hidden", (_judge_optimizer, _judge_loss, _judge_metrics))):
    SUITE.add(Check(_check_id, "compile_classifier", _what(_variant), _COMPILED_PROBES[_variant],
                    _compile_judge(_variant, _parts), stand_ins=_COMPILE_STAND_INS,
                    worker_group="hidden model" if _variant == "hidden" else ""))
