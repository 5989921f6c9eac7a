"""The Keras 2 advice table, and how an error raised by student code reads in feedback.

Parent side: plain data in, words out.
"""

from __future__ import annotations

import re
from typing import Callable

from autograder.catalog import Message, SourceLine, msg
from autograder.checks.kit.base import Verdict

LR_ADVICE = msg("advice.keras2.lr")
# The course's one rule for metrics=["acc"] (docs/checks.md, "Keras 2 habits"): it computes the same
# accuracy, so a check of the compiled model accepts it, and says what the short name changes.
ACC_METRIC_NOTE = msg("habit.acc_metric")
# The names under which an accuracy metric reports for integer labels, the course's own first:
# "acc" (Keras 2's short name) and a SparseCategoricalAccuracy() left without name= compute the
# same accuracy under another History key; the same rule applies to both.
ACCURACY_KEYS = ("accuracy", "acc", "sparse_categorical_accuracy")


def accuracy_key_note(key: str) -> Message | str:
    """The note for an accuracy metric reported under ``key`` (nothing for "accuracy")."""
    if key == "accuracy":
        return ""
    return ACC_METRIC_NOTE if key == "acc" else msg("habit.accuracy_metric_key", key=key)
DECAY_ADVICE = msg("advice.keras2.decay")


def _absent_library(text: str) -> bool:
    """``ModuleNotFoundError: No module named 'sklearn'`` for a package not installed at all (not a
    Keras 2 path such as ``keras.wrappers``, whose package exists)."""
    found = re.match(r"ModuleNotFoundError: No module named '([\w.]+)'", text)
    if not found:
        return False
    from autograder.sandbox.absent_modules import is_installed, looks_like_a_typo

    return not is_installed(found.group(1)) and not looks_like_a_typo(found.group(1))


# What Python, urllib, requests and Keras's get_file say when there is no network (the grader's
# workers have none).
_NO_NETWORK_SIGNS = ("URL fetch failure", "urlopen error", "Temporary failure in name resolution",
                     "Name or service not known", "No address associated with hostname", "Network is unreachable",
                     "NameResolutionError", "Max retries exceeded with url", "getaddrinfo failed")


def _no_network(text: str) -> bool:
    return any(sign in text for sign in _NO_NETWORK_SIGNS)


def _history_key(text: str) -> bool:
    return bool(re.search(r"KeyError: '(val_)?acc'", text))


