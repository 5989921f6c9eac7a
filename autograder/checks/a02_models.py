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
from typing import Any

import numpy as np

from autograder.checks.kit.base import Check, CheckSuite, Verdict, format_call
from autograder.checks.kit.judging import first_difference, kind_of, plain, same_as_reference, show
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
    return f"{count} image" if count == 1 else f"{count} images"


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
        return with_note(Verdict(True, f"{what}: {' -> '.join(layer_signature(x) for x in model['layers'])}, "
                                       f"{model['params']:,} parameters, output {shape_text(model['outputs'][0])}: "
                                       "the same network as the reference."), got)

    return judge


# -- outputs of a forward pass -------------------------------------------------------------------

def probabilities_problem(output: dict, expected: dict, label: str) -> str | None:
    """Why ``output`` (a described array) is not a batch of probabilities shaped like ``expected``."""
    if kind_of(output) != "array":
        return f"{label} is {show(output)}; expected an array of shape {shape_text(expected['shape'])}"
    if output["shape"] != expected["shape"]:
        hint = ""
        if len(output["shape"]) == 3 and output["shape"][1] == 28:
            hint = " (the Dense layers were applied to every row of the image: Flatten is missing)"
        return (f"{label} has shape {shape_text(output['shape'])}; expected {shape_text(expected['shape'])}"
                f"{hint}")
    values = plain(output)
    if not isinstance(values, np.ndarray) or values.dtype.kind != "f":
        return f"{label} has dtype {output['dtype']}; expected floating-point probabilities"
    if not np.all(np.isfinite(values)):
        return f"{label} holds NaN or infinite values"
    sums = values.reshape(values.shape[0], -1).sum(axis=1)
    if values.min() < -1e-6 or not np.allclose(sums, 1.0, atol=1e-4):
        return (f"{label} is not a set of probabilities: each row should be positive and sum to 1, but the "
                f"first row sums to {sums[0]:.4g} (smallest value {values.min():.4g}). The output layer "
                "needs activation=\"softmax\"")
    return None


def call_problem(what: str, got: dict, call_text: str) -> Verdict | None:
    if "not_model" in got:
        return Verdict(False, f"{what} returned {show(got['not_model'])}; expected a keras.Model.")
    if "raised" in got:
        raised = got["raised"]
        where = what if got.get("stage") == "build" else call_text
        return Verdict(False, f"{where} raised {raised['type']}: {raised['message']}{raised_hint(raised)}")
    return None


def judge_probabilities(what: str, call_text: str):
    """A forward pass of a one-output model: the right shape, and probabilities."""

    def judge(got: dict, expected: dict) -> Verdict:
        problem = call_problem(what, got, call_text)
        if problem:
            return problem
        output, reference = got["output"], expected["output"]
        if kind_of(output) == "dict" or "outputs" in output:
            return Verdict(False, f"{call_text} returned several outputs; expected one array of shape "
                                  f"{shape_text(reference['shape'])}.")
        found = probabilities_problem(output, reference, f"the output of {call_text}")
        if found:
            return Verdict(False, found + ".")
        return Verdict(True, f"{call_text} returned probabilities of shape {shape_text(output['shape'])}, "
                             "each row summing to 1.")

    return judge


# =================================================================================================
# The checks.
# =================================================================================================

_ADD = "build_sequential_add()"

SUITE.add(Check("sequential_add.layers", "build_sequential_add", _ADD, build_probe("build_sequential_add"),
                judge_model(_ADD, compare_layers, "Sequential", note=True)))
SUITE.add(Check("sequential_add.params", "build_sequential_add", _ADD, build_probe("build_sequential_add"),
                judge_model(_ADD, compare_params)))
SUITE.add(Check("sequential_add.shapes", "build_sequential_add", _ADD, build_probe("build_sequential_add"),
                judge_model(_ADD, compare_shapes)))
