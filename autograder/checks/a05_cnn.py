"""Checks of assignment 05_cnn (module ``cnn.py``).

The networks are described from their real weights and compared layer by layer (settings such as
padding included) with the reference. ``overfitting_gap`` and ``plot_history`` receive real
``keras.callbacks.History`` objects filled with chosen values, so no training is needed for them.
One check trains the student's ``build_cnn()`` with the assignment's training budget (course.yml:
same data subset, seed, epochs and batch size as the reference) and passes when its validation
accuracy is at least the reference's minus the margin.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import numpy as np

from autograder.catalog import msg
from autograder.checks.kit.base import Check, CheckSuite, Verdict
from autograder.checks.kit.judging import kind_of, plain, show
from autograder.checks.kit.calling import run_student
from autograder.checks.kit.challenge import add_challenge_checks
from autograder.checks.kit.model_judging import (activation_words, compare_layers, compare_params,
                                                 compare_shapes, judge_model, layer_signature, model_problem,
                                                 raised_hint, shape_text, with_note)
from autograder.checks.kit.model_probes import build_probe, described_build
from autograder.checks.kit.stand_ins import StandIns
from autograder.checks.kit.structure import layer_number
from autograder.describe import describe

SUITE = CheckSuite("05_cnn", "cnn", preload=("keras",))


# -- the networks ------------------------------------------------------------------------------

def _rates_probe(calls: list[tuple[tuple, dict]]):
    def probe(module, context):
        return [described_build(module.build_cnn_with_dropout, *args, **kwargs) for args, kwargs in calls]

    return probe


def _settings_difference(got: dict, expected: dict, what: str) -> Verdict | None:
    """Settings that the layer signature does not show: padding, strides, use_bias."""
    for index, (g, e) in enumerate(zip(got["layers"], expected["layers"]), start=1):
        for key, wanted in e["settings"].items():
            found = g["settings"].get(key)
            if found != wanted:
                hint = ""
                if key == "padding":
                    hint = (msg("a05.settings_difference.padding_same"))
                elif key == "strides":
                    hint = msg("a05.settings_difference.default_strides")
                elif key == "use_bias":
                    hint = msg("a05.settings_difference.keep_bias")
                return Verdict(False, msg("a05.settings_difference.setting_differs", what=what,
                                          layer_number=layer_number(g, index),
                                          g_layer=layer_signature(g),
                                          key=key, found=repr(found),
                                          wanted=repr(wanted), hint=hint),
                               cause=f"{layer_signature(g)} with {key}={found!r}")
    return None


def _dropout_layout_problem(got: dict, expected: dict, what: str) -> Verdict | None:
    """Where the Dropout layer is, in words, when it is not where the reference has it."""
    def places(model):
        return [index for index, layer in enumerate(model["layers"], start=1) if layer["class"] == "Dropout"]

    got_places, expected_places = places(got), places(expected)
    if got_places == expected_places:
        return None
    numbers = [layer_number(got["layers"][place - 1], place) for place in got_places]
    wanted = expected_places[0]
    before = layer_signature(expected["layers"][wanted])
    if not got_places:
        return Verdict(False, msg("a05.dropout_layout_problem.missing", what=what, before=before),
                       cause="no Dropout layer")
    if len(got_places) > 1:
        return Verdict(False, msg("a05.dropout_layout_problem.several", what=what,
                                  n_got_places=len(got_places),
                                  numbers=', '.join(map(str, numbers))),
                       cause=f"{len(got_places)} Dropout layers")
    place = got_places[0]
    after = layer_signature(got["layers"][place - 2]) if place > 1 else msg("a05.dropout_layout_problem.input")
    return Verdict(False, msg("a05.dropout_layout_problem.wrong_place", what=what, numbers_0=numbers[0],
                              after=after, before=before),
                   cause=f"Dropout after {after}")


def _dropout_moved_past_flatten(model: dict) -> dict | None:
    """The model with a Dropout that comes right before Flatten moved right after it, or None.

    Dropout works element by element and Flatten only reshapes, so the two orders compute the same
    function: the network is then judged in the documented order.
    """
    layers = model["layers"]
    for index in range(len(layers) - 1):
        if layers[index]["class"] == "Dropout" and layers[index + 1]["class"] == "Flatten":
            return {**model, "layers": [*layers[:index], layers[index + 1], layers[index], *layers[index + 2:]]}
    return None


def _own_cnn(reads: dict | None) -> dict | None:
    """The student's own build_cnn() network, as the check build_cnn.layers described it."""
    value = (reads or {}).get("build_cnn.layers")
    model = value.get("model") if isinstance(value, dict) else None
    return model if isinstance(model, dict) and model.get("is_model") else None


