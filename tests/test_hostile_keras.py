"""Attacks through Keras artefacts, and attacks on every assignment, graded through the real engine.

Each attack is a submission in tests/hostile_keras/ (its first line says whether it is added to
the reference solution, to the student version, or stands alone). What every test holds the
grader to, as tests/test_hostile.py does for assignment 01: it finishes and reports; a check
that did not really pass scores zero while the checks an attack does not touch keep their
points; the student is told what happened; nothing outside the scratch folder changes; no
process of the run survives it; the trusted grading process never loads what student code saved.

The generic attacks run against every assignment of course.yml. Every assignment is graded at
least once by the everyday tests (the ``fast`` pairs below); the whole matrix is marked slow.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder.course import REPO_ROOT, load_course
from autograder.exports import gradescope_results
from autograder.sandbox import protocol
from conftest import Graded, assert_all_not_implemented, assert_verdicts, needs_own_user, no_process_left

# `bash test.sh` runs the test files in two pytest-xdist processes (--dist loadfile): this file's
# lingering processes carry a marker of their own, so tests/test_hostile.py running beside it never
# counts them as its survivors, nor this file theirs.
LINGER_MARKER = "kgrade-keras-linger"

HOSTILE = Path(__file__).parent / "hostile_keras"
COURSE = load_course()
ASSIGNMENTS = [assignment.id for assignment in COURSE.assignments]  # as course.yml lists them


def submission_text(name: str, assignment_id: str) -> str:
    """The fixture, appended to the reference or the student version as its first line says."""
    raw = (HOSTILE / f"{name}.py").read_text(encoding="utf-8")
    base = raw.split("\n", 1)[0].removeprefix("# base:").strip()
    module = COURSE.assignment(assignment_id).module
    if base == "none":
        return raw
    if base not in ("reference", "stub"):
        raise ValueError(f"{name}.py: unknown base {base!r}; use reference, stub or none")
    folder = REPO_ROOT / ("solutions" if base == "reference" else "assignments") / assignment_id
    text = (folder / module).read_text(encoding="utf-8")
    return f"{text}\n\n# ---- attack: {name} ----\n{raw}"


@pytest.fixture
def attack(grade_with_limits):
    """attack(name, assignment, **limits) -> Graded: grade tests/hostile_keras/<name>.py."""

    def run(name: str, assignment_id: str, **limits) -> Graded:
        return grade_with_limits(assignment_id, name, submission_text(name, assignment_id).encode("utf-8"), **limits)

    return run


def expect(graded: Graded, lost: dict[str, str], score: float) -> None:
    """Checks in ``lost`` score 0 and their probes ended as given; every other check scores full."""
    assert_verdicts(graded.report, lost, score)
    assert not graded.report.grader_errors


def import_refused(graded: Graded):
    """The import failed: nothing scores, no check ran, no grader error. Returns the report."""
    report = graded.report
    assert report.score == 0 and not report.grader_errors
    assert {check.probe_status for check in report.checks} == {protocol.IMPORT_FAILED}
    return report


def valid_results(report) -> None:
    """A result file any JSON reader accepts: no NaN or infinity, whatever the student's model did."""
    json.dumps(report.to_dict(), allow_nan=False)
    json.dumps(gradescope_results(report.to_dict(), "after_published"), allow_nan=False)


# =================================================================================================
# Keras artefacts: models that lie, fakes, unbuilt, misshapen, huge and NaN models (02)
# =================================================================================================

def test_a_sequential_subclass_lying_about_its_size_is_counted_from_its_real_weights(attack):
    graded = attack("a02_lying_count_params", "02_models")
    expect(graded, {"sequential_add.layers": "ok", "sequential_add.params": "ok", "sequential_add.shapes": "ok"},
           score=21)
    described = graded.run.probes["sequential_add.params"]["value"]["model"]
    assert described["params"] == 784 * 10 + 10 + 10 * 10 + 10 != 79_510  # its own weights, not the shadow's
    assert [layer["settings"].get("units") for layer in described["layers"]] == [None, 10, 10]
    assert "layer 2 (Dense(10, relu)) has 7,850 parameters; expected 78,500" in graded.message("sequential_add.params")
    assert graded.check("sequential_add.shapes").follows == "sequential_add.params"  # the same layer: one explanation
    assert "models.LyingSequential" in graded.message("sequential_add.layers")


