"""A submission's probe groups (autograder/sandbox/groups.py): independent trainings in workers of
their own at the same time, each isolated like any worker, with the same outcomes as in one."""

from __future__ import annotations

import dataclasses
import json
import os
import time

import pytest

from autograder.checks.registry import load_suite
from autograder.sandbox import groups, protocol
from autograder.sandbox.limits import Limits
from autograder.sandbox.runner import RunOutcome
from conftest import needs_own_user, reference_source


def test_the_challenge_trains_in_a_group_of_its_own_with_04s_pipeline_beside_the_other_trainings():
    suite = load_suite("04_training")
    main, apart = groups.probe_groups("04_training", suite.ids())
    assert apart == ["pipeline.accuracy", "challenge.budget", "challenge.close", "challenge.accuracy"]
    assert "train.history" in main and "train.accuracy" in main  # they share one training: one group
    assert groups.probe_groups("05_cnn", load_suite("05_cnn").ids())[1] == \
        ["challenge.budget", "challenge.close", "challenge.accuracy"]


def test_suites_without_groups_and_probes_of_one_group_stay_in_one_worker():
    assert groups.probe_groups("01_data", load_suite("01_data").ids()) == [load_suite("01_data").ids()]
    assert groups.probe_groups("05_cnn", ["challenge.budget", "challenge.close"]) == \
        [["challenge.budget", "challenge.close"]]


@pytest.mark.parametrize("assignment, apart", [
    ("02_models", ["some_model.structure", "some_model.forward", "some_model.hidden", "multi_input.structure",
                   "multi_input.forward", "multi_output.structure", "multi_output.forward"]),
    ("03_compile", ["compile_classifier.hidden"]),
    ("06_evaluate", ["evaluate_model.public", "evaluate_model.hidden"]),
    ("07_saving", ["save_subclassed_weights.public", "save_subclassed_weights.hidden_name",
                   "save_subclassed_weights.plain_h5", "load_subclassed_weights.public",
                   "load_subclassed_weights.hidden", "some_model.get_config"]),
])
def test_probes_that_share_nothing_with_the_rest_run_beside_them(assignment, apart):
    main, beside = groups.probe_groups(assignment, load_suite(assignment).ids())
    assert beside == apart and not set(main) & set(apart) and main


