"""Checks of assignment 06_evaluate (module ``evaluation.py``).

Nothing is trained here. Every probe builds a small dense network whose weights come from a
seeded numpy generator (:class:`FixedNet`), feeds it fixed inputs, and calls the student's
function with that model. The inputs are chosen so that every sample's most likely class wins by
a clear margin: float32 (Keras) and float64 (numpy) agree on every label, and the parent can
recompute the probabilities with numpy alone to explain a wrong answer.

Public checks use the course's example (the 784-100-10 network, with the first image predicted
"Ankle boot"); hidden checks use other models, other numbers of classes and other labels.
"""

from __future__ import annotations


import numpy as np

from autograder.checks.kit.base import Check, CheckSuite, Verdict
from autograder.checks.kit.judging import first_difference, kind_of, plain, show
from autograder.catalog import Message, msg
from autograder.checks.kit.advice import error_advice, error_line
from autograder.checks.kit.calling import attempt_value, run_student
from autograder.checks.kit.class_names import CLASS_NAMES_STAND_IN, class_names_probe, judge_class_names
from autograder.checks.kit.fixed_net import FixedNet, article_net
from autograder.checks.kit.stand_ins import StandIns
from autograder.describe import describe

SUITE = CheckSuite("06_evaluate", "evaluation", preload=("keras",))

FASHION_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                 "Sneaker", "Bag", "Ankle boot"]


# -- calling student code where an error deserves its own explanation (child side) -------------


# -- fixed networks (numpy here; Keras only inside keras_model, which runs in the child) ---------


def mislabel(labels: np.ndarray, n_classes: int, every: int) -> np.ndarray:
    """Labels with every ``every``-th one (from the second) changed to another class."""
    wrong = labels.copy()
    for index in range(1, len(labels), every):
        wrong[index] = (labels[index] + 1 + index % (n_classes - 1)) % n_classes
    return wrong


# Public: the course's example. Hidden: a permutation classifier, so that all ten names appear
# and an argmax over the wrong axis gives another valid-looking answer of the same shape.
_ARTICLE = article_net()
_ARTICLE_X = _ARTICLE.inputs(24, seed=11, first_label=9)
_PERMUTATION = [3, 7, 0, 9, 1, 4, 8, 2, 6, 5]  # not its own inverse: axis 0 gives other labels
_ONE_HOT_NET = FixedNet((10,), [(10, "softmax")],
                        weights=[6.0 * np.eye(10, dtype=np.float32)[_PERMUTATION],
                                 np.zeros(10, dtype=np.float32)])
_ONE_HOT_X = np.eye(10, dtype=np.float32)
_TABLE_NET = FixedNet((6,), [(8, "tanh"), (4, "softmax")], seed=3)
_TABLE_X = _TABLE_NET.inputs(20, seed=5)


# -- predict_classes and predict_class_names ----------------------------------------------------

def _predict_probe(target: str, net: FixedNet, x: np.ndarray):
    def probe(module, context):
        if target == "predict_class_names":
            model = net.keras_model()
            outcome = run_student(module.predict_class_names, model, x.copy())
            if "raised" in outcome:  # evidence for the cause: what the student's own predict_classes gives
                own = (run_student(module.predict_classes, model, x.copy())
                       if hasattr(module, "predict_classes") and not context.stand_ins else {})
                return {"names_raised": outcome["raised"],
                        "own_labels": describe(own["value"]) if "value" in own else None}
            result = outcome["value"]
        else:
            result = getattr(module, target)(net.keras_model(), x.copy())
        if type(result) is list:  # numpy string scalars are strings: report them as such
            result = [str.__str__(item) if isinstance(item, np.str_) else item for item in result]
        return describe(result)

    return probe


