"""Parent-side comparison of described models (see keras_probes.describe_model).

Feedback is a layer-by-layer comparison with the reference, e.g.
``layer 2: expected Dense(100, relu), got Dense(100, sigmoid)``, with hints for the usual mistakes.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from autograder.checks.kit.advice import error_advice
from autograder.checks.kit.base import Verdict
from autograder.checks.kit.judging import show
from autograder.checks.kit.structure import layer_number


def _size(value) -> str:
    if isinstance(value, list):
        return "x".join(str(v) for v in value)
    return str(value)


def layer_signature(layer: dict) -> str:
    """How a layer reads in feedback: Dense(100, relu), Conv2D(32, 3x3, relu), Dropout(0.5)."""
    s = layer["settings"]
    parts = []
    if "units" in s:
        parts.append(str(s["units"]))
    if "filters" in s:
        parts.append(str(s["filters"]))
    if "kernel_size" in s:
        parts.append(_size(s["kernel_size"]))
    if "pool_size" in s:
        parts.append(_size(s["pool_size"]))
    if "rate" in s:
        parts.append(f"{s['rate']:g}" if isinstance(s["rate"], (int, float)) else str(s["rate"]))
    if "activation" in s:
        parts.append(str(s["activation"]))
    return f"{layer['class']}({', '.join(parts)})"


def compare_layers(got: dict, expected: dict, *, what: str) -> Verdict:
    """Compare two described models layer by layer; name the first difference and its likely cause."""
    if not got.get("is_model"):
        return Verdict(False, f"{what} returned {show(got['value'])}; expected a keras.Model. "
                              "Return the model you built (did you forget `return model`?).")
    got_layers, expected_layers = got["layers"], expected["layers"]
    got_text = " -> ".join(layer_signature(layer) for layer in got_layers) or "no layers"
    expected_text = " -> ".join(layer_signature(layer) for layer in expected_layers)
    for index, (g, e) in enumerate(zip(got_layers, expected_layers), start=1):
        if layer_signature(g) != layer_signature(e):
            hint = _layer_hint(g, e, index)
            return Verdict(False, f"{what}: layer {layer_number(g, index)}: expected {layer_signature(e)}, got "
                                  f"{layer_signature(g)}{_as_written(g)}.{hint}",
                           detail=f"got: {got_text}\nexpected: {expected_text}")
    if len(got_layers) != len(expected_layers):
        if len(got_layers) < len(expected_layers):
            missing = expected_layers[len(got_layers)]
            message = (f"{what}: {len(got_layers)} layers; expected {len(expected_layers)}. The first "
                       f"missing one is layer {len(got_layers) + 1}, {layer_signature(missing)}.")
        else:
            extra = got_layers[len(expected_layers)]
            message = (f"{what}: {len(got_layers)} layers; expected {len(expected_layers)}. Layer "
                       f"{layer_number(extra, len(expected_layers) + 1)}, {layer_signature(extra)}, "
                       "should not be there.")
        if expected_layers and expected_layers[0]["class"] == "Flatten" and (
                not got_layers or got_layers[0]["class"] != "Flatten"):
            message += " Start with Flatten(): Dense layers need each image as one row of 784 numbers."
        return Verdict(False, message, detail=f"got: {got_text}\nexpected: {expected_text}")
    return Verdict(True, f"{what}: layers {got_text}, as expected.")


def _as_written(layer: dict) -> str:
    """`` (written tf.nn.softmax)``: the student's own spelling of an activation not recognised by name."""
    written = layer.get("activation_written")
    return f" (activation written {written})" if written and written != layer["settings"].get("activation") else ""


def _layer_hint(got: dict, expected: dict, index: int) -> str:
    if expected["class"] == "Flatten" and got["class"] != "Flatten":
        return " Start with Flatten(): Dense layers need each image as one row of 784 numbers."
    g, e = got["settings"], expected["settings"]
    if g.get("activation") != e.get("activation") and e.get("activation") == "softmax":
        return (" The last layer of a classifier uses softmax, so that its ten outputs are "
                "probabilities that sum to 1.")
    if g.get("activation") != e.get("activation"):
        return f" Set activation=\"{e.get('activation')}\"."
    return ""


