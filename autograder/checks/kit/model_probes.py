"""Child side: build a model with student code and describe it (Keras imported only when called)."""

from __future__ import annotations

from typing import Any, Callable

from autograder.checks.kit.calling import run_student


def _keras2_habits(caught: list) -> list[str]:
    habits = set()
    for warning in caught:
        text = str(warning.message)
        if "input_shape" in text or "input_dim" in text:
            habits.add("input_shape")
    return sorted(habits)


def described_build(function: Callable, *args: Any, **kwargs: Any) -> dict:
    """Build a model with student code and describe it; Keras 2 habits seen in warnings are noted."""
    import warnings

    from autograder.checks.kit import keras_probes

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = run_student(function, *args, **kwargs)
    habits = _keras2_habits(caught)
    if "raised" in outcome:
        return {"raised": outcome["raised"], "habits": habits}
    return {"model": keras_probes.describe_model(outcome["value"]), "habits": habits}


def build_probe(target: str, *args: Any, **kwargs: Any):
    def probe(module, context):
        return described_build(getattr(module, target), *args, **kwargs)

    return probe