def test_a_duck_typed_fake_claiming_to_be_a_sequential_is_no_model(attack):
    graded = attack("a02_duck_typed_model", "02_models")
    lost = {f"sequential_add.{part}": "ok" for part in ("layers", "params", "shapes", "forward")}
    expect(graded, lost, score=20)
    for check_id in lost:
        message = graded.message(check_id)
        assert "models.FakeModel" in message and "expected a keras.Model" in message, message
    assert graded.run.probes["sequential_add.params"]["value"]["model"]["is_model"] is False


def test_patching_keras_itself_to_lie_about_models_is_caught_at_import(attack):
    """The probes read Keras's own definitions of weights and layers; the guard watches those."""
    graded = attack("a02_patch_keras", "02_models")
    report = import_refused(graded)
    assert graded.run.import_error["error_type"] == protocol.TAMPERING_ERROR
    assert "replaced keras.src.layers.layer.Layer.weights, keras.src.models.sequential.Sequential.layers" in \
        graded.notes()
    valid_results(report)


def test_a_model_that_is_not_built_has_no_parameters_and_no_shapes(attack):
    graded = attack("a02_not_built", "02_models")
    expect(graded, {"sequential_add.params": "ok", "sequential_add.shapes": "ok"}, score=23)
    assert "not built" in graded.message("sequential_add.params")
    assert "0 parameters; expected 79,510" in graded.message("sequential_add.params")
    assert "keras.Input(shape=(28, 28))" in graded.message("sequential_add.shapes")


def test_a_model_with_the_wrong_input_shape_is_told_which_shape(attack):
    graded = attack("a02_wrong_input_shape", "02_models")
    expect(graded, {"sequential_add.shapes": "ok", "sequential_add.forward": "ok"}, score=24)
    assert "(None, 784); expected (None, 28, 28)" in graded.message("sequential_add.shapes")
    assert "incompatible shape (3, 28, 28)" in graded.message("sequential_add.forward")


def test_a_forward_pass_returning_nan_fails_and_says_nan(attack):
    graded = attack("a02_nan_forward", "02_models")
    expect(graded, {"sequential_add.layers": "ok", "sequential_add.forward": "ok"}, score=23)
    assert "got Dense(100, keras.ops.sqrt)" in graded.message("sequential_add.layers")  # as the student wrote it
    assert "NaN" in graded.message("sequential_add.forward")
    assert graded.run.probes["sequential_add.forward"]["value"]["output"]["nan_count"] > 0


def test_huge_models_are_stopped_by_the_memory_budget_and_told_so(attack):
    """A 10 GB kernel is refused at once (address-space limit); 1.6 GB ones grow until the poll stops them."""
    graded = attack("a02_huge_model", "02_models", memory_mb=1500)
    lost = {f"sequential_add.{part}": protocol.MEMORY for part in ("layers", "params", "shapes", "forward")}
    expect(graded, {**lost, "sequential_list.network": protocol.MEMORY}, score=18)
    for check_id in [*lost, "sequential_list.network"]:
        message = graded.message(check_id)
        assert "more than 1500 MB of memory" in message and "(out of memory)" in message, message
    refused = graded.run.probes["sequential_add.layers"]  # in the worker, by the address-space limit
    assert refused["error_type"] == "ResourceExhaustedError" and "50000,50000" in refused["error_message"]
    polled = graded.run.probes["sequential_list.network"]  # from outside, by the runner's memory poll
    assert polled["details"]["exit_code"] == -9 and polled["details"]["peak_memory_mb"] < 4096
    assert graded.run.workers >= 2  # a fresh worker ran the checks left after the kill
    no_process_left(graded, marker=LINGER_MARKER)


def test_a_huge_model_built_at_import_is_the_memory_budget_not_an_error(attack):
    graded = attack("a02_huge_at_import", "02_models")
    report = import_refused(graded)
    assert graded.run.import_error["status"] == protocol.MEMORY
    assert "importing models.py used more than 2048 MB of memory" in graded.notes()
    assert "(out of memory)" in graded.message("sequential_add.layers")
    valid_results(report)


# =================================================================================================
# Saved models (07): Lambda layers, custom objects, paths outside the scratch folder
# =================================================================================================

