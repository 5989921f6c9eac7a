"""The Keras 2 advice table, and how an error raised by student code reads in feedback.

Parent side: plain data in, words out.
"""

from __future__ import annotations

from typing import Callable

from autograder.catalog import Message, SourceLine, msg
from autograder.checks.kit.base import Verdict

LR_ADVICE = ("`lr=` is how Keras 2 spelt the learning rate; Keras 3 rejects it and calls it "
             "`learning_rate=`, e.g. keras.optimizers.Adam(learning_rate=0.001).")


DECAY_ADVICE = ("`decay=` is a Keras 2 argument: Keras 3 ignores it (with a warning), so the "
                "learning rate would never decay. Leave it out; in Keras 3 a decaying learning rate "
                "is a schedule from keras.optimizers.schedules (e.g. InverseTimeDecay), passed as "
                "learning_rate=.")


_ADVICE: list[tuple[Callable[[str], bool], str]] = [
    (lambda t: "not recognized" in t and "'lr'" in t, LR_ADVICE),
    (lambda t: "decay" in t and ("no longer supported" in t or "not recognized" in t), DECAY_ADVICE),
    (lambda t: "keras.backend" in t and "has no attribute" in t,
     "keras.backend.mean (K.mean) and its friends are Keras 2: in Keras 3 they live in keras.ops, "
     "e.g. keras.ops.mean(y_pred)."),
    (lambda t: "symbolic" in t and "numpy" in t.lower(),
     "numpy cannot compute on the symbolic tensors Keras passes inside a compiled model: write the "
     "computation with keras.ops (keras.ops.mean instead of np.mean)."),
    (lambda t: "`learning_rate` should be float" in t,
     "Keras 3 accepts only a float (or a schedule) as learning_rate: write 10.0 rather than 10, or "
     "pass float(learning_rate)."),
    (lambda t: "Could not interpret metric identifier" in t,
     "Keras does not know a metric by that name: pass your metric function itself "
     "(metrics=[\"accuracy\", mean_pred]), not its name as a string."),
    (lambda t: "Could not interpret loss identifier" in t or "Could not interpret optimizer identifier" in t,
     "Keras does not know that name; use one of the names from the tables in the docstrings."),
    (lambda t: "must call `compile()`" in t or "must call compile()" in t,
     "The model was never compiled: call model.compile(...) on the model you are given."),
    (lambda t: "input_shape" in t,
     "Passing input_shape= to a layer is Keras 2 style: start the model with keras.Input(shape=...)."),
]


def keras2_advice(*texts: str) -> str:
    """An explanation for the first known Keras 2 habit or common error found in ``texts``."""
    for text in texts:
        for matches, advice in _ADVICE:
            if text and matches(text):
                return advice
    return ""


def error_text(error: dict, limit: int = 300) -> str:
    """``raised ValueError: <message> (line 12 of your file: `code`)``, the message kept short."""
    message = " ".join(str(error.get("message", "")).split())
    if len(message) > limit:
        message = message[: limit - 3] + "..."
    where = f" (line {error['line']} of your file: `{error.get('code', '').strip()}`)" if error.get("line") else ""
    return f"raised {error['type']}: {message.rstrip('.')}{where}"


def failure(call: str, error: dict, warned: list[str] = ()) -> Verdict:
    """The verdict for a call that raised: what, where, and the likely fix."""
    advice = keras2_advice(error.get("message", ""), *warned) or "Fix the error, then check again."
    return Verdict(False, f"{call} {error_text(error)}. {advice}", detail="\n".join(warned))


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