_FORWARD_CALL = "build_sequential_add()(images) on 3 images of shape (28, 28)"
SUITE.add(Check("sequential_add.forward", "build_sequential_add", _FORWARD_CALL,
                forward_probe("build_sequential_add", image_batch(3)),
                judge_probabilities(_ADD, _FORWARD_CALL)))

SUITE.add(Check("sequential_list.network", "build_sequential_list", "build_sequential_list()",
                build_probe("build_sequential_list"), judge_network("build_sequential_list()", "Sequential")))
SUITE.add(Check("functional.network", "build_functional", "build_functional()",
                build_probe("build_functional"), judge_network("build_functional()", "Functional")))


# -- SomeModel ------------------------------------------------------------------------------------

def _recompute(model, x: np.ndarray) -> float | None:
    """Largest difference between the model's output and Flatten -> Dense(relu) -> Dense(softmax)
    computed with numpy from the model's own Dense weights; None when the weights do not fit."""
    import keras

    from autograder.checks.kit.keras_probes import keras_attribute

    dense = [layer for layer in keras_attribute(model, "layers") if type(layer) is keras.layers.Dense]
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
            info["runs"].append({"batch": size, "output": output["value"],
                                 "recomputed": run_student(_recompute, model, x).get("value")})
        info["model"] = keras_probes.describe_model(model)
        return info

    return probe


def _dense_only(model: dict) -> dict:
    """The model without Flatten layers: flattening may be a layer or a reshape in call()."""
    layers = [layer for layer in model["layers"] if layer["class"] != "Flatten"]
    return {**model, "layers": layers}


def _some_model_problem(got: dict, call: str) -> Verdict | None:
    if "not_class" in got:
        return Verdict(False, f"SomeModel is {show(got['not_class'])}; expected a class: "
                              "class SomeModel(keras.Model): ...")
    if not got["subclasses_model"]:
        return Verdict(False, f"SomeModel derives from {', '.join(got['bases'])}, not keras.Model. Write "
                              "class SomeModel(keras.Model): so that it gets fit, predict and weights.")
    if got["sequential"]:
        return Verdict(False, "SomeModel derives from keras.Sequential; this exercise subclasses keras.Model "
                              "itself and writes call().")
    if "not_model" in got:
        return Verdict(False, f"{call} returned {show(got['not_model'])} instead of a SomeModel; __init__ must "
                              "not replace the object (no __new__ tricks): class SomeModel(keras.Model).")
    if "raised_init" in got:
        raised = got["raised_init"]
        hint = raised_hint(raised)
        if raised["type"] == "TypeError" and ("argument" in raised["message"]):
            hint = (" __init__ must accept keyword arguments and pass them on: "
                    "def __init__(self, **kwargs): super().__init__(**kwargs).")
        return Verdict(False, f"{call} raised {raised['type']}: {raised['message']}{hint}")
    if "raised_call" in got:
        raised = got["raised_call"]
        return Verdict(False, f"calling {call} on a batch of {images(got['batch'])} raised {raised['type']}: "
                              f"{raised['message']}{raised_hint(raised)} call() should flatten the images, "
                              "then apply the hidden layer and the output layer.")
    return None


def _judge_some_model_structure(got: dict, expected: dict) -> Verdict:
    what = "SomeModel()"
    problem = _some_model_problem(got, what)
    if problem:
        return problem
    model = _dense_only(got["model"])
    reference = _dense_only(expected["model"])
    for verdict in (compare_layers(model, reference, what=what), compare_params(model, reference, what=what)):
        if not verdict.passed:
            return verdict
    return Verdict(True, f"SomeModel subclasses keras.Model; after its first call it has "
                         f"{' -> '.join(layer_signature(x) for x in model['layers'])} and "
                         f"{model['params']:,} parameters, as expected.")


