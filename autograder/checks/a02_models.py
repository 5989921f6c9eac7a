"""Checks of assignment 02_models (module ``models.py``).

Every model is described in the worker from its real weights (keras_probes.describe_model) and
judged here, layer by layer, against the reference solution's description. Layer names are never
compared: Keras numbers them with a global counter.

Hidden checks call ``dense_params`` and ``first_dense_weight_shapes`` with other arguments and
other models, and ``SomeModel`` with a keyword argument and other batch sizes, so that answers
written for the examples alone fail them.

The probe and judge helpers without a leading underscore are shared with a05_cnn.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

import numpy as np

from autograder.catalog import Message, msg
from autograder.checks.kit.base import Check, CheckSuite, Verdict, format_call
from autograder.checks.kit.judging import (SEQUENCES, container_note, first_difference, joined_with_and, kind_of, plain,
                                          same_as_reference, show, in_reference_containers)
from autograder.checks.kit.calling import run_student
from autograder.checks.kit.model_judging import (compare_layers, compare_params, compare_shapes, judge_model,
                                                 layer_signature, model_problem, raised_hint, shape_text,
                                                 with_note)
from autograder.checks.kit.model_probes import build_probe
from autograder.describe import describe

SUITE = CheckSuite("02_models", "models", preload=("keras",))

IMAGES = (28, 28)
N_FEATURES = 8


# =================================================================================================
# Child side: calling student code and describing what came back.
# =================================================================================================


def image_batch(count: int, shape: tuple = IMAGES, seed: int = 0) -> np.ndarray:
    """Pixel values already scaled to [0, 1], as the course feeds models."""
    return np.random.default_rng(seed).uniform(0.0, 1.0, size=(count, *shape)).astype(np.float32)


def forward_probe(target: str, batch: Any):
    """Build a model with ``target()`` and describe its output on ``batch`` (an array or a list)."""

    def probe(module, context):
        from autograder.checks.kit import keras_probes

        built = run_student(getattr(module, target))
        if "raised" in built:
            return {"raised": built["raised"], "stage": "build"}
        model = built["value"]
        if not keras_probes.is_model(model):
            return {"not_model": describe(model)}
        output = run_student(keras_probes.forward, model, batch)
        if "raised" in output:
            return {"raised": output["raised"], "stage": "call"}
        return {"output": output["value"]}

    return probe


# =================================================================================================
# Parent side: judging described models.
# =================================================================================================

def images(count: int) -> str:
    return msg("a02.images.image", count=count) if count == 1 else msg("a02.images.images", count=count)


def judge_network(what: str, base: str):
    """Kind of model, layers, parameters and shapes together: the first difference decides."""

    def judge(got: dict, expected: dict) -> Verdict:
        problem = model_problem(what, got, base)
        if problem:
            return with_note(problem, got)
        parts = [compare_layers(got["model"], expected["model"], what=what),
                 compare_shapes(got["model"], expected["model"], what=what),  # a wrong input explains wrong counts
                 compare_params(got["model"], expected["model"], what=what)]
        failed = next((verdict for verdict in parts if not verdict.passed), None)
        if failed:
            return with_note(failed, got)
        model = got["model"]
        return with_note(Verdict(True, msg("a02.network.ok", what=what,
                                           layers=' -> '.join(layer_signature(x) for x in model['layers']),
                                           model_params=model['params'],
                                           model_outputs_0_shape=shape_text(model['outputs'][0]))), got)

    return judge


# -- outputs of a forward pass -------------------------------------------------------------------

def probabilities_problem(output: dict, expected: dict, label: str) -> str | None:
    """Why ``output`` (a described array) is not a batch of probabilities shaped like ``expected``."""
    if kind_of(output) != "array":
        return msg("a02.probabilities_problem.not_an_array", label=label, output=show(output),
                   expected_shape_shape=shape_text(expected['shape']))
    if output["shape"] != expected["shape"]:
        hint = ""
        if len(output["shape"]) == 3 and output["shape"][1] == 28:
            hint = msg("a02.probabilities_problem.flatten_missing")
        return (msg("a02.probabilities_problem.wrong_shape", label=label,
                    output_shape_shape=shape_text(output['shape']),
                    expected_shape_shape=shape_text(expected['shape']), hint=hint))
    values = plain(output)
    if not isinstance(values, np.ndarray) or values.dtype.kind != "f":
        return msg("a02.probabilities_problem.wrong_dtype", label=label, output_dtype=output['dtype'])
    if not np.all(np.isfinite(values)):
        return msg("a02.probabilities_problem.not_finite", label=label)
    sums = values.reshape(values.shape[0], -1).sum(axis=1)
    if values.min() < -1e-6 or not np.allclose(sums, 1.0, atol=1e-4):
        return (msg("a02.probabilities_problem.rows_not_probabilities", label=label, sums_0=sums[0],
                    smallest=values.min()))
    return None


def call_problem(what: str, got: dict, call_text: str) -> Verdict | None:
    if "not_model" in got:
        return Verdict(False, msg("a02.call_problem.not_a_model", what=what,
                                  got_not_model=show(got['not_model'])))
    if "raised" in got:
        raised = got["raised"]
        where = what if got.get("stage") == "build" else call_text
        return Verdict(False, msg("a02.call_problem.raised", where=where, raised_type=raised['type'],
                                  raised_message=raised['message'],
                                  raised_hint=raised_hint(raised)))
    return None


def judge_probabilities(what: str, call_text: str, key: str):
    """A forward pass of a one-output model: the right shape, and probabilities."""

    def judge(got: dict, expected: dict) -> Verdict:
        problem = call_problem(what, got, call_text)
        if problem:
            return problem
        output, reference = got["output"], expected["output"]
        if kind_of(output) == "dict" or "outputs" in output:
            return Verdict(False, msg("a02.probabilities.several_outputs", call_text=call_text,
                                      reference_shape_shape=shape_text(reference['shape'])))
        found = probabilities_problem(output, reference, msg("a02.output_of", call_text=call_text))
        if found:
            return Verdict(False, msg("text.sentence", text=found),
                           cause=forward_cause(key, found, [output["shape"][1:]]))
        return Verdict(True, msg("a02.probabilities.ok", call_text=call_text,
                                 output_shape_shape=shape_text(output['shape'])))

    return judge


# -- one mistake, one explanation: a network's structure and what it computes ------------------
#
# A wrong output layer shows twice: in the layers and in the forward pass (a relu output is both
# "layer 3: expected Dense(10, softmax)" and "rows that do not sum to 1"; a missing Flatten or a
# wrong number of units, both a layer difference and an output of another shape). The structure
# checks and the forward checks of one function name the same cause for it, from their own
# evidence, so the forward check points at the structure check (kit/causes.py).

def _outputs_cause(key: str, shapes: list) -> str:
    """The outputs (without the batch axis) differ from the documented ones."""
    return f"{key}: outputs {[list(shape) for shape in shapes]}"


def _softmax_cause(key: str) -> str:
    return f"{key}: output not softmax"


def _activations_cause(key: str) -> str:
    return f"{key}: hidden activation"


def _softmax_units(layers: list[dict]) -> Counter:
    return Counter(layer["settings"].get("units") for layer in layers
                   if layer["class"] == "Dense" and layer["settings"].get("activation") == "softmax")


def structure_cause(key: str, layers: list[dict], expected_layers: list[dict]) -> str:
    """The cause a multi-input or multi-output model's failing structure check names (its message
    lists every layer that differs): an output Dense layer without softmax (the same units, another
    activation), which its forward pass shows as rows that are not probabilities; "" otherwise."""
    missing = _softmax_units(expected_layers) - _softmax_units(layers)
    other = Counter(layer["settings"].get("units") for layer in layers
                    if layer["class"] == "Dense" and layer["settings"].get("activation") != "softmax")
    return _softmax_cause(key) if missing and not missing - other else ""


def ordered_structure_cause(key: str, layers: list[dict], expected_layers: list[dict], outputs: list | None,
                            expected_outputs: list | None) -> str:
    """The cause a failing structure check of a network in a line names, when its first difference
    (the one its message explains) is what a forward pass shows too: the output layer without
    softmax; other outputs because of the output layer or a missing Flatten (or, with every layer as
    documented, a wrong input); a Dense layer with another activation. "" otherwise."""
    signatures, wanted = [layer_signature(x) for x in layers], [layer_signature(x) for x in expected_layers]
    outputs_differ = (outputs is not None and expected_outputs is not None
                      and [list(x) for x in outputs] != [list(x) for x in expected_outputs])
    first = next((i for i, (g, e) in enumerate(zip(signatures, wanted)) if g != e), None)
    if first is None and len(signatures) != len(wanted):
        first = min(len(signatures), len(wanted))
    if first is None:
        return _outputs_cause(key, outputs) if outputs_differ else ""
    expected = expected_layers[first] if first < len(expected_layers) else None
    got = layers[first] if first < len(layers) else None
    same_dense = (got is not None and expected is not None and got["class"] == expected["class"] == "Dense"
                  and got["settings"].get("units") == expected["settings"].get("units"))
    if same_dense and first == len(expected_layers) - 1 and expected["settings"].get("activation") == "softmax":
        return _softmax_cause(key)
    if outputs_differ and expected is not None and (first == len(expected_layers) - 1 or expected["class"] == "Flatten"):
        return _outputs_cause(key, outputs)
    if same_dense:
        return _activations_cause(key)
    return ""


def _model_outputs(model: dict) -> list | None:
    return None if model.get("outputs") is None else [shape[1:] for shape in model["outputs"]]


def with_structure_cause(judge, key: str):
    """A structure judge whose failure names the cause a forward pass shows too (ordered_structure_cause)."""

    def judged(got: dict, expected: dict) -> Verdict:
        verdict = judge(got, expected)
        model, reference = got.get("model") or {}, (expected.get("model") or {})
        if verdict.passed or not model.get("is_model") or model.get("base") != reference.get("base"):
            return verdict
        cause = ordered_structure_cause(key, model["layers"], reference["layers"], _model_outputs(model),
                                        _model_outputs(reference))
        return replace(verdict, cause=cause) if cause else verdict

    return judged


def forward_cause(key: str, found: Message, shapes: list) -> str:
    """The cause a failing forward pass names: its outputs' shapes (without the batch axis), when
    they are not the documented ones, or rows that are not probabilities."""
    if found.id == "a02.probabilities_problem.wrong_shape":
        return _outputs_cause(key, shapes)
    if found.id == "a02.probabilities_problem.rows_not_probabilities":
        return _softmax_cause(key)
    return ""


# =================================================================================================
# The checks.
# =================================================================================================

_ADD = "build_sequential_add()"

SUITE.add(Check("sequential_add.layers", "build_sequential_add", _ADD, build_probe("build_sequential_add"),
                with_structure_cause(judge_model(_ADD, compare_layers, "Sequential", note=True), _ADD)))
SUITE.add(Check("sequential_add.params", "build_sequential_add", _ADD, build_probe("build_sequential_add"),
                with_structure_cause(judge_model(_ADD, compare_params), _ADD)))
SUITE.add(Check("sequential_add.shapes", "build_sequential_add", _ADD, build_probe("build_sequential_add"),
                with_structure_cause(judge_model(_ADD, compare_shapes), _ADD)))
_FORWARD_CALL = msg("a02.call.on_images_of_shape", call="build_sequential_add()(images)", count=3, shape="(28, 28)")
SUITE.add(Check("sequential_add.forward", "build_sequential_add", _FORWARD_CALL,
                forward_probe("build_sequential_add", image_batch(3)),
                judge_probabilities(_ADD, _FORWARD_CALL, _ADD)))

SUITE.add(Check("sequential_list.network", "build_sequential_list", "build_sequential_list()",
                build_probe("build_sequential_list"), judge_network("build_sequential_list()", "Sequential")))
SUITE.add(Check("functional.network", "build_functional", "build_functional()",
                build_probe("build_functional"), judge_network("build_functional()", "Functional")))


# -- SomeModel ------------------------------------------------------------------------------------

def _recompute(model, x: np.ndarray) -> float | None:
    """Largest difference between the model's output and Flatten -> Dense(relu) -> Dense(softmax)
    computed with numpy from the model's own Dense weights; None when the weights do not fit."""
    import keras

    from autograder.checks.kit.keras_probes import flat_layers, keras_attribute

    dense = [layer for layer in flat_layers(model) if type(layer) is keras.layers.Dense]
    if len(dense) != 2:
        return None
    weights = [[np.asarray(w) for w in keras_attribute(layer, "get_weights")()] for layer in dense]
    if [len(w) for w in weights] != [2, 2]:
        return None
    (kernel_1, bias_1), (kernel_2, bias_2) = weights
    rows = x.reshape(len(x), -1).astype(np.float64)
    if kernel_1.shape[0] != rows.shape[1] or kernel_2.shape[0] != kernel_1.shape[1]:
        return None
    hidden = np.maximum(rows @ kernel_1 + bias_1, 0.0)
    logits = hidden @ kernel_2 + bias_2
    logits -= logits.max(axis=1, keepdims=True)
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    output = np.asarray(model(x, training=False), dtype=np.float64)
    if output.shape != expected.shape:
        return None
    return float(np.abs(output - expected).max())