def compare_params(got: dict, expected: dict, *, what: str) -> Verdict:
    """Total and per-layer parameter counts, recomputed from the weights, with the bias hint."""
    if not got.get("is_model"):
        return Verdict(False, f"{what} returned {show(got['value'])}; expected a keras.Model.")
    if not got["built"] or (got["params"] == 0 and expected["params"] > 0):
        return Verdict(False, f"{what}: the model has no weights yet (it is not built), so it has 0 "
                              f"parameters; expected {expected['params']:,}. Give it an input shape: start "
                              "with keras.Input(shape=(28, 28)).")
    for index, (g, e) in enumerate(zip(got["layers"], expected["layers"]), start=1):
        if g["params"] != e["params"]:
            hint = ""
            if g["class"] == "Dense" and e["class"] == "Dense" and g["settings"].get("units"):
                units = g["settings"]["units"]
                if g["params"] == e["params"] - units:
                    hint = (f" {g['params']:,} = inputs x units: the bias is missing (use_bias=False?). "
                            f"Each of the {units} units has one bias, so (inputs + 1) x units.")
                elif g["weight_shapes"] and e["weight_shapes"] and g["weight_shapes"][0][0] != e["weight_shapes"][0][0]:
                    hint = (f" The layer receives {g['weight_shapes'][0][0]} inputs instead of "
                            f"{e['weight_shapes'][0][0]}: check the input shape and the Flatten before it.")
            return Verdict(False, f"{what}: layer {layer_number(g, index)} ({layer_signature(g)}) has {g['params']:,} "
                                  f"parameters; expected {e['params']:,}.{hint}")
    if got["params"] != expected["params"]:
        return Verdict(False, f"{what}: {got['params']:,} parameters in all; expected {expected['params']:,}.")
    parts = " + ".join(f"{layer['params']:,}" for layer in got["layers"])
    return Verdict(True, f"{what}: {got['params']:,} parameters ({parts}), as expected.")


# -- whole models: kind, input and output shapes ------------------------------------------------

