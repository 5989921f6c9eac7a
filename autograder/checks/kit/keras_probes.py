"""Child-side helpers for Keras checks: describe models as plain data, train them reproducibly.

These run in the worker, next to student code. They never trust what a model says about itself:
parameter counts are recomputed from the real weight arrays (``count_params`` or ``summary``
can be overridden by a subclass, and after training ``summary`` totals include optimizer
variables); layers, weights, shapes and configs are read through Keras's own definitions of
those attributes (:func:`keras_attribute`), so that a subclass overriding ``weights`` or
``layers`` cannot show another model's; and a value is a model only when its type is a
``keras.Model`` subclass (:func:`is_model`: an object's ``__class__`` can claim anything, and
``isinstance`` believes it), otherwise it is described as what it is.
Importing this module imports Keras, so suites import it inside probe functions only.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import keras

from autograder.checks.kit.behaviour import identify_activation, spelling
from autograder.checks.kit.structure import STANDALONE_ACTIVATIONS, fold_activations
from autograder.describe import describe, type_name

# Layer settings worth comparing, when the layer has them.
_CONFIG_KEYS = ("units", "activation", "filters", "kernel_size", "strides", "padding", "pool_size",
                "rate", "use_bias", "target_shape", "axis")


def any_batch(shape) -> list:
    """A symbolic shape as a list, its batch axis (the first) as None whatever it was built with.

    Keras 3 keeps the batch size of the call that built a model (``model(np.zeros((1, 28, 28)))``
    to see a summary, ``keras.Input(batch_size=32)``): the network is the same and takes any batch,
    so the checks compare the other axes only.
    """
    dims = [None if n is None else int(n) for n in shape]
    return [None, *dims[1:]] if dims else dims


def is_model(value: Any) -> bool:
    """Whether ``value`` really is a ``keras.Model``: by its type, which a ``__class__`` property cannot fake."""
    return issubclass(type(value), keras.Model)


def keras_attribute(obj: Any, name: str, default: Any = None) -> Any:
    """``obj.<name>`` as Keras defines it, whatever a subclass or the instance put in its place.

    The first class of the object's real type (its MRO) that comes from Keras and defines
    ``name`` decides: its property or method is applied to ``obj`` directly. Attributes that
    Keras keeps on the instance (``built``) are read from the instance's own ``__dict__``.
    """
    for klass in type(obj).__mro__:
        module = getattr(klass, "__module__", "") or ""
        if module.split(".", 1)[0] != "keras" or name not in vars(klass):
            continue
        attribute = vars(klass)[name]
        getter = getattr(type(attribute), "__get__", None)
        return getter(attribute, obj, type(obj)) if getter is not None else attribute
    try:
        return object.__getattribute__(obj, "__dict__").get(name, default)
    except AttributeError:
        return default


def _weight_count(weight) -> int:
    return int(math.prod(int(n) for n in weight.shape))


def describe_layer(layer) -> dict:
    """Class, settings, weight shapes and parameter counts (from the weights) of one layer."""
    try:
        config = keras_attribute(layer, "get_config")()
    except Exception:  # noqa: BLE001 - a custom layer without a config
        config = {}
    if type(config) is not dict:
        config = {}
    settings = {}
    for key in _CONFIG_KEYS:
        if key in config:
            value = config[key]
            if isinstance(value, dict):  # a serialised object: an activation class, or a function
                inner = value.get("config")  # {"name": ...} for a class, the function's name for a function
                value = (inner.get("name") if isinstance(inner, dict) else inner) or value.get("class_name")
            if not isinstance(value, (str, int, float, bool, list, tuple, type(None))):
                value = type_name(value)
            settings[key] = list(value) if isinstance(value, tuple) else value
    written = _describe_activation(layer, settings)
    weights = list(keras_attribute(layer, "weights"))
    trainable = list(keras_attribute(layer, "trainable_weights"))
    try:
        output_shape = any_batch(keras_attribute(layer, "output").shape)
    except Exception:  # noqa: BLE001 - a layer that was never called has no output
        output_shape = None
    return {
        "class": type(layer).__name__,
        "module": type(layer).__module__,
        "settings": settings,
        "weight_shapes": [[int(n) for n in w.shape] for w in weights],
        "params": sum(_weight_count(w) for w in weights),
        "trainable_params": sum(_weight_count(w) for w in trainable),
        "output_shape": output_shape,
        "built": keras_attribute(layer, "built", False) is True,
        **({"activation_written": written} if written else {}),
    }


def _describe_activation(layer, settings: dict) -> str | None:
    """Put the activation the layer computes (identified by behaviour) in ``settings``.

    Returns how the student wrote it when that differs from the canonical name (else None).
    """
    if type(layer).__name__ in STANDALONE_ACTIVATIONS:
        inner = keras_attribute(layer, "activation") if type(layer).__name__ == "Activation" else None
        found = identify_activation(layer)
        written = spelling(inner) if inner is not None else f"layers.{type(layer).__name__}()"
    elif "activation" in settings:
        function = keras_attribute(layer, "activation")
        if function is None or not callable(function):
            return None
        found = identify_activation(function)
        written = spelling(function)
    else:
        return None
    name = found["name"] or written
    settings["activation"] = name
    return None if written.rsplit(".", 1)[-1] == name else written


def describe_model(model: Any) -> dict:
    """Plain data about a model: its kind, layers in order, and counts recomputed from weights."""
    if not is_model(model):
        return {"is_model": False, "value": describe(model)}
    kind = type(model)
    if kind is keras.Sequential:
        base = "Sequential"
    elif type_name(model).endswith("Functional") or kind is keras.Model:
        base = "Functional"
    else:
        base = "subclass"
    layers = [layer for layer in flat_layers(model) if type(layer).__name__ != "InputLayer"]
    described_layers = [describe_layer(layer) for layer in layers]
    if base == "Functional":
        # A functional graph: its operations in order (keras.ops calls on symbolic tensors included,
        # such as keras.ops.concatenate), each with the operations that feed it, so that activations
        # fold into the layer that really feeds them and branch order can be judged.
        graph = _described_graph(model)
        if graph is not None:
            described_layers = graph
    try:
        inputs = [any_batch(t.shape) for t in keras_attribute(model, "inputs")]
    except Exception:  # noqa: BLE001 - subclassed or unbuilt models have no symbolic inputs
        inputs = None
    try:
        outputs = [any_batch(t.shape) for t in keras_attribute(model, "outputs")]
    except Exception:  # noqa: BLE001
        outputs = None
    weights = list(keras_attribute(model, "weights"))
    structure = keras_attribute(model, "_outputs_struct")  # what Model(outputs=...) was given
    return {
        **({"output_keys": [str(key) for key in structure]} if type(structure) is dict else {}),
        "is_model": True,
        "class": type_name(model),
        "base": base,
        "subclasses_keras_model": base == "subclass",
        "built": keras_attribute(model, "built", False) is True,
        "layers": fold_activations(described_layers),
        "written_layers": len(described_layers),
        "params": sum(_weight_count(w) for w in weights),
        "trainable_params": sum(_weight_count(w) for w in keras_attribute(model, "trainable_weights")),
        "inputs": inputs,
        "outputs": outputs,
    }


def flat_layers(model, depth: int = 0) -> list:
    """The model's layers, a model nested in it (``self.net = keras.Sequential([...])``) read as its
    own layers: the same network, spelt with one more level."""
    found = []
    for layer in keras_attribute(model, "layers") or []:
        if is_model(layer) and depth < 5:
            found.extend(flat_layers(layer, depth + 1))
        else:
            found.append(layer)
    return found


def _described_graph(model) -> list[dict] | None:
    """The operations of a functional model (input layers left out), each described with
    ``inbound``: the numbers (1-based, in this list) of the operations feeding it, in order, 0 for a
    model input. None when the graph cannot be read plainly (a layer called twice in it)."""
    try:
        operations = [op for op in keras_attribute(model, "operations") if type(op).__name__ != "InputLayer"]
        if any(is_model(op) for op in operations):
            return None  # a nested model: its layers in list order (flat_layers)
        numbers = {id(op): number for number, op in enumerate(operations, start=1)}
        described = []
        for op in operations:
            nodes = list(getattr(op, "_inbound_nodes", []) or [])
            if len(nodes) != 1:
                return None
            inbound = [numbers.get(id(tensor._keras_history.operation), 0) for tensor in nodes[0].input_tensors]
            layer = describe_layer(op) if isinstance(op, keras.layers.Layer) else _describe_operation(op, nodes[0])
            described.append({**layer, "inbound": inbound})
        return described
    except Exception:  # noqa: BLE001 - an unusual graph: judged in list order, as before
        return None


def _describe_operation(op, node) -> dict:
    """A keras.ops call on symbolic tensors (``keras.ops.concatenate``): a step of the graph without weights."""
    try:
        config = op.get_config()
    except Exception:  # noqa: BLE001
        config = {}
    settings = {key: config[key] for key in ("axis",) if isinstance(config, dict) and key in config}
    try:
        output_shape = any_batch(node.output_tensors[0].shape)
    except Exception:  # noqa: BLE001
        output_shape = None
    return {"class": type(op).__name__, "module": type(op).__module__, "settings": settings, "weight_shapes": [],
            "params": 0, "trainable_params": 0, "output_shape": output_shape, "built": True, "operation": True}


def forward(model: Any, x: np.ndarray) -> dict:
    """Describe the model's output on ``x`` (a numpy batch), computed without training."""
    output = model(x, training=False)
    if isinstance(output, (list, tuple)):
        return {"outputs": [describe(np.asarray(o)) for o in output]}
    if isinstance(output, dict):
        return {"outputs": {str(k): describe(np.asarray(v)) for k, v in output.items()}}
    return describe(np.asarray(output))


