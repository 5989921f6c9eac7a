"""Parent-side comparison of described models (see keras_probes.describe_model).

Feedback is a layer-by-layer comparison with the reference, e.g.
``layer 2: expected Dense(100, relu), got Dense(100, sigmoid)``, with hints for the usual mistakes.
"""

from __future__ import annotations

from autograder.checks.base import Verdict
from autograder.checks.judging import show


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
            return Verdict(False, f"{what}: layer {index}: expected {layer_signature(e)}, got "
                                  f"{layer_signature(g)}.{hint}",
                           detail=f"got: {got_text}\nexpected: {expected_text}")
    if len(got_layers) != len(expected_layers):
        if len(got_layers) < len(expected_layers):
            missing = expected_layers[len(got_layers)]
            message = (f"{what}: {len(got_layers)} layers; expected {len(expected_layers)}. The first "
                       f"missing one is layer {len(got_layers) + 1}, {layer_signature(missing)}.")
        else:
            extra = got_layers[len(expected_layers)]
            message = (f"{what}: {len(got_layers)} layers; expected {len(expected_layers)}. Layer "
                       f"{len(expected_layers) + 1}, {layer_signature(extra)}, should not be there.")
        if expected_layers and expected_layers[0]["class"] == "Flatten" and (
                not got_layers or got_layers[0]["class"] != "Flatten"):
            message += " Start with Flatten(): Dense layers need each image as one row of 784 numbers."
        return Verdict(False, message, detail=f"got: {got_text}\nexpected: {expected_text}")
    return Verdict(True, f"{what}: layers {got_text}, as expected.")


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
            return Verdict(False, f"{what}: layer {index} ({layer_signature(g)}) has {g['params']:,} "
                                  f"parameters; expected {e['params']:,}.{hint}")
    if got["params"] != expected["params"]:
        return Verdict(False, f"{what}: {got['params']:,} parameters in all; expected {expected['params']:,}.")
    parts = " + ".join(f"{layer['params']:,}" for layer in got["layers"])
    return Verdict(True, f"{what}: {got['params']:,} parameters ({parts}), as expected.")