def _runs_problem(got: dict, expected: dict, call: str) -> Verdict | None:
    for run, reference in zip(got["runs"], expected["runs"]):
        label = f"the output of {call} on {images(run['batch'])}"
        found = probabilities_problem(run["output"], reference["output"], label)
        if found:
            return Verdict(False, found + ".")
        if run["recomputed"] is None:
            return Verdict(False, f"{label}: the model's Dense layers do not have the weights of "
                                  "Dense(100, relu) and Dense(10, softmax) on 784 inputs, so call() cannot be "
                                  "flatten -> hidden -> output. Create exactly these layers in __init__.")
        if run["recomputed"] > 1e-4:
            return Verdict(False, f"{label} differs from softmax(Dense(relu(Dense(flattened images)))) computed "
                                  f"from the model's own weights (by up to {run['recomputed']:.3g}). call() must "
                                  "flatten the inputs, apply the hidden layer, then the output layer, and return "
                                  "that result.")
    return None


def _judge_some_model_forward(call: str):
    def judge(got: dict, expected: dict) -> Verdict:
        problem = _some_model_problem(got, call) or _runs_problem(got, expected, call)
        if problem:
            return problem
        sizes = " and ".join(str(run["batch"]) for run in got["runs"])
        return Verdict(True, f"{call} on batches of {sizes} images returned probabilities of shape (batch, 10), "
                             "equal to Flatten -> Dense(100, relu) -> Dense(10, softmax) computed from its "
                             "own weights.")

    return judge


SUITE.add(Check("some_model.structure", "SomeModel", "SomeModel()(images)",
                _some_model_probe({}, (3,)), _judge_some_model_structure))
SUITE.add(Check("some_model.forward", "SomeModel", "SomeModel()(images)",
                _some_model_probe({}, (3,)), _judge_some_model_forward("SomeModel()")))
SUITE.add(Check("some_model.hidden", "SomeModel", 'SomeModel(name="graded_model")(images)',
                _some_model_probe({"name": "graded_model"}, (1, 16)),
                _judge_some_model_forward('SomeModel(name="graded_model")')))


# -- dense_params --------------------------------------------------------------------------------

def _dense_params_hint(n_inputs: int, n_units: int, use_bias: bool):
    def hint(got: dict, expected: dict) -> str | None:
        if kind_of(got) not in ("int", "float"):
            return "Return one number, an int."
        value = plain(got)
        if kind_of(got) == "float" and float(value) == float(plain(expected)):
            return "The number is right but it is a float: return an int (use * and +, not /)."
        if use_bias and value == n_inputs * n_units:
            return (f"{value:,} = inputs x units: the bias is missing. Each of the {n_units} units also has "
                    "one bias, so (inputs + 1) x units.")
        if use_bias and value == n_inputs * (n_units + 1):
            return "The +1 (the bias) belongs to the inputs: (n_inputs + 1) * n_units."
        if not use_bias and value == (n_inputs + 1) * n_units:
            return ("With use_bias=False the layer has no bias, so the count is n_inputs * n_units: "
                    "the use_bias argument must change the result.")
        return "A Dense layer holds (n_inputs + 1) * n_units parameters, or n_inputs * n_units without bias."

    return hint


for _check_id, _args, _kwargs in (("dense_params.public", (784, 100), {}),
                                  ("dense_params.hidden", (37, 5), {}),
                                  ("dense_params.hidden_no_bias", (784, 100), {"use_bias": False})):
    _call = format_call("dense_params", _args, _kwargs)
    SUITE.call(_check_id, "dense_params", *_args, **_kwargs,
               judge=same_as_reference(_call, hints=[_dense_params_hint(*_args, _kwargs.get("use_bias", True))]))


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


