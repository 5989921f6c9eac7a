"""Assignment 03_compile graded end to end: reference, stubs, equivalent forms, typical mistakes."""

from __future__ import annotations

import pytest

from autograder.course import REPO_ROOT
from conftest import assert_loses_exactly as assert_mistake
from conftest import check_by_id, failed_ids, reference_source, replaced

REFERENCE = reference_source("03_compile", "compiling.py")
RAISE = "raise ValueError(f\"unknown problem {problem!r}; expected one of: {', '.join(PROBLEMS)}\")"
COMPILE_CHECKS = {"compile_classifier.optimizer", "compile_classifier.loss", "compile_classifier.metrics",
                  "compile_classifier.hidden"}
OPTIMIZER_CHECKS = {"make_optimizer.defaults", "make_optimizer.learning_rate", "make_optimizer.hidden"}


def mutator(reference: str):
    """mutate(*(old, new)): the reference as a student changed it; each ``old`` must occur exactly once."""
    return lambda *replacements: replaced(reference, replacements, once=True)


mutate = mutator(REFERENCE)


def test_reference_solution_gets_full_marks(grade):
    report = grade("03", REPO_ROOT / "solutions" / "03_compile")
    assert failed_ids(report) == set()
    assert report.score == report.max_score == 18


def test_untouched_stubs_get_zero_with_not_implemented_messages(grade):
    report = grade("03", REPO_ROOT / "assignments" / "03_compile")
    assert report.score == 0
    assert all(check.status == "failed" for check in report.checks)
    for check in report.checks:
        assert "not implemented yet" in check.message, (check.id, check.message)
        assert "Traceback" not in check.message


def test_equivalent_forms_all_pass(grade):
    """A loss object, the short name "acc", the optimizer by name, "linear", another loss spelling."""
    report = grade("03", mutate(
        ('model.compile(optimizer=make_optimizer("adam"),\n'
         '                  loss=choose_loss("multiclass", integer_labels=True),\n'
         '                  metrics=["accuracy", mean_pred])',
         'model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(),\n'
         '                  metrics=["acc", mean_pred])'),
        ('"regression": None}', '"regression": "linear"}'),
        ('        return "mse"', '        return "mean_squared_error"'),
        ("return keras.ops.mean(y_pred)", "return keras.ops.mean(y_pred, axis=-1)"),
    ))
    assert failed_ids(report) == set()
    assert report.score == report.max_score
    assert "acc and val_acc" in check_by_id(report, "compile_classifier.metrics").message
    assert "one mean per sample" in check_by_id(report, "mean_pred.public").message


