"""Issue 10 for 02 and 05: one mistake, one explanation across a network's checks, figures judged by
what they draw, and a helper both networks share charged once.

Judged on the recorded plain outcomes (tests/recorded.py), each mistake written by hand into a copy
of the reference's: no Keras, no worker. Every case asserts the exact points and the words.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.recorded import judged_with_changes

FOLLOWS = "This fails because of the same mistake as the check {root}: see {target} above."


def _points(results: dict, prefix: str) -> tuple[float, float]:
    chosen = [r for check_id, r in results.items() if check_id.startswith(prefix)]
    return sum(r.points for r in chosen), sum(r.max_points for r in chosen)


def _follows(result, root: str, target: str) -> None:
    assert result.points == 0
    assert result.follows == root
    assert result.message.startswith(FOLLOWS.format(root=root, target=target)), result.message


# -- 02: a wrong output layer shows in the layers and in the forward pass: explained once ---------

def _layer(model: dict, number: int) -> dict:
    return model["layers"][number - 1]


def _set_activation(number: int, activation: str, key: str = "model"):
    def change(value):
        _layer(value[key], number)["settings"]["activation"] = activation

    return change


def _scale_output(factor: float):
    """Rows that no longer sum to 1: what a relu or sigmoid output layer returns."""
    def change(value):
        value["output"]["data"] = (np.asarray(value["output"]["data"]) * factor).tolist()

    return change


def _scale_runs(factor: float):
    def change(value):
        for run in value["runs"]:
            run["output"]["data"] = (np.asarray(run["output"]["data"]) * factor).tolist()

    return change


_ADD_STRUCTURE = ("sequential_add.layers", "sequential_add.params", "sequential_add.shapes")


def test_a_relu_output_in_build_sequential_add_is_explained_at_the_layers_check_only():
    changes = {check_id: _set_activation(3, "relu") for check_id in _ADD_STRUCTURE}
    changes["sequential_add.forward"] = _scale_output(3.0)
    results = judged_with_changes("02_models", changes)
    layers = results["sequential_add.layers"]
    assert layers.points == 0 and not layers.follows
    assert "layer 3: expected Dense(10, softmax), got Dense(10, relu)" in layers.message
    _follows(results["sequential_add.forward"], "sequential_add.layers", "build_sequential_add")
    # the same parameters and shapes: those checks pass; the two failing ones cost their points
    assert _points(results, "sequential_add.") == (3, 6)
    assert {k for k, r in results.items() if r.status != "passed"} == {"sequential_add.layers", "sequential_add.forward"}


def test_a_wrong_number_of_output_units_is_one_explanation_for_four_checks():
    def five_outputs(value):
        model = value["model"]
        last = _layer(model, 3)
        last["settings"]["units"], last["params"], last["output_shape"] = 5, 505, [None, 5]
        last["trainable_params"], last["weight_shapes"] = 505, [[100, 5], [5]]
        model["outputs"], model["params"], model["trainable_params"] = [[None, 5]], 79005, 79005

    def five_probabilities(value):
        rows = np.full((3, 5), 0.2)
        value["output"].update(shape=[3, 5], data=rows.tolist())

    changes = {check_id: five_outputs for check_id in _ADD_STRUCTURE}
    changes["sequential_add.forward"] = five_probabilities
    results = judged_with_changes("02_models", changes)
    assert "layer 3: expected Dense(10, softmax), got Dense(5, softmax)" in results["sequential_add.layers"].message
    for check_id in ("sequential_add.params", "sequential_add.shapes", "sequential_add.forward"):
        _follows(results[check_id], "sequential_add.layers", "build_sequential_add")
    assert _points(results, "sequential_add.") == (0, 6)


def test_two_mistakes_in_one_network_get_two_explanations():
    """A sigmoid hidden layer (the layers check's first difference) and a relu output (what the
    forward pass shows) are two mistakes: the forward check keeps its own diagnosis."""
    def two_mistakes(value):
        _set_activation(2, "sigmoid")(value)
        _set_activation(3, "relu")(value)

    changes = {check_id: two_mistakes for check_id in _ADD_STRUCTURE}
    changes["sequential_add.forward"] = _scale_output(3.0)
    results = judged_with_changes("02_models", changes)
    assert "layer 2: expected Dense(100, relu), got Dense(100, sigmoid)" in results["sequential_add.layers"].message
    forward = results["sequential_add.forward"]
    assert not forward.follows and forward.points == 0
    assert "is not a set of probabilities: each row should be positive and sum to 1" in forward.message
    assert "The output layer needs activation=\"softmax\"" in forward.message


_SOME_MODEL = ("some_model.structure", "some_model.forward", "some_model.hidden")


def test_a_relu_output_in_some_model_is_explained_once_for_its_three_checks():
    changes = {check_id: _set_activation(3, "relu") for check_id in _SOME_MODEL}
    changes["some_model.forward"] = lambda value: (_set_activation(3, "relu")(value), _scale_runs(3.0)(value))
    changes["some_model.hidden"] = lambda value: (_set_activation(3, "relu")(value), _scale_runs(3.0)(value))
    results = judged_with_changes("02_models", changes)
    assert "layer 3: expected Dense(10, softmax), got Dense(10, relu)" in results["some_model.structure"].message
    for check_id in ("some_model.forward", "some_model.hidden"):
        _follows(results[check_id], "some_model.structure", "SomeModel")
    assert _points(results, "some_model.") == (0, 4)


def test_a_sigmoid_hidden_layer_in_some_model_is_explained_once():
    """The outputs are still probabilities, but not those of relu -> softmax on the model's own
    weights: the forward checks see the same activation mistake as the structure check."""
    def recomputed_differs(value):
        _set_activation(2, "sigmoid")(value)
        for run in value["runs"]:
            run["recomputed"] = 0.21

    results = judged_with_changes("02_models", {check_id: recomputed_differs for check_id in _SOME_MODEL})
    assert "layer 2: expected Dense(100, relu), got Dense(100, sigmoid)" in results["some_model.structure"].message
    for check_id in ("some_model.forward", "some_model.hidden"):
        _follows(results[check_id], "some_model.structure", "SomeModel")


def test_a_relu_head_in_build_multi_output_is_explained_once():
    def item_head(value):
        head = value["output"]["outputs"][0]
        head["data"] = (np.asarray(head["data"]) * 3.0).tolist()

    results = judged_with_changes("02_models", {"multi_output.structure": _set_activation(3, "relu"),
                                                "multi_output.forward": item_head})
    structure = results["multi_output.structure"]
    assert "missing Dense(10, softmax)" in structure.message and "Dense(10, relu)" in structure.message
    _follows(results["multi_output.forward"], "multi_output.structure", "build_multi_output")
    assert _points(results, "multi_output.") == (0, 3)


# -- 05: plots judged by what they draw -----------------------------------------------------------

from autograder.checks.a05_cnn import _HIDDEN_PLOT_HISTORY, _PUBLIC_HISTORY  # noqa: E402

_PLOTS = {"plot_history.public": _PUBLIC_HISTORY, "plot_history.hidden": _HIDDEN_PLOT_HISTORY}


def _with_lines(*extra: tuple[str, str, int], legend: bool = True):
    """Each plot check's figure with more curves: (history key, label, axes number)."""
    def change_for(history: dict):
        def change(value):
            for key, label, axes in extra:
                while axes >= len(value["axes"]):
                    value["axes"].append({"legend": [], "xlabel": "", "ylabel": "", "title": ""})
                line = {"axes": axes, "label": label, "y": list(history[key]) if key in history else [0.5] * 4}
                if legend:
                    line["shown"] = label
                    value["axes"][axes]["legend"].append(label)
                value["lines"].append(line)

        return change

    return {check_id: change_for(history) for check_id, history in _PLOTS.items()}


