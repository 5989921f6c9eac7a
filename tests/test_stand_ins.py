"""A mistake in one graded function never costs another function's points (kit/stand_ins.py).

When function B calls function A and A fails its own checks, B is judged with a course-made A and
says so; a stub B still gets zero. Plain-data tests first (no Keras), then student-like variants
graded in process through the grader's own judging, with exact points and words."""

from __future__ import annotations

import types

import pytest

from autograder.checks.kit.base import ProbeContext
from autograder.checks.kit.stand_ins import KEY, StandIns, choose, stand_in_outcome

STAND_IN_NOTE = "This check was judged with the course's own {names}, because yours has a mistake (see {names} above)."


def _module() -> types.ModuleType:
    module = types.ModuleType("student")
    exec(  # noqa: S102 - our own code: B calls A and reads NAMES
        "NAMES = ['a', 'bc']\n"
        "def a(x):\n    return x + 100\n"
        "def b(x):\n    return [NAMES[a(x)]]\n"
        "def c(x):\n    return x\n", vars(module))
    return module


def _probe(target):
    def run(context):
        try:
            return {"status": "ok", "value": getattr(module, target)(1), "stand_ins": list(context.stand_ins)}
        except Exception as error:  # noqa: BLE001
            return {"status": "raised", "error_type": type(error).__name__}
    module = _module()
    return module, run


def test_the_run_with_stand_ins_records_what_was_used_and_restores_the_module():
    module, run = _probe("b")
    own_a, own_names = module.a, module.NAMES
    stand_ins = StandIns({"a": lambda: (lambda x: x), "NAMES": lambda: ["x", "y", "z"]})
    outcome = stand_in_outcome(stand_ins, module, ProbeContext(scratch="."), run)
    assert outcome == {"status": "ok", "value": ["y"], "stand_ins": ["NAMES", "a"], "used": ["NAMES", "a"]}
    assert module.a is own_a and module.NAMES is own_names
    assert run(ProbeContext(scratch="."))["status"] == "raised"  # the student's own: index 101


def test_checks_that_share_one_probe_share_one_run_with_stand_ins_per_worker():
    module, run = _probe("b")
    calls = []

    def counted(context):
        calls.append(context.stand_ins)
        return run(context)

    stand_ins = StandIns({"a": lambda: (lambda x: x), "NAMES": lambda: ["x", "y", "z"]})
    shared_probe, other_probe = object(), object()
    first = stand_in_outcome(stand_ins, module, ProbeContext(scratch="."), counted, probe=shared_probe)
    again = stand_in_outcome(stand_ins, module, ProbeContext(scratch="."), counted, probe=shared_probe)
    assert first == again == {"status": "ok", "value": ["y"], "stand_ins": ["NAMES", "a"], "used": ["NAMES", "a"]}
    assert len(calls) == 1  # the second check of the same probe reuses the run, and what it used
    stand_in_outcome(stand_ins, module, ProbeContext(scratch="."), counted, probe=other_probe)
    stand_in_outcome(stand_ins, module, ProbeContext(scratch="."), counted)  # no probe named: never shared
    stand_in_outcome(stand_ins, module, ProbeContext(scratch="."), counted)
    assert len(calls) == 4
    unused_module, unused_run = _probe("c")
    probe = object()
    assert stand_in_outcome(stand_ins, unused_module, ProbeContext(scratch="."), unused_run, probe=probe) is None
    assert stand_in_outcome(stand_ins, unused_module, ProbeContext(scratch="."), unused_run, probe=probe) is None


def test_03s_checks_of_one_compiled_model_share_its_probe_and_the_hidden_model_has_its_own():
    from autograder.checks.registry import load_suite

    suite = load_suite("03_compile")
    public = {suite[f"compile_classifier.{part}"].probe for part in ("optimizer", "loss", "metrics")}
    assert len(public) == 1 and suite["compile_classifier.hidden"].probe not in public


def test_a_function_that_uses_none_of_the_stand_ins_gets_no_second_outcome():
    module, run = _probe("c")
    assert stand_in_outcome(StandIns({"a": lambda: (lambda x: x)}), module, ProbeContext(scratch="."), run) is None


def test_a_stand_in_for_a_name_the_module_lacks_is_removed_afterwards():
    module, run = _probe("b")
    stand_in_outcome(StandIns({"a": lambda: (lambda x: 0), "helper": lambda: print}), module,
                     ProbeContext(scratch="."), run)
    assert not hasattr(module, "helper")


@pytest.mark.parametrize("raised", [SystemExit("grading stops here"), KeyboardInterrupt()])
def test_student_code_that_stops_python_in_the_comparison_still_gets_the_stand_in_run(raised):
    # 04's pipeline compares the student's functions with the stand-ins (``needed``) before its second
    # run: sys.exit() there once ended the worker, and the checks after it crashed
    module, run = _probe("b")

    def needed(module, context):
        raise raised

    outcome = stand_in_outcome(StandIns({"a": lambda: (lambda x: x)}, needed=needed), module,
                               ProbeContext(scratch="."), run)
    assert outcome == {"status": "ok", "value": ["bc"], "stand_ins": ["a"], "used": ["a"]}