# The one table of Keras 2 -> Keras 3 advice (and of errors that need the same kind of word),
# consulted whenever student code raises, in every suite and in the grader's own "raised"
# message. Each row: how to recognise it in "<Type>: <message>", the student's line of code or a
# warning, and the catalog id of the advice. First match wins, so specific rows come first.
_ADVICE: list[tuple[Callable[[str], bool], str]] = [
    (_no_network, "advice.no_network"),
    (lambda t: "keras._tf_keras" in t and "has no attribute" in t, "advice.keras2.tf_keras"),
    (lambda t: "not recognized" in t and "'lr'" in t, "advice.keras2.lr"),
    (lambda t: "decay" in t and ("no longer supported" in t or "not recognized" in t), "advice.keras2.decay"),
    (lambda t: "predict_classes" in t or "predict_proba" in t, "advice.keras2.predict_classes"),
    (lambda t: any(f"{name}_generator" in t for name in ("fit", "evaluate", "predict")),
     "advice.keras2.fit_generator"),
    (lambda t: "'History' object is not subscriptable" in t or "'History' object has no attribute 'get'" in t
     or "'History' object has no attribute 'keys'" in t, "advice.keras2.history_object"),
    (_history_key, "advice.keras2.acc_key"),
    (lambda t: "metrics_names" in t, "advice.keras2.metrics_names"),
    (lambda t: ".weights.h5" in t, "advice.keras2.weights_h5"),
    (lambda t: "save_format" in t, "advice.keras2.save_format"),
    (lambda t: "nb_epoch" in t, "advice.keras2.nb_epoch"),
    (lambda t: "keras.backend" in t and "has no attribute" in t, "advice.keras2.backend"),
    (lambda t: "symbolic" in t.lower() and "numpy" in t.lower(), "advice.keras2.numpy_symbolic"),
    # float(tensor) or int(tensor) inside a compiled graph (a metric returning float(keras.ops.mean(...)))
    (lambda t: "SymbolicTensor" in t and ("float()" in t or "int()" in t), "advice.python_number_symbolic"),
    # keras.metrics.Accuracy() (or BinaryAccuracy) on integer labels and softmax rows: an Equal of two shapes
    (lambda t: "node Equal}}" in t and ("Dimensions must be equal" in t or "Incompatible shapes" in t),
     "advice.accuracy_compares_labels_with_rows"),
    (lambda t: "`learning_rate` should be float" in t, "advice.keras2.float_rate"),
    # a Python list indexed with a numpy array of labels: CLASS_NAMES[labels]
    (lambda t: "only integer scalar arrays can be converted to a scalar index" in t, "advice.list_indexed_with_array"),
    (lambda t: "Could not interpret metric identifier" in t, "advice.keras2.metric_name"),
    (lambda t: "Could not interpret loss identifier" in t or "Could not interpret optimizer identifier" in t,
     "advice.keras2.unknown_name"),
    (lambda t: "must call `compile()`" in t or "must call compile()" in t, "advice.keras2.not_compiled"),
    (lambda t: "input_shape" in t, "advice.keras2.input_shape"),
    # the line of code: keras.utils.to_categorical given a class (a character code) >= num_classes
    (lambda t: "to_categorical" in t, "advice.to_categorical_range"),
    # Keras 2's compile(optimizer, loss, ["accuracy"]): the list is loss_weights in Keras 3
    (lambda t: "dtype='string' is not a valid dtype" in t, "advice.keras2.positional_metrics"),
    # a library the grading environment does not have (scikit-learn, pandas...): sandbox/absent_modules.py
    (_absent_library, "advice.absent_library"),
]


def _advice_message(message_id: str) -> Message:
    # One msg() call per id, so that the catalog test sees every id used (ids are literals).
    return {
        "advice.no_network": msg("advice.no_network"),
        "advice.keras2.tf_keras": msg("advice.keras2.tf_keras"),
        "advice.keras2.lr": msg("advice.keras2.lr"),
        "advice.keras2.decay": msg("advice.keras2.decay"),
        "advice.keras2.predict_classes": msg("advice.keras2.predict_classes"),
        "advice.keras2.fit_generator": msg("advice.keras2.fit_generator"),
        "advice.keras2.history_object": msg("advice.keras2.history_object"),
        "advice.keras2.acc_key": msg("advice.keras2.acc_key"),
        "advice.keras2.metrics_names": msg("advice.keras2.metrics_names"),
        "advice.keras2.weights_h5": msg("advice.keras2.weights_h5"),
        "advice.keras2.save_format": msg("advice.keras2.save_format"),
        "advice.keras2.nb_epoch": msg("advice.keras2.nb_epoch"),
        "advice.keras2.backend": msg("advice.keras2.backend"),
        "advice.keras2.numpy_symbolic": msg("advice.keras2.numpy_symbolic"),
        "advice.python_number_symbolic": msg("advice.python_number_symbolic"),
        "advice.accuracy_compares_labels_with_rows": msg("advice.accuracy_compares_labels_with_rows"),
        "advice.keras2.float_rate": msg("advice.keras2.float_rate"),
        "advice.list_indexed_with_array": msg("advice.list_indexed_with_array"),
        "advice.keras2.metric_name": msg("advice.keras2.metric_name"),
        "advice.keras2.unknown_name": msg("advice.keras2.unknown_name"),
        "advice.keras2.not_compiled": msg("advice.keras2.not_compiled"),
        "advice.keras2.input_shape": msg("advice.keras2.input_shape"),
        "advice.to_categorical_range": msg("advice.to_categorical_range"),
        "advice.absent_library": msg("advice.absent_library"),
        "advice.keras2.positional_metrics": msg("advice.keras2.positional_metrics"),
    }[message_id]