def _judge_structure(what: str, *, dropout: bool = False):
    def judge(got: dict, expected: dict, reads: dict | None = None) -> Verdict:
        problem = model_problem(what, got)
        if problem:
            return with_note(problem, got)
        model, reference = got["model"], expected["model"]
        note = ""
        if dropout:
            layout = _dropout_layout_problem(model, reference, what)
            moved = _dropout_moved_past_flatten(model) if layout else None
            if moved is not None and _dropout_layout_problem(moved, reference, what) is None:
                model, layout, note = moved, None, msg("a05.dropout.before_flatten_accepted")
            if layout:
                return with_note(layout, got)
        for verdict in (compare_layers(model, reference, what=what), _settings_difference(model, reference, what)):
            if verdict is not None and not verdict.passed:
                if dropout and _is_own_cnn_with_dropout(model, _own_cnn(reads)):
                    verdict = replace(verdict, charged_at="build_cnn")
                return with_note(_output_hint(verdict, model), got)
        return with_note(Verdict(True, msg("a05.structure.ok", what=what,
                                           layers=' -> '.join(layer_signature(x) for x in model['layers'])) + note),
                         got)

    return judge


def _is_own_cnn_with_dropout(model: dict, own_cnn: dict | None) -> bool:
    """Whether the dropout network (its Dropout already where the docstring puts it) is the student's
    own build_cnn() network plus that Dropout: every other layer alike, settings, weights and output
    shapes included. Its difference from the course's network is then build_cnn's mistake."""
    if not own_cnn or not own_cnn.get("is_model"):
        return False

    def essentials(layers: list[dict]) -> list[tuple]:
        return [(layer["class"], repr(sorted(layer["settings"].items())), layer["params"], repr(layer["output_shape"]))
                for layer in layers if layer["class"] != "Dropout"]

    return (essentials(model["layers"]) == essentials(own_cnn["layers"])
            and model.get("inputs") == own_cnn.get("inputs"))


def _output_hint(verdict: Verdict, model: dict) -> Verdict:
    if not model["layers"] or model["layers"][-1]["class"] != "Dense":
        return verdict
    if model["layers"][-1]["settings"].get("activation") != "softmax" and "softmax" not in str(verdict.message):
        return replace(verdict, message=msg("a05.output_hint.softmax_too", verdict_message=verdict.message))
    return verdict


def _compare_params(got: dict, expected: dict, *, what: str) -> Verdict:
    """compare_params, with the padding="same" explanation when that is the cause."""
    verdict = compare_params(got, expected, what=what)
    if not verdict.passed and "same" in {layer["settings"].get("padding") for layer in got["layers"]}:
        return Verdict(False, msg("a05.compare_params.padding_same", verdict_message=verdict.message), verdict.detail)
    return verdict


_CNN = "build_cnn()"
SUITE.add(Check("build_cnn.layers", "build_cnn", _CNN, build_probe("build_cnn"), _judge_structure(_CNN)))
# Parameter counts and output shapes follow from the layers: when the layers check fails, these
# point at it instead of describing the same difference again (kit/causes.py).
SUITE.add(Check("build_cnn.params", "build_cnn", _CNN, build_probe("build_cnn"), judge_model(_CNN, _compare_params),
                after=("build_cnn.layers",)))
SUITE.add(Check("build_cnn.shapes", "build_cnn", _CNN, build_probe("build_cnn"), judge_model(_CNN, compare_shapes),
                after=("build_cnn.layers",)))

# The dropout network is judged apart from build_cnn (kit/stand_ins.py): a network that starts from
# the student's build_cnn() is built with this course-made CNN instead when build_cnn fails its own
# checks, so that build_cnn's mistake costs only build_cnn's points. (Made here from the docstring,
# never from the solution file.)
def _course_build_cnn():
    import keras

    def build_cnn():
        layers = keras.layers
        return keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(16, (3, 3), activation="relu"),
                                 layers.MaxPooling2D((2, 2)), layers.Conv2D(32, (3, 3), activation="relu"),
                                 layers.MaxPooling2D((2, 2)), layers.Flatten(), layers.Dense(64, activation="relu"),
                                 layers.Dense(10, activation="softmax")])

    return build_cnn