def test_the_loss_curves_on_the_accuracy_axes_pass_with_a_note_that_says_so():
    results = judged_with_changes("05_cnn", _with_lines(("loss", "training loss", 0), ("val_loss", "validation loss", 0)),
                                  only=tuple(_PLOTS))
    for result in results.values():
        assert result.status == "passed" and result.points == result.max_points
        assert ("Note: 2 of your 4 curves are losses (history.history['loss'], history.history['val_loss']), "
                "on the same axes as the accuracy curves. The docstring asks for two curves, training and "
                "validation accuracy") in result.message, result.message
        assert "This costs no points." in result.message
    assert _points(results, "plot_history.") == (3, 3)


def test_every_history_key_plotted_like_a_dataframe_passes_with_the_note():
    """pd.DataFrame(history.history).plot() draws each key, labelled with it, in the History's order."""
    def every_key(history: dict):
        def change(value):
            value["axes"] = [{"legend": list(history), "xlabel": "", "ylabel": "", "title": ""}]
            value["lines"] = [{"axes": 0, "label": key, "shown": key, "y": list(series)}
                              for key, series in history.items()]

        return change

    results = judged_with_changes("05_cnn", {check_id: every_key(history) for check_id, history in _PLOTS.items()},
                                  only=tuple(_PLOTS))
    for result in results.values():
        assert result.points == result.max_points
        assert "legend shows 'accuracy' (training) and 'val_accuracy' (validation)" in result.message
        assert "2 of your 4 curves are losses" in result.message