def test_each_group_is_handed_on_once_its_worker_is_gone_before_the_outcomes_are_merged(tmp_path, monkeypatch):
    (tmp_path / "module.py").write_text("")
    seen = []

    def one_worker(*, probes, scratch, **_):
        with open(os.path.join(scratch, f"trained-{probes[0]}"), "w") as handle:
            handle.write(probes[0])
        return RunOutcome(probes={probe: {"status": protocol.OK, "value": probe} for probe in probes})

    def after_worker(outcome, folder):
        seen.append((sorted(outcome.probes), sorted(os.listdir(folder))))
        for probe in outcome.probes:  # changed in place, as the held-out measurement does
            outcome.probes[probe] = {**outcome.probes[probe], "measured": folder}

    monkeypatch.setattr(groups, "run_in_one_worker", one_worker)
    merged = groups._run_groups([["a"], ["b", "c"]], str(tmp_path), str(tmp_path / "module.py"),
                                {"module_file": str(tmp_path / "module.py")}, after_worker)
    assert sorted(seen) == [(["a"], ["module.py", "trained-a"]), (["b", "c"], ["module.py", "trained-b"])]
    assert merged.probes["a"]["measured"] == str(tmp_path)  # the first group works in the run's own folder
    assert merged.probes["b"]["measured"] == merged.probes["c"]["measured"] != str(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["module.py", "trained-a", "trained-b"]


def test_groups_take_only_the_cores_no_other_grading_of_this_process_uses(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(groups, "_busy", 0)
    assert groups._claim(1) == 1  # a student graded alone: the second core takes the second group
    assert groups._claim(1) == 0  # a second student at once (grade --jobs 2): one worker each
    groups._release(3)
    assert groups._busy == 0
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert groups._claim(1) == 0


def test_merged_outcome_counts_workers_in_turn_keeps_the_imports_output_once_and_says_what_ran_apart():
    first = RunOutcome(probes={"a": {"status": protocol.OK}}, stdout="imported\nfirst probe\n", workers=1,
                       notes=["workers: forked from the warm template"], sandbox_uid=61001)
    second = RunOutcome(probes={"b": {"status": protocol.TIMEOUT}}, stdout="imported\nsecond probe\n", workers=2,
                        notes=["workers: forked from the warm template", "restarted"], sandbox_uid=61002,
                        dropped_output_bytes=5, seconds=3.0)
    merged = groups.merge([first, second], [["a"], ["b"]])
    assert merged.probes == {"a": {"status": protocol.OK}, "b": {"status": protocol.TIMEOUT}}
    assert merged.stdout == "imported\nfirst probe\nsecond probe\n"
    assert (merged.workers, merged.groups, merged.dropped_output_bytes, merged.sandbox_uid) == (2, 2, 5, 61001)
    assert merged.notes.count("workers: forked from the warm template") == 1 and "restarted" in merged.notes
    assert any("probes b ran in a worker of their own" in note and "61002" in note for note in merged.notes)


def test_a_failed_import_in_a_group_is_the_runs_import_error():
    failed = {"error_type": "SyntaxError"}
    merged = groups.merge([RunOutcome(), RunOutcome(import_error=failed)], [["a"], ["b"]])
    assert merged.import_error == failed


def test_a_groups_files_replace_the_first_groups_and_links_are_moved_not_followed(tmp_path):
    first, second, outside = tmp_path / "first", tmp_path / "second", tmp_path / "outside"
    for folder in (first, second, outside):
        folder.mkdir()
    (first / "module.py").write_text("first")
    (first / "challenge-models").mkdir()
    (first / "challenge-models" / "epoch-1.keras").write_text("planted by another group")
    (second / "module.py").write_text("second")
    (second / "challenge-models").mkdir()
    (second / "challenge-models" / "epoch-1.keras").write_text("trained")
    (outside / "secret").write_text("never read")
    (second / "link").symlink_to(outside)
    groups._move_files(str(second), str(first), "module.py")
    assert (first / "module.py").read_text() == "first"
    assert (first / "challenge-models" / "epoch-1.keras").read_text() == "trained"
    assert os.readlink(first / "link") == str(outside) and (outside / "secret").exists()
    assert sorted(os.listdir(second)) == ["module.py"]


STUDENT = '''
import os
MINE = "mine-" + os.urandom(8).hex()  # pids repeat: each worker has a PID namespace
open(MINE, "w").close()
print("imported")
def _seen(n, *more):
    return (os.getuid(), sorted(name for name in os.listdir(".") if name.startswith("mine-")))
table_shape = sequence_shape = _seen
'''


@needs_own_user
def test_each_group_is_a_worker_of_its_own_user_and_files_and_outcomes_are_those_of_one_worker(tmp_path, monkeypatch):
    suite = load_suite("01_data")
    moved = dataclasses.replace(suite["sequence_shape.public"], worker_group="apart")
    monkeypatch.setitem(suite._checks, "sequence_shape.public", moved)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    probes = ["table_shape.public", "sequence_shape.public"]

    def run(module_text: str, name: str) -> RunOutcome:
        scratch = tmp_path / name
        scratch.mkdir()
        (scratch / "tensors.py").write_text(module_text)
        return groups.run_probes(assignment="01_data", module_file=str(scratch / "tensors.py"), module_name="tensors",
                                 probes=probes, scratch=str(scratch), limits=Limits())

    apart = run(STUDENT, "apart")
    assert apart.groups == 2 and apart.workers == 1 and apart.workers_kind == "template"
    seen = {probe: apart.probes[probe]["value"]["items"] for probe in probes}
    uids = {probe: items[0]["value"] for probe, items in seen.items()}
    files = {probe: [item["value"] for item in items[1]["items"]] for probe, items in seen.items()}
    assert uids["table_shape.public"] != uids["sequence_shape.public"]  # two sandbox users
    assert all(len(names) == 1 for names in files.values()) and files["table_shape.public"] != files["sequence_shape.public"]
    assert apart.stdout.count("imported") == 1
    assert any("ran in a worker of their own" in note for note in apart.notes)

    reference = reference_source("01_data", "tensors.py")
    together_env = pytest.MonkeyPatch()
    together_env.setenv(groups.GROUPS_VARIABLE, "off")
    try:
        together = run(reference, "together")
    finally:
        together_env.undo()
    both = run(reference, "both")
    assert (together.groups, both.groups) == (1, 2)

    def values(outcome: RunOutcome) -> dict:
        return {probe: {k: v for k, v in result.items() if k != "seconds"} for probe, result in outcome.probes.items()}

    assert values(both) == values(together)


HELD_OUT_SEEKER = '''
import glob, json, os, time
_own_build_cnn = build_cnn
_SEEN = {"found": [], "from": None, "to": None}


def _look():
    found = []
    for pattern in ("/tmp/*/held_out.npz", "/tmp/*/*/held_out.npz", "/var/tmp/*/held_out.npz",
                    "/proc/[0-9]*/cwd/held_out.npz", "/proc/[0-9]*/root/tmp/*/held_out.npz"):
        for path in glob.glob(pattern):
            try:
                with open(path, "rb") as handle:
                    handle.read(16)
                found.append(path)
            except OSError:
                pass
    return found


def build_cnn():
    if _SEEN["from"] is None:  # the first probe of the worker that does not train the challenge
        _SEEN["from"] = time.time()
        while time.time() < _SEEN["from"] + 40:  # the challenge trains in 5 s alone, 25 s under load
            _SEEN["found"] += [path for path in _look() if path not in _SEEN["found"]]
            time.sleep(0.02)
        _SEEN["to"] = time.time()
        print("SOUGHT " + json.dumps(_SEEN))
    return _own_build_cnn()
'''


@pytest.mark.slow  # 45 s: the other worker looks for forty seconds
@needs_own_user
def test_the_held_out_images_measured_while_the_students_other_worker_runs_stay_out_of_its_reach(
        grade_with_limits, monkeypatch):
    """The evaluator starts as soon as the challenge's worker is gone, while the same student's other
    group still runs: that worker, under another sandbox user, never reaches the held-out file."""
    from autograder import held_out

    measured = []
    original = held_out.run_probes

    def timed(**kwargs):
        started = time.time()
        outcome = original(**kwargs)
        measured.append((started, time.time()))
        return outcome

    monkeypatch.setattr(held_out, "run_probes", timed)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(groups, "_busy", 0)
    source = reference_source("05_cnn", "cnn.py") + "\n" + HELD_OUT_SEEKER
    graded = grade_with_limits("05_cnn", "seeker", source.encode(), check_seconds=120.0, total_seconds=400.0)
    line = next(line for line in graded.report.stdout.splitlines() if line.startswith("SOUGHT "))
    sought = json.loads(line[len("SOUGHT "):])
    assert graded.run.groups == 2 and len(measured) == 1
    (started, ended), = measured
    assert sought["from"] < started and ended < sought["to"], "the evaluator ran while the other worker looked"
    assert sought["found"] == []
    assert all(check.points == check.max_points for check in graded.report.checks if check.id.startswith("challenge."))