LAMBDA_CANARY = Path("/tmp/kgrade-hostile-keras-lambda-ran")
CUSTOM_CANARY = Path("/tmp/kgrade-hostile-keras-custom-ran")
SAVE_LOSSES = {"save_model.keras": "ok", "save_model.h5": "ok", "save_model.no_extension": "ok",
               "round_trip.optimizer": "ok"}

_GRADE_IN_A_FRESH_PROCESS = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from autograder.course import load_course
    from autograder.grading import grade_submission
    course = load_course()
    report = grade_submission(course, course.assignment("07"), Path(sys.argv[1]))
    loaded = sorted(name for name in ("keras", "tensorflow", "h5py") if name in sys.modules)
    print(json.dumps({"report": report.to_dict(), "loaded_in_grader": loaded}))
""")


@pytest.fixture
def lambda_canaries():
    for path in (LAMBDA_CANARY, CUSTOM_CANARY):
        path.unlink(missing_ok=True)
    yield
    for path in (LAMBDA_CANARY, CUSTOM_CANARY):
        path.unlink(missing_ok=True)


@needs_own_user
def test_a_saved_lambda_layer_is_refused_in_the_worker_and_never_runs_in_the_grader(tmp_path, lambda_canaries):
    """Graded in a fresh grader process: it never imports Keras (so it cannot deserialise anything),
    the worker loads the file with safe_mode=True and refuses the lambda, and the lambda's canary
    never appears in the machine's /tmp. (The student's own save_model runs the lambda in the worker,
    whose /tmp is private.)"""
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "saving.py").write_text(submission_text("a07_lambda_layer", "07_saving"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _GRADE_IN_A_FRESH_PROCESS, str(folder)], cwd=REPO_ROOT,
                          env={**os.environ, "KERAS_COURSE_OFFLINE": "1"}, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["loaded_in_grader"] == []
    report = result["report"]
    checks = {check["id"]: check for check in report["checks"]}
    failed = {check_id for check_id, check in checks.items() if check["points"] < check["max_points"]}
    assert failed == set(SAVE_LOSSES)
    assert report["score"] == 11 and report["max_score"] == 16
    assert all(checks[check_id]["probe_status"] == "ok" for check_id in failed)
    for check_id in ("save_model.keras", "save_model.h5", "save_model.no_extension"):
        message = checks[check_id]["message"]
        assert "Lambda" in message and "safe_mode=True" in message and "could not be loaded back" in message
    # round_trip.hidden passes: the student's own load_model (safe_mode=False, in the worker) reads
    # the student's own file, and predicts exactly as the original.
    assert checks["round_trip.hidden"]["points"] == 1
    assert not LAMBDA_CANARY.exists(), LAMBDA_CANARY.read_text()


@needs_own_user
def test_unregistered_custom_objects_in_a_saved_model_are_named_and_never_run_in_the_grader(
        attack, lambda_canaries):
    graded = attack("a07_custom_object", "07_saving")
    expect(graded, {**SAVE_LOSSES, "round_trip.hidden": "ok"}, score=10)
    for check_id in ("save_model.keras", "save_model.h5", "save_model.no_extension"):
        message = graded.message(check_id)
        assert "Canary" in message and "register_keras_serializable" in message, message
    assert "could not be deserialized" in graded.message("round_trip.optimizer")  # the student's own load_model
    assert not CUSTOM_CANARY.exists(), CUSTOM_CANARY.read_text()


def test_the_grader_loads_saved_models_only_in_probes_and_only_with_safe_mode():
    """Every Keras loading call of the grader is in a check suite (they run in the worker) and passes
    safe_mode=True; the modules of the grading process itself do not import Keras."""
    package = REPO_ROOT / "autograder"
    loads = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                    "load_model", "deserialize_keras_object", "model_from_json", "load_weights"):
                if isinstance(node.func.value, ast.Name) and node.func.value.id in ("module", "fresh", "self"):
                    continue  # the student's own function, or a model loading weights (no code in weights files)
                safe = [k for k in node.keywords if k.arg == "safe_mode"]
                loads.append((path.relative_to(REPO_ROOT).as_posix(), node.lineno, node.func.attr,
                              bool(safe) and isinstance(safe[0].value, ast.Constant) and safe[0].value.value is True))
    assert loads, "no loading call found: the scan is looking in the wrong place"
    for where, line, call, safe in loads:
        assert where.startswith("autograder/checks/"), f"{where}:{line}: {call} outside a check suite"
        assert safe, f"{where}:{line}: {call} without safe_mode=True"
    for name in ("grading", "sandbox/runner", "sandbox/protocol", "sandbox/isolation", "results", "messages"):
        source = (package / f"{name}.py").read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+(keras|tensorflow)\b", source, re.MULTILINE), name


ESCAPE_FOLDER = Path("/tmp/kgrade-hostile-keras-canary")
ESCAPE_FILE = Path("/tmp/kgrade-hostile-keras-escape.keras")
REPO_ESCAPE = REPO_ROOT / "kgrade-hostile-keras-escape.keras"


@pytest.fixture
def escape_canaries():
    def clear():
        shutil.rmtree(ESCAPE_FOLDER, ignore_errors=True)
        ESCAPE_FILE.unlink(missing_ok=True)
        REPO_ESCAPE.unlink(missing_ok=True)

    clear()
    ESCAPE_FOLDER.mkdir()
    planted = {ESCAPE_FOLDER / "fashion.keras": "canary: a file save_model must not replace",
               ESCAPE_FILE: "canary: beside the scratch folder"}
    for path, text in planted.items():
        path.write_text(text)
    yield planted
    clear()


@needs_own_user
def test_save_paths_escaping_the_scratch_folder_change_nothing_outside_it(attack, escape_canaries):
    graded = attack("a07_escape_scratch", "07_saving")
    expect(graded, {**SAVE_LOSSES, "round_trip.hidden": "ok"}, score=10)
    for path, text in escape_canaries.items():
        assert path.read_text() == text, f"{path} was changed"
    assert sorted(p.name for p in ESCAPE_FOLDER.iterdir()) == ["fashion.keras"]
    assert not REPO_ESCAPE.exists()
    assert "could not write " + str(REPO_ESCAPE) + ": PermissionError" in graded.report.stdout
    message = graded.message("save_model.keras")
    assert "nothing was written at 'fashion.keras'" in message
    assert "'../../kgrade-hostile-keras-escape.keras', a path outside the folder it was given" in message
    assert "It returned '../kgrade-hostile-keras-escape.keras', a path outside" in graded.message("round_trip.hidden")
    no_process_left(graded, marker=LINGER_MARKER)


# =================================================================================================
# NaN losses in training (05, 04)
# =================================================================================================

@pytest.mark.slow  # its judge: tests/test_training_causes.py, every day
def test_a_network_whose_training_loss_is_nan_fails_accuracy_with_the_cause(attack):
    graded = attack("a05_nan_training", "05_cnn")
    expect(graded, {"build_cnn.layers": "ok", "accuracy.build_cnn": "ok"}, score=15)
    # One mistake, one explanation: the cause (the square-root activation) is said at build_cnn.layers,
    # with its fix; the accuracy check fails and points there (after=), the NaN kept for the instructor.
    assert 'got Dense(64, keras.ops.sqrt). Set activation="relu"' in graded.message("build_cnn.layers")
    accuracy = graded.check("accuracy.build_cnn")
    assert accuracy.follows == "build_cnn.layers"
    assert "same mistake as the check build_cnn.layers" in accuracy.message
    assert "The training loss became NaN" in accuracy.detail
    losses = graded.run.probes["accuracy.build_cnn"]["value"]["losses"]
    assert losses and all(loss != loss for loss in losses)  # NaN from the first epoch on


@pytest.mark.slow
def test_a_learning_rate_that_makes_the_loss_nan_is_named(attack):
    graded = attack("a04_nan_training", "04_training")
    # build_model's mistake costs build_model's check only: the pipeline is judged with the course's
    # build_model (docs/checks.md, "Points"); the student's own run, NaN from the first epoch, is
    # named for the instructor.
    expect(graded, {"build_model.public": "ok"}, score=36)
    pipeline = graded.check("pipeline.accuracy")
    assert pipeline.stand_ins == ["build_model"]
    assert "judged with the course's own `build_model`, because yours has a mistake" in pipeline.message
    assert "the learning rate is 1e+10, far too large (the loss became NaN)" in pipeline.detail


# =================================================================================================
# The challenge's held-out labels (04): out of reach of the worker that runs student code
# =================================================================================================

CHALLENGE_CHECKS = ("challenge.budget", "challenge.close", "challenge.accuracy")


def grade_challenge_only(course, folder: Path, name: str, assignment_id: str = "04_training"):
    from autograder.grading import grade_submission

    config = course.assignment(assignment_id)
    config = config.model_copy(update={"checks": [c for c in config.checks if c.id in CHALLENGE_CHECKS]})
    folder.mkdir()
    (folder / config.module).write_text(submission_text(name, assignment_id), encoding="utf-8")
    return grade_submission(course, config, folder)


def label_digest(labels) -> str:
    import hashlib

    import numpy as np

    return hashlib.sha256(np.asarray(labels[:1000]).astype(np.uint8).tobytes()).hexdigest()[:16]


def peeks(report, kind: str) -> list[str]:
    return [line.split(" ", 2)[2] for line in report.stdout.splitlines() if line.startswith(f"PEEK {kind} ")]


def assert_peek_saw_nothing_secret(report, held_out_labels, training_labels) -> None:
    """The attack searched (its searches ran and found the training labels: the search works) and
    never met the held-out labels, in memory, in files or in the grader's modules; no advantage: the
    reference's model keeps every challenge point."""
    assert report.score == 5, {c.id: c.message for c in report.checks}
    assert "PEEK pass done" in report.stdout and not peeks(report, "error"), report.stdout[-3000:]
    found = {line.split()[-1] for line in peeks(report, "memory")}
    assert label_digest(training_labels) in found, report.stdout[-3000:]  # what the search can see
    assert label_digest(held_out_labels) not in found, "the held-out labels were in the worker's memory"
    assert not any("t10k" in path or "held_out" in path for path in peeks(report, "file")), \
        peeks(report, "file")
    assert "autograder.held_out" not in " ".join(peeks(report, "modules")) and not peeks(report, "module")


