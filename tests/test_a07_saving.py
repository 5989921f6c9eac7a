"""Assignment 07_saving graded end to end: reference, stubs, typical mistakes, trust boundary.

As for 06, the everyday tests grade the mistakes in batches that break disjoint sets of checks
(one TensorFlow worker per batch); the slow tests grade every mistake alone.
"""

from __future__ import annotations

import pytest

from autograder.course import REPO_ROOT
from conftest import check_by_id, failed_ids, reference_source
from test_a06_evaluate import (apply_mistakes, assert_all_not_implemented, assert_batches_are_sound,
                               assert_loses_exactly, modules_imported_by)

REFERENCE = reference_source("07_saving", "saving.py")

SAVE_WHOLE = {"save_model.keras", "save_model.h5", "save_model.no_extension",
              "round_trip.optimizer", "round_trip.hidden"}
SAVE_WEIGHTS = {"save_subclassed_weights.public", "save_subclassed_weights.plain_h5",
                "save_subclassed_weights.hidden_name"}
LOAD_WEIGHTS = {"load_subclassed_weights.public", "load_subclassed_weights.hidden"}
SAVE_CALL = "    model.save(path)\n    return path"
ADD_EXTENSION = '    if not path.endswith((".keras", ".h5")):\n        path += ".keras"\n'
FIX_WEIGHTS_NAME = ('    if not path.endswith(".weights.h5"):\n        if path.endswith(".h5"):\n'
                    '            path = path[: -len(".h5")]\n        path += ".weights.h5"\n')
LOAD_WHOLE = "return keras.models.load_model(os.fspath(path))"
CREATE_WEIGHTS = '    model(np.zeros((1, *INPUT_SHAPE), dtype="float32"))\n'