# -- reproducible training -----------------------------------------------------------------------

def seed_everything(seed: int) -> None:
    """Python, numpy and TensorFlow seeds, deterministic TensorFlow ops, and graphs run as traced."""
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    try:
        tf.config.experimental.enable_op_determinism()
    except Exception:  # noqa: BLE001 - already enabled, or unavailable on this build
        pass
    # Grappler, TensorFlow's graph optimiser, rewrites every function fit and evaluate trace before
    # its first run: about half a second per model, more than it saves on a few hundred small
    # steps. The student's model and the reference's are trained alike, without it.
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})


def build_compiled_state(model: Any, x: Any, y: Any) -> bool:
    """Create a compiled, built model's metric, loss and optimizer state before ``fit`` (or ``evaluate``) traces.

    On TensorFlow, Keras creates that state inside the first trace of the training function, and
    a function that created variables is traced a second time: about a second of CPU per model
    trained (more for a CNN), for nothing. Built here symbolically from one batch's shapes
    (Keras's own ``_symbolic_build``, what it does itself under a distribution strategy), the
    state is the same (zeros) and training gives the same numbers with one trace. A model with
    unbuilt layers is left alone (building it here would draw its weights elsewhere than fit
    does), and so is anything that fails: ``fit`` then does what it always did. Returns whether
    the state was built here.
    """
    try:
        if not is_model(model) or keras_attribute(model, "optimizer") is None:
            return False
        layers = keras_attribute(model, "_flatten_layers")()
        if not all(keras_attribute(layer, "built", False) is True for layer in layers):
            return False
        batch = (np.asarray(x[:32]), np.asarray(y[:32]), None)
        keras_attribute(model, "_symbolic_build")(data_batch=batch)
        return True
    except Exception:  # noqa: BLE001 - an optimisation only: fit builds what is missing
        return False