_WEIGHT_MODELS = {
    "article": "the network Input(28, 28) -> Flatten -> Dense(100, relu) -> Dense(10, softmax)",
    "no_flatten": "Input(12,) -> Dense(7, relu) -> Dense(3, softmax), without Flatten",
    "no_bias": "Input(5, 5) -> Flatten -> Dense(4, relu, use_bias=False) -> Dense(2, softmax)",
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
        difference = first_difference(result, reference)
        if difference is None:
            return Verdict(True, f"{call} returned {show(result)}, as expected.")
        message = f"{call}: {difference}."
        kind = kind_of(result)
        items = result.get("items", []) if kind in ("list", "tuple") else []
        as_shapes = None
        if kind == "list" and all(kind_of(item) in ("tuple", "list") for item in items):
            as_shapes = [list(plain(item)) for item in items]
        if kind != "list":
            hint = "Return a list with one tuple per weight, such as [(784, 100), (100,)]."
        elif items and all(kind_of(item) == "array" for item in items):
            hint = "Those are the weights themselves; return their shapes: tuple(weight.shape)."
        elif items and any(kind_of(item) == "list" for item in items):
            hint = "Write each shape as a tuple, not a list: tuple(weight.shape)."
        elif as_shapes == []:
            hint = "That layer has no weights (a Flatten?): look for the first Dense layer instead."
        else:
            hint = _other_layer_hint(as_shapes, got["layers"])
        return Verdict(False, f"{message} {hint}",
                       detail=f"got: {show(result, 400)}\nexpected: {show(reference, 400)}")

    return judge


def _other_layer_hint(shapes: list | None, model_layers: list[dict]) -> str:
    dense = [index for index, layer in enumerate(model_layers, start=1) if layer["signature"].startswith("Dense(")]
    first = dense[0] if dense else None
    for index, layer in enumerate(model_layers, start=1):
        if shapes == layer["shapes"] and index != first:
            return (f"Those are the weights of layer {index}, {layer['signature']}; the first Dense layer is "
                    f"layer {first}. Do not count on a fixed position: search model.layers for the first "
                    "keras.layers.Dense.")
    real = model_layers[first - 1]["shapes"] if first is not None else None
    if real and shapes and shapes[:1] == real[:1]:
        # a hint only where the evidence is: what the layer really holds, against what was returned
        if len(shapes) < len(real):
            return (f"The kernel's shape is right, but the layer also has a bias of shape {tuple(real[1])}: "
                    "return the shapes of all its weights (layer.weights), in order.")
        if len(real) == 1 and len(shapes) > 1:
            return ("The kernel is right, but this layer has no bias (use_bias=False): list the shapes of the "
                    "weights the layer really has, layer.weights, instead of adding (units,) yourself.")
    if shapes == [[784, 100], [100]]:
        return ("Those are the shapes of the course's network, not of the model given: compute them from "
                "the model's own first Dense layer.")
    return "Find the first keras.layers.Dense in model.layers and return the shapes of its weights."


for _check_id, _kind in (("first_dense_weight_shapes.public", "article"),
                         ("first_dense_weight_shapes.hidden", "no_flatten"),
                         ("first_dense_weight_shapes.hidden_no_bias", "no_bias")):
    _call = f"first_dense_weight_shapes(model) for {_WEIGHT_MODELS[_kind]}"
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
                hint = f" The inputs are in the wrong order: keras.Model(inputs=[{', '.join(input_names)}], ...)."
            return Verdict(False, f"{what}: inputs {', '.join(shape_text(s) for s in got_in)}; expected "
                                  f"{len(expected_in)} input(s): {wanted}.{hint}")
        got_out, expected_out = model["outputs"], reference["outputs"]
        if got_out != expected_out:
            wanted = ", ".join(f"{name} {shape_text(s)}" for name, s in zip(output_names, expected_out))
            hint = ""
            if len(got_out) == len(expected_out) and sorted(map(shape_text, got_out)) == sorted(map(shape_text, expected_out)):
                hint = f" The outputs are in the wrong order: outputs=[{', '.join(output_names)}]."
            elif len(got_out) < len(expected_out):
                hint = f" Pass every head to keras.Model: outputs=[{', '.join(output_names)}]."
            return Verdict(False, f"{what}: outputs {', '.join(shape_text(s) for s in got_out)}; expected "
                                  f"{wanted}.{hint}")
        got_layers, expected_layers = _signature_counts(model), _signature_counts(reference)
        if got_layers != expected_layers:
            missing = sorted((expected_layers - got_layers).elements())
            extra = sorted((got_layers - expected_layers).elements())
            parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
                [f"not expected: {', '.join(extra)}"] if extra else [])
            return Verdict(False, f"{what}: {'; '.join(parts)}. Build the layers the docstring lists: "
                                  f"{', '.join(sorted(expected_layers.elements()))}.")
        if model["params"] != reference["params"]:
            got_pairs = Counter((layer_signature(x), x["params"]) for x in model["layers"])
            expected_pairs = Counter((layer_signature(x), x["params"]) for x in reference["layers"])
            wrong = sorted((got_pairs - expected_pairs).elements())
            right = sorted((expected_pairs - got_pairs).elements())
            detail = ""
            if wrong and right:
                detail = (f" {wrong[0][0]} has {wrong[0][1]:,} parameters where {right[0][1]:,} are expected: "
                          "check which tensor it is called on.")
            return Verdict(False, f"{what}: {model['params']:,} parameters; expected {reference['params']:,}."
                                  f"{detail}")
        return with_note(Verdict(True, f"{what}: inputs {', '.join(shape_text(s) for s in got_in)}, outputs "
                                       f"{', '.join(shape_text(s) for s in got_out)}, the documented layers and "
                                       f"{model['params']:,} parameters, as expected."), got)

    return judge


