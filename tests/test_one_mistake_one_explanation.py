"""One mistake, one explanation (issue 10, class 6): a check that fails only because an earlier
check failed for the same cause says so and points at it; the earlier check keeps the diagnosis.

Plain-data tests of kit/causes.py first (no Keras), then student-like variants of 03, 05 and 06
graded in process through the grader's own judging (tests/variants/NN/wrong_*.py)."""

from __future__ import annotations

import pytest

from autograder.checks.kit.causes import CauseTracker, error_causes

FOLLOWS = "This fails because of the same mistake as the check {root}: see {target} above."


def _raised(error_type: str, message: str, line: int | None = None) -> dict:
    outcome = {"status": "raised", "error_type": error_type, "error_message": message}
    if line is not None:
        outcome["student_frames"] = [{"line": line, "function": "f", "code": "x"}]
    return outcome


def test_the_same_error_at_the_same_line_is_one_cause_whatever_the_arguments():
    tracker = CauseTracker()
    first = error_causes(_raised("ValueError", "Argument(s) not recognized: {'lr': 0.01}", 12), {})
    later = error_causes(_raised("ValueError", "Argument(s) not recognized: {'lr': 0.005}", 12), {})
    assert tracker.root_of("make_optimizer.defaults", first) is None
    assert tracker.root_of("make_optimizer.hidden", later) == "make_optimizer.defaults"


def _graph_error(node: str, op: int) -> str:
    return (f"Graph execution error:\n\nDetected at node {node} defined at (most recent call last):\n"
            f'  File "training.py", line 40, in train\n  File "trainer.py", line 12, in one_step\n\n'
            f"Received a label value of 10 which is outside the valid range of [0, 10).  Label values: 3 10\n"
            f"\t [[{{{{node {node}}}}}]] [Op:__inference_one_step_on_iterator_{op}]")


def test_a_graph_error_is_one_cause_whichever_node_tensorflow_names():
    tracker = CauseTracker()
    first = error_causes(_raised("InvalidArgumentError", _graph_error("compile_loss/SparseSoftmax", 1021), 30), {})
    later = error_causes(_raised("InvalidArgumentError", _graph_error("gradient_tape/Sparse/Reshape", 2207), 30), {})
    assert first == later
    assert all("Detected at node" not in cause and "Op:" not in cause for cause in first)
    assert "outside the valid range" in next(iter(first))
    assert tracker.root_of("pipeline.loss", first) is None
    assert tracker.root_of("pipeline.accuracy", later) == "pipeline.loss"


def test_two_different_graph_errors_are_two_mistakes():
    other = _graph_error("n", 1).replace("Received a label value of 10 which is outside the valid range",
                                         "Incompatible shapes: [32,10] vs. [32,1]")
    assert error_causes(_raised("InvalidArgumentError", _graph_error("n", 1), 30), {}) != \
        error_causes(_raised("InvalidArgumentError", other, 30), {})


def test_index_errors_on_different_axes_are_two_mistakes():
    tracker = CauseTracker()
    axis0 = error_causes(_raised("IndexError", "index 7 is out of bounds for axis 0 with size 7", 132), {})
    axis1 = error_causes(_raised("IndexError", "index 239 is out of bounds for axis 1 with size 128", 132), {})
    assert tracker.root_of("one_hot_text.long", axis0) is None
    assert tracker.root_of("one_hot_text.outside_vocab", axis1) is None


def test_an_error_caught_inside_a_probe_without_its_line_matches_the_same_error_with_one():
    tracker = CauseTracker()
    tracker.root_of("predict_classes.public", error_causes(_raised("AttributeError", "no attribute 'x'", 7), {}))
    caught = {"status": "ok", "value": {"names_raised": {"type": "AttributeError", "message": "no attribute 'x'."}}}
    assert tracker.root_of("predict_class_names.public", error_causes(caught, {})) == "predict_classes.public"


def test_an_error_the_reference_raises_too_is_not_a_cause():
    expected = {"status": "ok", "value": [{"raised": {"type": "ValueError", "message": "unknown problem 'x'"}}]}
    got = {"status": "ok", "value": [{"raised": {"type": "ValueError", "message": "unknown problem 'x'"}}]}
    assert error_causes(got, expected) == set()
    assert error_causes(_raised("NotImplementedError", "write it"), {}) == set()


def test_a_declared_dependency_points_at_the_root_of_the_earlier_check():
    tracker = CauseTracker()
    tracker.root_of("build_cnn.layers", {"Conv2D(16, 3x3, relu) with padding='same'"})
    assert tracker.root_of("build_cnn.params", set(), after=("build_cnn.layers",)) == "build_cnn.layers"
    assert tracker.root_of("build_cnn.shapes", set(), after=("build_cnn.params",)) == "build_cnn.layers"
    assert tracker.root_of("dropout.layers", {"Conv2D(16, 3x3, relu) with padding='same'"}) == "build_cnn.layers"
    assert tracker.root_of("other.check", {"Dense(10, relu) instead of Dense(10, softmax)"}) is None