def _some_model_probe(kwargs: dict, batch_sizes: tuple):
    def probe(module, context):
        import keras

        from autograder.checks.kit import keras_probes

        cls = module.SomeModel
        if not issubclass(type(cls), type):  # a real class, not an object whose __class__ claims to be one
            return {"not_class": describe(cls)}
        info: dict[str, Any] = {"subclasses_model": issubclass(cls, keras.Model),
                                "sequential": issubclass(cls, (keras.Sequential,)),
                                "bases": [base.__name__ for base in cls.__mro__[1:3]]}
        if not info["subclasses_model"]:
            return info
        made = run_student(cls, **kwargs)
        if "raised" in made:
            return {**info, "raised_init": made["raised"]}
        model = made["value"]
        if not keras_probes.is_model(model):
            return {**info, "not_model": describe(model)}
        info["runs"] = []
        for number, size in enumerate(batch_sizes):
            x = image_batch(size, seed=10 + number)
            output = run_student(keras_probes.forward, model, x)
            if "raised" in output:
                return {**info, "raised_call": output["raised"], "batch": size}
            again = run_student(keras_probes.forward, model, x)  # layers made in call() are new each time
            info["runs"].append({"batch": size, "output": output["value"],
                                 "recomputed": run_student(_recompute, model, x).get("value"),
                                 "same_twice": "value" in again and first_difference(again["value"], output["value"]) is None})
        info["model"] = keras_probes.describe_model(model)
        return info

    return probe