_DROPOUT_STAND_INS = StandIns({"build_cnn": _course_build_cnn})

_DROPOUT = "build_cnn_with_dropout()"
# A mistake in a helper both networks share is charged once, at build_cnn: the dropout judges read
# the student's own build_cnn() network from build_cnn.layers' outcome (docs/checks.md, "Points").
SUITE.add(Check("dropout.layers", "build_cnn_with_dropout", _DROPOUT, build_probe("build_cnn_with_dropout"),
                _judge_structure(_DROPOUT, dropout=True), stand_ins=_DROPOUT_STAND_INS, reads=("build_cnn.layers",)))

_HIDDEN_RATES = [((0.25,), {}), ((), {"rate": 0.3})]


def _judge_rates(got: list, expected: list, reads: dict | None = None) -> Verdict:
    for (args, kwargs), g, e in zip(_HIDDEN_RATES, got, expected):
        what = f"build_cnn_with_dropout({args[0]!r})" if args else f"build_cnn_with_dropout(rate={kwargs['rate']!r})"
        verdict = _judge_structure(what, dropout=True)(g, e, reads)
        if verdict.passed:
            continue
        wanted = args[0] if args else kwargs["rate"]
        rates = [layer["settings"].get("rate") for layer in g.get("model", {}).get("layers", [])
                 if layer["class"] == "Dropout"]
        if rates and rates[0] != wanted:
            return Verdict(False, msg("a05.rates.rate_ignored", what=what, rates_0=rates[0],
                                      wanted=wanted))
        return verdict  # its cause, or the function it is charged at, as for dropout.layers
    return Verdict(True, msg("a05.rates.ok"))


SUITE.add(Check("dropout.hidden_rate", "build_cnn_with_dropout",
                msg("text.and", first="build_cnn_with_dropout(0.25)", then="build_cnn_with_dropout(rate=0.3)"),
                _rates_probe(_HIDDEN_RATES), _judge_rates, stand_ins=_DROPOUT_STAND_INS, reads=("build_cnn.layers",)))


# -- histories: overfitting_gap and plot_history ---------------------------------------------------

_PUBLIC_HISTORY = {
    "loss": [0.4513, 0.2903, 0.1851, 0.1102],
    "accuracy": [0.8512, 0.9203, 0.9541, 0.9871],
    "val_loss": [0.3301, 0.2816, 0.2690, 0.2954],
    "val_accuracy": [0.8790, 0.8995, 0.9102, 0.9136],
}
# The best epoch is not the last one, and validation ends above training: the gap is negative.
_HIDDEN_HISTORY = {
    "val_accuracy": [0.58, 0.84, 0.79],
    "accuracy": [0.62, 0.81, 0.77],
    "val_loss": [1.10, 0.52, 0.61],
    "loss": [1.21, 0.58, 0.66],
}
_HIDDEN_PLOT_HISTORY = {
    "loss": [1.52, 0.93, 0.71, 0.66, 0.58],
    "accuracy": [0.41, 0.66, 0.74, 0.77, 0.80],
    "val_loss": [1.20, 0.88, 0.79, 0.80, 0.83],
    "val_accuracy": [0.55, 0.69, 0.72, 0.73, 0.72],
}


def _history(values: dict):
    import keras

    history = keras.callbacks.History()
    history.history = {key: list(series) for key, series in values.items()}
    history.epoch = list(range(len(values["accuracy"])))
    return history


def _gap_probe(values: dict):
    def probe(module, context):
        return describe(module.overfitting_gap(_history(values)))

    return probe


