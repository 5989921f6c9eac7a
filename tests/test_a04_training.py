"""Assignment 04_training graded end to end: reference, stubs, typical mistakes, reproducible accuracy.

Every grading of this assignment trains small models (a few seconds each), so most mistakes are
marked slow; the everyday run grades the reference, the stubs and one submission that combines
mistakes touching different checks.
"""

from __future__ import annotations

import re

import pytest

from autograder import grading
from autograder.course import REPO_ROOT
from conftest import check_by_id, failed_ids, reference_source
from conftest import assert_loses_exactly as assert_mistake
from test_a03_compile import mutator

REFERENCE = reference_source("04_training", "training.py")
STOP_CHECKS = {"stop_at_accuracy.reached", "stop_at_accuracy.custom"}
TRAIN_CHECKS = {"train.history", "train.hidden"}
ACCURACY_CHECKS = ("stop_at_accuracy.training", "train.accuracy", "pipeline.accuracy")


mutate = mutator(REFERENCE)
# build_model's last layer and compile call (build_challenge_model ends alike, after other layers).
BUILD_MODEL = ('keras.layers.Dense(100, activation="relu"),\n        keras.layers.Dense(10, activation="softmax"),\n'
               '    ])\n    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),\n'
               '                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])')
# build_challenge_model's compile call: the file's last one, before its final return
CHALLENGE_COMPILE = ('        keras.layers.Dropout(0.2),\n        keras.layers.Dense(10, activation="softmax"),\n    ])\n'
                     '    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),\n'
                     '                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])\n')


def test_reference_solution_gets_full_marks(grade):
    report = grade("04", REPO_ROOT / "solutions" / "04_training")
    assert failed_ids(report) == set()
    assert report.score == report.max_score == 38
    for check_id in ("train.accuracy", "pipeline.accuracy"):
        message = check_by_id(report, check_id).message
        accuracy, reference = re.findall(r"accuracy (\d\.\d{4})|reaches (\d\.\d{4})", message)
        assert accuracy[0] == reference[1], message  # the same training gives the same number
        assert float(accuracy[0]) > 0.6, message  # the data is learnt, far above chance


def test_untouched_stubs_get_zero_with_not_implemented_messages(grade):
    report = grade("04", REPO_ROOT / "assignments" / "04_training")
    assert report.score == 0
    assert all(check.status == "failed" for check in report.checks)
    for check in report.checks:
        assert "not implemented yet" in check.message, (check.id, check.message)
        assert "Traceback" not in check.message


# Mistakes that touch different checks, graded together to keep the everyday run short.
COMBINED = (
    [("if value >= self.threshold:", "if value > self.threshold:"),
     ('save_best_only=True, mode="max")', 'save_best_only=True, mode="min")'),
     ("    return model.fit(x_train, y_train, epochs=epochs, validation_data=(x_valid, y_valid),\n"
      "                     callbacks=callbacks, verbose=0)",
      "    history = model.fit(x_train, y_train, epochs=epochs, validation_data=(x_valid, y_valid),\n"
      "                        callbacks=callbacks, verbose=0)\n    return history.history")],
    STOP_CHECKS | {"make_callbacks.checkpoint", "make_callbacks.hidden"} | TRAIN_CHECKS,
    {"stop_at_accuracy.reached": ["left model.stop_training False; expected True", "exactly 0.9", ">="],
     "stop_at_accuracy.custom": ["exactly 0.75"],
     "make_callbacks.checkpoint": ["mode='min'", "LOWEST validation accuracy", 'mode="max"'],
     "train.history": ["returned a dict (history.history)", "return model.fit(...)"]},
)


@pytest.mark.slow  # about 16 s: a real class run (or training); kept out of the everyday suite
def test_combined_mistakes_lose_exactly_their_checks(grade):
    assert_mistake(grade("04", mutate(*COMBINED[0])), COMBINED[1], COMBINED[2])