def _labels_hint(got: dict, net: FixedNet, x: np.ndarray) -> str:
    """Explain a wrong set of labels from the shape, type and values the student returned."""
    kind = kind_of(got)
    probabilities = net.probabilities(x)
    n, classes = probabilities.shape
    if kind != "array":
        if "tensorflow" in got.get("type", "") or "Tensor" in got.get("type", ""):
            return (msg("a06.labels_hint.tensor_not_array"))
        if kind in ("list", "tuple"):
            return msg("a06.labels_hint.list_not_array")
        if kind == "none":
            return msg("a06.labels_hint.returned_none")
        return msg("a06.labels_hint.return_array")
    shape = tuple(got["shape"])
    if shape == (n, classes):
        return (msg("a06.labels_hint.probabilities_returned"))
    if shape == (classes,) and n != classes:
        return (msg("a06.labels_hint.argmax_over_samples", classes=classes, n=n))
    if shape == (n, 1):
        return msg("a06.labels_hint.extra_axis")
    values = plain(got)
    if shape == (n,) and "data" in got and np.allclose(values, probabilities.max(axis=-1), rtol=1e-4, atol=1e-5):
        return msg("a06.labels_hint.max_not_argmax")
    if not got["dtype"].startswith(("int", "uint")):
        return (msg("a06.labels_hint.float_labels", got_dtype=got['dtype']))
    if shape == (n,) and "data" in got:
        if np.array_equal(values, np.argmax(probabilities, axis=0)[:n]):
            return (msg("a06.labels_hint.best_sample_per_class"))
        if np.array_equal(values, np.argmax(probabilities, axis=-1) + 1):
            return msg("a06.labels_hint.off_by_one")
        if np.array_equal(values, np.argmin(probabilities, axis=-1)):
            return msg("a06.labels_hint.argmin")
    return msg("a06.labels_hint.take_argmax")


# Hints that say what to do without recognising a mistake: two checks failing with one of them are
# not known to share a cause.
_GENERIC_HINTS = {"a06.labels_hint.take_argmax", "a06.labels_hint.return_array", "a06.names_hint.return_list",
                  "a06.names_hint.predict_then_look_up", "a06.evaluate.return_dict", "a06.confusion.build_np_zeros",
                  "a06.confusion.add_one_per_sample", "a06.confusion.square_size"}


def _diagnosed(function: str, hint) -> str:
    """The cause a recognised mistake names (kit/causes.py): a hidden twin with the same diagnosis points
    at the public check instead of explaining it again."""
    return f"{function}: {hint.id}" if isinstance(hint, Message) and hint.id not in _GENERIC_HINTS else ""


def _judge_labels(call: str, net: FixedNet, x: np.ndarray):
    def judge(got: dict, expected: dict) -> Verdict:
        detail = f"got: {show(got, 400)}\nexpected: {show(expected, 400)}"
        if kind_of(got) != "array":
            name = got.get("type", "?").rsplit(".", 1)[-1]
            if kind_of(got) == "none":
                returned = msg("a06.labels.kind_none")
            else:
                returned = (msg("a06.labels.kind_an", name=name) if name[:1] in "AEIOU"
                            else msg("a06.labels.kind_a", name=name))
            return Verdict(False, msg("a06.labels.not_an_array", call=call, returned=returned,
                                      expected_shape_0=expected['shape'][0],
                                      labels_hint=_labels_hint(got, net, x)),
                           detail=detail, cause=_diagnosed("predict_classes", _labels_hint(got, net, x)))
        integer = got["dtype"].startswith(("int", "uint"))
        difference = first_difference(got, expected, exact_dtype=False)
        if difference is None and integer:
            return Verdict(True, msg("a06.labels.ok", call=call, got=show(got)))
        if difference is None:
            difference = msg("a06.labels.not_integers", got=show(got), expected=show(expected))
        return Verdict(False, msg("a06.labels.differs", call=call, difference=difference,
                                  labels_hint=_labels_hint(got, net, x)), detail=detail,
                       cause=_diagnosed("predict_classes", _labels_hint(got, net, x)))

    return judge


def _names_hint(got: dict, expected: dict) -> str:
    kind = kind_of(got)
    if kind == "array":
        return msg("a06.names_hint.array_not_list")
    if kind == "tuple":
        return msg("a06.names_hint.tuple_not_list")
    if kind != "list":
        return msg("a06.names_hint.return_list")
    names, wanted = plain(got), plain(expected)
    if any(not isinstance(name, str) for name in names):
        return msg("a06.names_hint.not_names")
    unknown = sorted({name for name in names if name not in FASHION_NAMES})
    if unknown:
        return (msg("a06.names_hint.unknown_name", unknown_0=repr(unknown[0])))
    if len(names) == len(wanted) and names != wanted and sorted(names) == sorted(wanted):
        return msg("a06.names_hint.order_changed")
    if len(names) == len(wanted):
        for shift in (1, -1):
            moved = [FASHION_NAMES[(FASHION_NAMES.index(name) + shift) % 10] for name in wanted]
            if names == moved:
                return (msg("a06.names_hint.off_by_one"))
    return msg("a06.names_hint.predict_then_look_up")