def test_losses_on_a_second_set_of_axes_are_named_as_such():
    results = judged_with_changes("05_cnn", _with_lines(("loss", "loss", 1), ("val_loss", "val_loss", 1)),
                                  only=tuple(_PLOTS))
    for result in results.values():
        assert result.points == result.max_points
        assert "2 of your 4 curves are losses" in result.message
        assert "on a second set of axes (the docstring asks for one)" in result.message


def test_a_curve_that_is_neither_accuracy_is_named_without_guessing_what_it_is():
    results = judged_with_changes("05_cnn", _with_lines(("constant", "target", 0)), only=("plot_history.public",))
    result = results["plot_history.public"]
    assert result.points == 2
    assert ("Note: 1 of your 3 curves are neither the training nor the validation accuracy, on the same axes "
            "as the accuracy curves.") in result.message


def test_an_accuracy_curve_drawn_twice_is_one_curve_and_needs_no_note():
    results = judged_with_changes("05_cnn", _with_lines(("accuracy", "_nolegend_", 0), legend=False),
                                  only=("plot_history.public",))
    assert results["plot_history.public"].points == 2
    assert "Note" not in results["plot_history.public"].message


def test_returning_the_axes_is_explained_once_for_the_public_check_and_its_hidden_twin():
    def axes(value):
        value.clear()
        value.update(is_figure=False, is_axes=True, type="matplotlib.axes._axes.Axes",
                     value={"type": "object", "repr": "<Axes: >"})

    results = judged_with_changes("05_cnn", {check_id: axes for check_id in _PLOTS}, only=tuple(_PLOTS))
    public = results["plot_history.public"]
    assert "returned an Axes (matplotlib.axes._axes.Axes); return the Figure that holds it" in public.message
    _follows(results["plot_history.hidden"], "plot_history.public", "plot_history")
    assert _points(results, "plot_history.") == (0, 3)


def test_two_figures_missing_a_curve_without_a_diagnosis_are_not_linked():
    """A curve simply missing is no diagnosis: the hidden check gives its own."""
    def drop_validation(value):
        value["lines"] = value["lines"][:1]

    results = judged_with_changes("05_cnn", {check_id: drop_validation for check_id in _PLOTS}, only=tuple(_PLOTS))
    for result in results.values():
        assert not result.follows and result.points == 0
        assert "no curve shows the validation accuracy" in result.message


# -- 05: overfitting_gap's recognised mistakes are one explanation for its twin -------------------

def _gap(expression):
    def change_for(history: dict):
        def change(value):
            value["value"] = float(expression(history["accuracy"], history["val_accuracy"]))

        return change

    return change_for