# Each mistake: (what a student wrote), the checks it must break, and words the feedback must use.
MISTAKES = {
    "activation and loss table slips": (
        [('"binary": "sigmoid"', '"binary": "softmax"'),
         ('"multilabel": "sigmoid"', '"multilabel": "softmax"'),
         ('        return "mse"\n    raise', '        return "mae"\n    raise')],
        {"output_activation.public", "output_activation.hidden", "choose_loss.hidden"},
        {"output_activation.public": ["output_activation('binary') returned 'softmax'", "expected 'sigmoid'",
                                      "softmax over one unit is always 1"],
         "output_activation.hidden": ["output_activation('multilabel') returned 'softmax'",
                                      "Several labels can be true at once"],
         "choose_loss.hidden": ["choose_loss('regression') returned 'mae'", "expected 'mse'",
                                "mean squared error"]},
    ),
    "Keras 2 lr= argument": (
        [("return classes[key](learning_rate=learning_rate)", "return classes[key](lr=learning_rate)")],
        OPTIMIZER_CHECKS,  # compile_classifier is judged with the course's make_optimizer (kit/stand_ins.py)
        {"make_optimizer.defaults": ["raised ValueError", "'lr'", "Keras 2", "learning_rate="],
         "make_optimizer.hidden": ["same mistake as the check make_optimizer.defaults"]},
    ),
    "Keras 2 decay= argument": (
        [("return classes[key](learning_rate=learning_rate)",
          "return classes[key](learning_rate=learning_rate, decay=1e-6)")],
        OPTIMIZER_CHECKS,
        {"make_optimizer.defaults": ["decay", "no longer supported", "schedule"]},
    ),
    "Keras 3's own Adagrad default": (
        [("    if learning_rate is None:\n        learning_rate = ARTICLE_LEARNING_RATES[key]\n",
          "    if learning_rate is None:\n        return classes[key]()\n")],
        {"make_optimizer.defaults"},
        {"make_optimizer.defaults": ["make_optimizer('adagrad')", "learning rate 0.001; expected 0.01",
                                     "Keras 3's Adagrad() starts at 0.001", "the article's value"]},
    ),
    "sparse and one-hot losses swapped": (
        [('"sparse_categorical_crossentropy" if integer_labels else "categorical_crossentropy"',
          '"categorical_crossentropy" if integer_labels else "sparse_categorical_crossentropy"')],
        {"choose_loss.public"},
        {"choose_loss.public": ["choose_loss('multiclass') returned 'categorical_crossentropy'",
                                "Integer labels", "one-hot"]},
    ),
    "unknown problems answered instead of refused": (
        [("    if problem not in activations:\n        " + RAISE + "\n"
          "    return activations[problem]", "    return activations.get(problem)"),
         ('        return "mse"\n    ' + RAISE, '        return "mse"\n    return "mse"')],
        {"output_activation.unknown", "choose_loss.unknown"},
        {"output_activation.unknown": ["output_activation('clustering') returned None", "expected a ValueError",
                                       "raise ValueError"],
         "choose_loss.unknown": ["choose_loss('clustering') returned 'mse'", "else branch"]},
    ),
    # compile_classifier's own mistakes (a mistake in the functions it calls is judged there)
    "RMSprop instead of Adam": (
        [('optimizer=make_optimizer("adam")', 'optimizer=make_optimizer("rmsprop")')],
        {"compile_classifier.optimizer", "compile_classifier.hidden"},
        {"compile_classifier.optimizer": ["got RMSprop; expected keras.optimizers.Adam"],
         "compile_classifier.hidden": ["same mistake as the check compile_classifier.optimizer"]},
    ),
    "a regression loss for classes": (
        [('loss=choose_loss("multiclass", integer_labels=True)', 'loss="mse"')],
        {"compile_classifier.loss", "compile_classifier.hidden"},
        {"compile_classifier.loss": ["computing the loss 'mse' raised ValueError", "regression loss"]},
    ),
    "accuracy metric forgotten": (
        [('metrics=["accuracy", mean_pred]', "metrics=[mean_pred]")],
        {"compile_classifier.metrics", "compile_classifier.hidden"},
        {"compile_classifier.metrics": ["without accuracy", "Add \"accuracy\""]},
    ),
    "Keras 2 backend mean": (
        [("return keras.ops.mean(y_pred)", "return keras.backend.mean(y_pred)")],
        {"mean_pred.public", "mean_pred.hidden"},
        {"mean_pred.public": ["AttributeError", "keras.backend", "keras.ops.mean(y_pred)", "line"]},
    ),
}