def _judge_names(call: str, net: FixedNet, x: np.ndarray):
    def judge(got: dict, expected: dict) -> Verdict:
        if "names_raised" in got:
            return _names_raised(call, got, net, x)
        difference = first_difference(got, expected)
        if difference is None:
            return Verdict(True, msg("a06.names.ok", call=call, got_length=got['length']))
        return Verdict(False, msg("a06.names.differs", call=call, difference=difference,
                                  names_hint=_names_hint(got, expected)),
                       detail=f"got: {show(got, 400)}\nexpected: {show(expected, 400)}",
                       cause=_diagnosed("predict_class_names", _names_hint(got, expected)))

    return judge


def _names_raised(call: str, got: dict, net: FixedNet, x: np.ndarray) -> Verdict:
    """predict_class_names raised: when the student's own predict_classes is wrong here, that is the cause."""
    error = got["names_raised"]
    own = got.get("own_labels")
    if own is not None and first_difference(own, describe(net.labels(x))) is not None:
        return Verdict(False, msg("a06.names.upstream", call=call, error=error_line(error, SUITE.module + ".py"),
                                  labels=show(own)))
    return Verdict(False, msg("a06.evaluate.raised", call=call, error=error_line(error, SUITE.module + ".py"),
                              hint=error_advice(error) or msg("advice.fix_and_retry")))


# predict_class_names is judged apart from predict_classes and CLASS_NAMES (kit/stand_ins.py): when
# either fails its own checks, these course-made versions stand in for them.
def _course_predict_classes():
    def predict_classes(model, x):
        return np.argmax(model.predict(x, verbose=0), axis=-1)

    return predict_classes


_NAMES_STAND_INS = StandIns({"predict_classes": _course_predict_classes, **CLASS_NAMES_STAND_IN})


def _prediction_check(check_id: str, target: str, net: FixedNet, x: np.ndarray, what: Message) -> Check:
    call = msg("call.on", call=f"{target}(model, x)", what=what)
    if target == "predict_classes":
        return SUITE.add(Check(check_id, target, call, _predict_probe(target, net, x), _judge_labels(call, net, x)))
    return SUITE.add(Check(check_id, target, call, _predict_probe(target, net, x), _judge_names(call, net, x),
                           stand_ins=_NAMES_STAND_INS))


_ARTICLE_WHAT = msg("a06.call.course_network", count=len(_ARTICLE_X), shape="(28, 28)")
_ONE_HOT_WHAT = msg("a06.call.one_input_per_class")
_prediction_check("predict_classes.public", "predict_classes", _ARTICLE, _ARTICLE_X, _ARTICLE_WHAT)
_prediction_check("predict_classes.hidden", "predict_classes", _TABLE_NET, _TABLE_X,
                  msg("a06.call.table_model", classes=4, features=6, count=len(_TABLE_X)))
_prediction_check("predict_class_names.public", "predict_class_names", _ARTICLE, _ARTICLE_X,
                  msg("a06.call.first_predicted", what=_ARTICLE_WHAT, name="'Ankle boot'"))
_prediction_check("predict_class_names.hidden", "predict_class_names", _ONE_HOT_NET, _ONE_HOT_X, _ONE_HOT_WHAT)

def _judge_names_list(got: dict, expected: dict) -> Verdict:
    if kind_of(got) == "list" and got["length"] == 0:
        return Verdict(False, msg("a06.names_list.empty"))
    return judge_class_names(got, expected)


SUITE.add(Check("class_names.list", "CLASS_NAMES", "CLASS_NAMES", class_names_probe, _judge_names_list))


# -- evaluate_model -----------------------------------------------------------------------------

def _evaluate_probe(net: FixedNet, x: np.ndarray, y: np.ndarray, extra_metric: bool):
    def probe(module, context):
        import keras

        from autograder.checks.kit.keras_probes import build_compiled_state

        model = net.keras_model()
        metrics = ["accuracy"]
        if extra_metric:
            metrics.append(keras.metrics.SparseTopKCategoricalAccuracy(k=2, name="top_2_accuracy"))
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=metrics)
        build_compiled_state(model, x, y)  # evaluate's step traced once, not twice
        value, raised = attempt_value(module.evaluate_model, model, x.copy(), y.copy(), module_name=SUITE.module)
        return {"raised": raised} if raised else {"value": describe(value)}

    return probe


def _number(desc: dict) -> float | None:
    return float(plain(desc)) if kind_of(desc) in ("float", "int") else None