def test_a_declared_dependency_on_a_check_that_passed_says_nothing():
    assert CauseTracker().root_of("build_cnn.params", set(), after=("build_cnn.layers",)) is None


# -- student-like variants, graded in process -----------------------------------------------------

# variant: {check id: the words of its message}: exactly these checks fail, each losing all its
# points; a (root check, target) pair instead of words asserts the pointer at the root.
VARIANTS = {
    # compile_classifier calls the student's make_optimizer: it is judged with the course's own
    # (kit/stand_ins.py) and passes, so lr= costs make_optimizer's points only
    ("03_compile", "wrong_lr_in_make_optimizer_used_by_compile"): {
        "make_optimizer.defaults": ["raised ValueError", "`lr=` is how Keras 2 spelt the learning rate"],
        "make_optimizer.learning_rate": ("make_optimizer.defaults", "make_optimizer"),
        "make_optimizer.hidden": ("make_optimizer.defaults", "make_optimizer"),
    },
    ("03_compile", "wrong_adam_lr_in_compile"): {
        "compile_classifier.optimizer": ["raised ValueError", "line 10 of your file", "learning_rate="],
        "compile_classifier.loss": ("compile_classifier.optimizer", "compile_classifier"),
        "compile_classifier.metrics": ("compile_classifier.optimizer", "compile_classifier"),
        "compile_classifier.hidden": ("compile_classifier.optimizer", "compile_classifier"),
    },
    # A relu output is one mistake per network: its layers check explains it, the forward checks
    # (rows that are not probabilities) point there.
    ("02_models", "wrong_relu_outputs"): {
        "sequential_add.layers": ["layer 3: expected Dense(10, softmax), got Dense(10, relu)"],
        "sequential_add.forward": ("sequential_add.layers", "build_sequential_add"),
        "some_model.structure": ["layer 3: expected Dense(10, softmax), got Dense(10, relu)"],
        "some_model.forward": ("some_model.structure", "SomeModel"),
        "some_model.hidden": ("some_model.structure", "SomeModel"),
        "multi_output.structure": ["missing Dense(10, softmax); not expected: Dense(10, relu)"],
        "multi_output.forward": ("multi_output.structure", "build_multi_output"),
    },
    ("05_cnn", "wrong_no_channel_axis"): {
        "build_cnn.layers": ["expected min_ndim=4, found ndim=3", "keras.Input(shape=(28, 28, 1))"],
        "build_cnn.params": ("build_cnn.layers", "build_cnn"),
        "build_cnn.shapes": ("build_cnn.layers", "build_cnn"),
    },
    # The dropout networks share the helper's mistake: charged once, at build_cnn (they pass, saying
    # so: tests/test_fair_verdicts_02_05.py).
    ("05_cnn", "wrong_padding_same_in_shared_helper"): {
        "build_cnn.layers": ["layer 1 (Conv2D(16, 3x3, relu)) has padding='same'; expected padding='valid'"],
        "build_cnn.params": ("build_cnn.layers", "build_cnn"),
        "build_cnn.shapes": ("build_cnn.layers", "build_cnn"),
    },
    # Two mistakes: the relu output (build_cnn's) and no Dropout (the dropout network's own).
    ("05_cnn", "wrong_relu_output_twice_and_no_dropout"): {
        "build_cnn.layers": ["layer 7: expected Dense(10, softmax), got Dense(10, relu)"],
        "dropout.layers": ["build_cnn_with_dropout() has no Dropout layer"],
        "dropout.hidden_rate": ("dropout.layers", "build_cnn_with_dropout"),
    },
    ("06_evaluate", "wrong_keras2_predict_classes"): {
        "predict_classes.public": ["raised AttributeError", "predict_classes", "Keras 2 and were removed",
                                   "np.argmax(model.predict(x, verbose=0), axis=1)"],
        "predict_classes.hidden": ("predict_classes.public", "predict_classes"),
    },
}


@pytest.mark.parametrize("assignment, name", sorted(VARIANTS), ids=[f"{a[:2]}-{n}" for a, n in sorted(VARIANTS)])
def test_one_mistake_is_explained_once_and_later_checks_point_at_it(assignment, name, tmp_path):
    pytest.importorskip("keras")
    from tests.variant_checks import grade_variant, variant_files

    [path] = variant_files(assignment, name)
    results = grade_variant(assignment, path, tmp_path, skip=("accuracy.",))
    expected = VARIANTS[assignment, name]
    failed = {check_id for check_id, result in results.items() if result.status != "passed"}
    assert failed == set(expected), {k: results[k].message for k in failed ^ set(expected)}
    for check_id, words in expected.items():
        result = results[check_id]
        assert result.points == 0 and result.max_points > 0
        if isinstance(words, tuple):
            root, target = words
            assert result.message.startswith(FOLLOWS.format(root=root, target=target)), result.message
            assert result.follows == root
            assert "its own diagnosis:" in result.detail
        else:
            assert not result.follows
            for word in words:
                assert word in result.message, (check_id, word, result.message)