_DATA_CACHE: dict[tuple, tuple] = {}


def grading_data(settings: dict, *, normalize: bool = True) -> dict:
    """The training/validation subset named by the assignment's training budget (course.yml).

    Returns ``{"x_train", "y_train", "x_valid", "y_valid", "source"}``; pixels are scaled to
    [0, 1] float32 unless ``normalize`` is False (then they stay uint8 0..255).
    """
    from autograder.datasets import dataset_for_worker

    budget = settings["training"]
    # The grader resolved the data before this worker started and handed over a read-only folder
    # ("data_dir"); none means the synthetic stand-in. The worker never looks for data itself.
    data_dir = settings.get("data_dir")
    key = (budget["train_samples"], budget["valid_samples"], data_dir)
    if key not in _DATA_CACHE:
        n_train, n_valid = budget["train_samples"], budget["valid_samples"]
        dataset = dataset_for_worker(data_dir, (settings.get("data") or {}).get("description", ""),
                                     synthetic_limit=n_train + n_valid)
        x, y = dataset.x_train, dataset.y_train
        _DATA_CACHE[key] = (x[n_valid:n_valid + n_train], y[n_valid:n_valid + n_train],
                            x[:n_valid], y[:n_valid], dataset.description)
    x_train, y_train, x_valid, y_valid, description = _DATA_CACHE[key]
    if normalize:
        x_train = x_train.astype(np.float32) / 255.0
        x_valid = x_valid.astype(np.float32) / 255.0
    return {"x_train": x_train, "y_train": y_train, "x_valid": x_valid, "y_valid": y_valid,
            "source": description}


def history_summary(history: Any) -> dict:
    """Plain data from a ``keras.callbacks.History`` (or whatever was returned instead)."""
    if not issubclass(type(history), keras.callbacks.History):
        return {"is_history": False, "value": describe(history)}
    logs = history.history if isinstance(history.history, dict) else {}
    clean = {}
    for key, values in logs.items():
        try:
            clean[str(key)] = [float(v) for v in values]
        except (TypeError, ValueError):
            clean[str(key)] = None
    return {"is_history": True, "history": clean, "epochs": list(getattr(history, "epoch", []) or [])}