def _dense_only(model: dict) -> dict:
    """The model without Flatten layers: flattening may be a layer or a reshape in call()."""
    layers = [layer for layer in model["layers"] if layer["class"] != "Flatten"]
    return {**model, "layers": layers}


def _some_model_problem(got: dict, call: str) -> Verdict | None:
    if "not_class" in got:
        return Verdict(False, msg("a02.some_model_problem.not_a_class",
                                  got_not_class=show(got['not_class'])))
    if not got["subclasses_model"]:
        return Verdict(False, msg("a02.some_model_problem.not_a_keras_model",
                                  got_bases=', '.join(got['bases'])))
    if got["sequential"]:
        return Verdict(False, msg("a02.some_model_problem.derives_from_sequential"))
    if "not_model" in got:
        return Verdict(False, msg("a02.some_model_problem.not_some_model", call=call,
                                  got_not_model=show(got['not_model'])))
    if "raised_init" in got:
        raised = got["raised_init"]
        hint = raised_hint(raised)
        if raised["type"] == "TypeError" and ("argument" in raised["message"]):
            hint = (msg("a02.some_model_problem.init_kwargs"))
        return Verdict(False, msg("a02.some_model_problem.raised", call=call, raised_type=raised['type'],
                                  raised_message=raised['message'], hint=hint))
    if "raised_call" in got:
        raised = got["raised_call"]
        return Verdict(False, msg("a02.some_model_problem.call_raised", call=call,
                                  images=images(got['batch']),
                                  raised_type=raised['type'],
                                  raised_message=raised['message'],
                                  raised_hint=raised_hint(raised)))
    return None


