"""Parent-side comparison of described models (see keras_probes.describe_model).

Feedback is a layer-by-layer comparison with the reference, e.g.
``layer 2: expected Dense(100, relu), got Dense(100, sigmoid)``, with hints for the usual mistakes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import numpy as np

from autograder.catalog import Message, msg
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
    if "activation" in s and s["activation"] != "linear":  # Dense(10): no activation, as written
        parts.append(str(s["activation"]))
    return f"{layer['class']}({', '.join(parts)})"


def structure_cause(got_layers: list[dict], expected_layers: list[dict]) -> str:
    """The first structural difference of two layer lists as a cause key (kit/causes.py), or "".

    Parameters and output shapes that differ because a layer does fail for the same cause as the
    layers: one extra Dense layer is explained once, where the layers are compared."""
    for g, e in zip(got_layers, expected_layers):
        if layer_signature(g) != layer_signature(e):
            return f"{layer_signature(g)} instead of {layer_signature(e)}"
    if len(got_layers) != len(expected_layers):
        return f"{len(got_layers)} layers instead of {len(expected_layers)}"
    return ""


def _one_layer_apart(longer: list[dict], shorter: list[dict]) -> int | None:
    """The index of the one layer of ``longer`` without which it reads as ``shorter``, if there is one."""
    if len(longer) != len(shorter) + 1:
        return None
    wanted = [layer_signature(layer) for layer in shorter]
    signatures = [layer_signature(layer) for layer in longer]
    return next((i for i in range(len(longer)) if signatures[:i] + signatures[i + 1:] == wanted), None)


def _one_extra_or_missing(got_layers: list[dict], expected_layers: list[dict], what: str) -> Message | None:
    """One layer too many or too few, the rest as expected: said as such, not as a shifted list."""
    extra = _one_layer_apart(got_layers, expected_layers)
    if extra is not None:
        layer = got_layers[extra]
        hint = ""
        shapes = layer.get("weight_shapes") or []
        if layer["class"] == "Dense" and shapes and shapes[0] and shapes[0][0] == layer["settings"].get("units"):
            hint = msg("kit.model.compare_layers.dense_units_are_outputs", units=layer["settings"]["units"])
        return msg("kit.model.compare_layers.one_extra", what=what, layer_number=layer_number(layer, extra + 1),
                   extra_layer=layer_signature(layer), hint=hint)
    missing = _one_layer_apart(expected_layers, got_layers)
    if missing is not None and 0 < missing < len(expected_layers) - 1:  # at the ends: the messages below
        after = got_layers[missing - 1]
        return msg("kit.model.compare_layers.one_missing", what=what,
                   missing_layer=layer_signature(expected_layers[missing]),
                   layer_number=layer_number(after, missing), after_layer=layer_signature(after))
    return None


def compare_layers(got: dict, expected: dict, *, what: str) -> Verdict:
    """Compare two described models layer by layer; name the first difference and its likely cause."""
    if not got.get("is_model"):
        return Verdict(False, msg("kit.model.compare_layers.not_a_model", what=what,
                                  got_value=show(got['value'])))
    got_layers, expected_layers = got["layers"], expected["layers"]
    got_text = " -> ".join(layer_signature(layer) for layer in got_layers) or "no layers"
    expected_text = " -> ".join(layer_signature(layer) for layer in expected_layers)
    one_apart = _one_extra_or_missing(got_layers, expected_layers, what)
    if one_apart is not None:
        return Verdict(False, one_apart, detail=f"got: {got_text}\nexpected: {expected_text}",
                       cause=structure_cause(got_layers, expected_layers))
    for index, (g, e) in enumerate(zip(got_layers, expected_layers), start=1):
        if layer_signature(g) != layer_signature(e):
            hint = _layer_hint(g, e, index)
            return Verdict(False, msg("kit.model.compare_layers.layer_differs", what=what,
                                      layer_number=layer_number(g, index),
                                      e_layer=layer_signature(e),
                                      g_layer=layer_signature(g),
                                      as_written=_as_written(g), hint=hint),
                           detail=f"got: {got_text}\nexpected: {expected_text}",
                           cause=f"{layer_signature(g)} instead of {layer_signature(e)}")
    if len(got_layers) != len(expected_layers):
        if len(got_layers) < len(expected_layers):
            missing = expected_layers[len(got_layers)]
            message = (msg("kit.model.compare_layers.layer_missing", what=what,
                           n_got_layers=len(got_layers),
                           n_expected_layers=len(expected_layers),
                           n_got_layers_1=len(got_layers) + 1,
                           missing_layer=layer_signature(missing)))
        else:
            extra = got_layers[len(expected_layers)]
            message = (msg("kit.model.compare_layers.layer_extra", what=what,
                           n_got_layers=len(got_layers),
                           n_expected_layers=len(expected_layers),
                           layer_number=layer_number(extra, len(expected_layers) + 1),
                           extra_layer=layer_signature(extra)))
        if expected_layers and expected_layers[0]["class"] == "Flatten" and (
                not got_layers or got_layers[0]["class"] != "Flatten"):
            message += msg("kit.model.compare_layers.start_with_flatten")
        return Verdict(False, message, detail=f"got: {got_text}\nexpected: {expected_text}",
                       cause=structure_cause(got_layers, expected_layers))
    return Verdict(True, msg("kit.model.compare_layers.ok", what=what, got_text=got_text))


def activation_words(activation: str | None, written: str | None = None) -> Message:
    """An output layer's activation as the student wrote it: "no activation" for Dense(10) (Keras
    reads no activation as "linear"), "activation tf.nn.relu", "activation 'relu'"."""
    if written and written != activation:
        return msg("kit.model.activation.written", written=written)
    if activation in (None, "linear"):
        return msg("kit.model.activation.none")
    return msg("kit.model.activation.named", name=repr(activation))


def _as_written(layer: dict) -> str:
    """`` (written tf.nn.softmax)``: the student's own spelling of an activation not recognised by name."""
    written = layer.get("activation_written")
    return msg("kit.model.as_written.activation", written=written) if written and written != layer["settings"].get("activation") else ""