def _judge_evaluate(call: str):
    def judge(outcome: dict, reference: dict) -> Verdict:
        expected = reference["value"]
        wanted = {plain(k): v for k, v in expected["items"]}
        loss, accuracy = _number(wanted["loss"]), _number(wanted["accuracy"])
        target = msg("a06.evaluate.expected_dict", loss=loss, accuracy=accuracy)
        if outcome.get("raised"):
            error = outcome["raised"]
            hint = error_advice(error) or msg("a06.evaluate.return_evaluate_dict")
            if "unpack" in error["message"]:
                hint = (msg("a06.evaluate.unpacked_list"))
            return Verdict(False, msg("a06.evaluate.raised", call=call, error=error_line(error, SUITE.module + ".py"),
                                      hint=hint))
        got = outcome["value"]
        kind = kind_of(got)
        if kind in ("list", "tuple"):
            return Verdict(False, msg("a06.evaluate.returned_list", call=call, got=show(got),
                                      target=target))
        if kind != "dict":
            return Verdict(False, msg("a06.evaluate.wrong_type", call=call, got=show(got),
                                      target=target))
        values = {plain(k): v for k, v in got["items"]}
        missing = [key for key in ("loss", "accuracy") if key not in values]
        if missing:
            hint = msg("a06.evaluate.return_dict")
            if "accuracy" in missing and "acc" in values:
                hint = (msg("a06.evaluate.acc_key"))
            elif "compile_metrics" in values:
                hint = msg("a06.evaluate.compile_metrics_key")
            keys = ", ".join(repr(key) for key in values) or msg("a06.evaluate.no_keys")
            return Verdict(False, msg("a06.evaluate.key_missing", call=call, keys=keys,
                                      missing_0=repr(missing[0]),
                                      target=target, hint=hint), cause=_diagnosed("evaluate_model", hint))
        for key, reference in (("loss", loss), ("accuracy", accuracy)):
            value = _number(values[key])
            if value is None:
                return Verdict(False, msg("a06.evaluate.not_a_number", call=call, key=repr(key),
                                          values_key=show(values[key]),
                                          reference=reference))
            if not np.isclose(value, reference, rtol=1e-4, atol=1e-6):
                hint = ""
                if key == "accuracy" and np.isclose(value, 100 * reference, rtol=1e-4):
                    hint = msg("a06.evaluate.percentage")
                elif key == "accuracy" and np.isclose(value, 1 - reference, rtol=1e-4):
                    hint = msg("a06.evaluate.error_rate")
                else:
                    hint = (msg("a06.evaluate.evaluate_as_given"))
                return Verdict(False, msg("a06.evaluate.value_differs", call=call, key=repr(key), value=value,
                                          reference=reference, hint=hint))
        others = [key for key in wanted if key not in ("loss", "accuracy")]
        left_out = [key for key in others if key not in values]
        if left_out:  # the docstring: "with any other compiled metric under its own name"
            return Verdict(False, msg("a06.evaluate.other_metric_missing", call=call,
                                      keys=", ".join(repr(key) for key in values), missing=repr(left_out[0])))
        for key in others:
            value, reference = _number(values[key]), _number(wanted[key])
            if reference is None:
                continue
            if value is None:
                return Verdict(False, msg("a06.evaluate.not_a_number", call=call, key=repr(key),
                                          values_key=show(values[key]), reference=reference))
            if not np.isclose(value, reference, rtol=1e-4, atol=1e-6):
                return Verdict(False, msg("a06.evaluate.value_differs", call=call, key=repr(key), value=value,
                                          reference=reference, hint=msg("a06.evaluate.evaluate_as_given")))
        return Verdict(True, msg("a06.evaluate.ok", call=call, loss=loss, accuracy=accuracy))

    return judge


def _evaluate_check(check_id: str, net: FixedNet, x: np.ndarray, every: int, *, extra_metric: bool,
                    what: Message) -> Check:
    y = mislabel(net.labels(x), net.n_classes, every).astype(np.uint8)
    call = msg("call.on", call="evaluate_model(model, x, y)", what=what)
    # Shares nothing with the prediction checks (no memo): when a core is free, evaluate_model's checks
    # run in a worker of their own at the same time (sandbox/groups.py), about half of the suite's time.
    return SUITE.add(Check(check_id, "evaluate_model", call, _evaluate_probe(net, x, y, extra_metric),
                           _judge_evaluate(call), worker_group="evaluate_model"))