def shape_text(shape) -> str:
    if shape is None:
        return "unknown"
    inner = ", ".join("None" if n is None else str(n) for n in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def _habit_note(got: dict) -> str:
    if "input_shape" in got.get("habits", []):
        return (" Note: passing input_shape= (or input_dim=) to a layer is a Keras 2 habit that Keras 3 "
                "only tolerates with a warning; start the model with keras.Input(shape=...) instead.")
    return ""


def with_note(verdict: Verdict, got: dict) -> Verdict:
    note = _habit_note(got)
    return Verdict(verdict.passed, verdict.message + note, verdict.detail) if note else verdict


def raised_hint(raised: dict) -> str:
    """Advice for the errors that building a model typically raises."""
    message = raised.get("message", "")
    if "input_shape" in message and raised.get("type") == "TypeError":
        return " keras.Input takes shape=, as in keras.Input(shape=(28, 28)); input_shape= is Keras 2."
    if "min_ndim=4" in message or "expected ndim=4" in message:
        return (" Conv2D and MaxPooling2D need images with a channel axis: (height, width, channels). "
                "Grey images have one channel: keras.Input(shape=(28, 28, 1)).")
    if "incompatible" in message or "xpected shape" in message:
        return " The model's input shape does not match the data: check keras.Input(shape=...)."
    if "super().__init__" in message or "super()" in message:
        return " Call super().__init__(**kwargs) first in __init__."
    advice = error_advice(raised)
    return f" {advice}" if advice else ""


def model_problem(what: str, got: dict, expected_base: str | None = None) -> Verdict | None:
    """A failing verdict when the builder raised, returned no model, or the wrong kind of model."""
    if "raised" in got:
        raised = got["raised"]
        return Verdict(False, f"{what} raised {raised['type']}: {raised['message']}{raised_hint(raised)}")
    model = got["model"]
    if not model.get("is_model"):
        return Verdict(False, f"{what} returned {show(model['value'])}; expected a keras.Model. Return the "
                              "model you built (is `return model` missing?).")
    if expected_base and model["base"] != expected_base:
        how = {"Sequential": "keras.Sequential", "Functional": "keras.Input and keras.Model(inputs, outputs)",
               "subclass": "a subclass of keras.Model"}[expected_base]
        got_kind = {"Sequential": "a Sequential model", "Functional": "a functional model",
                    "subclass": f"an instance of {model['class']}"}[model["base"]]
        return Verdict(False, f"{what} returned {got_kind}; this function builds its model with {how}.")
    for index, layer in enumerate(model["layers"], start=1):
        if not layer.get("module", "").startswith("keras."):
            return Verdict(False, f"{what}: layer {index} is a {layer['class']} defined in {layer['module']}, "
                                  f"not a Keras layer; use the layers in keras.layers.")
    return None


def judge_model(what: str, compare: Callable[..., Verdict], base: str | None = None, *, note: bool = False):
    """A judge: the model must exist (of kind ``base``), then ``compare(got, expected, what=...)`` decides.

    ``note`` adds the Keras 2 explanation (input_shape= on a layer) to the verdict.
    """

    def judge(got: dict, expected: dict) -> Verdict:
        verdict = model_problem(what, got, base) or compare(got["model"], expected["model"], what=what)
        return with_note(verdict, got) if note else verdict

    return judge


def _input_hint(got_shape, expected_shape) -> str:
    if got_shape is None:
        return ""
    if list(got_shape[1:]) == [int(np.prod(expected_shape[1:]))] and len(expected_shape) > 2:
        return (f" The model expects each image already flattened to {got_shape[1]} numbers; give "
                f"keras.Input the image's own shape, {shape_text(expected_shape[1:])}, and let Flatten do the rest.")
    if list(got_shape[1:]) == list(expected_shape[1:]) + [1]:
        return (f" There is an extra channel axis: these images are {shape_text(expected_shape[1:])} arrays, "
                f"so use keras.Input(shape={shape_text(expected_shape[1:])}).")
    if list(got_shape[1:]) + [1] == list(expected_shape[1:]):
        return (" The channel axis is missing: grey images keep a last axis of size 1, so use "
                f"keras.Input(shape={shape_text(expected_shape[1:])}).")
    return f" Use keras.Input(shape={shape_text(expected_shape[1:])})."


def compare_shapes(got_model: dict, expected_model: dict, *, what: str) -> Verdict:
    """Input, output and per-layer output shapes of two described models."""
    if got_model["inputs"] is None or not got_model["built"]:
        return Verdict(False, f"{what}: the model has no input shape, so Keras has not built it (no weights, "
                              f"no output shapes). Start it with keras.Input(shape="
                              f"{shape_text(expected_model['inputs'][0][1:])}).")
    got_in, expected_in = got_model["inputs"], expected_model["inputs"]
    if len(got_in) != len(expected_in):
        return Verdict(False, f"{what}: the model has {len(got_in)} inputs; expected {len(expected_in)}.")
    for number, (g, e) in enumerate(zip(got_in, expected_in), start=1):
        if g != e:
            which = f"input {number}" if len(expected_in) > 1 else "the input"
            return Verdict(False, f"{what}: {which} has shape {shape_text(g)}; expected {shape_text(e)}."
                                  f"{_input_hint(g, e)}")
    for index, (g, e) in enumerate(zip(got_model["layers"], expected_model["layers"]), start=1):
        if g["output_shape"] != e["output_shape"]:
            return Verdict(False, f"{what}: layer {layer_number(g, index)} ({layer_signature(g)}) outputs "
                                  f"{shape_text(g['output_shape'])}; expected {shape_text(e['output_shape'])}.")
    if got_model["outputs"] != expected_model["outputs"]:
        got_out = ", ".join(shape_text(s) for s in got_model["outputs"] or [])
        expected_out = ", ".join(shape_text(s) for s in expected_model["outputs"])
        return Verdict(False, f"{what}: the model outputs {got_out}; expected {expected_out}.")
    flow = " -> ".join(shape_text(layer["output_shape"]) for layer in got_model["layers"])
    return Verdict(True, f"{what}: input {shape_text(got_in[0])}, then {flow}, as expected.")

