"""Checks of assignment 04_training (module ``training.py``).

``StopAtAccuracy`` is driven without training: a probe attaches a tiny real model with
``set_model``, calls ``on_epoch_end`` with chosen logs and reads ``model.stop_training`` back;
one more check trains the course's model with the callback and counts the epochs it ran.
``make_callbacks`` is judged from the settings of the exact Keras callback classes it returns.

Accuracy checks train the student's code and the reference the same way (the data subset, seed,
epochs and batch size of the assignment's ``training`` block in course.yml) and recompute the
validation accuracy from the trained model's predictions; the student passes within the margin.
``train.accuracy`` runs the student's ``train`` on a model the probe builds itself;
``pipeline.accuracy`` runs the student's whole workflow (``prepare_images``, ``build_model``,
``train``) on raw pixels, and names the likely cause when it falls short: a learning rate far too
large, an output layer without softmax, a regression loss, or unscaled pixels.

Missing monitor key (StopAtAccuracy's logs lack the watched value): the course asks for a warning
that names the key, and does not stop. A KeyError or ValueError naming the key, or a printed line
naming it, also passes; a TypeError from comparing None with a number, silence, or stopping fails.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from autograder.catalog import msg
from autograder.checks.kit.advice import ACCURACY_KEYS, accuracy_key_note, error_advice, error_text, failure
from autograder.checks.kit.calling import attempt
from autograder.checks.kit.challenge import add_challenge_checks
from autograder.checks.kit.compiling import (compiled_loss_hint, compiled_loss_key, describe_loss,
                                             describe_optimizer, loss_name, optimizer_problem)
from autograder.checks.kit.data import pixels  # pixel arrays holding 0 and 255, as in 01's checks
from autograder.checks.kit.base import Check, CheckSuite, Verdict
from autograder.checks.kit.judging import joined, joined_list, joined_with_and, kind_of, plain, quote, show
from autograder.checks.kit.model_judging import activation_words, compare_layers, compare_params, with_note
from autograder.checks.kit.stand_ins import StandIns
from autograder.describe import describe, type_name

SUITE = CheckSuite("04_training", "training", preload=("keras",))

STOP_THRESHOLD = 0.6  # reached in the second epoch on the synthetic data, sooner on the real one
STOP_MAX_EPOCHS = 5
STOP_SAMPLES = 2000  # the first images of the training subset
CHANCE = 0.10


# =================================================================================================
# Child side
# =================================================================================================

def _keras():
    import keras

    return keras


def _course_model():
    """The course's dense classifier, built and compiled by the grader (not by student code)."""
    keras = _keras()
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(100, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


_trained_course: dict[str, Any] = {}  # child-side: the one course model trained by this worker, and its first state


def _course_model_to_train(seed: int, x: Any, y: Any):
    """The course's model as a fresh one would be after ``seed_everything(seed)``, ready to train on
    ``x``, ``y``; the seeds are set again afterwards, so the training draws the same either way.

    The worker builds it once and puts it back to its first weights and optimizer state for each
    later training: fit keeps the step function it traced, which saves a trace per training (about
    half a second of CPU; 04 trains the course's model four times). A model that student code
    changed (compiled again, layers or trainable flags altered) is built afresh, as it always was.
    """
    from autograder.checks.kit.keras_probes import build_compiled_state, seed_everything

    seed_everything(seed)
    kept = _trained_course.get("model")
    if kept is not None and _as_first_built(kept):
        model = kept["model"]
        model.set_weights(kept["weights"])
        for variable, value in zip(model.optimizer.variables, kept["optimizer"]):
            variable.assign(value)
    else:
        model = _course_model()
        build_compiled_state(model, x, y)
        _trained_course["model"] = {
            "model": model, "optimizer_object": model.optimizer, "config": model.get_config(),
            "weights": model.get_weights(), "optimizer": [variable.numpy() for variable in model.optimizer.variables],
            "trainable": [layer.trainable for layer in model.layers]}
    seed_everything(seed)
    return model


def _as_first_built(kept: dict) -> bool:
    """Whether the kept course model still has the layers, flags, loss and optimizer it was built with."""
    model = kept["model"]
    try:
        return (model.optimizer is kept["optimizer_object"] and model.loss == "sparse_categorical_crossentropy"
                and len(model.optimizer.variables) == len(kept["optimizer"])
                and [layer.trainable for layer in model.layers] == kept["trainable"] and model.trainable
                and model.get_config() == kept["config"])
    except Exception:  # noqa: BLE001 - whatever student code did to it: build a new one
        return False


def _history(value: Any) -> dict:
    """Plain data from a History; anything else is described as what it is."""
    from autograder.checks.kit.keras_probes import history_summary

    if type(value) is not _keras().callbacks.History:
        return {"is_history": False, "value": describe(value)}
    return history_summary(value)


def _accuracy(module, model, x, y) -> tuple[float | None, dict | None]:
    """Validation accuracy recomputed from the model's own outputs (one direct call, no tracing)."""
    predicted = attempt(module, model, np.asarray(x, dtype=np.float32), training=False)
    if predicted.error:
        return None, predicted.error
    scores = np.asarray(_keras().ops.convert_to_numpy(predicted.value))
    if scores.ndim != 2 or scores.shape[0] != len(y):
        # The words are the judge's (a04.accuracy_judge.predictions_shape); the message is the cause's key.
        return None, {"type": "ValueError", "message": f"the model's predictions have shape {scores.shape}",
                      "predictions_shape": list(scores.shape)}
    return float(np.mean(np.argmax(scores, axis=-1) == np.asarray(y))), None


def _budget(context) -> dict:
    return context.settings["training"]


_HOOKS = ("on_epoch_end", "on_epoch_begin", "on_batch_end", "on_train_batch_end", "on_train_end")


# -- StopAtAccuracy driven with chosen logs -------------------------------------------------------

def _drive_probe(kwargs: dict, logs_list: list[dict]):
    def probe(module, context):
        keras = _keras()
        rows = []
        facts: dict[str, Any] = {}
        for logs in logs_list:
            made = attempt(module, module.StopAtAccuracy, **kwargs)
            if made.error:
                return {"error": made.error}
            callback = made.value
            kind = type(callback)
            facts = {"is_callback": issubclass(type(callback), keras.callbacks.Callback), "class": type_name(callback),
                     "overrides": [hook for hook in _HOOKS
                                   if getattr(kind, hook, None) is not getattr(keras.callbacks.Callback, hook)]}
            if not facts["is_callback"]:
                return facts
            model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
            callback.set_model(model)
            model.stop_training = False
            ended = attempt(module, callback.on_epoch_end, 0, dict(logs))
            rows.append({"stopped": model.stop_training is True,
                         "own_flag": vars(callback).get("stop_training") is True,
                         "error": ended.error, "warnings": ended.warnings, "printed": ended.printed[-500:]})
        threshold = kwargs.get("threshold", 0.9)
        return {**facts, "rows": rows, "stops_at_one": _stops_with(module, kwargs, logs_list, 1.0),
                "stops_just_above": _stops_with(module, kwargs, logs_list, threshold + 0.001)}

    return probe


def _stops_with(module, kwargs: dict, logs_list: list[dict], value: float) -> bool | None:
    """Evidence for a hint: whether the callback stops training when every score is ``value``
    (1.0: can it set the model's flag at all? just above the threshold: is only ``>=`` wrong?)."""
    keras = _keras()
    made = attempt(module, module.StopAtAccuracy, **kwargs)
    if made.error or not issubclass(type(made.value), keras.callbacks.Callback):
        return None
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    made.value.set_model(model)
    model.stop_training = False
    ended = attempt(module, made.value.on_epoch_end, 0, {key: value for logs in logs_list for key in logs})
    return None if ended.error else model.stop_training is True


def _call_text(kwargs: dict, logs: dict) -> str:
    arguments = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    return f"StopAtAccuracy({arguments}).on_epoch_end(0, logs={logs!r})"


def _not_a_callback(got: dict) -> Verdict | None:
    if "error" in got:
        return failure("StopAtAccuracy(...)", got["error"])
    if not got["is_callback"]:
        return Verdict(False, msg("a04.not_a_callback.wrong_class", got_class=got['class']))
    return None


def _stop_judge(kwargs: dict, logs_list: list[dict]):
    monitor = kwargs.get("monitor", "accuracy")
    threshold = kwargs.get("threshold", 0.9)

    def judge(got: dict, expected: dict) -> Verdict:
        verdict = _not_a_callback(got)
        if verdict:
            return verdict
        for logs, row, wanted in zip(logs_list, got["rows"], expected["rows"]):
            call = _call_text(kwargs, logs)
            if row["error"]:
                hint = ""
                if row["error"]["is_key_error"]:
                    hint = (msg("a04.stop_judge.read_monitor", logs=', '.join(sorted(logs)),
                                monitor=repr(monitor)))
                return Verdict(False, msg("a04.stop_judge.raised", call=call, error_text=error_text(row['error']),
                                          hint=hint))
            if row["stopped"] == wanted["stopped"]:
                continue
            value = logs.get(monitor)
            if wanted["stopped"]:
                if "on_epoch_end" not in got["overrides"]:
                    others = [hook for hook in got["overrides"] if hook != "on_epoch_end"]
                    found = msg("a04.stop_judge.defines_instead", others=', '.join(others)) if others else ""
                    why = (msg("a04.stop_judge.no_on_epoch_end", found=found))
                elif row["own_flag"]:
                    why = (msg("a04.stop_judge.flag_on_callback"))
                elif value == threshold and got.get("stops_just_above", True):
                    why = msg("a04.stop_judge.at_threshold", monitor=monitor, threshold=threshold)
                elif got.get("stops_at_one"):
                    why = (msg("a04.stop_judge.wrong_comparison", monitor=monitor, value=value,
                               threshold=threshold))
                else:
                    why = (msg("a04.stop_judge.rule", monitor=monitor, value=value,
                               threshold=threshold))
                return Verdict(False, msg("a04.stop_judge.did_not_stop", call=call, why=why))
            why = msg("a04.stop_judge.below_threshold", monitor=monitor, value=value, threshold=threshold)
            if monitor != "accuracy" and logs.get("accuracy", 0) >= threshold:
                why += msg("a04.stop_judge.watch_monitor", monitor=repr(monitor))
            elif threshold != 0.9:
                why += msg("a04.stop_judge.fixed_threshold")
            return Verdict(False, msg("a04.stop_judge.stopped_below_threshold", call=call, why=why))
        outcome = joined_list([msg("a04.stop_judge.outcome_stop", value=logs.get(monitor)) if row["stopped"]
                               else msg("a04.stop_judge.outcome_go_on", value=logs.get(monitor))
                               for logs, row in zip(logs_list, got["rows"])])
        arguments = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
        return Verdict(True, msg("a04.stop_judge.ok", arguments=arguments,
                                 monitor=repr(monitor), outcome=outcome))

    return judge


_STOP_SCENARIOS = {
    "below": ({}, [{"loss": 0.3127, "accuracy": 0.8999}, {"loss": 0.9013, "accuracy": 0.5}]),
    "reached": ({}, [{"loss": 0.2871, "accuracy": 0.9}, {"loss": 0.2504, "accuracy": 0.9517}]),
    "custom": ({"threshold": 0.75, "monitor": "val_accuracy"},
               [{"loss": 0.21, "accuracy": 0.95, "val_loss": 0.71, "val_accuracy": 0.7499},
                {"loss": 0.93, "accuracy": 0.6, "val_loss": 0.68, "val_accuracy": 0.75}]),
}
for _name, (_kwargs, _logs) in _STOP_SCENARIOS.items():
    SUITE.add(Check(f"stop_at_accuracy.{_name}", "StopAtAccuracy",
                    "; ".join(_call_text(_kwargs, logs) for logs in _logs),
                    _drive_probe(_kwargs, _logs), _stop_judge(_kwargs, _logs)))


# -- a missing monitor key ------------------------------------------------------------------------

_MISSING_LOGS = {"loss": 0.2432, "acc": 0.9105, "val_loss": 0.3318, "val_acc": 0.8842}


def _judge_missing_key(got: dict, expected: dict) -> Verdict:
    verdict = _not_a_callback(got)
    if verdict:
        return verdict
    row = got["rows"][0]
    call = _call_text({}, _MISSING_LOGS)
    why_acc = (msg("a04.missing_key.acc_logs"))
    if row["stopped"]:
        return Verdict(False, msg("a04.missing_key.stopped", call=call, why_acc=why_acc))
    error = row["error"]
    if error and (error["is_key_error"] or error["is_value_error"]) and "accuracy" in error["message"]:
        return Verdict(True, msg("a04.missing_key.raised_naming_key", call=call, error_type=error['type']))
    if error:
        cause = ""
        if "NoneType" in error["message"]:
            cause = (msg("a04.missing_key.none_compared"))
        return Verdict(False, msg("a04.missing_key.raised", call=call, error_text=error_text(error),
                                  cause=cause, why_acc=why_acc))
    said = [text for text in row["warnings"] if "accuracy" in text] or (
        [row["printed"]] if "accuracy" in row["printed"] else [])
    if said:
        return Verdict(True, msg("a04.missing_key.ok", call=call, said_0=quote(said[0])))
    return Verdict(False, msg("a04.missing_key.silent", call=call, why_acc=why_acc))


SUITE.add(Check("stop_at_accuracy.missing_key", "StopAtAccuracy", _call_text({}, _MISSING_LOGS),
                _drive_probe({}, [_MISSING_LOGS]), _judge_missing_key))


# -- StopAtAccuracy in a real training -------------------------------------------------------------

def _stop_training_probe(module, context):
    from autograder.checks.kit.keras_probes import grading_data, seed_everything

    budget = _budget(context)
    data = grading_data(context.settings)
    model = _course_model_to_train(budget["seed"], data["x_train"], data["y_train"])
    made = attempt(module, module.StopAtAccuracy, threshold=STOP_THRESHOLD)
    if made.error:
        return {"error": made.error}
    seed_everything(budget["seed"])
    fitted = attempt(module, model.fit, data["x_train"][:STOP_SAMPLES], data["y_train"][:STOP_SAMPLES],
                     epochs=STOP_MAX_EPOCHS,
                     batch_size=budget["batch_size"], callbacks=[made.value], verbose=0)
    if fitted.error:
        return {"error": fitted.error}
    history = fitted.value.history
    return {"epochs_run": len(fitted.value.epoch), "accuracy": [float(v) for v in history.get("accuracy", [])]}


def _judge_stop_training(got: dict, expected: dict) -> Verdict:
    what = msg("a04.call.on_course_model",
               call=f"fit(..., epochs={STOP_MAX_EPOCHS}, callbacks=[StopAtAccuracy(threshold={STOP_THRESHOLD})])")
    if "error" in got:
        return failure(what, got["error"])
    ran, wanted = got["epochs_run"], expected["epochs_run"]
    curve = ", ".join(f"{v:.4f}" for v in got["accuracy"])
    if ran == wanted:
        return Verdict(True, msg("a04.stop_training.ok", what=what, ran=ran, curve=curve,
                                 stop_threshold=STOP_THRESHOLD),
                       data={"curves": {"accuracy": got["accuracy"]}})
    if ran > wanted:
        first = next((i + 1 for i, v in enumerate(got["accuracy"]) if v >= STOP_THRESHOLD), None)
        when = msg("a04.stop_training.although_reached", stop_threshold=STOP_THRESHOLD, first=first) if first else ""
        return Verdict(False, msg("a04.stop_training.stopped_late", what=what, ran=ran, when=when,
                                  curve=curve, wanted=wanted))
    return Verdict(False, msg("a04.stop_training.stopped_early", what=what, ran=ran, curve=curve,
                              wanted=wanted, stop_threshold=STOP_THRESHOLD))


SUITE.add(Check("stop_at_accuracy.training", "StopAtAccuracy",
                f"fit(..., callbacks=[StopAtAccuracy(threshold={STOP_THRESHOLD})])",
                _stop_training_probe, _judge_stop_training))


# -- make_callbacks ----------------------------------------------------------------------------------

def _describe_callbacks(value: Any, given_path: str) -> dict:
    keras = _keras()
    if type(value) not in (list, tuple):
        return {"is_list": False, "value": describe(value)}
    items = []
    for callback in value:
        kind = type(callback)
        if kind is keras.callbacks.ModelCheckpoint:
            path = str(callback.filepath)
            items.append({"class": "ModelCheckpoint", "path_is_given": path == given_path,
                          "path_name": os.path.basename(path), "monitor": callback.monitor, "mode": callback.mode,
                          "save_best_only": bool(callback.save_best_only),
                          "save_weights_only": bool(callback.save_weights_only)})
        elif kind is keras.callbacks.EarlyStopping:
            items.append({"class": "EarlyStopping", "monitor": callback.monitor, "mode": callback.mode,
                          "patience": int(callback.patience),
                          "restore_best_weights": bool(callback.restore_best_weights)})
        else:
            items.append({"class": type_name(callback), "is_callback": issubclass(type(callback), keras.callbacks.Callback)})
    return {"is_list": True, "type": type(value).__name__, "items": items}


def _callbacks_probe(parts: tuple[str, ...], kwargs: dict):
    def probe(module, context):
        path = os.path.join(context.scratch, *parts)
        made = attempt(module, module.make_callbacks, path, **kwargs)
        if made.error:
            return {"error": made.error, "warnings": made.warnings}
        return {"value": _describe_callbacks(made.value, path), "warnings": made.warnings}

    return probe


def _callbacks_call(parts: tuple[str, ...], kwargs: dict) -> str:
    extra = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    return f"make_callbacks({'/'.join(parts)!r}{extra})"


def _listing(got: dict) -> Verdict | list[dict]:
    """The described callbacks, or the verdict when there is no list of them."""
    value = got["value"]
    if not value["is_list"]:
        return Verdict(False, msg("a04.listing.not_a_list", value_value=show(value['value'])))
    return value["items"]


def _one(items: list[dict], name: str) -> dict | None:
    found = [item for item in items if item["class"] == name]
    return found[0] if len(found) == 1 else None


def _checkpoint_problems(item: dict | None) -> list[str]:
    if item is None:
        return [msg("a04.checkpoint_problems.missing")]
    problems = []
    if not item["path_is_given"]:
        text = msg("a04.checkpoint_problems.wrong_path", item_path_name=repr(item['path_name']))
        if item["path_name"].endswith(".h5"):
            text += (msg("a04.checkpoint_problems.h5_path"))
        problems.append(text)
    if item["save_weights_only"]:
        problems.append(msg("a04.checkpoint_problems.weights_only"))
    if item["monitor"] != "val_accuracy":
        text = msg("a04.checkpoint_problems.wrong_monitor",
                   item_monitor=repr(item['monitor']))
        if item["monitor"] == "val_acc":
            text += msg("a04.checkpoint_problems.acc_key_name")
        elif not item["monitor"].startswith("val_"):
            text += msg("a04.checkpoint_problems.best_on_validation")
        problems.append(text)
    elif item["mode"] not in ("max", "auto"):
        problems.append(msg("a04.checkpoint_problems.wrong_mode", item_mode=repr(item['mode'])))
    if not item["save_best_only"]:
        problems.append(msg("a04.checkpoint_problems.not_best_only"))
    return problems


def _early_stopping_problems(item: dict | None, patience: int) -> list[str]:
    if item is None:
        return [msg("a04.early_stopping_problems.missing")]
    problems = []
    if item["patience"] != patience:
        problems.append(msg("a04.early_stopping_problems.wrong_patience",
                            item_patience=item['patience'], patience=patience))
    if not item["restore_best_weights"]:
        problems.append(msg("a04.early_stopping_problems.no_restore"))
    allowed = {"val_accuracy": ("max", "auto")}
    if item["monitor"] == "val_loss":
        problems.append(msg("a04.early_stopping_problems.val_loss"))
    elif item["monitor"] not in allowed:
        problems.append(msg("a04.early_stopping_problems.wrong_monitor",
                            item_monitor=repr(item['monitor'])))
    elif item["mode"] not in allowed[item["monitor"]]:
        problems.append(msg("a04.early_stopping_problems.wrong_mode",
                            item_monitor=repr(item['monitor']),
                            item_mode=repr(item['mode'])))
    return problems


def _callbacks_judge(parts: tuple[str, ...], kwargs: dict, aspects: tuple[str, ...]):
    call = _callbacks_call(parts, kwargs)
    patience = kwargs.get("patience", 3)

    def judge(got: dict, expected: dict) -> Verdict:
        if "error" in got:
            return failure(call, got["error"], got["warnings"])
        items = _listing(got)
        if isinstance(items, Verdict):
            return Verdict(False, msg("a04.callbacks_judge.listing", call=call, problem=items.message))
        names = [item["class"] for item in items]
        problems = []
        if "types" in aspects and sorted(names) != ["EarlyStopping", "ModelCheckpoint"]:
            problems.append(msg("a04.callbacks_judge.wrong_callbacks", names=', '.join(names)))
        shown = [item for item in items if "types" in aspects or item["class"] in
                 {"checkpoint": "ModelCheckpoint", "early_stopping": "EarlyStopping"}.get(aspects[0], "")]
        if "checkpoint" in aspects:
            problems += _checkpoint_problems(_one(items, "ModelCheckpoint"))
        if "early_stopping" in aspects:
            problems += _early_stopping_problems(_one(items, "EarlyStopping"), patience)
        if problems:
            return Verdict(False, msg("a04.callbacks_judge.problems", call=call, problems=joined(
                problems, lambda first, then: msg("a04.callbacks_judge.also", first=first, then=then))))
        if aspects == ("types",):
            return Verdict(True, msg("a04.callbacks_judge.ok_types", call=call))
        # mode="auto" for val_accuracy is harmless (Keras reads "acc" as higher is better): accepted,
        # with a note, the course's one rule for habits that still run (docs/checks.md)
        auto = [item["class"] for item in shown if item.get("mode") == "auto"]
        note = msg("a04.callbacks_judge.mode_auto_note", names=joined_with_and(auto)) if auto else ""
        return Verdict(True, msg("a04.callbacks_judge.ok", call=call,
                                 summaries=joined_with_and([_summary(item) for item in shown]), note=note))

    return judge


def _summary(item: dict) -> str:
    if item["class"] == "ModelCheckpoint":
        return (f"ModelCheckpoint(monitor={item['monitor']!r}, mode={item['mode']!r}, "
                f"save_best_only={item['save_best_only']})")
    if item["class"] == "EarlyStopping":
        return (f"EarlyStopping(monitor={item['monitor']!r}, patience={item['patience']}, "
                f"restore_best_weights={item['restore_best_weights']})")
    return item["class"]


for _check_id, _parts, _kwargs, _aspects in (
        ("make_callbacks.types", ("best.keras",), {}, ("types",)),
        ("make_callbacks.checkpoint", ("best.keras",), {}, ("checkpoint",)),
        ("make_callbacks.early_stopping", ("best.keras",), {}, ("early_stopping",)),
        ("make_callbacks.hidden", ("run_2", "second.keras"), {"patience": 5},
         ("types", "checkpoint", "early_stopping"))):
    SUITE.add(Check(_check_id, "make_callbacks", _callbacks_call(_parts, _kwargs),
                    _callbacks_probe(_parts, _kwargs), _callbacks_judge(_parts, _kwargs, _aspects)))


def _judge_h5_path(got: dict, expected: dict) -> Verdict:
    call = _callbacks_call(("best_model.h5",), {})
    if "error" not in got:
        return Verdict(False, msg("a04.h5_path.no_error", call=call))
    error = got["error"]
    if not error["is_value_error"]:
        return Verdict(False, msg("a04.h5_path.wrong_error", call=call,
                                  error_text=error_text(error)))
    if ".keras" not in error["message"]:
        return Verdict(False, msg("a04.h5_path.unclear_message", call=call,
                                  error_message=repr(error['message'])))
    return Verdict(True, msg("a04.h5_path.ok", call=call,
                             error_message=quote(error['message'])))


SUITE.add(Check("make_callbacks.h5_path", "make_callbacks", _callbacks_call(("best_model.h5",), {}),
                _callbacks_probe(("best_model.h5",), {}), _judge_h5_path))


# -- prepare_images -------------------------------------------------------------------------------

def _prepare_probe(pixels: np.ndarray):
    def probe(module, context):
        given = pixels.copy()
        made = attempt(module, module.prepare_images, given)
        if made.error:
            return {"error": made.error}
        return {"result": describe(made.value), "input_changed": not np.array_equal(given, pixels)}

    return probe


def _prepare_judge(call: str):
    def judge(got: dict, expected: dict) -> Verdict:
        if "error" in got:
            return failure(call, got["error"])
        result, reference = got["result"], expected["result"]
        if got["input_changed"]:
            return Verdict(False, msg("a04.prepare_judge.changed_input", call=call))
        if kind_of(result) != "array":
            return Verdict(False, msg("a04.prepare_judge.not_an_array", call=call,
                                      result=show(result)))
        if result["shape"] != reference["shape"]:
            return Verdict(False, msg("a04.prepare_judge.wrong_shape", call=call,
                                      result_shape=tuple(result['shape']),
                                      reference_shape=tuple(reference['shape'])))
        if result.get("max", 0) > 1.0:
            return Verdict(False, msg("a04.prepare_judge.not_scaled", call=call,
                                      result_max=result['max']))
        if result["dtype"] != reference["dtype"]:
            return Verdict(False, msg("a04.prepare_judge.wrong_dtype", call=call,
                                      result_dtype=result['dtype']))
        if not np.allclose(plain(result), plain(reference), rtol=1e-6, atol=1e-7):
            return Verdict(False, msg("a04.prepare_judge.wrong_values", call=call,
                                      max_result=result.get('max')))
        return Verdict(True, msg("a04.prepare_judge.ok", call=call, result=show(result)))

    return judge


for _check_id, _in in (("prepare_images.public", pixels((2, 28, 28), np.uint8, 4)),
                       ("prepare_images.hidden", pixels((3, 5, 4), np.int64, 5))):
    _text = f"prepare_images(<array shape={_in.shape} dtype={_in.dtype}>)"
    SUITE.add(Check(_check_id, "prepare_images", _text, _prepare_probe(_in), _prepare_judge(_text)))


# -- build_model ----------------------------------------------------------------------------------

def _build_probe(module, context):
    from autograder.checks.kit.keras_probes import build_compiled_state, describe_model, seed_everything

    keras = _keras()
    seed_everything(0)
    built = attempt(module, module.build_model)
    if built.error:
        return {"error": built.error, "warnings": built.warnings}
    model = built.value
    out: dict[str, Any] = {"model": describe_model(model), "warnings": built.warnings}
    if not issubclass(type(model), keras.Model):
        return out
    out["optimizer"] = describe_optimizer(getattr(model, "optimizer", None))
    out["loss"] = describe_loss(getattr(model, "loss", None))
    zeros, labels = np.zeros((4, 28, 28), np.float32), np.arange(4)
    attempt(module, build_compiled_state, model, zeros, labels)  # evaluate's step traced once, not twice
    evaluated = attempt(module, model.evaluate, zeros, labels, verbose=0, return_dict=True)
    if evaluated.error:
        out["evaluate_error"] = evaluated.error
    elif type(evaluated.value) is dict:
        out["keys"] = sorted(str(key) for key in evaluated.value)
    return out


def _judge_build(got: dict, expected: dict) -> Verdict:
    what = "build_model()"
    if "error" in got:
        return failure(what, got["error"], got["warnings"])
    for compare in (compare_layers, compare_params):
        verdict = compare(got["model"], expected["model"], what=what)
        if not verdict.passed:
            return verdict
    problem = optimizer_problem(got["optimizer"], expected["optimizer"])
    if problem:
        return Verdict(False, msg("a04.build.wrong_optimizer", what=what, problem=problem))
    if compiled_loss_key(got["loss"]) != "sparse_categorical_crossentropy":
        return Verdict(False, msg("a04.build.wrong_loss", what=what, loss_name=loss_name(got['loss']),
                                  compiled_loss_hint=compiled_loss_hint(got['loss'], None)))
    if "evaluate_error" in got:
        return failure(msg("a04.build.then_evaluate", what=what), got["evaluate_error"])
    keys, wanted = got["keys"], expected["keys"]
    note = ""
    short = next((key for key in ACCURACY_KEYS[1:] if key in keys), None)
    if keys != wanted and short and sorted("accuracy" if key == short else key for key in keys) == wanted:
        # the course's one rule for "acc" (and an accuracy object without name=): it computes
        # accuracy; say what it changes
        note = msg("a04.acc_note", note=accuracy_key_note(short))
        keys = wanted
    if keys != wanted:
        hint = ""
        if "acc" in keys:
            hint = (msg("a04.build.acc_metric"))
        elif "accuracy" not in keys:
            hint = msg("a04.build.add_accuracy")
        return Verdict(False, msg("a04.build.wrong_metrics", what=what, keys=keys, wanted=wanted,
                                  hint=hint))
    # Keras 2's input_shape= on a layer: harmless, accepted with the course's note (docs/checks.md)
    habits = ["input_shape"] if any("input_shape" in text or "input_dim" in text for text in got["warnings"]) else []
    return with_note(Verdict(True, msg("a04.build.ok", what=what, note=note)), {"habits": habits})


SUITE.add(Check("build_model.public", "build_model", "build_model()", _build_probe, _judge_build))


# -- train: History, epochs, validation, callbacks --------------------------------------------------

def _recorder(stop_after: int | None = None):
    """A grader-owned callback that counts the epochs fit reports, and may stop training."""
    keras = _keras()

    class Recorder(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.ends = 0

        def on_epoch_end(self, epoch, logs=None):
            self.ends += 1
            if stop_after is not None and epoch + 1 >= stop_after:
                self.model.stop_training = True

    return Recorder()


_runs: dict[tuple[int, str], dict] = {}  # child-side memo: one training serves several checks


def _course_run(module, context) -> dict:
    """The student's train() on the grader's model and scaled images, with the course's budget.

    A grader-owned callback goes along, so the same run shows whether train passes callbacks on.
    """
    key = (id(module), "course")
    if key in _runs:
        return _runs[key]
    from autograder.checks.kit.keras_probes import grading_data

    budget = _budget(context)
    data = grading_data(context.settings)
    recorder = _recorder()
    model = _course_model_to_train(budget["seed"], data["x_train"], data["y_train"])
    trained = attempt(module, module.train, model, data["x_train"], data["y_train"], data["x_valid"],
                      data["y_valid"], budget["epochs"], callbacks=[recorder])
    out = {"margin": budget["margin"], "epochs": budget["epochs"], "source": data["source"]}
    if trained.error:
        out.update(error=trained.error, warnings=trained.warnings)
    else:
        accuracy, error = _accuracy(module, model, data["x_valid"], data["y_valid"])
        out.update(history=_history(trained.value), callback_epochs=recorder.ends, val_accuracy=accuracy,
                   predict_error=error, valid_loss=_valid_loss(model, data["x_valid"], data["y_valid"]))
    _runs[key] = out
    return out


SMALL_STOP, SMALL_EPOCHS, SHORT_EPOCHS = 3, 4, 2  # train.hidden: the callback cuts 4 epochs to 3, not 2
EPOCHS_IGNORED = "train: more epochs than given"  # a cause (kit/causes.py): train.hidden points at train.history


def _small_run_probe(module, context):
    """The student's train() on 384 images, with a callback that stops after epoch 3: for up to 4
    epochs (the callback must stop it), then for 2 (the callback never fires: epochs must)."""
    from autograder.checks.kit.keras_probes import grading_data

    data = grading_data(context.settings)
    runs = []
    for epochs in (SMALL_EPOCHS, SHORT_EPOCHS):
        recorder = _recorder(stop_after=SMALL_STOP)
        model = _course_model_to_train(_budget(context)["seed"], data["x_train"], data["y_train"])
        trained = attempt(module, module.train, model, data["x_train"][:384], data["y_train"][:384],
                          data["x_valid"][:128], data["y_valid"][:128], epochs, callbacks=[recorder])
        if trained.error:
            return {"error": trained.error, "warnings": trained.warnings}
        runs.append({"history": _history(trained.value), "callback_epochs": recorder.ends,
                     "valid_loss": _valid_loss(model, data["x_valid"][:128], data["y_valid"][:128])})
    return {**runs[0], "short": runs[1]}


def _valid_loss(model, x_valid, y_valid) -> float | None:
    """The trained model's loss on the validation images train was given (the History's last val_loss
    is this number when fit measured on them; not when it used validation_split or other data)."""
    try:
        return float(model.evaluate(x_valid, y_valid, verbose=0, return_dict=True)["loss"])
    except Exception:  # noqa: BLE001 - the grader's own model: nothing to report if this fails
        return None


def _validation_problem(got: dict) -> str | None:
    """Whether the History's validation results were measured on (x_valid, y_valid)."""
    measured, logged = got.get("valid_loss"), (got["history"]["history"].get("val_loss") or [None])[-1]
    # Measured on the same images with the same weights, the two agree to float32 rounding (about 1e-6);
    # a split of the training images (validation_split) can come within 1e-3 on data like the stand-in's.
    if measured is None or logged is None or abs(measured - logged) <= 1e-4 * max(1.0, abs(measured)):
        return None
    return (msg("a04.validation_problem.val_loss_differs", logged=logged, measured=measured))


def _history_problem(got: dict, expected: dict) -> str | None:
    returned = got["history"]
    if not returned["is_history"]:
        value = returned["value"]
        if kind_of(value) == "dict":
            return (msg("a04.history_problem.dict"))
        if kind_of(value) == "none":
            return msg("a04.history_problem.none")
        return msg("a04.history_problem.not_a_history", value=show(value))
    keys, wanted = sorted(returned["history"]), sorted(expected["history"]["history"])
    if keys != wanted:
        missing = [key for key in wanted if key not in keys]
        text = msg("a04.history_problem.wrong_keys", keys=keys, wanted=wanted)
        if "acc" in keys or "val_acc" in keys:
            text += (msg("a04.history_problem.acc_key"))
        elif any(key.startswith("val_") for key in missing):
            text += msg("a04.history_problem.no_validation")
        return text
    return None


def _train_judge(call: str):
    def judge(got: dict, expected: dict) -> Verdict:
        if "error" in got:
            return failure(call, got["error"], got["warnings"])
        problem = _history_problem(got, expected) or _validation_problem(got)
        if problem:
            return Verdict(False, msg("a04.train_judge.problem", call=call, problem=problem))
        if got["callback_epochs"] == 0:
            return Verdict(False, msg("a04.train_judge.callbacks_unused", call=call))
        ran, wanted = got["history"]["epochs"], expected["history"]["epochs"]
        if ran != wanted:
            return Verdict(False, msg("a04.train_judge.wrong_epochs", call=call, ran=ran,
                                      wanted=wanted), cause=EPOCHS_IGNORED if len(ran) > len(wanted) else "")
        short, wanted_short = got.get("short"), expected.get("short")
        if short and wanted_short and short["history"].get("is_history") \
                and short["history"]["epochs"] != wanted_short["history"]["epochs"]:
            # a fixed fit(..., epochs=10) hides behind a callback that stops at 3; with epochs=2 it shows
            return Verdict(False, msg("a04.train_judge.epochs_ignored", asked=SHORT_EPOCHS,
                                      ran=len(short["history"]["epochs"]), stop=SMALL_STOP), cause=EPOCHS_IGNORED)
        keys = ", ".join(sorted(got["history"]["history"]))
        return Verdict(True, msg("a04.train_judge.ok", call=call, keys=keys, n_ran=len(ran)))

    return judge


for _check_id, _text, _probe in (
        ("train.history", msg("a04.call.training_budget",
                              call="train(model, x_train, y_train, x_valid, y_valid, epochs, callbacks=[...])"),
         _course_run),
        ("train.hidden", msg("a04.call.stopping_callback_and_fewer_epochs", count=384, epoch=SMALL_STOP,
                             short=SHORT_EPOCHS,
                             call=f"train(model, x_train, y_train, x_valid, y_valid, epochs={SMALL_EPOCHS}, "
                                  "callbacks=[...])"),
         _small_run_probe)):
    SUITE.add(Check(_check_id, "train", _text, _probe, _train_judge(_text)))


# -- accuracy, trained like the reference ----------------------------------------------------------

def _pipeline_probe(module, context):
    """The student's prepare_images, build_model and train on raw pixels, with the course's budget."""
    from autograder.checks.kit.keras_probes import build_compiled_state, describe_model, grading_data, seed_everything

    budget = _budget(context)
    data = grading_data(context.settings, normalize=False)
    out: dict[str, Any] = {"margin": budget["margin"], "epochs": budget["epochs"], "source": data["source"]}
    prepared = []
    for x in (data["x_train"], data["x_valid"]):
        made = attempt(module, module.prepare_images, x.copy())
        if made.error:
            return {**out, "error": made.error, "step": "prepare_images"}
        prepared.append(made.value)
    sample = np.asarray(prepared[0])
    out["pixels"] = {"dtype": str(sample.dtype),
                     "max": float(sample.max()) if sample.dtype.kind in "biuf" and sample.size else None}
    seed_everything(budget["seed"])
    built = attempt(module, module.build_model)
    if built.error:
        return {**out, "error": built.error, "step": "build_model", "warnings": built.warnings}
    model = built.value
    out["model"] = describe_model(model)
    if not out["model"]["is_model"]:
        return out
    out["optimizer"] = describe_optimizer(getattr(model, "optimizer", None))
    out["loss"] = describe_loss(getattr(model, "loss", None))
    attempt(module, build_compiled_state, model, prepared[0], data["y_train"])  # the student's model: guarded
    seed_everything(budget["seed"])
    trained = attempt(module, module.train, model, prepared[0], data["y_train"], prepared[1], data["y_valid"],
                      budget["epochs"])
    if trained.error:
        return {**out, "error": trained.error, "step": "train", "warnings": trained.warnings}
    out["history"] = _history(trained.value)
    out["val_accuracy"], out["predict_error"] = _accuracy(module, model, prepared[1], data["y_valid"])
    return out


def _curves(got: dict, expected: dict) -> dict | None:
    history, reference = got.get("history") or {}, expected.get("history") or {}
    if not history.get("is_history"):
        return None
    curves = {key: values for key, values in history["history"].items() if "acc" in key and values}
    for key in ("val_accuracy",):
        if reference.get("is_history") and reference["history"].get(key):
            curves[f"reference {key}"] = reference["history"][key]
    return {"curves": curves} if curves else None


def _losses(got: dict) -> list[float]:
    history = got.get("history") or {}
    return (history.get("history") or {}).get("loss") or [] if history.get("is_history") else []


def _pipeline_causes(got: dict) -> list[str]:
    """What the grader can see that explains a low accuracy, most likely first."""
    causes = []
    losses = _losses(got)
    optimizer = got.get("optimizer") or {}
    rate = optimizer.get("learning_rate")
    nan = any(value != value for value in losses)  # NaN is the only value unequal to itself
    if rate is not None and rate >= 0.5:
        exploded = msg("a04.pipeline_causes.exploded_nan") if nan else (msg("a04.pipeline_causes.exploded_first_loss",
                                                             losses_0=losses[0])
                                                         if losses else "")
        causes.append(msg("a04.pipeline_causes.learning_rate", rate=rate, exploded=exploded))
    elif nan:
        causes.append(msg("a04.pipeline_causes.nan_loss"))
    layers = (got.get("model") or {}).get("layers") or []
    if layers:
        activation = layers[-1]["settings"].get("activation")
        if activation != "softmax":
            causes.append(msg("a04.pipeline_causes.output_activation",
                              written=activation_words(activation, layers[-1].get("activation_written"))))
    loss = got.get("loss")
    if loss and compiled_loss_key(loss) != "sparse_categorical_crossentropy":
        causes.append(msg("a04.pipeline_causes.loss", loss_name=loss_name(loss),
                          compiled_loss_hint=compiled_loss_hint(loss, None)))
    pixels = got.get("pixels") or {}
    if pixels.get("max") is not None and pixels["max"] > 1.5:
        causes.append(msg("a04.pipeline_causes.unscaled_pixels", pixels_max=pixels['max']))
    return causes


def _accuracy_judge(what: str, pipeline: bool):
    def judge(got: dict, expected: dict) -> Verdict:
        wanted, margin = expected["val_accuracy"], expected["margin"]
        floor = wanted - margin
        causes = _pipeline_causes(got) if pipeline else []
        if "error" in got:
            step = msg("a04.accuracy_judge.in_step", got_step=got['step']) if got.get("step") else ""
            advice = error_advice(got["error"], got.get("warnings", []))
            extra = causes[0] if causes else advice or msg("advice.fix_and_retry")
            return Verdict(False, msg("a04.accuracy_judge.raised", what=what, step=step,
                                      error_text=error_text(got['error']),
                                      extra=extra))
        model = got.get("model")
        if model and not model["is_model"]:
            return Verdict(False, msg("a04.accuracy_judge.not_a_model", what=what,
                                      model_value=show(model['value'])))
        if got.get("predict_error") or got.get("val_accuracy") is None:
            error = got.get("predict_error") or {"type": msg("a04.accuracy_judge.an_error"),
                                                 "message": msg("a04.accuracy_judge.no_predictions")}
            if "predictions_shape" in error:
                error = {**error, "message": msg("a04.accuracy_judge.predictions_shape",
                                                 shape=tuple(error["predictions_shape"]))}
            return failure(msg("a04.accuracy_judge.then_predict", what=what), error)
        accuracy = got["val_accuracy"]
        history = got.get("history") or {}
        ran = len(history.get("epochs") or []) if history.get("is_history") else got["epochs"]
        numbers = (msg("a04.accuracy_judge.numbers", accuracy=accuracy,
                       got_epochs=got['epochs'], wanted=wanted, floor=floor) if ran == got["epochs"]
                   else msg("a04.accuracy_judge.numbers_other_epochs", accuracy=accuracy, ran=ran,
                            given=got["epochs"], wanted=wanted, floor=floor))
        data = _curves(got, expected)
        if accuracy >= floor:
            return Verdict(True, msg("a04.accuracy_judge.ok", what=what, numbers=numbers), data=data)
        near_chance = msg("a04.accuracy_judge.near_chance") if accuracy < CHANCE + 0.05 else ""
        if causes:
            advice = msg("a04.accuracy_judge.likely_cause", causes=joined(
                causes, lambda first, then: msg("a04.accuracy_judge.also", first=first, then=then)))
        elif pipeline:
            advice = msg("a04.accuracy_judge.compare_each_step")
        else:
            if history.get("is_history") and ran < got["epochs"]:
                advice = msg("a04.accuracy_judge.too_few_epochs", ran=ran)
            else:
                advice = (msg("a04.accuracy_judge.fit_as_given"))
        return Verdict(False, msg("a04.accuracy_judge.below_pass_mark", what=what, numbers=numbers,
                                  near_chance=near_chance, advice=advice), data=data,
                       detail=f"data: {expected.get('source')}")

    return judge


SUITE.add(Check("train.accuracy", "train", msg("a04.call.grader_model", call="train(model, ...)"),
                _course_run,
                _accuracy_judge(msg("a04.call.course_model",
                                    call="train(model, x_train, y_train, x_valid, y_valid, epochs)"), False)))


# The pipeline check grades train (its target) on the student's whole workflow. When the student's
# prepare_images or build_model fails its own checks, it is judged with these course-made versions
# instead (kit/stand_ins.py; made here from the docstrings, never from the solution file). The second
# run trains a network, so the worker makes it only when the student's functions differ from these.
def _course_prepare_images():
    def prepare_images(x):
        return np.asarray(x, dtype=np.float32) / np.float32(255.0)

    return prepare_images


def _course_build_model():
    def build_model():
        return _course_model()

    return build_model


def _layout(model) -> list:
    from autograder.checks.kit.keras_probes import describe_model

    described = describe_model(model)
    return [(layer["class"], layer["settings"], layer["params"]) for layer in described.get("layers", [])]


def _pipeline_differs(module, context) -> bool:
    """Whether the student's prepare_images or build_model computes otherwise than the stand-ins."""
    sample = pixels((3, 28, 28), np.uint8, 6)
    prepared = np.asarray(module.prepare_images(sample.copy()))
    if (prepared.shape != sample.shape or prepared.dtype != np.float32
            or not np.allclose(prepared, sample / np.float32(255.0), atol=1e-6)):
        return True
    theirs, ours = module.build_model(), _course_model()
    if _layout(theirs) != _layout(ours):
        return True
    if optimizer_problem(describe_optimizer(getattr(theirs, "optimizer", None)), describe_optimizer(ours.optimizer)):
        return True
    return compiled_loss_key(describe_loss(getattr(theirs, "loss", None))) != "sparse_categorical_crossentropy"


_PIPELINE_STAND_INS = StandIns({"prepare_images": _course_prepare_images, "build_model": _course_build_model},
                               needed=_pipeline_differs)

# In the challenge's worker group (sandbox/groups.py): it shares nothing with the other trainings, and
# the two workers then train about as long as each other (CPU s of the reference: 8 and 11).
SUITE.add(Check("pipeline.accuracy", "train", msg("a04.call.pipeline"),
                _pipeline_probe,
                _accuracy_judge(msg("a04.call.pipeline_steps"), True),
                stand_ins=_PIPELINE_STAND_INS, worker_group="challenge"))


# =================================================================================================
# Reading a learning curve (best_epoch, overfitting_start): recorded histories, no training
# =================================================================================================
# Epochs are counted from 1, like Keras's progress bar. Each case: (history, what it shows).

_CURVE_PUBLIC = {"loss": [0.62, 0.43, 0.38, 0.35, 0.33, 0.31],
                 "accuracy": [0.78, 0.85, 0.86, 0.87, 0.88, 0.89],
                 "val_loss": [0.47, 0.41, 0.39, 0.40, 0.42, 0.45],
                 "val_accuracy": [0.83, 0.85, 0.86, 0.86, 0.85, 0.85]}
_CURVE_HIDDEN_BEST = [  # a tie (the first counts), the lowest at the last epoch, the lowest at epoch 1
    {"loss": [0.70, 0.52, 0.47, 0.44], "val_loss": [0.50, 0.44, 0.44, 0.46]},
    {"loss": [0.90, 0.61, 0.50, 0.45, 0.41], "val_loss": [0.70, 0.55, 0.49, 0.47, 0.46]},
    {"loss": [0.40, 0.30, 0.22], "val_loss": [0.35, 0.38, 0.47]},
]
_CURVE_HIDDEN_START = [  # no over-fitting; both losses rising (not over-fitting), alone and before over-fitting
    {"loss": [0.90, 0.61, 0.50, 0.45, 0.41], "val_loss": [0.70, 0.55, 0.49, 0.47, 0.46]},
    {"loss": [0.50, 0.40, 0.60, 0.70], "val_loss": [0.45, 0.40, 0.50, 0.60]},
    {"loss": [0.60, 0.50, 0.70, 0.65, 0.60], "val_loss": [0.50, 0.45, 0.80, 0.90, 0.95]},
    {"loss": [0.40, 0.30, 0.22], "val_loss": [0.35, 0.38, 0.47]},
]


def _curve_probe(target: str, histories: list[dict]):
    def probe(module, context):
        answers = []
        for history in histories:
            made = attempt(module, getattr(module, target), {key: list(values) for key, values in history.items()})
            if made.error:
                return {"error": made.error, "history": history}
            value = made.value
            if value is None or (isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))):
                answers.append({"epoch": None if value is None else int(value)})
            else:
                answers.append({"other": describe(value)})
        return {"answers": answers}

    return probe


