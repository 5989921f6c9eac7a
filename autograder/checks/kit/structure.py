"""The canonical form of a network, on plain data (both sides).

``Conv2D(16, 3)`` followed by ``Activation("relu")`` is the same network as
``Conv2D(16, 3, activation="relu")``: the same parameters and the same outputs. Checks compare
canonical networks, so that spelling does not shift every later layer by one place:

- input layers are ignored (``describe_model`` already leaves them out);
- a standalone activation layer (``Activation``, ``ReLU``, ``Softmax``, ...) right after a layer
  with no activation of its own (``activation`` is ``linear``) is folded into that layer;
- every layer keeps ``number``, its place in the student's own list, so that messages use the
  student's numbering.
"""

from __future__ import annotations

# Layers that only apply an activation (no weights); described with settings["activation"].
STANDALONE_ACTIVATIONS = frozenset({"Activation", "ReLU", "Softmax", "LeakyReLU", "ELU"})


def is_standalone_activation(layer: dict) -> bool:
    return layer.get("class") in STANDALONE_ACTIVATIONS and not layer.get("params")


def fold_activations(layers: list[dict]) -> list[dict]:
    """The canonical layer list: standalone activations folded into the linear layer before them."""
    canonical: list[dict] = []
    for number, layer in enumerate(layers, start=1):
        layer = {**layer, "number": layer.get("number", number)}
        previous = canonical[-1] if canonical else None
        if (is_standalone_activation(layer) and previous is not None
                and previous["settings"].get("activation") == "linear"):
            folded = {**previous, "settings": {**previous["settings"],
                                               "activation": layer["settings"].get("activation")},
                      "folded": [*previous.get("folded", []), layer["number"]]}
            if layer.get("activation_written"):
                folded["activation_written"] = layer["activation_written"]
            if layer.get("output_shape") is not None:
                folded["output_shape"] = layer["output_shape"]
            canonical[-1] = folded
            continue
        canonical.append(layer)
    return canonical


def layer_number(layer: dict, index: int) -> int:
    """The layer's number in the student's own list (``index`` when it was not recorded)."""
    return layer.get("number", index)