_LAYERS_IN_CALL = "SomeModel: layers made in call()"


def _layers_made_in_call(got: dict, call: str) -> Verdict | None:
    """The evidence that call() creates its layers: the model answered, yet holds no weights after
    its call, and two calls on the same images gave different outputs (new random weights)."""
    runs = got.get("runs") or []
    if not runs or got["model"]["params"] != 0 or all(run.get("same_twice", True) for run in runs):
        return None
    return Verdict(False, msg("a02.some_model.layers_made_in_call", call=call), cause=_LAYERS_IN_CALL)


def _computed_activations(model: dict, reference: dict, got: dict) -> tuple[dict, Message | str]:
    """Activations judged by what the model computes: when every output equals Flatten -> Dense(100,
    relu) -> Dense(10, softmax) recomputed from the model's own Dense weights, a softmax (or relu)
    applied in call() with keras.ops is that layer's activation."""
    runs = got.get("runs") or []
    if not runs or any(run.get("recomputed") is None or run["recomputed"] > 1e-4 for run in runs):
        return model, ""
    if len(model["layers"]) != len(reference["layers"]):
        return model, ""
    layers, moved = [], []
    for layer, wanted in zip(model["layers"], reference["layers"]):
        activation, expected_activation = layer["settings"].get("activation"), wanted["settings"].get("activation")
        if layer["class"] == wanted["class"] == "Dense" and activation == "linear" and expected_activation != "linear":
            layer = {**layer, "settings": {**layer["settings"], "activation": expected_activation}}
            moved.append(expected_activation)
        layers.append(layer)
    note = msg("a02.some_model_structure.activation_in_call", activations=", ".join(moved)) if moved else ""
    return {**model, "layers": layers}, note


def _judge_some_model_structure(got: dict, expected: dict) -> Verdict:
    what = "SomeModel()"
    problem = _some_model_problem(got, what) or _layers_made_in_call(got, what)
    if problem:
        return problem
    reference = _dense_only(expected["model"])
    model, note = _computed_activations(_dense_only(got["model"]), reference, got)
    for verdict in (compare_layers(model, reference, what=what), compare_params(model, reference, what=what)):
        if not verdict.passed:
            cause = (ordered_structure_cause(_SOME_MODEL, model["layers"], reference["layers"], _run_outputs(got),
                                             _run_outputs(expected))
                     or _dense_weights_cause(model["layers"], reference["layers"]))
            return replace(verdict, cause=cause) if cause else verdict
    return Verdict(True, msg("a02.some_model_structure.ok",
                             layers=' -> '.join(layer_signature(x) for x in model['layers']),
                             model_params=model['params']) + note)