def _judge_gap(call: str, values: dict):
    training, validation = values["accuracy"], values["val_accuracy"]
    mistakes = [
        (validation[-1] - training[-1], msg("a05.gap.hint.sign_reversed")),
        (training[0] - validation[0], msg("a05.gap.hint.first_epoch")),
        (max(training) - max(validation), msg("a05.gap.hint.best_epochs")),
        (float(np.mean(training) - np.mean(validation)), msg("a05.gap.hint.averages")),
        (100 * (training[-1] - validation[-1]), msg("a05.gap.hint.percent")),
        (values["val_loss"][-1] - values["loss"][-1], msg("a05.gap.hint.losses")),
        (values["loss"][-1] - values["val_loss"][-1], msg("a05.gap.hint.losses")),
    ]
    expected_value = training[-1] - validation[-1]

    def judge(got: dict, expected: dict) -> Verdict:
        if kind_of(got) not in ("int", "float"):
            return Verdict(False, msg("a05.gap.not_a_number", call=call, got=show(got)),
                           cause="overfitting_gap: not a number")
        value = float(plain(got))
        if np.isclose(value, expected_value, atol=1e-6):
            return Verdict(True, msg("a05.gap.ok", call=call, value=value))
        # A recognised mistake is one explanation for the public check and its hidden twin.
        found = next((hint for candidate, hint in mistakes if np.isclose(value, candidate, atol=1e-6)), None)
        return Verdict(False, msg("a05.gap.differs", call=call, value=value,
                                  expected_value=expected_value,
                                  training_1=training[-1],
                                  validation_1=validation[-1], hint=found or msg("a05.gap.hint.subtract")),
                       cause=f"overfitting_gap: {found.id}" if found else "")

    return judge


for _check_id, _values in (("overfitting_gap.public", _PUBLIC_HISTORY), ("overfitting_gap.hidden", _HIDDEN_HISTORY)):
    _call = msg("a05.call.history_epochs", call="overfitting_gap(history)", epochs=len(_values['accuracy']))
    SUITE.add(Check(_check_id, "overfitting_gap", _call, _gap_probe(_values), _judge_gap(_call, _values)))


