"""The canonical form of a network, on plain data (both sides).

``Conv2D(16, 3)`` followed by ``Activation("relu")`` is the same network as
``Conv2D(16, 3, activation="relu")``: the same parameters and the same outputs. Checks compare
canonical networks, so that spelling does not shift every later layer by one place:

- input layers are ignored (``describe_model`` already leaves them out);
- a standalone activation layer (``Activation``, ``ReLU``, ``Softmax``, ...) fed by a layer with no
  activation of its own (``activation`` is ``linear``) is folded into that layer: along the graph in
  a functional model (the layer that feeds it, when nothing else reads that layer), in list order
  otherwise;
- a reshape to one row per sample (``Reshape((784,))``) is a ``Flatten``;
- every layer keeps ``number``, its place in the student's own list, so that messages use the
  student's numbering.
"""

from __future__ import annotations

from collections import Counter

# Layers that only apply an activation (no weights); described with settings["activation"].
STANDALONE_ACTIVATIONS = frozenset({"Activation", "ReLU", "Softmax", "LeakyReLU", "ELU"})


def is_standalone_activation(layer: dict) -> bool:
    return layer.get("class") in STANDALONE_ACTIVATIONS and not layer.get("params")


def fold_activations(layers: list[dict]) -> list[dict]:
    """The canonical layer list: standalone activations folded into the linear layer that feeds them.

    With a graph (functional models: each layer's ``inbound``, the numbers of the layers feeding it),
    the feeding layer is the activation's only inbound layer, and only when nothing else reads that
    layer's output; without one (Sequential, subclassed models), the layer before it in the list.
    Inbound numbers pointing at a folded activation then point at the layer it was folded into.
    """
    graph = any("inbound" in layer for layer in layers)
    readers = Counter(n for layer in layers for n in layer.get("inbound", []))
    canonical: list[dict] = []
    alias: dict[int, int] = {}  # a folded activation's number -> the layer it was folded into
    for number, layer in enumerate(layers, start=1):
        layer = _as_flatten({**layer, "number": layer.get("number", number)})
        if graph:
            layer["inbound"] = [alias.get(n, n) for n in layer.get("inbound", [])]
        index = _feeding_layer(layer, canonical, readers, graph)
        if index is None:
            canonical.append(layer)
            continue
        feeding = canonical[index]
        folded = {**feeding, "settings": {**feeding["settings"], "activation": layer["settings"].get("activation")},
                  "folded": [*feeding.get("folded", []), layer["number"]]}
        if layer.get("activation_written"):
            folded["activation_written"] = layer["activation_written"]
        if layer.get("output_shape") is not None:
            folded["output_shape"] = layer["output_shape"]
        canonical[index] = folded
        alias[layer["number"]] = feeding["number"]
    return canonical


def _as_flatten(layer: dict) -> dict:
    """A reshape to one row per sample (``Reshape((784,))``, ``keras.ops.reshape(x, (-1, 784))`` in a
    functional graph) is a Flatten: same outputs, no weights."""
    shape = layer.get("output_shape")
    if layer.get("class") != "Reshape" or not shape or len(shape) != 2 or layer.get("params"):
        return layer
    return {**layer, "class": "Flatten", "settings": {}, "written_as": "Reshape"}


def _feeding_layer(layer: dict, canonical: list[dict], readers: Counter, graph: bool) -> int | None:
    """Where in ``canonical`` the linear layer is that this standalone activation folds into, if any."""
    if not is_standalone_activation(layer) or not canonical:
        return None
    if graph:
        inbound = layer.get("inbound", [])
        if len(inbound) != 1 or readers[inbound[0]] != 1:
            return None
        index = next((i for i, known in enumerate(canonical) if known["number"] == inbound[0]), None)
    else:
        index = len(canonical) - 1
    if index is None or canonical[index]["settings"].get("activation") != "linear":
        return None
    return index


def layer_number(layer: dict, index: int) -> int:
    """The layer's number in the student's own list (``index`` when it was not recorded)."""
    return layer.get("number", index)