@needs_own_user
def test_a_challenge_hunting_for_the_held_out_labels_finds_nothing_on_the_stand_in(course, tmp_path):
    """On the synthetic stand-in the held-out images come from a key the worker cannot read: the
    generator's own test split (which the attack makes) is not them."""
    from autograder.course import REPO_ROOT
    from autograder.datasets import synthetic_fashion_mnist
    from autograder.held_out import held_out_arrays

    report = grade_challenge_only(course, tmp_path / "peek", "a04_challenge_peek")
    _, held_out = held_out_arrays(None, 1000, REPO_ROOT / "solutions" / "04_training" / "training.py")
    training = synthetic_fashion_mnist(4000, 0).y_train
    assert_peek_saw_nothing_secret(report, held_out, training)
    assert label_digest(synthetic_fashion_mnist(0, 1000).y_test) != label_digest(held_out)


@pytest.mark.slow
@needs_own_user
def test_a_challenge_hunting_for_the_held_out_labels_finds_no_test_file_on_real_data(
        course, tmp_path, monkeypatch):
    """With IDX files named by the instructor, the worker's data folder holds the training files
    only: the attack finds the training labels' file and never the test labels' (t10k)."""
    import gzip
    import struct

    from autograder import paths
    from autograder.datasets import FILES, synthetic_fashion_mnist

    data = synthetic_fashion_mnist(4000, 1000, seed=7)
    folder = tmp_path / "idx"
    folder.mkdir()
    for key, name in FILES.items():
        array = getattr(data, key)
        header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
        with gzip.open(folder / name, "wb") as handle:
            handle.write(header + array.tobytes())
    monkeypatch.setenv("KERAS_COURSE_DATA", str(folder))
    monkeypatch.setattr(paths, "REFERENCE_CACHE", tmp_path / "reference")
    report = grade_challenge_only(course, tmp_path / "peek", "a04_challenge_peek")
    assert report.data_warning == ""
    assert_peek_saw_nothing_secret(report, data.y_test, data.y_train)
    assert any(path.endswith(FILES["y_train"]) for path in peeks(report, "file")), peeks(report, "file")