_SOME_MODEL = "SomeModel"


def _run_outputs(got: dict) -> list | None:
    """The output shape of SomeModel's first call (without the batch axis), as a list of outputs."""
    runs = got.get("runs") or []
    output = runs[0].get("output") if runs else None
    return [output["shape"][1:]] if isinstance(output, dict) and isinstance(output.get("shape"), list) else None


_DENSE_WEIGHTS = f"{_SOME_MODEL}: not the Dense layers' weights"


def _dense_weights_cause(layers: list[dict], expected_layers: list[dict]) -> str:
    """Another number of Dense layers, or one without its bias: the forward checks then cannot
    recompute flatten -> hidden -> output from the model's weights, and say so (one mistake)."""
    def weights(group: list[dict]) -> list[int]:
        return [len(layer.get("weight_shapes") or []) for layer in group if layer["class"] == "Dense"]

    return _DENSE_WEIGHTS if weights(layers) != weights(expected_layers) else ""


def _runs_problem(got: dict, expected: dict, call: str) -> Verdict | None:
    for run, reference in zip(got["runs"], expected["runs"]):
        label = msg("a02.runs_problem.output_label", call=call, images=images(run['batch']))
        found = probabilities_problem(run["output"], reference["output"], label)
        if found:
            shapes = [run["output"]["shape"][1:]] if isinstance(run["output"].get("shape"), list) else []
            return Verdict(False, msg("text.sentence", text=found), cause=forward_cause(_SOME_MODEL, found, shapes))
        if run["recomputed"] is None:
            return Verdict(False, msg("a02.runs_problem.wrong_dense_weights", label=label), cause=_DENSE_WEIGHTS)
        if run["recomputed"] > 1e-4:
            # the Dense layers' own weights, another function of them: an activation differs
            return Verdict(False, msg("a02.runs_problem.differs_from_recomputed", label=label,
                                      run_recomputed=run['recomputed']), cause=_activations_cause(_SOME_MODEL))
    return None


def _judge_some_model_forward(call: str):
    def judge(got: dict, expected: dict) -> Verdict:
        problem = _some_model_problem(got, call) or _layers_made_in_call(got, call) or _runs_problem(got, expected, call)
        if problem:
            return problem
        sizes = joined_with_and([run["batch"] for run in got["runs"]])
        return Verdict(True, msg("a02.some_model_forward.ok", call=call, sizes=sizes))

    return judge


# The probes build their own networks and keep no memo: when a core is free, SomeModel's checks and
# the multi-input and multi-output ones run in a worker of their own, beside the Sequential and
# functional networks' (sandbox/groups.py), about half of the suite's time each.
APART = "SomeModel, several inputs or outputs"
SUITE.add(Check("some_model.structure", "SomeModel", "SomeModel()(images)",
                _some_model_probe({}, (3,)), _judge_some_model_structure, worker_group=APART))
SUITE.add(Check("some_model.forward", "SomeModel", "SomeModel()(images)",
                _some_model_probe({}, (3,)), _judge_some_model_forward("SomeModel()"), worker_group=APART))
SUITE.add(Check("some_model.hidden", "SomeModel", 'SomeModel(name="graded_model")(images)',
                _some_model_probe({"name": "graded_model"}, (1, 16)),
                _judge_some_model_forward('SomeModel(name="graded_model")'), worker_group=APART))


# -- dense_params --------------------------------------------------------------------------------

def _dense_params_hint(n_inputs: int, n_units: int, use_bias: bool):
    def hint(got: dict, expected: dict) -> str | None:
        if kind_of(got) not in ("int", "float"):
            return msg("a02.dense_params_hint.return_int")
        value = plain(got)
        if kind_of(got) == "float" and float(value) == float(plain(expected)):
            return msg("a02.dense_params_hint.float_not_int")
        if use_bias and value == n_inputs * n_units:
            return (msg("a02.dense_params_hint.bias_missing", value=value, n_units=n_units))
        if use_bias and value == n_inputs * (n_units + 1):
            return msg("a02.dense_params_hint.bias_misplaced")
        if not use_bias and value == (n_inputs + 1) * n_units:
            return (msg("a02.dense_params_hint.use_bias_ignored"))
        if not use_bias and value == n_inputs * (n_units + 1):
            return msg("a02.dense_params_hint.bias_misplaced")
        return None  # no diagnosis: the rule (fix)

    return hint


for _check_id, _args, _kwargs in (("dense_params.public", (784, 100), {}),
                                  ("dense_params.hidden", (37, 5), {}),
                                  ("dense_params.hidden_no_bias", (784, 100), {"use_bias": False})):
    _call = format_call("dense_params", _args, _kwargs)
    SUITE.call(_check_id, "dense_params", *_args, **_kwargs,
               judge=same_as_reference(_call, hints=[_dense_params_hint(*_args, _kwargs.get("use_bias", True))],
                                       fix=msg("a02.dense_params_hint.formula"), twins=True))