# Each mistake: (what a student wrote), the checks it must break, and words the feedback must use.
MISTAKES = {
    # -- StopAtAccuracy
    "stop flag set on the callback": (
        [("            self.model.stop_training = True", "            self.stop_training = True")],
        STOP_CHECKS | {"stop_at_accuracy.training"},
        {"stop_at_accuracy.reached": ["set stop_training on the callback itself", "self.model.stop_training = True"],
         "stop_at_accuracy.training": ["ran 5 epochs", "although accuracy reached 0.6 in epoch 2",
                                       "expected it to stop after epoch 2"]},
    ),
    "comparison the wrong way round": (
        [("if value >= self.threshold:", "if value < self.threshold:")],
        {"stop_at_accuracy.below", "stop_at_accuracy.training"} | STOP_CHECKS,
        {"stop_at_accuracy.below": ["set model.stop_training to True; expected it to stay False", "0.8999"],
         "stop_at_accuracy.training": ["stopped after 1 epoch(s)", "before accuracy reached 0.6"]},
    ),
    "None compared with the threshold": (
        [("        value = logs.get(self.monitor)\n        if value is None:",
          "        value = logs.get(self.monitor)\n        if False:")],
        {"stop_at_accuracy.missing_key"},
        {"stop_at_accuracy.missing_key": ["raised TypeError", "comparing None with a number",
                                          "warnings.warn", "metrics=[\"acc\"]"]},
    ),
    "accuracy key and 0.9 hard-coded": (
        [("        value = logs.get(self.monitor)\n", "        value = logs['accuracy']\n"),
         ("if value >= self.threshold:", "if value >= 0.9:")],
        {"stop_at_accuracy.custom", "stop_at_accuracy.training"},
        {"stop_at_accuracy.custom": ["expected it to stay False", "Watch logs[self.monitor] ('val_accuracy')"],
         "stop_at_accuracy.training": ["ran 5 epochs"]},
    ),
    "hook on batches instead of epochs": (
        [("    def on_epoch_end(self, epoch, logs=None):", "    def on_train_batch_end(self, batch, logs=None):")],
        STOP_CHECKS | {"stop_at_accuracy.missing_key"},
        {"stop_at_accuracy.reached": ["does not define on_epoch_end", "it defines on_train_batch_end instead"],
         "stop_at_accuracy.missing_key": ["said nothing and did not stop"]},
    ),
    # -- make_callbacks
    "Keras 2 .h5 checkpoint without a path check": (
        [("    if not checkpoint_path.endswith(\".keras\"):\n        raise", "    if False:\n        raise"),
         ("keras.callbacks.ModelCheckpoint(checkpoint_path,",
          "keras.callbacks.ModelCheckpoint(checkpoint_path.replace('.keras', '.h5'),")],
        {"make_callbacks.checkpoint", "make_callbacks.hidden", "make_callbacks.h5_path"},
        {"make_callbacks.checkpoint": ["saves to 'best.h5', not to the checkpoint_path", "legacy in Keras 3"],
         "make_callbacks.h5_path": ["returned callbacks; expected a ValueError", ".keras"]},
    ),
    "only the checkpoint returned": (
        [("return [checkpoint, early_stopping]", "return [checkpoint]")],
        {"make_callbacks.types", "make_callbacks.early_stopping", "make_callbacks.hidden"},
        {"make_callbacks.types": ["returned [ModelCheckpoint]", "one keras.callbacks.EarlyStopping"],
         "make_callbacks.early_stopping": ["there is no keras.callbacks.EarlyStopping"]},
    ),
    "best weights not restored, patience fixed": (
        [("patience=patience, restore_best_weights=True)", "patience=3)")],
        {"make_callbacks.early_stopping", "make_callbacks.hidden"},
        {"make_callbacks.early_stopping": ["does not restore the best weights", "restore_best_weights=True"],
         "make_callbacks.hidden": ["patience=3; expected 5"]},
    ),
    "early stopping on the validation loss": (
        [('EarlyStopping(monitor="val_accuracy", mode="max",', 'EarlyStopping(monitor="val_loss",')],
        {"make_callbacks.early_stopping", "make_callbacks.hidden"},
        {"make_callbacks.early_stopping": ["watches 'val_loss', another number than the ModelCheckpoint",
                                           'monitor="val_accuracy", with mode="max"']},
    ),
    # -- train
    "no validation data": (
        [("epochs=epochs, validation_data=(x_valid, y_valid),", "epochs=epochs,")],
        TRAIN_CHECKS,
        {"train.history": ["expected ['accuracy', 'loss', 'val_accuracy', 'val_loss']", "validation_data="]},
    ),
    "validation split instead of the validation data": (
        [("epochs=epochs, validation_data=(x_valid, y_valid),", "epochs=epochs, validation_split=0.2,")],
        TRAIN_CHECKS,
        {"train.history": ["validation results were measured on other data", "validation_split=",
                           "validation_data=(x_valid, y_valid)"],
         "train.hidden": ["validation results were measured on other data"]},
    ),
    "callbacks not passed on": (
        [("                     callbacks=callbacks, verbose=0)", "                     verbose=0)")],
        TRAIN_CHECKS,
        {"train.history": ["never called", "callbacks=callbacks"]},
    ),
    "a single epoch": (
        [("return model.fit(x_train, y_train, epochs=epochs,", "return model.fit(x_train, y_train, epochs=1,")],
        TRAIN_CHECKS | {"train.accuracy", "pipeline.accuracy"},
        {"train.history": ["covers epochs [0]; expected [0, 1, 2]", "epochs=epochs"],
         "train.accuracy": ["It trained only 1 epoch(s)"]},
    ),
    # -- the wrong choices the accuracy checks must catch
    "relu output instead of softmax": (
        [(BUILD_MODEL, BUILD_MODEL.replace('Dense(10, activation="softmax")', 'Dense(10, activation="relu")'))],
        {"build_model.public"},  # pipeline.accuracy is judged with the course's build_model (kit/stand_ins.py)
        {"build_model.public": ["expected Dense(10, softmax), got Dense(10, relu)"]},
    ),
    "pixels left unscaled": (
        [("return np.asarray(x, dtype=np.float32) / np.float32(255.0)", "return np.asarray(x, dtype=np.float32)")],
        {"prepare_images.public", "prepare_images.hidden"},  # pipeline.accuracy: the course's prepare_images
        {"prepare_images.public": ["values up to 255", "Divide the pixels by 255"]},
    ),
    "a regression loss for classes": (
        [(BUILD_MODEL, BUILD_MODEL.replace('loss="sparse_categorical_crossentropy"', 'loss="mse"'))],
        {"build_model.public"},
        {"build_model.public": ["compiled with the loss 'mse'", "regression loss"]},
    ),
    "learning rate of 10": (
        [(BUILD_MODEL, BUILD_MODEL.replace("Adam(learning_rate=0.001)", "Adam(learning_rate=10.0)"))],
        {"build_model.public"},
        {"build_model.public": ["learning rate 10; expected 0.001"]},
    ),
    "short metric name": (
        [(BUILD_MODEL, BUILD_MODEL.replace('metrics=["accuracy"]', 'metrics=["acc"]'))],
        set(),  # one rule across the course: "acc" computes accuracy, so it passes, with what it changes
        {"build_model.public": ["as expected", "\"acc\" computes the same accuracy", "acc and val_acc",
                                "monitors \"val_accuracy\" finds nothing"]},
    ),
    # -- reading a learning curve, and the challenge (whose over-budget model is never trained)
    "best epoch as a list index": (
        [("    return int(val_loss.index(min(val_loss))) + 1", "    return int(val_loss.index(min(val_loss)))")],
        {"best_epoch.public", "best_epoch.hidden"},
        {"best_epoch.public": ["returned 2; expected 3", "You returned the list index 2"]},
    ),
    "over-fitting epoch as a list index": (
        [("            return index + 1", "            return index")],
        {"overfitting_start.public", "overfitting_start.hidden"},
        {"overfitting_start.public": ["returned 3; expected 4", "epochs are counted from 1"]},
    ),
    # one explanation at the root check, the others linked (red team 2, F14)
    "challenge over the parameter budget": (
        [("keras.layers.Dense(128, activation=\"relu\")", "keras.layers.Dense(256, activation=\"relu\")")],
        {"challenge.budget", "challenge.close", "challenge.accuracy"},
        {"challenge.budget": ["203,530 parameters; the budget is 110,000"],
         "challenge.close": ["same mistake as the check challenge.budget: see build_challenge_model above"],
         "challenge.accuracy": ["same mistake as the check challenge.budget: see build_challenge_model above"]},
    ),
    # within the budget, so challenge.budget passes; "not compiled" is charged where training starts
    "challenge not compiled": (
        [(CHALLENGE_COMPILE, CHALLENGE_COMPILE.split("    model.compile")[0])],
        {"challenge.close", "challenge.accuracy"},
        {"challenge.budget": ["101,770 parameters, within the budget of 110,000"],
         "challenge.close": ["Not trained: build_challenge_model() returned a model that is not compiled",
                             "call model.compile("],
         "challenge.accuracy": ["same mistake as the check challenge.close: see build_challenge_model above"]},
    ),
    # red team 2, F15: epochs=4 with a callback stopping after 3 hides it; epochs=2 shows it
    "epochs ignored (a fixed epochs=10)": (
        [("return model.fit(x_train, y_train, epochs=epochs,", "return model.fit(x_train, y_train, epochs=10,")],
        TRAIN_CHECKS,
        {"train.history": ["covers epochs [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]; expected [0, 1, 2]"],
         "train.hidden": ["same mistake as the check train.history: see train above"],
         "train.accuracy": ["after 10 epochs, although train was given epochs=3",
                            "the reference solution, trained for 3 epochs"],
         "pipeline.accuracy": ["after 10 epochs, although train was given epochs=3"]},
    ),
    "pixels scaled twice": (
        [("    return model.fit(x_train, y_train,", "    return model.fit(x_train / 255.0, y_train,")],
        {"train.accuracy", "pipeline.accuracy"},
        {"train.accuracy": ["with the data exactly as given (it is already scaled)"]},
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_typical_mistake_loses_exactly_the_points_of_the_checks_it_breaks(grade, name):
    replacements, broken, words = MISTAKES[name]
    assert_mistake(grade("04", mutate(*replacements)), broken, words)


def test_every_check_fails_for_at_least_one_typical_mistake(course):
    broken = COMBINED[1].union(*(b for _, b, _ in MISTAKES.values()))
    assert broken == {check.id for check in course.assignment("04").checks}


@pytest.mark.slow
def test_regrading_the_reference_gives_identical_accuracy(grade, monkeypatch):
    """Seeded data, weights, shuffling and ops: fresh processes, no cache, the same numbers."""
    monkeypatch.setenv("KERAS_COURSE_NO_CACHE", "1")
    seen = []
    for _ in range(3):
        grading._memory_cache.clear()  # recompute the reference too, in a fresh worker
        report = grade("04", REPO_ROOT / "solutions" / "04_training")
        assert report.score == report.max_score
        seen.append(tuple(check_by_id(report, check_id).message for check_id in ACCURACY_CHECKS))
    assert len(set(seen)) == 1, seen