def _layer_hint(got: dict, expected: dict, index: int) -> str:
    if expected["class"] == "Flatten" and got["class"] != "Flatten":
        return msg("kit.model.layer_hint.start_with_flatten")
    g, e = got["settings"], expected["settings"]
    if g.get("activation") != e.get("activation") and e.get("activation") == "softmax":
        return (msg("kit.model.layer_hint.last_layer_softmax"))
    same_size = got["class"] == expected["class"] and all(g.get(key) == e.get(key) for key in ("units", "filters"))
    if g.get("activation") != e.get("activation") and same_size:  # another layer altogether: no activation hint
        return msg("kit.model.layer_hint.set_activation", activation_e=e.get('activation'))
    return ""


def compare_params(got: dict, expected: dict, *, what: str) -> Verdict:
    """Total and per-layer parameter counts, recomputed from the weights, with the bias hint."""
    if not got.get("is_model"):
        return Verdict(False, msg("kit.model.compare_params.not_a_model", what=what,
                                  got_value=show(got['value'])))
    if not got["built"] or (got["params"] == 0 and expected["params"] > 0):
        return Verdict(False, msg("kit.model.compare_params.not_built", what=what,
                                  expected_params=expected['params']))
    for index, (g, e) in enumerate(zip(got["layers"], expected["layers"]), start=1):
        if g["params"] != e["params"]:
            hint = ""
            if g["class"] == "Dense" and e["class"] == "Dense" and g["settings"].get("units"):
                units = g["settings"]["units"]
                if g["params"] == e["params"] - units:
                    hint = (msg("kit.model.compare_params.bias_missing", g_params=g['params'], units=units))
                elif g["weight_shapes"] and e["weight_shapes"] and g["weight_shapes"][0][0] != e["weight_shapes"][0][0]:
                    hint = (msg("kit.model.compare_params.inputs_differ",
                                g_weight_shapes_0_0=g['weight_shapes'][0][0],
                                e_weight_shapes_0_0=e['weight_shapes'][0][0]))
            return Verdict(False, msg("kit.model.compare_params.layer_differs", what=what,
                                      layer_number=layer_number(g, index),
                                      g_layer=layer_signature(g),
                                      g_params=g['params'],
                                      e_params=e['params'], hint=hint),
                           cause=structure_cause(got["layers"], expected["layers"]))
    if got["params"] != expected["params"]:
        return Verdict(False, msg("kit.model.compare_params.total_differs", what=what,
                                  got_params=got['params'],
                                  expected_params=expected['params']))
    parts = " + ".join(f"{layer['params']:,}" for layer in got["layers"])
    return Verdict(True, msg("kit.model.compare_params.ok", what=what,
                             got_params=got['params'], parts=parts))


# -- whole models: kind, input and output shapes ------------------------------------------------