# -- first_dense_weight_shapes ----------------------------------------------------------------

def _weight_model(kind: str):
    import keras
    from keras import layers

    if kind == "article":
        return keras.Sequential([keras.Input(shape=IMAGES), layers.Flatten(), layers.Dense(100, activation="relu"),
                                 layers.Dense(10, activation="softmax")])
    if kind == "no_flatten":
        return keras.Sequential([keras.Input(shape=(12,)), layers.Dense(7, activation="relu"),
                                 layers.Dense(3, activation="softmax")])
    return keras.Sequential([keras.Input(shape=(5, 5)), layers.Flatten(),
                             layers.Dense(4, activation="relu", use_bias=False),
                             layers.Dense(2, activation="softmax")])


_WEIGHTS_CALL = "first_dense_weight_shapes(model)"
_WEIGHT_MODELS = {  # how each check calls it
    "article": msg("a02.call.for_the_network", call=_WEIGHTS_CALL,
                   network="Input(28, 28) -> Flatten -> Dense(100, relu) -> Dense(10, softmax)"),
    "no_flatten": msg("a02.call.for_network_without_flatten", call=_WEIGHTS_CALL,
                      network="Input(12,) -> Dense(7, relu) -> Dense(3, softmax)"),
    "no_bias": msg("a02.call.for_network", call=_WEIGHTS_CALL,
                   network="Input(5, 5) -> Flatten -> Dense(4, relu, use_bias=False) -> Dense(2, softmax)"),
}


def _weights_probe(kind: str):
    def probe(module, context):
        from autograder.checks.kit import keras_probes

        model = _weight_model(kind)
        result = module.first_dense_weight_shapes(model)
        layers = [keras_probes.describe_layer(layer) for layer in model.layers]
        return {"result": describe(result),
                "layers": [{"signature": layer_signature(layer), "shapes": layer["weight_shapes"]}
                           for layer in layers]}

    return probe


def _judge_weights(call: str):
    def judge(got: dict, expected: dict) -> Verdict:
        result, reference = got["result"], expected["result"]
        # The container rule: shapes as lists, a tuple of tuples or TensorShapes hold the same values.
        values = in_reference_containers(result, reference)
        difference = first_difference(values, reference)
        if difference is None:
            ok = msg("a02.weights.ok", call=call, result=show(result))
            note = container_note(result, reference)
            return Verdict(True, ok + note if note else ok)
        items = values.get("items", []) if kind_of(values) in SEQUENCES else []
        as_shapes = None
        if kind_of(values) in SEQUENCES and all(kind_of(item) in SEQUENCES for item in items):
            as_shapes = [list(plain(item)) for item in items]
        if kind_of(values) not in SEQUENCES:
            hint = msg("a02.weights.return_list")
        elif items and all(kind_of(item) == "array" for item in items):
            hint = msg("a02.weights.weights_not_shapes")
        elif as_shapes == []:
            hint = msg("a02.weights.layer_without_weights")
        else:
            hint = _other_layer_hint(as_shapes, got["layers"])
        generic = hint.id == "a02.other_layer_hint.find_first_dense"
        return Verdict(False, msg("a02.weights.differs", call=call, difference=difference, hint=hint),
                       detail=f"got: {show(result, 400)}\nexpected: {show(reference, 400)}",
                       cause="" if generic else f"first_dense_weight_shapes: {hint.id}")

    return judge


def _other_layer_hint(shapes: list | None, model_layers: list[dict]) -> str:
    dense = [index for index, layer in enumerate(model_layers, start=1) if layer["signature"].startswith("Dense(")]
    first = dense[0] if dense else None
    for index, layer in enumerate(model_layers, start=1):
        if shapes == layer["shapes"] and index != first:
            return (msg("a02.other_layer_hint.wrong_layer", index=index,
                        layer_signature=layer['signature'], first=first))
    real = model_layers[first - 1]["shapes"] if first is not None else None
    if real and shapes and shapes[:1] == real[:1]:
        # a hint only where the evidence is: what the layer really holds, against what was returned
        if len(shapes) < len(real):
            return (msg("a02.other_layer_hint.bias_left_out", real_1=tuple(real[1])))
        if len(real) == 1 and len(shapes) > 1:
            return (msg("a02.other_layer_hint.bias_added"))
    if shapes == [[784, 100], [100]]:
        return (msg("a02.other_layer_hint.course_network_shapes"))
    return msg("a02.other_layer_hint.find_first_dense")