_evaluate_check("evaluate_model.public", _ARTICLE, _ARTICLE_X, 3, extra_metric=False,
                what=msg("a06.call.course_network_accuracy", count=len(_ARTICLE_X)))
_evaluate_check("evaluate_model.hidden", _TABLE_NET, _TABLE_X, 4, extra_metric=True,
                what=msg("a06.call.top_2_model", classes=4))


# -- confusion_matrix ---------------------------------------------------------------------------

def _judge_confusion(call: str, y_true: np.ndarray, y_pred: np.ndarray, n_classes: int):
    def judge(got: dict, expected: dict) -> Verdict:
        shape = (n_classes, n_classes)
        detail = f"got: {show(got, 400)}\nexpected: {show(expected, 400)}"
        kind = kind_of(got)
        if kind != "array":
            hint = msg("a06.confusion.build_np_zeros")
            if kind in ("list", "tuple"):
                hint = msg("a06.confusion.list_not_array")
            elif "Tensor" in got.get("type", ""):
                hint = msg("a06.confusion.tensor_not_array")
            return Verdict(False, msg("a06.confusion.wrong_type", call=call, got=show(got),
                                      shape=shape, hint=hint),
                           detail=detail, cause=_diagnosed("confusion_matrix", hint))
        got_shape = tuple(got["shape"])
        if got_shape != shape:
            hint = msg("a06.confusion.square_size")
            present = int(max(y_true.max(), y_pred.max())) + 1
            if got_shape in ((present, present), (int(y_pred.max()) + 1,) * 2, (int(y_true.max()) + 1,) * 2):
                hint = (msg("a06.confusion.size_from_labels"))
            return Verdict(False, msg("a06.confusion.wrong_shape", call=call, got_shape=got_shape,
                                      shape=shape, hint=hint), detail=detail)
        if not got["dtype"].startswith(("int", "uint")) and "data" in got \
                and not np.allclose(plain(got), np.round(plain(got))):
            return Verdict(False, msg("a06.confusion.fractions", call=call, got_dtype=got['dtype']), detail=detail,
                           cause="confusion_matrix: fractions, not counts")
        if not got["dtype"].startswith(("int", "uint")):
            return Verdict(False, msg("a06.confusion.float_counts", call=call, got_dtype=got['dtype']),
                           detail=detail, cause="confusion_matrix: counts of dtype " + got["dtype"])
        difference = first_difference(got, expected, exact_dtype=False)
        if difference is None:
            return Verdict(True, msg("a06.confusion.ok", call=call, n_classes=n_classes))
        hint = msg("a06.confusion.add_one_per_sample")
        values, wanted = plain(got), plain(expected)
        if np.array_equal(values, wanted.T):
            hint = (msg("a06.confusion.transposed"))
        elif values.sum() != len(y_true):
            hint = (msg("a06.confusion.wrong_total", sum=int(values.sum()), n_y_true=len(y_true)))
        return Verdict(False, msg("a06.confusion.differs", call=call, difference=difference, hint=hint), detail=detail,
                       cause=_diagnosed("confusion_matrix", hint))

    return judge


def _confusion_check(check_id: str, y_true: np.ndarray, y_pred: np.ndarray, n_classes: int | None) -> Check:
    kwargs = {} if n_classes is None else {"n_classes": n_classes}
    size = 10 if n_classes is None else n_classes
    call = (f"confusion_matrix(y_true, y_pred{', n_classes=' + str(n_classes) if n_classes else ''}) "
            f"with {len(y_true)} labels")
    return SUITE.call(check_id, "confusion_matrix", y_true, y_pred, **kwargs,
                      judge=_judge_confusion(call, y_true, y_pred, size))


_rng = np.random.default_rng(21)
_TRUE_10 = _rng.integers(0, 10, 60)
_PRED_10 = np.where(_rng.random(60) < 0.6, _TRUE_10, _rng.integers(0, 10, 60))
_confusion_check("confusion_matrix.public", _TRUE_10, _PRED_10, None)
# Five classes; class 4 never occurs and class 2 is never predicted; uint8 labels as Keras gives.
_TRUE_5 = np.array([0, 1, 2, 3, 0, 1, 2, 3, 1, 1, 0, 3, 2, 2, 0, 3, 1, 0], dtype=np.uint8)
_PRED_5 = np.array([0, 1, 3, 3, 1, 1, 0, 3, 1, 3, 0, 0, 1, 3, 0, 3, 1, 1], dtype=np.uint8)
_confusion_check("confusion_matrix.hidden_missing", _TRUE_5, _PRED_5, 5)