def _curve_why(target: str, history: dict, got: dict, wanted: int | None):
    """The most likely reading mistake behind a wrong answer, from the history itself."""
    found = got.get("epoch")
    if "other" in got:
        value = plain(got["other"])
        if target == "best_epoch" and isinstance(value, float) and value in history["val_loss"]:
            return msg("a04.curve.value_not_epoch", value=value)
        return msg("a04.curve.not_an_epoch")
    if target == "overfitting_start" and found is not None and 1 < found <= len(history["loss"]) \
            and history["loss"][found - 1] >= history["loss"][found - 2]:
        rose = dict(epoch=found, before=history["loss"][found - 2], after=history["loss"][found - 1])
        if wanted is not None and found == wanted - 1:  # either reading explains it: say both
            return msg("a04.overfitting_start.rose_or_index", index=found, wanted=wanted, **rose)
        return msg("a04.overfitting_start.training_rose", **rose)
    if wanted is not None and found == wanted - 1:
        return msg("a04.curve.off_by_one", index=found, epoch=wanted)
    if target == "best_epoch":
        loss = history["loss"]
        if found == loss.index(min(loss)) + 1:
            return msg("a04.best_epoch.training_loss")
        if found == history["val_loss"].index(max(history["val_loss"])) + 1:
            return msg("a04.best_epoch.highest")
        return msg("a04.best_epoch.lowest")
    if wanted is None and found is not None:
        return msg("a04.overfitting_start.never")
    if found is None:
        return msg("a04.overfitting_start.missed", epoch=wanted)
    return msg("a04.overfitting_start.rule")