for _check_id, _kind in (("first_dense_weight_shapes.public", "article"),
                         ("first_dense_weight_shapes.hidden", "no_flatten"),
                         ("first_dense_weight_shapes.hidden_no_bias", "no_bias")):
    _call = _WEIGHT_MODELS[_kind]
    SUITE.add(Check(_check_id, "first_dense_weight_shapes", _call, _weights_probe(_kind), _judge_weights(_call)))


# -- multi-input and multi-output models ---------------------------------------------------------

def _signature_counts(model: dict) -> Counter:
    return Counter(layer_signature(layer) for layer in model["layers"])


def _judge_multi(what: str, input_names: list[str], output_names: list[str]):
    def judge(got: dict, expected: dict) -> Verdict:
        problem = model_problem(what, got, "Functional")
        if problem:
            return with_note(problem, got)
        model, reference = got["model"], expected["model"]
        got_in, expected_in = model["inputs"], reference["inputs"]
        if [shape_text(s) for s in got_in] != [shape_text(s) for s in expected_in]:
            wanted = ", ".join(f"{name} {shape_text(s)}" for name, s in zip(input_names, expected_in))
            hint = ""
            if sorted(map(shape_text, got_in)) == sorted(map(shape_text, expected_in)):
                hint = msg("a02.multi.inputs_order", input_names=', '.join(input_names))
            return Verdict(False, msg("a02.multi.inputs_differ", what=what,
                                      got_inputs=', '.join(shape_text(s) for s in got_in),
                                      n_expected_in=len(expected_in),
                                      wanted=wanted, hint=hint))
        got_out, expected_out = model["outputs"], reference["outputs"]
        if model.get("output_keys") and len(expected_out) > 1:
            # Keras orders a dict's outputs by key: the heads look swapped, and model(x) is a dict.
            return Verdict(False, msg("a02.multi.outputs_dict", what=what, keys=", ".join(model["output_keys"]),
                                      output_names=", ".join(output_names)),
                           cause=f"{what}: outputs as a dict")
        if got_out != expected_out:
            wanted = ", ".join(f"{name} {shape_text(s)}" for name, s in zip(output_names, expected_out))
            hint = ""
            cause = ""
            if len(got_out) == len(expected_out) and sorted(map(shape_text, got_out)) == sorted(map(shape_text, expected_out)):
                hint = msg("a02.multi.outputs_order", output_names=', '.join(output_names))
                cause = f"{what}: outputs in another order"
            elif len(got_out) < len(expected_out):
                hint = msg("a02.multi.pass_every_head", output_names=', '.join(output_names))
            return Verdict(False, msg("a02.multi.outputs_differ", what=what,
                                      got_outputs=', '.join(shape_text(s) for s in got_out),
                                      wanted=wanted, hint=hint),
                           cause=cause or _outputs_cause(what, [shape[1:] for shape in got_out]))
        got_layers, expected_layers = _signature_counts(model), _signature_counts(reference)
        if got_layers != expected_layers:
            missing = sorted((expected_layers - got_layers).elements())
            extra = sorted((got_layers - expected_layers).elements())
            if missing and extra:
                parts = msg("a02.multi.layers_missing_extra", missing=", ".join(missing), extra=", ".join(extra))
            elif missing:
                parts = msg("a02.multi.layers_missing", missing=", ".join(missing))
            else:
                parts = msg("a02.multi.layers_extra", extra=", ".join(extra))
            return Verdict(False, msg("a02.multi.layers_differ", what=what, parts=parts,
                                      elements=', '.join(sorted(expected_layers.elements()))),
                           cause=structure_cause(what, model["layers"], reference["layers"]))
        if model["params"] != reference["params"]:
            got_pairs = Counter((layer_signature(x), x["params"]) for x in model["layers"])
            expected_pairs = Counter((layer_signature(x), x["params"]) for x in reference["layers"])
            wrong = sorted((got_pairs - expected_pairs).elements())
            right = sorted((expected_pairs - got_pairs).elements())
            detail = ""
            if wrong and right:
                detail = (msg("a02.multi.wrong_tensor", wrong_0_0=wrong[0][0], wrong_0_1=wrong[0][1],
                              right_0_1=right[0][1]))
            return Verdict(False, msg("a02.multi.params_differ", what=what, model_params=model['params'],
                                      reference_params=reference['params'],
                                      detail=detail))
        order = _branch_order(model, reference)
        if order:
            return order
        return with_note(Verdict(True, msg("a02.multi.ok", what=what,
                                           got_inputs=', '.join(shape_text(s) for s in got_in),
                                           got_outputs=', '.join(shape_text(s) for s in got_out),
                                           model_params=model['params'])), got)

    return judge


def _joined_branches(model: dict) -> list[list[str]]:
    """For each Concatenate of a functional model (a layer or keras.ops.concatenate), the layers it
    joins, in order, as signatures ("input" for a model input)."""
    by_number = {layer["number"]: layer for layer in model["layers"]}
    return [[layer_signature(by_number[n]) if n in by_number else "input" for n in layer.get("inbound", [])]
            for layer in model["layers"] if layer["class"] == "Concatenate"]