SLOW_MISTAKES = {
    "learning rate argument ignored": (
        [("return classes[key](learning_rate=learning_rate)",
          "return classes[key](learning_rate=ARTICLE_LEARNING_RATES[key])")],
        {"make_optimizer.learning_rate", "make_optimizer.hidden"},
        {"make_optimizer.learning_rate": ["make_optimizer('sgd', 0.1)", "learning rate 0.01; expected 0.1",
                                          "ignored"]},
    ),
    "np.mean in the metric": (
        [("import keras\n", "import keras\nimport numpy as np\n"),
         ("return keras.ops.mean(y_pred)", "return np.mean(y_pred)")],
        {"mean_pred.hidden"},  # one explanation: compile_classifier is judged with the course's mean_pred
        {"mean_pred.hidden": ["raised NotImplementedError", "symbolic", "keras.ops.mean instead of np.mean"]},
    ),
    "KeyError and a vague ValueError for unknown problems": (
        [("    if problem not in activations:\n        " + RAISE + "\n", ""),
         ('        return "mse"\n    ' + RAISE,
          '        return "mse"\n    raise ValueError("unknown problem")')],
        {"output_activation.unknown", "choose_loss.unknown"},
        {"output_activation.unknown": ["raised KeyError", "dict lookup", "raise ValueError yourself"],
         "choose_loss.unknown": ["does not name binary, multiclass, multilabel, regression"]},
    ),
    "mean of the labels": (
        [("return keras.ops.mean(y_pred)", "return keras.ops.mean(y_true)")],
        {"mean_pred.public", "mean_pred.hidden"},
        {"mean_pred.public": ["the mean of y_true", "expected the mean of y_pred"]},
    ),
    # Found by student-style variants (issue 10).
    "from_logits=True on softmax outputs": (
        [('loss=choose_loss("multiclass", integer_labels=True)',
          "loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)")],
        {"compile_classifier.loss", "compile_classifier.hidden"},
        {"compile_classifier.loss": ["SparseCategoricalCrossentropy(from_logits=True)", "the right number only because",
                                     "leave from_logits at False"],
         "compile_classifier.hidden": ["same mistake as the check compile_classifier.loss"]},
    ),
    "optimizer names compared case-sensitively": (
        [("key = str(name).lower()", "key = str(name)")],
        {"make_optimizer.hidden"},
        {"make_optimizer.hidden": ["make_optimizer('RMSprop', 0.005) raised ValueError", "upper or lower case",
                                   "name.lower()"]},
    ),
    "the optimizer class returned uncalled": (
        [("return classes[key](learning_rate=learning_rate)", "return classes[key]")],
        OPTIMIZER_CHECKS,
        {"make_optimizer.defaults": ["got the class SGD itself"],
         "make_optimizer.hidden": ["same mistake as the check make_optimizer.defaults"]},
    ),
    "binary answered with the sparse loss": (
        [('    if problem in ("binary", "multilabel"):\n        return "binary_crossentropy"',
          '    if problem == "multilabel":\n        return "binary_crossentropy"\n'
          '    if problem == "binary":\n        return "sparse_categorical_crossentropy"')],
        {"choose_loss.public", "choose_loss.hidden"},
        {"choose_loss.public": ["returned 'sparse_categorical_crossentropy'", "whatever integer_labels says"],
         "choose_loss.hidden": ["same mistake as the check choose_loss.public"]},
    ),
    "metric function given by name": (
        [('metrics=["accuracy", mean_pred]', 'metrics=["accuracy", "mean_pred"]')],
        {"compile_classifier.metrics", "compile_classifier.hidden"},
        {"compile_classifier.metrics": ["Could not interpret metric identifier", "function itself"]},
    ),
}


# The words of every mistake's feedback are asserted on recorded outcomes (tests/test_judges.py, no
# worker, no Keras); these two are also graded end to end every day, all of them in the slow suite.
GRADED_DAILY = {"Keras 2 lr= argument", "activation and loss table slips"}


@pytest.mark.parametrize("name", [pytest.param(name, marks=() if name in GRADED_DAILY else pytest.mark.slow)
                                  for name in sorted(MISTAKES)])
def test_typical_mistake_loses_exactly_the_points_of_the_checks_it_breaks(grade, name):
    replacements, broken, words = MISTAKES[name]
    assert_mistake(grade("03", mutate(*replacements)), broken, words)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SLOW_MISTAKES))
def test_more_typical_mistakes(grade, name):
    replacements, broken, words = SLOW_MISTAKES[name]
    assert_mistake(grade("03", mutate(*replacements)), broken, words)


def test_every_check_fails_for_at_least_one_typical_mistake(course):
    broken = set().union(*(b for _, b, _ in MISTAKES.values()))
    assert broken == {check.id for check in course.assignment("03").checks}