def test_the_stand_in_run_is_chosen_only_when_a_used_name_failed_its_own_checks():
    own = {"status": "raised", "error_type": "IndexError", KEY: {"status": "ok", "value": 1, "used": ["a", "NAMES"]}}
    assert choose(own, {"NAMES"}) == ({"status": "ok", "value": 1}, ["NAMES"])
    assert choose(own, {"other"}) == (own, [])
    assert choose({"status": "ok", "value": 2}, {"a"}) == ({"status": "ok", "value": 2}, [])


# -- student-like variants, graded in process -----------------------------------------------------

def _graded(assignment: str, name: str, tmp_path, skip=("accuracy.", "challenge.")):
    pytest.importorskip("keras")
    from tests.variant_checks import grade_variant, variant_files

    [path] = variant_files(assignment, name)
    return grade_variant(assignment, path, tmp_path, skip=skip)


def _points(results: dict, prefix: str) -> tuple[float, float]:
    chosen = [r for check_id, r in results.items() if check_id.startswith(prefix)]
    return sum(r.points for r in chosen), sum(r.max_points for r in chosen)


def test_03_lr_in_make_optimizer_costs_make_optimizer_only(tmp_path):
    results = _graded("03_compile", "wrong_lr_in_make_optimizer_used_by_compile", tmp_path)
    assert _points(results, "make_optimizer.") == (0, 4)
    assert _points(results, "compile_classifier.") == (5, 5)
    for check_id in ("compile_classifier.optimizer", "compile_classifier.loss", "compile_classifier.metrics"):
        assert results[check_id].message.endswith(STAND_IN_NOTE.format(names="`make_optimizer`"))
        assert results[check_id].stand_ins == ["make_optimizer"]
    assert "`lr=` is how Keras 2 spelt the learning rate" in results["make_optimizer.defaults"].message


def test_03_a_stub_compile_classifier_gets_zero_even_when_make_optimizer_has_a_mistake(tmp_path):
    pytest.importorskip("keras")
    from tests.variant_checks import VARIANTS, grade_variant

    source = (VARIANTS / "03" / "wrong_lr_in_make_optimizer_used_by_compile.py").read_text()
    start = source.index("def compile_classifier(model):")
    stub = source[:start] + "def compile_classifier(model):\n    make_optimizer('adam')\n    raise NotImplementedError\n"
    path = tmp_path / "stub_compile.py"
    path.write_text(stub)
    results = grade_variant("03_compile", path, tmp_path)
    assert _points(results, "compile_classifier.") == (0, 5)
    assert all(not r.stand_ins for r in results.values())


def test_05_dropout_network_built_from_a_wrong_build_cnn_keeps_its_points(tmp_path):
    results = _graded("05_cnn", "wrong_padding_same_in_build_cnn_reused_by_dropout", tmp_path,
                      skip=("accuracy.", "challenge.", "plot_history.", "overfitting_gap."))
    assert _points(results, "build_cnn.") == (0, 4)
    assert _points(results, "dropout.") == (3, 3)
    assert "padding='same'; expected padding='valid'" in results["build_cnn.layers"].message
    assert results["dropout.layers"].message.endswith(STAND_IN_NOTE.format(names="`build_cnn`"))


def test_06_a_missing_comma_in_class_names_costs_its_own_check_only(tmp_path):
    results = _graded("06_evaluate", "wrong_class_names_missing_comma", tmp_path)
    assert {k for k, r in results.items() if r.status != "passed"} == {"class_names.list"}
    assert "'CoatSandal'" in results["class_names.list"].message
    assert "so the list has 9 names instead of 10" in results["class_names.list"].message
    assert _points(results, "predict_class_names.") == (3, 3)
    assert results["predict_class_names.public"].message.endswith(STAND_IN_NOTE.format(names="`CLASS_NAMES`"))


def test_06_a_wrong_argmax_axis_costs_predict_classes_only(tmp_path):
    results = _graded("06_evaluate", "wrong_argmax_axis_zero", tmp_path)
    assert _points(results, "predict_classes.") == (0, 3)
    assert _points(results, "predict_class_names.") == (3, 3)
    assert results["predict_class_names.hidden"].message.endswith(STAND_IN_NOTE.format(names="`predict_classes`"))
    # the verdict on the student's own functions is kept for the instructor
    assert results["predict_class_names.hidden"].detail.startswith("with the student's own predict_classes: ")


def test_the_worker_channel_keeps_the_stand_in_run_as_known_fields_only():
    from autograder.sandbox import protocol

    raw = {"status": "raised", "error_type": "IndexError", "secret": 1,
           KEY: {"status": "ok", "value": [1], "used": ["CLASS_NAMES", 7], "extra": "dropped",
                 KEY: {"status": "ok", "value": "nested runs are dropped"}}}
    cleaned = protocol.clean_outcome(raw)
    assert cleaned == {"status": "raised", "error_type": "IndexError",
                       KEY: {"status": "ok", "value": [1], "used": ["CLASS_NAMES"]}}
    assert KEY not in protocol.clean_outcome({"status": "ok", "value": 1, KEY: {"status": "ok", "value": 2}})


def test_06_a_misspelt_class_name_costs_the_constant_only_and_no_comma_is_blamed(tmp_path):
    results = _graded("06_evaluate", "wrong_class_name_spelling", tmp_path)
    assert {k for k, r in results.items() if r.status != "passed"} == {"class_names.list"}
    assert "'T-shirt'" in results["class_names.list"].message
    assert _points(results, "predict_class_names.") == (3, 3)
    assert "comma" not in results["predict_class_names.hidden"].message