@pytest.mark.parametrize("expression, words", [
    (lambda t, v: v[-1] - t[-1], "The sign is reversed: training accuracy minus validation accuracy."),
    (lambda t, v: 100 * (t[-1] - v[-1]), "That is in percent; return a fraction between -1 and 1."),
])
def test_a_recognised_gap_mistake_is_explained_at_the_public_check_only(expression, words):
    from autograder.checks.a05_cnn import _HIDDEN_HISTORY

    change_for = _gap(expression)
    results = judged_with_changes("05_cnn", {"overfitting_gap.public": change_for(_PUBLIC_HISTORY),
                                             "overfitting_gap.hidden": change_for(_HIDDEN_HISTORY)},
                                  only=("overfitting_gap.public", "overfitting_gap.hidden"))
    assert words in results["overfitting_gap.public"].message
    _follows(results["overfitting_gap.hidden"], "overfitting_gap.public", "overfitting_gap")


def test_two_unexplained_gaps_are_two_explanations():
    results = judged_with_changes("05_cnn", {"overfitting_gap.public": lambda value: value.update(value=0.5),
                                             "overfitting_gap.hidden": lambda value: value.update(value=0.25)},
                                  only=("overfitting_gap.public", "overfitting_gap.hidden"))
    for result in results.values():
        assert not result.follows and result.points == 0
        assert "Subtract the last validation accuracy from the last training accuracy." in result.message


# -- 05: a helper both networks share: its mistake is charged once, at build_cnn ---------------------

CHARGED_ONCE = ("This check keeps its points: the only difference it found is the mistake of the check "
                "build_cnn.layers, made in code that build_cnn_with_dropout shares with build_cnn, and one mistake "
                "is charged once, there (see build_cnn above).")


def test_a_mistake_in_the_helper_both_networks_share_is_charged_once():
    from autograder.catalog import render_report
    from autograder.results import SubmissionReport
    from tests.recorded import judged

    results = judged("05_cnn", "variant D: same padding in the shared helper, loss curves too, gap in percent")
    render_report(SubmissionReport(assignment="05_cnn", title="", submission="recorded", checks=list(results.values())))
    assert "padding='same'; expected padding='valid'" in results["build_cnn.layers"].message
    assert _points(results, "build_cnn.") == (0, 4)
    for check_id in ("dropout.layers", "dropout.hidden_rate"):
        result = results[check_id]
        assert result.status == "passed" and result.points == result.max_points
        assert result.message.startswith(CHARGED_ONCE), result.message
        assert result.follows == "build_cnn.layers"
        assert "its own diagnosis:" in result.detail and "padding='same'" in result.detail
    assert _points(results, "dropout.") == (3, 3)
    # the same variant's figure draws the losses too: a note, no points lost
    assert "2 of your 4 curves are losses" in results["plot_history.public"].message


def _padding_same(model: dict) -> None:
    model["layers"][0]["settings"]["padding"] = "same"


def _on_model(change):
    def changed(value):
        change(value["model"])

    return changed


def test_the_dropout_networks_own_mistake_costs_its_own_points():
    """build_cnn is right; the dropout network alone has padding='same': not charged elsewhere."""
    results = judged_with_changes("05_cnn", {"dropout.layers": _on_model(_padding_same)},
                                  only=("build_cnn.layers", "dropout.layers"))
    dropout = results["dropout.layers"]
    assert dropout.points == 0 and not dropout.follows
    assert "layer 1 (Conv2D(16, 3x3, relu)) has padding='same'; expected padding='valid'" in dropout.message


def test_the_same_mistake_written_in_both_networks_is_charged_once():
    """The docstring defines the dropout network as build_cnn's plus one Dropout: when it is exactly
    the student's own build_cnn() network plus that Dropout, its difference is build_cnn's mistake."""
    results = judged_with_changes("05_cnn", {"build_cnn.layers": _on_model(_padding_same),
                                             "dropout.layers": _on_model(_padding_same)},
                                  only=("build_cnn.layers", "dropout.layers"))
    assert results["build_cnn.layers"].points == 0
    assert results["dropout.layers"].points == 2 and results["dropout.layers"].message.startswith(CHARGED_ONCE)