def _figure_summary(figure: Any) -> dict:
    """The curves of a matplotlib figure, their labels and legends, as plain data."""
    import matplotlib.axes
    import matplotlib.figure

    from autograder.describe import type_name

    if type(figure) is not matplotlib.figure.Figure:
        return {"is_figure": False, "type": type_name(figure), "value": describe(figure),
                "is_axes": isinstance(figure, matplotlib.axes.Axes)}
    axes, lines, drawn = [], [], []
    for number, ax in enumerate(figure.get_axes()):
        legend = ax.get_legend()
        axes.append({"legend": [text.get_text() for text in legend.get_texts()] if legend else [],
                     "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(), "title": ax.get_title()})
        for line in ax.get_lines():
            y = np.asarray(line.get_ydata(), dtype=np.float64).ravel()[:1000]
            lines.append({"axes": number, "label": str(line.get_label()), "y": [float(v) for v in y]})
            drawn.append(line)
        if legend:
            _attach_legend(legend, drawn, lines)
    figure_legends = [text.get_text() for legend in figure.legends for text in legend.get_texts()]
    for legend in figure.legends:
        _attach_legend(legend, drawn, lines)
    return {"is_figure": True, "axes": axes, "lines": lines, "figure_legends": figure_legends}


def _attach_legend(legend: Any, drawn: list, lines: list[dict]) -> None:
    """Give each curve the legend text shown beside it (``shown``), whatever label the line itself has.

    A legend entry is drawn with a copy of its curve's colour, line style and marker; the curve it
    stands for is the first line not yet claimed that looks the same (``ax.legend(["a", "b"])``
    names the lines in their order, which this also follows).
    """
    from matplotlib.colors import to_rgba

    def look(artist):
        try:
            return (to_rgba(artist.get_color()), artist.get_linestyle(), str(artist.get_marker()))
        except Exception:  # noqa: BLE001 - a patch or collection handle: not a line
            return None

    handles = list(getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", None) or [])
    for text, handle in zip(legend.get_texts(), handles):
        wanted = look(handle)
        for index, line in enumerate(drawn):
            if wanted is not None and "shown" not in lines[index] and look(line) == wanted:
                lines[index]["shown"] = text.get_text()
                break


def _plot_probe(values: dict):
    def probe(module, context):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        try:
            figure = module.plot_history(_history(values))
            return _figure_summary(figure)
        finally:
            plt.close("all")

    return probe


def _matching(lines: list[dict], series: list[float]) -> list[dict]:
    return [line for line in lines if len(line["y"]) == len(series) and np.allclose(line["y"], series, atol=1e-9)]


def _judge_plot(call: str, values: dict):
    def judge(got: dict, expected: dict) -> Verdict:
        verdict = _plot_verdict(call, values, got)
        if verdict.passed or verdict.cause:
            return verdict
        # A figure is judged alike on both histories: the same diagnosis is one mistake, explained
        # once, at the public check (a curve that is simply missing names no cause: no diagnosis).
        generic = verdict.message.id == "a05.plot.curve_missing" and not verdict.message.params.get("hint")
        return verdict if generic else replace(verdict, cause=f"plot_history: {verdict.message.id}")

    return judge


def _plot_verdict(call: str, values: dict, got: dict) -> Verdict:
    if not got["is_figure"]:
        if got["is_axes"]:
            return Verdict(False, msg("a05.plot.axes_not_figure", call=call, got_type=got['type']))
        hint = (msg("a05.plot.figure_not_returned"))
        return Verdict(False, msg("a05.plot.not_a_figure", call=call,
                                  got_value=show(got['value']), hint=hint))
    lines = got["lines"]
    found = {name: _matching(lines, values[name]) for name in ("accuracy", "val_accuracy")}
    for name, label in (("accuracy", "training"), ("val_accuracy", "validation")):
        if not found[name]:
            hint = ""
            loss_name = name.replace("accuracy", "loss")
            if _matching(lines, values[loss_name]):
                hint = msg("a05.plot.loss_curve", loss_name=repr(loss_name))
            return Verdict(False, msg("a05.plot.curve_missing", call=call, curve=_curve_word(label), name=repr(name),
                                      n_lines=len(lines), hint=hint))
    training, validation = found["accuracy"][0], found["val_accuracy"][0]
    if "shown" in training or "shown" in validation:
        verdict = _judge_shown_legend(call, training.get("shown", ""), validation.get("shown", ""))
        return _with_extra_curves_note(verdict, got, values, (training, validation))
    for line, label in ((training, "training"), (validation, "validation")):
        if line["label"].startswith("_") or not line["label"].strip():
            return Verdict(False, msg("a05.plot.no_label", call=call, curve=_curve_word(label), label=label))
    if training["label"] == validation["label"]:
        return Verdict(False, msg("a05.plot.same_label", call=call,
                                  training_label=repr(training['label'])))
    if not _names_validation(validation["label"]) or _names_validation(training["label"]):
        return Verdict(False, msg("a05.plot.unclear_labels", call=call,
                                  training_label=repr(training['label']),
                                  validation_label=repr(validation['label'])))
    for line in (training, validation):
        legends = got["axes"][line["axes"]]["legend"] + got["figure_legends"]
        if line["label"] not in legends:
            return Verdict(False, msg("a05.plot.no_legend", call=call,
                                      line_label=repr(line['label'])))
    verdict = Verdict(True, msg("a05.plot.ok", call=call,
                                training_label=repr(training['label']),
                                validation_label=repr(validation['label'])))
    return _with_extra_curves_note(verdict, got, values, (training, validation))


def _with_extra_curves_note(verdict: Verdict, got: dict, values: dict, accuracy_lines: tuple[dict, dict]) -> Verdict:
    """A passing figure that draws more than the two accuracy curves passes with a note naming them.

    The docstring asks for one set of axes with two curves, training and validation accuracy.
    Extra curves (the losses, or every key of the History, as ``pd.DataFrame(history.history).plot()``
    draws them) do not hide the accuracy curves, so they cost nothing; the note says what a reader
    sees: curves that are not accuracies, on the accuracy axes or on axes of their own. The same
    accuracy series drawn twice (markers, then a line) is one curve.
    """
    if not verdict.passed:
        return verdict
    extras = [line for line in got["lines"]
              if not _matching([line], values["accuracy"]) and not _matching([line], values["val_accuracy"])]
    if not extras:
        return verdict
    keys = [next((key for key in ("loss", "val_loss") if _matching([line], values[key])), None) for line in extras]
    total = len(extras) + len({id(line) for line in accuracy_lines})
    accuracy_axes = {line["axes"] for line in accuracy_lines}
    where = (msg("a05.plot.extra_curves.on_accuracy_axes") if all(line["axes"] in accuracy_axes for line in extras)
             else msg("a05.plot.extra_curves.on_other_axes"))
    if all(keys):
        note = msg("a05.plot.extra_curves.losses", count=len(extras), total=total, where=where,
                   names=", ".join(f"history.history[{key!r}]" for key in keys))
    else:
        note = msg("a05.plot.extra_curves.other", count=len(extras), total=total, where=where)
    return replace(verdict, message=verdict.message + note)


def _curve_word(label: str):
    """The training or the validation curve, in words (``label`` is the label a student would write)."""
    return msg("a05.curve.training") if label == "training" else msg("a05.curve.validation")


# Words that say "validation" in a label: "val", "validation", "Val acc"; the Chinese edition's 验证 (验证集,
# 验证准确率: docs/glossary.md). A label holding none of them is the training curve's, as "训练" or "train" is.
_VALIDATION_WORDS = ("val", "验证")


def _names_validation(label: str) -> bool:
    return any(word in label.lower() for word in _VALIDATION_WORDS)


def _judge_shown_legend(call: str, training: str, validation: str) -> Verdict:
    """The verdict on the legend as a reader sees it: the text beside each curve."""
    if not training.strip() or not validation.strip():
        which = _curve_word("training" if not training.strip() else "validation")
        return Verdict(False, msg("a05.shown_legend.one_name", call=call, which=which))
    if training == validation:
        return Verdict(False, msg("a05.shown_legend.same_name", call=call, training=repr(training)))
    if not _names_validation(validation) or _names_validation(training):
        return Verdict(False, msg("a05.shown_legend.unclear_names", call=call, training=repr(training),
                                  validation=repr(validation)))
    return Verdict(True, msg("a05.shown_legend.ok", call=call, training=repr(training),
                             validation=repr(validation)))


for _check_id, _values in (("plot_history.public", _PUBLIC_HISTORY), ("plot_history.hidden", _HIDDEN_PLOT_HISTORY)):
    _call = msg("a05.call.history_epochs", call="plot_history(history)", epochs=len(_values['accuracy']))
    SUITE.add(Check(_check_id, "plot_history", _call, _plot_probe(_values), _judge_plot(_call, _values)))


# -- training: accuracy against the reference ------------------------------------------------------

def _reinitialize(model, seed: int) -> int:
    """Draw every kernel afresh (Glorot uniform, Keras's default) from ``seed`` and zero every bias.

    Keras seeds each initializer in the order layers are created, so two identical networks built
    in a different order (or after an extra, unused layer) would start from different weights and,
    after a short training, differ by several points of accuracy. Drawn here layer by layer from
    the same seed, the same architecture always starts from the same weights: the accuracy check
    compares architectures, not luck. Returns how many weights were set.
    """
    from autograder.checks.kit.keras_probes import keras_attribute

    rng = np.random.default_rng(seed)
    count = 0
    for layer in keras_attribute(model, "layers"):
        for weight in keras_attribute(layer, "trainable_weights"):
            shape = tuple(int(n) for n in weight.shape)
            name = str(weight.name).rsplit("/", 1)[-1]
            if name == "kernel" and len(shape) >= 2:
                receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
                limit = np.sqrt(6.0 / (receptive * (shape[-2] + shape[-1])))
                weight.assign(rng.uniform(-limit, limit, size=shape).astype(np.float32))
            elif name == "bias":
                weight.assign(np.zeros(shape, dtype=np.float32))
            else:
                continue
            count += 1
    return count


def _accuracy_probe(module, context):
    import keras

    from autograder.checks.kit import keras_probes

    budget = context.settings["training"]
    keras_probes.seed_everything(budget["seed"])
    clock = [("start", time.monotonic())]
    built = run_student(module.build_cnn)
    if "raised" in built:
        return {"raised": built["raised"], "stage": "build"}
    model = built["value"]
    described = keras_probes.describe_model(model)
    if not keras_probes.is_model(model):
        return {"not_model": described["value"]}
    clock.append(("build", time.monotonic()))
    data = keras_probes.grading_data(context.settings)  # after building: a model that fails costs no data
    clock.append(("data", time.monotonic()))
    summary = {"layers": [layer_signature(layer) for layer in described["layers"]],
               "last_activation": (described["layers"][-1]["settings"].get("activation")
                                   if described["layers"] else None),
               "last_written": described["layers"][-1].get("activation_written") if described["layers"] else None,
               "margin": budget["margin"], "epochs": budget["epochs"], "train_samples": budget["train_samples"],
               "valid_samples": budget["valid_samples"], "source": data["source"]}
    x_train, x_valid = data["x_train"][..., np.newaxis], data["x_valid"][..., np.newaxis]

    def train():
        _reinitialize(model, budget["seed"])
        keras_probes.seed_everything(budget["seed"])  # the same shuffling, however many draws the build made
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        keras_probes.build_compiled_state(model, x_train, data["y_train"])
        history = model.fit(x_train, data["y_train"], epochs=budget["epochs"], batch_size=budget["batch_size"],
                            shuffle=True, verbose=0)
        clock.append(("train", time.monotonic()))
        predictions = np.concatenate([np.asarray(model(x_valid[start:start + 500], training=False))
                                      for start in range(0, len(x_valid), 500)])
        clock.append(("predict", time.monotonic()))
        return history, predictions

    outcome = run_student(train)
    if "raised" in outcome:
        return {**summary, "raised": outcome["raised"], "stage": "training"}
    history, predictions = outcome["value"]
    losses = keras_probes.history_summary(history)["history"].get("loss") or []
    if predictions.ndim != 2 or predictions.shape[0] != len(x_valid):
        return {**summary, "prediction_shape": list(predictions.shape)}
    accuracy = float(np.mean(np.argmax(predictions, axis=1) == data["y_valid"]))
    seconds = {name: round(at - before, 2) for (_, before), (name, at) in zip(clock, clock[1:])}
    return {**summary, "accuracy": accuracy, "losses": losses, "seconds": seconds}


def _judge_accuracy(got: dict, expected: dict) -> Verdict:
    what = "build_cnn()"
    if "not_model" in got:
        return Verdict(False, msg("a05.accuracy.not_a_model", what=what,
                                  got_not_model=show(got['not_model'])))
    if "raised" in got:
        raised = got["raised"]
        stage = {"build": msg("a05.accuracy.stage_build"), "training": msg("a05.accuracy.stage_training")}[got["stage"]]
        return Verdict(False, msg("a05.accuracy.raised", what=what, stage=stage, raised_type=raised['type'],
                                  raised_message=raised['message'],
                                  raised_hint=raised_hint(raised)))
    if "prediction_shape" in got:
        return Verdict(False, msg("a05.accuracy.wrong_predictions", what=what,
                                  got_prediction_shape_shape=shape_text(got['prediction_shape']),
                                  expected_valid_samples=expected['valid_samples']))
    margin = expected["margin"]
    pass_mark = expected["accuracy"] - margin
    setting = (msg("a05.accuracy.setting", expected_epochs=expected['epochs'],
                   expected_train_samples=expected['train_samples'],
                   expected_valid_samples=expected['valid_samples']))
    if "synthetic" in expected["source"]:
        setting += msg("a05.accuracy.synthetic")
    result = (msg("a05.accuracy.result", what=what, setting=setting,
                  got_accuracy=got['accuracy'], expected_accuracy=expected['accuracy'],
                  pass_mark=pass_mark, margin=margin))
    detail = f"timings: {got.get('seconds')}; layers: {' -> '.join(got['layers'])}"
    if got["accuracy"] >= pass_mark - 1e-9:
        return Verdict(True, result, detail)
    return Verdict(False, msg("a05.accuracy.with_cause", result=result, accuracy_cause=_accuracy_cause(got, expected)), detail)


def _accuracy_cause(got: dict, expected: dict) -> str:
    last = got["last_activation"]
    if last != expected["last_activation"]:
        name = activation_words(last, got.get("last_written"))
        return (msg("a05.accuracy_cause.output_activation", name=name))
    losses = got.get("losses") or []
    if any(not np.isfinite(loss) for loss in losses):
        return msg("a05.accuracy_cause.nan_loss")
    if got["layers"] != expected["layers"]:
        return (msg("a05.accuracy_cause.network_differs", got_layers=' -> '.join(got['layers']),
                    expected_layers=' -> '.join(expected['layers'])))
    return msg("a05.accuracy_cause.compare_network")


# The grader draws the weights and trains: a network with the documented layers reaches the
# reference's accuracy, so this check fails only when build_cnn.layers did (a relu output, a layer
# of another size), and then points at it instead of explaining the mistake again.
SUITE.add(Check("accuracy.build_cnn", "build_cnn", msg("a05.call.trained_by_grader", call="build_cnn()"),
                _accuracy_probe, _judge_accuracy, after=("build_cnn.layers",)))


# -- the challenge: the student's own network, trained and measured by the grader (kit/challenge*.py) --

add_challenge_checks(SUITE, "build_challenge_cnn", (28, 28, 1), "capacity", worker_group="challenge")