def _curve_judge(target: str, histories: list[dict]):
    def judge(got: dict, expected: dict) -> Verdict:
        if "error" in got:
            return failure(f"{target}({got['history']})", got["error"])
        for history, answer, wanted in zip(histories, got["answers"], expected["answers"]):
            call = f"{target}({history})"
            if answer == wanted:
                continue
            shown = show(answer["other"]) if "other" in answer else repr(answer["epoch"])
            return Verdict(False, msg("a04.curve.wrong", call=call, got=shown, expected=repr(wanted["epoch"]),
                                      why=_curve_why(target, history, answer, wanted["epoch"])))
        results = ", ".join(repr(answer["epoch"]) for answer in got["answers"])
        return Verdict(True, msg("a04.curve.ok", target=target, count=len(histories), results=results))

    return judge


for _target, _check_id, _histories in (("best_epoch", "best_epoch.public", [_CURVE_PUBLIC]),
                                       ("best_epoch", "best_epoch.hidden", _CURVE_HIDDEN_BEST),
                                       ("overfitting_start", "overfitting_start.public", [_CURVE_PUBLIC]),
                                       ("overfitting_start", "overfitting_start.hidden", _CURVE_HIDDEN_START)):
    SUITE.add(Check(_check_id, _target, msg("a04.call.recorded_histories", call=f"{_target}(history.history)",
                                            count=len(_histories)),
                    _curve_probe(_target, _histories), _curve_judge(_target, _histories)))


# =================================================================================================
# The challenge: the student's own model, trained and measured by the grader (kit/challenge*.py)
# =================================================================================================

add_challenge_checks(SUITE, "build_challenge_model", (28, 28), "cnn", worker_group="challenge")
