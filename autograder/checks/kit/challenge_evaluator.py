"""The challenge's evaluator: a worker that measures saved models on the held-out images.

It runs in the sandbox like any worker, but it imports no student module and sees none of the
student's files: its scratch folder holds only what the grader put there (:mod:`autograder.held_out`),
the models the student's worker saved after each epoch (``epoch-N.keras``) and the held-out images
with their labels (``held_out.npz``). Each model is loaded with ``safe_mode=True`` and ``compile=False``
(Keras's own layers only: no Lambda code, no custom classes, which are not registered here) and
measured; only numbers go back. Keras is imported inside the function.
"""

from __future__ import annotations

import os

import numpy as np

from autograder.checks.kit.base import Check, CheckSuite, Verdict
from autograder.checks.kit.challenge_probes import epoch_file, measure, scores

SUITE_ID = "challenge_evaluator"
CHECK_ID = "challenge.held_out"
HELD_OUT_FILE = "held_out.npz"  # images (n, 28, 28) uint8 and labels (n,) uint8, written by the grader


def _count_params(model) -> int:
    from autograder.checks.kit.keras_probes import keras_attribute

    return sum(int(np.prod([int(n) for n in weight.shape])) for weight in keras_attribute(model, "weights"))


def _measure(fresh, images: np.ndarray, labels: np.ndarray) -> dict:
    shape = tuple(int(n) for n in fresh.inputs[0].shape[1:])
    return {**measure(scores(fresh, images.reshape((-1, *shape))), labels), "params": _count_params(fresh)}


def measure_saved_models(module, context) -> dict:
    """Each saved epoch's accuracy, loss and parameter count on the held-out images (``module`` is None).

    The first file is loaded whole (``safe_mode=True``); the later ones give only their weights to
    that model (the same architecture: a file that does not fit is a load error), which spares
    rebuilding the model every epoch.
    """
    import keras

    with np.load(os.path.join(context.scratch, HELD_OUT_FILE), allow_pickle=False) as held_out:
        images = held_out["images"].astype(np.float32) / np.float32(255.0)
        labels = held_out["labels"]
    epochs, fresh = [], None
    for epoch in range(1, int(context.settings["epochs"]) + 1):
        path = os.path.join(context.scratch, epoch_file(epoch))
        if not os.path.isfile(path):
            epochs.append({"missing": True})
            continue
        try:
            if fresh is None:
                fresh = keras.saving.load_model(path, compile=False, safe_mode=True)
            else:
                fresh.load_weights(path)  # weights only: no code and no classes are read
            epochs.append(_measure(fresh, images, labels))
        except Exception as error:  # noqa: BLE001 - a file the grader cannot load or run: said to the student
            epochs.append({"error": {"type": type(error).__name__, "message": str(error)[:1500]}})
            break  # one explanation is enough
    return {"epochs": epochs, "samples": len(labels)}


def _never_judged(got, expected) -> Verdict:  # the grader merges these numbers into the challenge's checks
    raise RuntimeError("challenge.held_out is merged into the challenge's checks, never judged alone")


SUITE = CheckSuite(SUITE_ID, "", preload=("keras",))
SUITE.add(Check(CHECK_ID, "", "the saved models, measured on the held-out images", measure_saved_models,
                _never_judged))