# Each mistake: (what a student wrote), the checks it must break, and words the feedback must use.
MISTAKES = {
    "Keras 2 path without an extension": (
        [(ADD_EXTENSION, "")],
        {"save_model.no_extension"},
        {"save_model.no_extension": ["Invalid filepath extension", "Received: filepath=fashion_v2 (line",
                                     "needs '.keras' added"]},
    ),
    "Keras 2 weights name kept": (
        [(FIX_WEIGHTS_NAME, "")],
        {"save_subclassed_weights.hidden_name", "save_subclassed_weights.plain_h5"},
        {"save_subclassed_weights.plain_h5": ["save_subclassed_weights(model, 'weights.h5')",
                                              "must end in `.weights.h5`", "Keras 2 took any .h5 name"],
         "save_subclassed_weights.hidden_name": ["same mistake as the check save_subclassed_weights.plain_h5"]},
    ),
    "weights saved as plain .h5": (
        [("    model.save_weights(path)\n", '    model.save_weights(path.replace(".weights.h5", ".h5"))\n')],
        SAVE_WEIGHTS,
        {"save_subclassed_weights.public": ["Received: filepath=some_model.h5", "'name.weights.h5'"]},
    ),
    "Keras 2 save_format argument": (
        [("    model.save_weights(path)\n", '    model.save_weights(path, save_format="h5")\n')],
        SAVE_WEIGHTS,
        {"save_subclassed_weights.public": ["TypeError", "save_format= is a Keras 2 argument"]},
    ),
    "model.build instead of a call before load_weights": (
        [(CREATE_WEIGHTS, "    model.build((None, *INPUT_SHAPE))\n")],
        LOAD_WEIGHTS,
        {"load_subclassed_weights.public": ["predicts differently", "no weights when it was returned",
                                            "model.build(...)", "model(np.zeros((1, 28, 28)))"]},
    ),
    "weights loaded into a model without weights": (
        [(CREATE_WEIGHTS, "")],
        LOAD_WEIGHTS,
        {"load_subclassed_weights.public": ["not yet been built", "call it once on a batch"],
         "load_subclassed_weights.hidden": ["same mistake as the check load_subclassed_weights.public"]},
    ),
    "subclassed model not returned": (
        [("    model.load_weights(os.fspath(path))\n    return model", "    model.load_weights(os.fspath(path))")],
        LOAD_WEIGHTS,
        {"load_subclassed_weights.public": ["returned None", "expected a keras.Model", "return model"]},
    ),
    # the docstring's "compiled with the same loss and optimizer" for every format it names: .h5 by
    # load_model.h5, .keras (its optimizer's steps too) by round_trip.optimizer; explained once
    "loaded without compiling": (
        [(LOAD_WHOLE, "return keras.models.load_model(os.fspath(path), compile=False)")],
        {"load_model.h5", "round_trip.optimizer"},
        {"load_model.h5": ["the model returned is not compiled", "Adam at a learning rate of 0.0005",
                           "sparse_categorical_crossentropy", "compile=False (for any format) drops it"],
         "round_trip.optimizer": ["same mistake as the check load_model.h5: see load_model above"]},
    ),
    "compiled only when loading .keras (red team 2, F16)": (
        [(LOAD_WHOLE, 'return keras.models.load_model(path, compile=str(path).endswith(".keras"))')],
        {"load_model.h5"},
        {"load_model.h5": ["load_model('fashion.h5')", "the model returned is not compiled",
                           "whatever the file's format"]},
    ),
    "folder dropped from the weights path (red team 2, F17)": (
        [("    path = os.fspath(path)\n    if not path.endswith(\".weights.h5\"):",
          "    path = os.path.basename(os.fspath(path))\n    if not path.endswith(\".weights.h5\"):")],
        SAVE_WEIGHTS,
        {"save_subclassed_weights.public": [
            "nothing was written where it was asked", "a name ending in 'some_model.weights.h5'",
            "returned, 'some_model.weights.h5', has no folder", "wrote 'some_model.weights.h5' in the working folder",
            "You dropped the folder part of the path"],
         "save_subclassed_weights.plain_h5": ["same mistake as the check save_subclassed_weights.public"],
         "save_subclassed_weights.hidden_name": ["same mistake as the check save_subclassed_weights.public"]},
    ),
    "legacy .h5 refused when loading": (
        [("    " + LOAD_WHOLE, '    if not str(path).endswith(".keras"):\n'
                                '        raise ValueError("only .keras files")\n    ' + LOAD_WHOLE)],
        {"load_model.h5"},
        {"load_model.h5": ["ValueError: only .keras files", "Legacy .h5 files must load too"]},
    ),
    "loaded model not returned": (
        [(LOAD_WHOLE, "keras.models.load_model(os.fspath(path))")],
        {"load_model.keras", "load_model.h5", "round_trip.optimizer", "round_trip.hidden"},
        {"load_model.keras": ["returned None", "expected a keras.Model"]},
    ),
    "always saved as .keras": (
        [(SAVE_CALL, '    path = os.path.splitext(path)[0] + ".keras"\n' + SAVE_CALL)],
        {"save_model.h5"},
        {"save_model.h5": ["nothing was written at 'fashion.h5'", "wrote 'fashion.keras'", "keep its name and ending"]},
    ),
    "string methods on a pathlib.Path": (
        [("    path = os.fspath(path)\n" + ADD_EXTENSION, ADD_EXTENSION)],
        {"round_trip.hidden"},
        {"round_trip.hidden": ["'PosixPath' object has no attribute 'endswith'", "os.fspath(path)"]},
    ),
    "path not returned": (
        [(SAVE_CALL, "    model.save(path)")],
        {"save_model.keras", "save_model.no_extension"},
        {"save_model.no_extension": ["returned None", "'fashion_v2.keras'", "return path"]},
    ),
    "get_config without the base config": (
        [("        config = super().get_config()\n", "        config = {}\n")],
        {"some_model.get_config"},
        {"some_model.get_config": ["not the base class's config", "config = super().get_config()"]},
    ),
    "get_config without the model's arguments": (
        [('        config.update({"hidden_units": self.hidden_units, "n_classes": self.n_classes})\n', "")],
        {"some_model.get_config"},
        {"some_model.get_config": ["hidden_units or n_classes", "self.hidden_units"]},
    ),
    "a file name of one's own": (
        [(SAVE_CALL, '    model.save("model.keras")\n    return path')],
        SAVE_WHOLE,
        {"save_model.keras": ["nothing was written at 'fashion.keras'", "'model.keras' in the working folder",
                              "Use the path you are given"]},
    ),
    "model.export instead of model.save": (
        [(SAVE_CALL, "    model.export(path)\n    return path")],
        SAVE_WHOLE,
        {"save_model.keras": ["is a folder, not a file", "model.export()"]},
    ),
}