def shape_text(shape) -> str:
    if shape is None:
        return "unknown"
    inner = ", ".join("None" if n is None else str(n) for n in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def _habit_note(got: dict) -> str:
    if "input_shape" in got.get("habits", []):
        return (msg("kit.model.habit_note.input_shape"))
    return ""


def with_note(verdict: Verdict, got: dict) -> Verdict:
    note = _habit_note(got)
    return replace(verdict, message=verdict.message + note) if note else verdict


def raised_hint(raised: dict) -> str:
    """Advice for the errors that building a model typically raises."""
    message = raised.get("message", "")
    if "input_shape" in message and raised.get("type") == "TypeError":
        return msg("kit.model.raised_hint.input_takes_shape")
    if "min_ndim=4" in message or "expected ndim=4" in message:
        return (msg("kit.model.raised_hint.channel_axis_needed"))
    if "incompatible" in message or "xpected shape" in message:
        return msg("kit.model.raised_hint.input_shape_mismatch")
    if "super().__init__" in message or "super()" in message:
        return msg("kit.model.raised_hint.call_super_init")
    advice = error_advice(raised)
    return msg("kit.model.raised_hint.advice", advice=advice) if advice else ""


def model_problem(what: str, got: dict, expected_base: str | None = None) -> Verdict | None:
    """A failing verdict when the builder raised, returned no model, or the wrong kind of model."""
    if "raised" in got:
        raised = got["raised"]
        return Verdict(False, msg("kit.model.model_problem.raised", what=what, raised_type=raised['type'],
                                  raised_message=raised['message'],
                                  raised_hint=raised_hint(raised)))
    model = got["model"]
    if not model.get("is_model"):
        return Verdict(False, msg("kit.model.model_problem.not_a_model", what=what,
                                  model_value=show(model['value'])))
    if expected_base and model["base"] != expected_base:
        how = {"Sequential": msg("kit.model.build_with.sequential"),
               "Functional": msg("kit.model.build_with.functional"),
               "subclass": msg("kit.model.build_with.subclass")}[expected_base]
        got_kind = {"Sequential": msg("kit.model.kind.sequential"), "Functional": msg("kit.model.kind.functional"),
                    "subclass": msg("kit.model.kind.subclass", model_class=model["class"])}[model["base"]]
        return Verdict(False, msg("kit.model.model_problem.wrong_kind", what=what,
                                  got_kind=got_kind, how=how))
    for index, layer in enumerate(model["layers"], start=1):
        if not layer.get("module", "").startswith("keras."):
            return Verdict(False, msg("kit.model.model_problem.not_a_keras_layer", what=what, index=index,
                                      layer_class=layer['class'],
                                      layer_module=layer['module']))
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
        return (msg("kit.model.input_hint.already_flattened", got_shape_1=got_shape[1],
                    expected_shape_shape=shape_text(expected_shape[1:])))
    if list(got_shape[1:]) == list(expected_shape[1:]) + [1]:
        return (msg("kit.model.input_hint.extra_channel_axis",
                    expected_shape_shape=shape_text(expected_shape[1:])))
    if list(got_shape[1:]) + [1] == list(expected_shape[1:]):
        return (msg("kit.model.input_hint.channel_axis_missing",
                    expected_shape_shape=shape_text(expected_shape[1:])))
    return msg("kit.model.input_hint.use_keras_input", expected_shape_shape=shape_text(expected_shape[1:]))


def compare_shapes(got_model: dict, expected_model: dict, *, what: str) -> Verdict:
    """Input, output and per-layer output shapes of two described models."""
    if got_model["inputs"] is None or not got_model["built"]:
        return Verdict(False, msg("kit.model.compare_shapes.not_built", what=what,
                                  expected_model_inputs_0_shape=shape_text(expected_model['inputs'][0][1:])))
    got_in, expected_in = got_model["inputs"], expected_model["inputs"]
    if len(got_in) != len(expected_in):
        return Verdict(False, msg("kit.model.compare_shapes.input_count", what=what, n_got_in=len(got_in),
                                  n_expected_in=len(expected_in)))
    for number, (g, e) in enumerate(zip(got_in, expected_in), start=1):
        if g != e:
            which = msg("kit.model.compare_shapes.input_number", number=number) if len(expected_in) > 1 else msg("kit.model.compare_shapes.the_input")
            return Verdict(False, msg("kit.model.compare_shapes.input_shape_differs", what=what, which=which,
                                      g_shape=shape_text(g),
                                      e_shape=shape_text(e),
                                      input_hint=_input_hint(g, e)))
    for index, (g, e) in enumerate(zip(got_model["layers"], expected_model["layers"]), start=1):
        if g["output_shape"] != e["output_shape"]:
            return Verdict(False, msg("kit.model.compare_shapes.layer_output_differs", what=what,
                                      layer_number=layer_number(g, index),
                                      g_layer=layer_signature(g),
                                      g_output_shape_shape=shape_text(g['output_shape']),
                                      e_output_shape_shape=shape_text(e['output_shape'])),
                           cause=structure_cause(got_model["layers"], expected_model["layers"]))
    if got_model["outputs"] != expected_model["outputs"]:
        got_out = ", ".join(shape_text(s) for s in got_model["outputs"] or [])
        expected_out = ", ".join(shape_text(s) for s in expected_model["outputs"])
        return Verdict(False, msg("kit.model.compare_shapes.outputs_differ", what=what, got_out=got_out,
                                  expected_out=expected_out))
    flow = " -> ".join(shape_text(layer["output_shape"]) for layer in got_model["layers"])
    return Verdict(True, msg("kit.model.compare_shapes.ok", what=what,
                             got_in_0_shape=shape_text(got_in[0]), flow=flow))

