"""Assignment 06_evaluate graded end to end: reference, stubs, and typical mistakes.

Every grade() starts a worker that imports TensorFlow, so the everyday tests grade the mistakes
in batches: each batch puts together mistakes that break different checks, and every mistake
must still lose exactly the points of its own checks, with its own explanation. The slow tests
grade every mistake alone.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from autograder.course import REPO_ROOT
from conftest import assert_all_not_implemented, failed_ids, reference_source, replaced
from conftest import assert_loses_exactly as assert_exactly

REFERENCE = reference_source("06_evaluate", "evaluation.py")

PREDICT = {"predict_classes.public", "predict_classes.hidden"}
NAMES = {"predict_class_names.public", "predict_class_names.hidden"}
EVALUATE = {"evaluate_model.public", "evaluate_model.hidden"}
CONFUSION = {"confusion_matrix.public", "confusion_matrix.hidden_missing"}
PREDICT_LINE = "return np.argmax(probabilities, axis=-1)"
EVALUATE_RETURN = "return {name: float(value) for name, value in results.items()}"

# Each mistake: (what a student wrote), the checks it must break, and words the feedback must use.
MISTAKES = {
    "argmax over axis 0": (
        [(PREDICT_LINE, "return np.argmax(probabilities, axis=0)")],
        PREDICT,  # predict_class_names is judged with the course's predict_classes (kit/stand_ins.py)
        {"predict_classes.public": ["shape (10,)", "expected shape (24,)", "axis 0", "axis=-1"]},
    ),
    "probabilities instead of labels": (
        [(f"    {PREDICT_LINE}", "    return probabilities")],
        PREDICT,
        {"predict_classes.public": ["shape (24, 10)", "probabilities", "np.argmax(probabilities, axis=-1)"]},
    ),
    "labels as floats": (
        [(PREDICT_LINE, PREDICT_LINE + ".astype(np.float32)")],
        PREDICT,
        {"predict_classes.public": ["dtype float32", "whole numbers", "do not convert them to float"],
         "predict_classes.hidden": ["same mistake as the check predict_classes.public"]},
    ),
    "a TensorFlow tensor instead of a numpy array": (
        [("probabilities = model.predict(x, verbose=0)\n    " + PREDICT_LINE,
          "import keras\n    return keras.ops.argmax(model(x), axis=-1)")],
        PREDICT,
        {"predict_classes.public": ["returned an EagerTensor", "keras.ops.convert_to_numpy"]},
    ),
    "class names one place off": (
        [("CLASS_NAMES[int(label)]", "CLASS_NAMES[int(label) - 1]")],
        NAMES,
        {"predict_class_names.public": ["got 'Bag' at [0]", "expected 'Ankle boot'", "one place off"]},
    ),
    "names as a numpy array": (
        [("return [CLASS_NAMES[int(label)] for label in predict_classes(model, x)]",
          "return np.array(CLASS_NAMES)[predict_classes(model, x)]")],
        NAMES,
        {"predict_class_names.public": ["got a numpy array", "expected a list", ".tolist()"]},
    ),
    "a missing comma between class names": (
        [('    "Dress",\n', '    "Dress"\n')],
        {"class_names.list"},  # predict_class_names is judged with the course's CLASS_NAMES
        {"class_names.list": ["'DressCoat'", "comma is missing after 'Dress'", "9 names instead of 10"]},
    ),
    "evaluate without return_dict": (
        [("results = model.evaluate(x, y, verbose=0, return_dict=True)\n    " + EVALUATE_RETURN,
          "return model.evaluate(x, y, verbose=0)")],
        EVALUATE,
        {"evaluate_model.public": ["returned [", "return_dict=True"]},
    ),
    "evaluate unpacked into two names": (
        [("results = model.evaluate(x, y, verbose=0, return_dict=True)\n    " + EVALUATE_RETURN,
          'loss, accuracy = model.evaluate(x, y, verbose=0)\n    return {"loss": loss, "accuracy": accuracy}')],
        {"evaluate_model.hidden"},
        {"evaluate_model.hidden": ["too many values to unpack", "line", "one value per compiled metric"]},
    ),
    "the Keras 2 key acc": (
        [(EVALUATE_RETURN, 'return {"loss": results["loss"], "acc": results["accuracy"]}')],
        EVALUATE,
        {"evaluate_model.public": ["'accuracy' is missing", "'acc' is the Keras 2 short name"]},
    ),
    "accuracy as a percentage": (
        [(EVALUATE_RETURN, 'return {"loss": results["loss"], "accuracy": 100 * results["accuracy"]}')],
        EVALUATE,
        {"evaluate_model.hidden": ["'accuracy' is 75", "expected 0.75", "percentage"]},
    ),
    # Found by student-style variants (issue 10): each said at its cause, the hidden twin pointing at it.
    "the largest probability instead of its position": (
        [(PREDICT_LINE, "return np.max(probabilities, axis=-1)")],
        PREDICT,
        {"predict_classes.public": ["got 0.29719069600105286", "largest probabilities themselves",
                                    "np.argmax(probabilities, axis=-1)"],
         "predict_classes.hidden": ["same mistake as the check predict_classes.public"]},
    ),
    "names sorted": (
        [("return [CLASS_NAMES[int(label)] for label in predict_classes(model, x)]",
          "return sorted(CLASS_NAMES[int(label)] for label in predict_classes(model, x))")],
        NAMES,
        {"predict_class_names.public": ["got 'Bag' at [1]", "right ones but in another order"],
         "predict_class_names.hidden": ["same mistake as the check predict_class_names.public"]},
    ),
    "metrics_names zipped with evaluate's list": (
        [("results = model.evaluate(x, y, verbose=0, return_dict=True)\n    " + EVALUATE_RETURN,
          "results = model.evaluate(x, y, verbose=0)\n    return dict(zip(model.metrics_names, results))")],
        EVALUATE,
        {"evaluate_model.public": ["'loss', 'compile_metrics'", "'accuracy' is missing", "model.metrics_names"],
         "evaluate_model.hidden": ["same mistake as the check evaluate_model.public"]},
    ),
    "only loss and accuracy returned": (
        [(EVALUATE_RETURN, 'return {"loss": results["loss"], "accuracy": results["accuracy"]}')],
        {"evaluate_model.hidden"},
        {"evaluate_model.hidden": ["'loss', 'accuracy', without 'top_2_accuracy'",
                                   "every compiled metric under its own name"]},
    ),
    "the name list indexed with the label array": (
        [("return [CLASS_NAMES[int(label)] for label in predict_classes(model, x)]",
          "return CLASS_NAMES[predict_classes(model, x)]")],
        NAMES,
        {"predict_class_names.public": ["only integer scalar arrays", "one integer position at a time",
                                        "[CLASS_NAMES[label] for label in labels]"],
         "predict_class_names.hidden": ["same mistake as the check predict_class_names.public"]},
    ),
    "a TensorFlow confusion matrix left a tensor": (
        [("    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)\n",
          "    import tensorflow as tf\n    return tf.math.confusion_matrix(y_true, y_pred, num_classes=n_classes)\n")],
        CONFUSION,
        {"confusion_matrix.public": ["<tf.Tensor", "tf.math.confusion_matrix returns one", ".numpy()"],
         "confusion_matrix.hidden_missing": ["same mistake as the check confusion_matrix.public"]},
    ),
    "confusion matrix normalised by rows": (
        [("    return matrix\n", "    return matrix / matrix.sum(axis=1, keepdims=True).clip(min=1)\n")],
        CONFUSION,
        {"confusion_matrix.public": ["fractions, not counts", "normalised"],
         "confusion_matrix.hidden_missing": ["same mistake as the check confusion_matrix.public"]},
    ),
    "confusion matrix transposed": (
        [("np.add.at(matrix, (rows, columns), 1)", "np.add.at(matrix, (columns, rows), 1)")],
        CONFUSION,
        {"confusion_matrix.public": ["transposed", "rows are the TRUE labels"]},
    ),
    "confusion matrix of floats": (
        [("matrix = np.zeros((n_classes, n_classes), dtype=np.int64)", "matrix = np.zeros((n_classes, n_classes))")],
        CONFUSION,
        {"confusion_matrix.public": ["dtype float64", "dtype=int"]},
    ),
    "confusion size taken from the labels": (
        [("matrix = np.zeros((n_classes, n_classes), dtype=np.int64)",
          "n = int(max(np.max(y_true), np.max(y_pred))) + 1\n    matrix = np.zeros((n, n), dtype=np.int64)")],
        {"confusion_matrix.hidden_missing"},
        {"confusion_matrix.hidden_missing": ["shape (4, 4)", "expected (5, 5)", "n_classes argument"]},
    ),
    "repeated pairs counted once": (
        [("np.add.at(matrix, (rows, columns), 1)", "matrix[rows, columns] += 1")],
        CONFUSION,
        {"confusion_matrix.public": ["add up to 34", "60 samples", "np.add.at"]},
    ),
}

# Mistakes graded together in the everyday tests: within a batch they break disjoint sets of
# checks, and together they break every check. The slow tests grade each mistake alone.
BATCHES = [
    ["labels as floats", "class names one place off", "evaluate without return_dict", "confusion matrix transposed"],
    ["a TensorFlow tensor instead of a numpy array", "a missing comma between class names", "the Keras 2 key acc",
     "confusion matrix of floats"],
    ["argmax over axis 0", "accuracy as a percentage", "confusion size taken from the labels"],
]


# Helpers shared with tests/test_a07_saving.py.

def apply_mistakes(reference: str, mistakes: dict, names: list[str]) -> str:
    """The reference source with the text replacements of the named mistakes."""
    return replaced(reference, [pair for name in names for pair in mistakes[name][0]])


def assert_loses_exactly(report, mistakes: dict, names: list[str]) -> None:
    """The report fails exactly the checks the mistakes break, loses their points, and explains."""
    words: dict[str, list[str]] = {}
    for name in names:
        for check_id, expected in mistakes[name][2].items():
            words.setdefault(check_id, []).extend(expected)
    assert_exactly(report, set().union(*(mistakes[name][1] for name in names)), words)


def assert_batches_are_sound(mistakes: dict, batches: list[list[str]], check_ids: set[str]) -> None:
    """Disjoint checks within a batch; the batches together, and all mistakes, break every check."""
    for batch in batches:
        sets = [mistakes[name][1] for name in batch]
        assert sum(len(s) for s in sets) == len(set().union(*sets)), batch
    assert set().union(*(mistakes[name][1] for batch in batches for name in batch)) == check_ids
    assert set().union(*(broken for _, broken, _ in mistakes.values())) == check_ids


def modules_imported_by(module: str) -> set[str]:
    """Which of keras and tensorflow importing ``module`` pulls in (in a fresh interpreter)."""
    code = f"import sys, {module}; print(*[m for m in ('keras', 'tensorflow') if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_reference_solution_gets_full_marks(grade):
    report = grade("06", REPO_ROOT / "solutions" / "06_evaluate")
    assert failed_ids(report) == set()
    assert report.score == report.max_score == 13


def test_untouched_stubs_get_zero_with_not_implemented_messages(grade):
    assert_all_not_implemented(grade("06", REPO_ROOT / "assignments" / "06_evaluate"))


# Every mistake's words are asserted on recorded outcomes (tests/test_judges.py, no worker, no Keras);
# the first batch is also graded end to end every day, the others in the slow suite.
@pytest.mark.parametrize("batch", [pytest.param(batch, marks=() if batch == 0 else pytest.mark.slow)
                                   for batch in range(len(BATCHES))])
def test_batch_of_typical_mistakes_loses_exactly_their_checks(grade, batch):
    report = grade("06", apply_mistakes(REFERENCE, MISTAKES, BATCHES[batch]))
    assert_loses_exactly(report, MISTAKES, BATCHES[batch])


def test_batches_are_disjoint_and_every_check_fails_for_some_typical_mistake(course):
    assert_batches_are_sound(MISTAKES, BATCHES, {check.id for check in course.assignment("06").checks})


def test_suite_module_does_not_import_keras():
    assert modules_imported_by("autograder.checks.a06_evaluate") == set()


def test_fixed_inputs_are_clear_cut_and_the_first_is_an_ankle_boot():
    from autograder.checks import a06_evaluate as suite

    probabilities = suite._ARTICLE.probabilities(suite._ARTICLE_X)
    ordered = sorted(probabilities[0])
    assert probabilities.argmax(axis=-1)[0] == 9
    top_two = [sorted(row)[-2:] for row in probabilities]
    assert min(best - second for second, best in top_two) >= 0.05
    assert ordered[-1] > ordered[-2]
    assert len(set(suite._ONE_HOT_NET.labels(suite._ONE_HOT_X))) == 10


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_typical_mistake_alone_loses_exactly_its_checks(grade, name):
    assert_loses_exactly(grade("06", apply_mistakes(REFERENCE, MISTAKES, [name])), MISTAKES, [name])