# =================================================================================================
# Generic attacks, against every assignment of course.yml
# =================================================================================================

# The everyday tests grade each attack on 01 (no Keras: fast) and on one Keras assignment, so
# that every assignment meets some attack; the slow tests run the whole matrix.
FAST = {
    "any_os_exit_import": {"01_data", "06_evaluate"},
    "any_endless_import": {"01_data", "04_training"},
    "any_exit_everywhere": {"01_data", "02_models", "03_compile"},
    "any_read_solution": {"01_data", "07_saving"},
    "any_linger": {"01_data", "05_cnn"},
}


def every_assignment(attack_name: str) -> list:
    return [pytest.param(assignment_id, id=assignment_id,
                         marks=() if assignment_id in FAST[attack_name] else pytest.mark.slow)
            for assignment_id in ASSIGNMENTS]


def stub_check(check) -> bool:
    """Checks of a module-level value (CLASS_NAMES) rather than a function: judged as the stub left it."""
    return check.target.isupper()


def test_every_assignment_meets_every_generic_attack_in_the_fast_tests_or_the_slow_ones():
    assert set(ASSIGNMENTS) == {"01_data", "02_models", "03_compile", "04_training", "05_cnn", "06_evaluate",
                                "07_saving"}
    assert set().union(*FAST.values()) == set(ASSIGNMENTS)
    assert sorted(p.stem for p in HOSTILE.glob("any_*.py")) == sorted(FAST)