def _branch_order(model: dict, reference: dict) -> Verdict | None:
    """The documented layers joined in another order: the same parameters and shapes, another graph."""
    got, wanted = _joined_branches(model), _joined_branches(reference)
    if not got or not wanted or got == wanted:
        return None
    if len(got) == len(wanted) and all(sorted(g) == sorted(w) for g, w in zip(got, wanted)):
        return Verdict(False, msg("a02.multi.branches_order", what="build_multi_input()",
                                  got=", ".join(got[0]), expected=", ".join(wanted[0])))
    return None


def _judge_multi_forward(what: str, call_text: str, output_names: list[str]):
    def judge(got: dict, expected: dict) -> Verdict:
        problem = call_problem(what, got, call_text)
        if problem:
            return problem
        output, reference = got["output"], expected["output"]
        if "outputs" not in reference:
            found = probabilities_problem(output, reference, msg("a02.output_of", call_text=call_text))
            if found:
                shapes = [output["shape"][1:]] if isinstance(output.get("shape"), list) else []
                return Verdict(False, msg("text.sentence", text=found), cause=forward_cause(what, found, shapes))
            return Verdict(True, msg("a02.multi_forward.one_output", call_text=call_text,
                                     output_shape_shape=shape_text(output['shape'])))
        wanted = reference["outputs"]
        if "outputs" not in output:
            return Verdict(False, msg("a02.multi_forward.one_array", call_text=call_text,
                                      output=show(output),
                                      n_wanted=len(wanted),
                                      output_names=', '.join(output_names)))
        if isinstance(output["outputs"], dict):
            return Verdict(False, msg("a02.multi_forward.dict", call_text=call_text,
                                      output_names=', '.join(output_names)),
                           cause=f"{what}: outputs as a dict")
        heads = [head["shape"][1:] if isinstance(head.get("shape"), list) else None for head in output["outputs"]]
        if len(output["outputs"]) != len(wanted):
            return Verdict(False, msg("a02.multi_forward.output_count", call_text=call_text,
                                      n_output_outputs=len(output['outputs']),
                                      n_wanted=len(wanted),
                                      output_names=', '.join(output_names)),
                           cause=_outputs_cause(what, heads) if None not in heads else "")
        swapped = ([head.get("shape") for head in output["outputs"]] != [head.get("shape") for head in wanted]
                   and sorted(map(str, (head.get("shape") for head in output["outputs"])))
                   == sorted(map(str, (head.get("shape") for head in wanted))))
        for name, head, reference_head in zip(output_names, output["outputs"], wanted):
            found = probabilities_problem(head, reference_head, msg("a02.named_output_of", name=name, call_text=call_text))
            if found:
                cause = forward_cause(what, found, heads) if None not in heads else ""
                return Verdict(False, msg("text.sentence", text=found),
                               cause=f"{what}: outputs in another order" if swapped else cause)
        shapes = ", ".join(shape_text(head["shape"]) for head in output["outputs"])
        return Verdict(True, msg("a02.multi_forward.ok", call_text=call_text,
                                 shapes=shapes))

    return judge


_features = np.random.default_rng(3).normal(size=(4, N_FEATURES)).astype(np.float32)
_MULTI_IN = "build_multi_input()"
_MULTI_OUT = "build_multi_output()"
SUITE.add(Check("multi_input.structure", "build_multi_input", _MULTI_IN, build_probe("build_multi_input"),
                _judge_multi(_MULTI_IN, ["features", "image"], ["item"]), worker_group=APART))
_MULTI_IN_CALL = msg("a02.call.on_items", call=f"{_MULTI_IN}([features, images])", count=4)
SUITE.add(Check("multi_input.forward", "build_multi_input", _MULTI_IN_CALL,
                forward_probe("build_multi_input", [_features, image_batch(4, seed=4)]),
                _judge_multi_forward(_MULTI_IN, _MULTI_IN_CALL, ["item"]), worker_group=APART))
SUITE.add(Check("multi_output.structure", "build_multi_output", _MULTI_OUT, build_probe("build_multi_output"),
                _judge_multi(_MULTI_OUT, ["image"], ["item", "colour"]), worker_group=APART))
_MULTI_OUT_CALL = msg("a02.call.on_images", call=f"{_MULTI_OUT}(images)", count=4)
SUITE.add(Check("multi_output.forward", "build_multi_output", _MULTI_OUT_CALL,
                forward_probe("build_multi_output", image_batch(4, seed=5)),
                _judge_multi_forward(_MULTI_OUT, _MULTI_OUT_CALL, ["item", "colour"]), worker_group=APART))