# Mistakes graded together in the everyday tests: disjoint checks within a batch, every check
# broken by some batch. The slow tests grade each mistake alone.
BATCHES = [
    ["Keras 2 path without an extension", "Keras 2 weights name kept", "model.build instead of a call before load_weights",
     "loaded without compiling", "get_config without the model's arguments"],
    ["always saved as .keras", "weights saved as plain .h5", "string methods on a pathlib.Path",
     "weights loaded into a model without weights", "legacy .h5 refused when loading"],
    ["path not returned", "loaded model not returned", "Keras 2 save_format argument", "subclassed model not returned",
     "get_config without the base config"],
    ["compiled only when loading .keras (red team 2, F16)", "folder dropped from the weights path (red team 2, F17)"],
]


def test_reference_solution_gets_full_marks(grade):
    report = grade("07", REPO_ROOT / "solutions" / "07_saving")
    assert failed_ids(report) == set()
    assert report.score == report.max_score == 16
    assert "predicts exactly" in check_by_id(report, "save_model.keras").message
    assert "resumes at step 7" in check_by_id(report, "round_trip.optimizer").message


def test_untouched_stubs_get_zero_with_not_implemented_messages(grade):
    assert_all_not_implemented(grade("07", REPO_ROOT / "assignments" / "07_saving"))


# Every mistake's words are asserted on recorded outcomes (tests/test_judges.py, no worker, no Keras);
# the first batch is also graded end to end every day, the others in the slow suite.
@pytest.mark.parametrize("batch", [pytest.param(batch, marks=() if batch == 0 else pytest.mark.slow)
                                   for batch in range(len(BATCHES))])
def test_batch_of_typical_mistakes_loses_exactly_their_checks(grade, batch):
    report = grade("07", apply_mistakes(REFERENCE, MISTAKES, BATCHES[batch]))
    assert_loses_exactly(report, MISTAKES, BATCHES[batch])


def test_batches_are_disjoint_and_every_check_fails_for_some_typical_mistake(course):
    assert_batches_are_sound(MISTAKES, BATCHES, {check.id for check in course.assignment("07").checks})


def test_suite_module_does_not_import_keras():
    assert modules_imported_by("autograder.checks.a07_saving") == set()


def test_probes_report_plain_facts_with_paths_relative_to_the_check_folder(course):
    """What crosses to the parent: names, formats, sizes and differences; no path into the scratch folder."""
    import json

    from autograder.grading import reference_outcomes

    outcomes = reference_outcomes(course, course.assignment("07"))
    text = json.dumps(outcomes)
    assert "kgrade-" not in text and "/tmp" not in text
    saved = outcomes["save_model.no_extension"]["value"]
    assert saved["returned"] == {"kind": "path", "name": "fashion_v2.keras", "type": "str", "bare": False}
    assert saved["file"]["format"] == "zip" and "config.json" in saved["file"]["members"]
    assert saved["new_files"] == [{"name": "fashion_v2.keras", "outside": False, "format": "zip"}]
    assert saved["loaded"]["difference"] == 0.0
    weights = outcomes["save_subclassed_weights.hidden_name"]["value"]
    assert weights["file"]["format"] == "hdf5" and weights["returned"]["name"] == "ckpt_best.weights.h5"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_typical_mistake_alone_loses_exactly_its_checks(grade, name):
    assert_loses_exactly(grade("07", apply_mistakes(REFERENCE, MISTAKES, [name])), MISTAKES, [name])