@pytest.mark.parametrize("assignment_id", every_assignment("any_os_exit_import"))
def test_os_exit_at_import_scores_nothing_and_is_named(attack, assignment_id):
    graded = attack("any_os_exit_import", assignment_id)
    report = import_refused(graded)
    assert graded.run.import_error["status"] == protocol.CRASHED
    assert "exited with code 0" in graded.notes() and "no check could run" in graded.notes()
    assert all(check.message.startswith("not run: the process importing") for check in report.checks)
    valid_results(report)
    no_process_left(graded, marker=LINGER_MARKER)


@pytest.mark.parametrize("assignment_id", every_assignment("any_endless_import"))
def test_an_endless_loop_at_import_is_a_timeout_with_its_line(attack, assignment_id):
    graded = attack("any_endless_import", assignment_id, import_seconds=2.0)
    report = import_refused(graded)
    assert graded.run.import_error["status"] == protocol.TIMEOUT
    notes = graded.notes()
    assert "took longer than 2 s" in notes and "(timeout)" in notes
    assert "_steps += 1" in notes or "while True" in notes
    valid_results(report)
    no_process_left(graded, marker=LINGER_MARKER)


@pytest.mark.parametrize("assignment_id", every_assignment("any_exit_everywhere"))
def test_sys_exit_in_every_graded_function_costs_each_check_and_stops_nothing_else(attack, assignment_id):
    graded = attack("any_exit_everywhere", assignment_id)
    report = graded.report
    assert report.score == 0 and not report.grader_errors
    assert graded.run.workers == 1  # SystemExit never ended the worker: every check ran in it
    for check in report.checks:
        if stub_check(check):
            assert check.probe_status == protocol.OK, (check.id, check.message)
            continue
        assert check.probe_status == protocol.RAISED, (check.id, check.probe_status, check.message)
        if check.follows:  # the same sys.exit() line as an earlier check: said once, pointed at
            assert f"same mistake as the check {check.follows}" in check.message, (check.id, check.message)
            continue
        assert "SystemExit" in check.message and "asked Python to stop" in check.message, (check.id, check.message)
    valid_results(report)


@needs_own_user
@pytest.mark.parametrize("assignment_id", every_assignment("any_read_solution"))
def test_the_reference_solution_cannot_be_read_and_run(attack, assignment_id):
    graded = attack("any_read_solution", assignment_id)
    report = graded.report
    assert "read-solution solution: denied" in report.stdout
    assert "read-solution cache: denied" in report.stdout
    assert "LEAKED" not in report.stdout, report.stdout
    assert_all_not_implemented(report, except_targets=("CLASS_NAMES",))  # the stubs still stand
    valid_results(report)


@pytest.mark.parametrize("assignment_id", every_assignment("any_linger"))
def test_processes_left_running_after_import_do_not_survive_the_grading(attack, assignment_id):
    graded = attack("any_linger", assignment_id)
    report = graded.report
    assert_all_not_implemented(report, except_targets=("CLASS_NAMES",))
    valid_results(report)
    no_process_left(graded, marker=LINGER_MARKER)