def keras2_advice(*texts: str) -> Message | str:
    """The advice for the first known Keras 2 habit or common error found in ``texts``, or ""."""
    for text in texts:
        for matches, message_id in _ADVICE:
            if text and matches(text):
                return _advice_message(message_id)
    return ""


# Rows the grader's own "raised" message (probe.raised) consults before the table above: what the
# process itself ran into (its exit, input, memory, recursion, processes, files, the stub). Each row:
# how to recognise it from the error's type and message, and the catalog id of the advice.
_RAISED: list[tuple[Callable[[str, str], bool], str]] = [
    (lambda kind, text: kind in ("SystemExit", "KeyboardInterrupt"), "advice.raised.exit"),
    (lambda kind, text: kind == "EOFError", "advice.raised.input"),
    (lambda kind, text: kind == "MemoryError", "advice.raised.memory"),
    (lambda kind, text: kind == "RecursionError", "advice.raised.recursion"),
    (lambda kind, text: kind == "BlockingIOError" or "Resource temporarily unavailable" in text,
     "advice.raised.processes"),
    (lambda kind, text: any(sign in text for sign in ("File too large", "No space left", "Disk quota")),
     "advice.raised.files"),
    (lambda kind, text: kind == "NotImplementedError", "advice.raised.not_implemented"),
]


def _raised_message(message_id: str) -> Message:
    return {  # one msg() call per id, as in _advice_message
        "advice.raised.exit": msg("advice.raised.exit"),
        "advice.raised.input": msg("advice.raised.input"),
        "advice.raised.memory": msg("advice.raised.memory"),
        "advice.raised.recursion": msg("advice.raised.recursion"),
        "advice.raised.processes": msg("advice.raised.processes"),
        "advice.raised.files": msg("advice.raised.files"),
        "advice.raised.not_implemented": msg("advice.raised.not_implemented"),
    }[message_id]


def raised_advice(error: dict) -> Message:
    """The advice of the grader's own "raised" message for ``{"type", "message", "code"?}``: the
    process's own rows, then the Keras 2 table, then "fix the error, then check again"."""
    kind, text = error.get("type") or "", error.get("message") or ""
    for matches, message_id in _RAISED:
        if matches(kind, text):
            return _raised_message(message_id)
    return error_advice(error) or msg("advice.fix_and_retry")


def error_advice(error: dict, warned: list[str] = ()) -> Message | str:
    """Advice for an error raised by student code (``{"type", "message", "code"?}``), or ""."""
    return keras2_advice(f"{error.get('type', '')}: {error.get('message', '')}", str(error.get("code") or ""),
                         *warned)


def error_text(error: dict, limit: int = 300) -> str:
    """``raised ValueError: <message> (line 12 of your file: `code`)``, the message kept short.
    A message that is the grader's own words (a Message) is kept as data, to be worded with the rest."""
    message = error.get("message", "")
    if not isinstance(message, Message):
        message = " ".join(str(message).split())
        message = (message[: limit - 3] + "..." if len(message) > limit else message).rstrip(".")
    where = msg("kit.advice.error_text.at_line", error_line=error['line'],
                code_error=error.get('code', '').strip()) if error.get("line") else ""
    return msg("kit.advice.error_text.raised", error_type=error['type'], message=message, where=where)


def failure(call: str, error: dict, warned: list[str] = ()) -> Verdict:
    """The verdict for a call that raised: what, where, and the likely fix."""
    advice = error_advice(error, warned) or msg("advice.fix_and_retry")
    return Verdict(False, msg("kit.advice.failure.raised", call=call, error_text=error_text(error), advice=advice), detail="\n".join(warned))


def decay_warning(warned: list[str]) -> str | None:
    return next((text for text in warned if "decay" in text), None)


def error_line(error: dict, module_file: str) -> Message:
    """``ValueError: ... (line 12 of saving.py: `code`)``: the first line of the message, and where
    (a cell and its line when the submission is a notebook)."""
    first = f"{error['type']}: {error['message']}".splitlines()[0]
    first = first if len(first) <= 400 else first[:397] + "..."
    where = msg("error.line.where", line=SourceLine(module_file, error["line"]), code=error["code"]) \
        if "line" in error else ""
    return msg("error.line", error=first.rstrip("."), where=where)