def test_a_shared_mistake_plus_one_of_the_dropout_networks_own_is_not_charged_once():
    def same_padding_and_smaller_dense(model):
        _padding_same(model)
        dense = next(layer for layer in model["layers"] if layer["settings"].get("units") == 64)
        dense["settings"]["units"] = 32

    results = judged_with_changes("05_cnn", {"build_cnn.layers": _on_model(_padding_same),
                                             "dropout.layers": _on_model(same_padding_and_smaller_dense)},
                                  only=("build_cnn.layers", "dropout.layers"))
    assert results["build_cnn.layers"].points == 0
    dropout = results["dropout.layers"]
    assert dropout.points == 0 and dropout.status == "failed"
    assert "expected Dense(64, relu), got Dense(32, relu)" in dropout.message


def test_a_build_cnn_that_raised_charges_nothing_to_the_dropout_network():
    """No network of the student's own to compare with: the dropout network is judged on its own."""
    def raised(outcome):
        outcome.clear()
        outcome.update(status="raised", error_type="RuntimeError", error_message="training inside build_cnn",
                       student_frames=[])

    from autograder.catalog import render_report
    from autograder.grading import judge_outcomes
    from autograder.results import SubmissionReport
    from tests.recorded import _course, load

    import copy

    reference = load("05_cnn")["reference"]
    got = copy.deepcopy(reference)
    raised(got["build_cnn.layers"])
    _on_model(_padding_same)(got["dropout.layers"]["value"])
    assignment = _course().assignment("05_cnn")
    checks = [c for c in assignment.checks if c.id in ("build_cnn.layers", "dropout.layers")]
    results = judge_outcomes(assignment, checks, got, reference)
    render_report(SubmissionReport(assignment="05_cnn", title="", submission="recorded", checks=results))
    dropout = next(r for r in results if r.id == "dropout.layers")
    assert dropout.points == 0 and "padding='same'" in dropout.message


def test_some_model_without_its_hidden_layer_is_explained_once():
    """One Dense layer instead of two: the structure check says which; the forward checks, which
    cannot recompute flatten -> hidden -> output from the model's weights, point at it."""
    def one_dense(value):
        value["model"]["layers"] = [layer for layer in value["model"]["layers"]
                                    if layer["settings"].get("units") != 100]
        for run in value.get("runs", []):
            run["recomputed"] = None

    results = judged_with_changes("02_models", {check_id: one_dense for check_id in _SOME_MODEL})
    assert results["some_model.structure"].points == 0 and not results["some_model.structure"].follows
    for check_id in ("some_model.forward", "some_model.hidden"):
        _follows(results[check_id], "some_model.structure", "SomeModel")


def test_a_layer_of_another_size_is_not_told_to_change_its_activation():
    """The hint 'Set activation=...' is for the same layer with another activation only."""
    def other_layer(value):
        hidden = _layer(value["model"], 2)
        hidden["settings"].update(units=50, activation="sigmoid")

    results = judged_with_changes("02_models", {"sequential_add.layers": other_layer}, only=("sequential_add.layers",))
    message = results["sequential_add.layers"].message
    assert "layer 2: expected Dense(100, relu), got Dense(50, sigmoid)" in message
    assert "Set activation" not in message
    same_size = judged_with_changes("02_models", {"sequential_add.layers": _set_activation(2, "sigmoid")},
                                    only=("sequential_add.layers",))
    assert 'Set activation="relu"' in same_size["sequential_add.layers"].message


def test_a_gap_computed_from_the_losses_is_named_and_explained_once():
    from autograder.checks.a05_cnn import _HIDDEN_HISTORY

    def from_losses(history):
        return lambda value: value.update(value=float(history["val_loss"][-1] - history["loss"][-1]))

    results = judged_with_changes("05_cnn", {"overfitting_gap.public": from_losses(_PUBLIC_HISTORY),
                                             "overfitting_gap.hidden": from_losses(_HIDDEN_HISTORY)},
                                  only=("overfitting_gap.public", "overfitting_gap.hidden"))
    assert ('That is computed from the losses, history.history["loss"] and ["val_loss"]; the gap is between the '
            'accuracies') in results["overfitting_gap.public"].message
    _follows(results["overfitting_gap.hidden"], "overfitting_gap.public", "overfitting_gap")