def _judge_multi_forward(what: str, call_text: str, output_names: list[str]):
    def judge(got: dict, expected: dict) -> Verdict:
        problem = call_problem(what, got, call_text)
        if problem:
            return problem
        output, reference = got["output"], expected["output"]
        if "outputs" not in reference:
            found = probabilities_problem(output, reference, f"the output of {call_text}")
            return Verdict(found is None, (found + ".") if found else
                           f"{call_text} returned probabilities of shape {shape_text(output['shape'])}.")
        wanted = reference["outputs"]
        if "outputs" not in output:
            return Verdict(False, f"{call_text} returned one array, {show(output)}; expected a list of "
                                  f"{len(wanted)}: [{', '.join(output_names)}].")
        if isinstance(output["outputs"], dict):
            return Verdict(False, f"{call_text} returned a dict; pass the heads to keras.Model as a list, "
                                  f"outputs=[{', '.join(output_names)}].")
        if len(output["outputs"]) != len(wanted):
            return Verdict(False, f"{call_text} returned {len(output['outputs'])} outputs; expected "
                                  f"{len(wanted)}: [{', '.join(output_names)}].")
        for name, head, reference_head in zip(output_names, output["outputs"], wanted):
            found = probabilities_problem(head, reference_head, f"the {name} output of {call_text}")
            if found:
                return Verdict(False, found + ".")
        shapes = ", ".join(shape_text(head["shape"]) for head in output["outputs"])
        return Verdict(True, f"{call_text} returned probabilities of shapes {shapes}, as expected.")

    return judge


_features = np.random.default_rng(3).normal(size=(4, N_FEATURES)).astype(np.float32)
_MULTI_IN = "build_multi_input()"
_MULTI_OUT = "build_multi_output()"
SUITE.add(Check("multi_input.structure", "build_multi_input", _MULTI_IN, build_probe("build_multi_input"),
                _judge_multi(_MULTI_IN, ["features", "image"], ["item"])))
SUITE.add(Check("multi_input.forward", "build_multi_input", f"{_MULTI_IN}([features, images]) on 4 items",
                forward_probe("build_multi_input", [_features, image_batch(4, seed=4)]),
                _judge_multi_forward(_MULTI_IN, f"{_MULTI_IN}([features, images]) on 4 items", ["item"])))
SUITE.add(Check("multi_output.structure", "build_multi_output", _MULTI_OUT, build_probe("build_multi_output"),
                _judge_multi(_MULTI_OUT, ["image"], ["item", "colour"])))
SUITE.add(Check("multi_output.forward", "build_multi_output", f"{_MULTI_OUT}(images) on 4 images",
                forward_probe("build_multi_output", image_batch(4, seed=5)),
                _judge_multi_forward(_MULTI_OUT, f"{_MULTI_OUT}(images) on 4 images", ["item", "colour"])))
