"""One Keras 2 -> Keras 3 advice table, consulted whenever student code raises, in every suite and in the
grader's own "raised" message (plain data: the errors below are Keras 3's own words, recorded)."""

from __future__ import annotations

import pytest

from autograder import messages
from autograder.catalog import render
from autograder.checks.kit.advice import error_advice, failure
from autograder.checks.kit.model_judging import raised_hint
from autograder.sandbox import protocol

# (error as the worker records it, words the advice must use)
RECORDED = {
    "predict_classes": ({"type": "AttributeError", "message": "'Sequential' object has no attribute 'predict_classes'",
                         "code": "return model.predict_classes(x)"}, "np.argmax(model.predict(x, verbose=0), axis=1)"),
    "fit_generator": ({"type": "AttributeError", "message": "'Functional' object has no attribute 'fit_generator'",
                       "code": "model.fit_generator(batches, epochs=3)"}, "take a generator or a tf.data dataset"),
    "history_subscript": ({"type": "TypeError", "message": "'History' object is not subscriptable",
                           "code": "return history[\"acc\"][-1]"}, "its .history attribute"),
    "acc_key": ({"type": "KeyError", "message": "'acc'", "code": "best = max(history.history[\"acc\"])"},
                "'accuracy' and 'val_accuracy'"),
    "val_acc_key": ({"type": "KeyError", "message": "'val_acc'", "code": "curve = h.history['val_acc']"},
                    "'accuracy' and 'val_accuracy'"),
    "metrics_names": ({"type": "KeyError", "message": "'accuracy'",
                       "code": "scores = dict(zip(model.metrics_names, model.evaluate(x, y)))"},
                      "return_dict=True"),
    "weights_h5": ({"type": "ValueError", "message": "The filename must end in `.weights.h5`. Received: filepath=w.h5",
                    "code": "model.save_weights(\"w.h5\")"}, "ending in .weights.h5"),
    "nb_epoch": ({"type": "TypeError", "message": "TensorFlowTrainer.fit() got an unexpected keyword argument 'nb_epoch'",
                  "code": "model.fit(x, y, nb_epoch=5)"}, "epochs="),
    "lr": ({"type": "ValueError", "message": "Argument(s) not recognized: {'lr': 0.01}",
            "code": "keras.optimizers.SGD(lr=0.01)"}, "learning_rate="),
    "tf_keras": ({"type": "AttributeError", "message": "module 'keras._tf_keras.keras' has no attribute 'saving'",
                  "code": "@keras.saving.register_keras_serializable()"}, "Write `import keras` instead"),
    # found by student-style variants (issue 10): not Keras 2, but the same kind of word
    "float_of_symbolic": ({"type": "TypeError",
                           "message": "float() argument must be a string or a real number, not 'SymbolicTensor'",
                           "code": "return float(keras.ops.mean(y_pred))"},
                          "return the tensor keras.ops computes"),
    "list_indexed_with_array": ({"type": "TypeError", "message": "only integer scalar arrays can be converted to a "
                                                                 "scalar index",
                                 "code": "return CLASS_NAMES[predict_classes(model, x)]"},
                                "[CLASS_NAMES[label] for label in labels]"),
    "accuracy_metric_object": ({"type": "ValueError",
                                "message": "Dimensions must be equal, but are 8 and 4 for '{{node Equal}} = "
                                           "Equal[T=DT_FLOAT, incompatible_shape_error=true](Cast_1, "
                                           "sequential_1/dense_1/Softmax)' with input shapes: [8], [8,4].",
                                "code": ""},
                               "keras.metrics.SparseCategoricalAccuracy()"),
}


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_each_keras2_error_gets_its_own_advice(name):
    error, words = RECORDED[name]
    assert words in str(error_advice(error))


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_the_graders_own_raised_message_consults_the_table_in_every_suite(name):
    error, words = RECORDED[name]
    outcome = {"status": protocol.RAISED, "error_type": error["type"], "error_message": error["message"],
               "student_frames": [{"line": 12, "function": "f", "code": error["code"]}]}
    text = render(messages.not_returned("f(x)", "f", "evaluation", outcome))
    assert words in text
    assert "Fix the error" not in text


def test_an_unknown_error_still_asks_to_fix_it():
    outcome = {"status": protocol.RAISED, "error_type": "ZeroDivisionError", "error_message": "division by zero",
               "student_frames": [{"line": 3, "function": "f", "code": "1 / 0"}]}
    assert "Fix the error, then check again." in render(messages.not_returned("f(x)", "f", "evaluation", outcome))


def test_suite_failures_and_model_builders_read_the_same_table():
    error, words = RECORDED["predict_classes"]
    assert words in render(failure("predict(model)", error).message)
    assert words in render(raised_hint(error))


def test_an_import_that_fails_on_a_known_habit_says_what_to_write_instead():
    outcome = {"status": protocol.RAISED, "error_type": "AttributeError",
               "error_message": "module 'keras._tf_keras.keras' has no attribute 'saving'"}
    text = render(messages.import_failure("saving.py", outcome))
    assert text.startswith("saving.py could not be imported: AttributeError: module 'keras._tf_keras.keras'")
    assert "Write `import keras` instead" in text and "No check could run until this is fixed." in text


def test_an_import_that_fails_on_an_unknown_error_still_says_to_run_the_module():
    outcome = {"status": protocol.RAISED, "error_type": "NameError", "error_message": "name 'np' is not defined"}
    text = render(messages.import_failure("tensors.py", outcome))
    assert "run `python tensors.py` yourself to see the full error" in text


@pytest.mark.parametrize("error_type, text, words", [
    ("SystemExit", "", "asked Python to stop"), ("KeyboardInterrupt", "", "asked Python to stop"),
    ("EOFError", "", "no keyboard input"), ("MemoryError", "", "ran out of memory"),
    ("RecursionError", "", "calls itself without end"), ("BlockingIOError", "", "too many processes"),
    ("OSError", "[Errno 11] Resource temporarily unavailable", "too many processes"),
    ("OSError", "[Errno 28] No space left on device", "far more data to files"),
    ("NotImplementedError", "", "Replace the `raise NotImplementedError` line"),
    ("ValueError", "Argument(s) not recognized: {'lr': 0.1}", "learning_rate="),
    ("ValueError", "something else", "Fix the error, then check again."),
])
def test_the_graders_raised_message_takes_its_advice_from_the_kits_table(error_type, text, words):
    from autograder.catalog import render
    from autograder.messages import not_returned

    outcome = {"status": "raised", "error_type": error_type, "error_message": text}
    assert words in render(not_returned("f()", "f", "tensors.py", outcome))
