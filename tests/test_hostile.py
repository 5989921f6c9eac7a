"""Attacks on the grader that start processes or touch files, each a submission in tests/hostile/.

What every test holds the grader to: it finishes and reports; a check that did not really pass
scores zero while the checks an attack does not touch keep their points; the student is told
what happened (timeout, memory, exit, ...); nothing outside the scratch folder changes; no
process of the run survives it. Attacks through values and errors are in test_hostile_values.py
(tests/hostile_support.py says why the two are apart).

Some guarantees need the full sandbox (root with namespaces: see docs/security.md); those tests
are skipped, with the reason, where the grader cannot give it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from autograder.course import REPO_ROOT
from autograder.sandbox import isolation, protocol
from autograder.sandbox.limits import Limits
from conftest import needs_full, needs_own_user, no_process_left
from hostile_support import FULL_MARKS, all_notes, expect, hostile, submission_bytes  # noqa: F401 - hostile is a fixture


# -- escapes -----------------------------------------------------------------------------------

def test_ignored_signals_do_not_stop_the_timeout(hostile):
    graded = hostile("signal_handlers")
    expect(graded, {"table_shape": protocol.TIMEOUT}, score=25)
    assert "timeout" in graded.check("table_shape.public").message
    no_process_left(graded)


def test_threads_left_running_neither_block_nor_survive(hostile):
    graded = hostile("threads_left_running")
    expect(graded, {}, score=FULL_MARKS)
    assert "still here" in graded.report.stdout
    no_process_left(graded)


# -- resources ---------------------------------------------------------------------------------

# Forking 200 children of a worker takes about a second alone: these budgets leave room for a busy
# machine (what they test is the clean-up and the process limit, not the time budget).
FORKING = {"check_seconds": 6.0}


def test_hundreds_of_sleeping_children_are_all_killed(hostile):
    graded = hostile("many_processes", **FORKING)
    expect(graded, {}, score=FULL_MARKS)  # the answers were right; the children cost nothing but time
    no_process_left(graded)


@needs_own_user
def test_a_fork_bomb_hits_the_process_limit_and_is_cleaned_up(hostile):
    graded = hostile("fork_bomb", max_processes=128, **FORKING)
    expect(graded, {"sequence_shape": protocol.RAISED}, score=25)
    assert "too many processes" in graded.check("sequence_shape.public").message
    no_process_left(graded)


def test_a_memory_hog_is_stopped_and_told_so(hostile):
    graded = hostile("memory_hog", memory_mb=400, check_seconds=10.0)
    expect(graded, {"normalize_images": protocol.MEMORY}, score=24)
    message = graded.check("normalize_images.public").message
    assert "more than 400 MB of memory" in message and "(out of memory)" in message


def test_memory_used_by_a_child_process_counts_too(hostile):
    graded = hostile("memory_in_child", memory_mb=400, check_seconds=10.0)
    expect(graded, {"split_validation": protocol.MEMORY}, score=24)


def test_filling_the_disk_is_stopped(hostile):
    graded = hostile("disk_fill", disk_mb=64, check_seconds=10.0)
    expect(graded, {"split_validation": protocol.CRASHED}, score=24)
    outcome = graded.run.probes["split_validation.public"]
    assert outcome["cause"] == protocol.CAUSE_DISK
    assert "64 MB" in graded.check("split_validation.public").message
    assert any("everything but the submitted module was deleted" in note for note in graded.run.notes)


def test_a_file_over_the_size_limit_cannot_be_written(hostile):
    graded = hostile("big_file", file_mb=16)
    expect(graded, {"train_test_split": protocol.RAISED}, score=22)
    assert "File too large" in graded.check("train_test_split.public").message


def test_a_correct_module_that_floods_its_output_is_graded_in_full_and_told_what_was_dropped(hostile):
    graded = hostile("output_flood", printed_mb=8)
    expect(graded, {}, score=FULL_MARKS)  # output is not a crime
    assert len(graded.report.stdout) <= 20000 and graded.run.dropped_output_bytes > 0
    assert "spam spam" in graded.report.stdout
    assert ("Your code printed more than 8 MB of output. The grader kept the first 256 KB and dropped the "
            "rest; printing costs no points") in all_notes(graded)


def test_a_module_that_does_nothing_but_print_is_ended_by_its_time_budget(hostile):
    graded = hostile("output_forever")
    assert graded.report.score == 0
    assert "took longer than 3 s" in all_notes(graded) and "(timeout)" in all_notes(graded)
    assert "printed more than" in all_notes(graded)


def test_folders_nested_thousands_deep_are_stopped_and_cannot_break_the_clean_up(hostile):
    graded = hostile("deep_folders", check_seconds=6.0)
    expect(graded, {"table_shape": protocol.CRASHED}, score=25)
    assert "nested more than 64 deep" in graded.check("table_shape.public").message
    no_process_left(graded)


# -- nothing outside the scratch folder; nothing after the grading -------------------------------

PLANTED = ["/tmp/kgrade-escaped.txt", "/tmp/kgrade-hostile-planted.txt", "/var/tmp/kgrade-hostile-planted.txt",
           "/dev/shm/kgrade-hostile-planted.txt", "/tmp/kgrade-hostile-linger-was-here"]


@pytest.fixture
def canaries(tmp_path):
    for path in PLANTED:
        if os.path.exists(path):
            os.remove(path)
    files = {}
    for number in range(3):
        path = tmp_path / f"kgrade-canary-{number}.txt"
        path.write_text(f"canary {number}")
        files[path] = path.read_text()
    yield files
    for path in PLANTED:
        if os.path.exists(path):
            os.remove(path)


def assert_untouched(canaries: dict) -> None:
    for path, text in canaries.items():
        assert path.exists() and path.read_text() == text, f"{path} was changed"
    planted = [path for path in PLANTED if os.path.exists(path)]
    assert not planted, f"student code wrote outside its scratch folder: {planted}"


@needs_own_user
def test_files_outside_the_scratch_folder_stay_untouched(hostile, canaries):
    graded = hostile("canary_hunter")
    expect(graded, {"table_shape": "ok"}, score=25)
    assert_untouched(canaries)
    no_process_left(graded)


def _grade_with_cli(submission: Path, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KERAS_COURSE_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission), "-a", "01",
                           "--out", str(out)], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def _results(out: Path) -> dict:
    files = sorted(out.rglob("results.json"))
    assert [f.parent.name for f in files] == ["submission"], files
    return json.loads(files[0].read_text())


@needs_own_user
def test_planted_result_files_do_not_replace_the_graders(tmp_path, canaries):
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "tensors.py").write_bytes(submission_bytes("plant_results"))
    out = tmp_path / "kgrade-hostile-out"
    (out / "submission").mkdir(parents=True)
    (out / "submission" / "results.json").write_text('{"score": 27, "stale": true}')  # stale: replaced
    done = _grade_with_cli(submission, out)
    assert done.returncode == 0, done.stdout + done.stderr
    results = _results(out)
    assert results["score"] == 0 and "stale" not in results and results["output"] != "planted"
    assert len(results["tests"]) == 23
    assert not (out / "planted").exists()
    assert_untouched(canaries)


@needs_own_user
def test_a_process_left_behind_cannot_rewrite_results_later(tmp_path, canaries):
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "tensors.py").write_bytes(submission_bytes("linger_rewrite"))
    out = tmp_path / "kgrade-hostile-out"
    done = _grade_with_cli(submission, out)
    assert done.returncode == 0, done.stdout + done.stderr
    before = (out / "submission" / "results.json").read_text()
    time.sleep(2.5)  # the lingering process would have woken after 1.5 s
    assert (out / "submission" / "results.json").read_text() == before
    assert json.loads(before)["score"] == 0
    assert_untouched(canaries)
    survivors = [p.pid for p in psutil.process_iter(["cmdline"]) if "kgrade-hostile-linger" in " ".join(p.info["cmdline"] or [])]
    assert not survivors


def test_a_lingering_process_is_killed_in_every_mode(hostile, monkeypatch, canaries):
    """Even without a sandbox user (mode none), the worker's subreaper and the run's tag find it."""
    monkeypatch.setenv(isolation.MODE_VARIABLE, "none")
    graded = hostile("linger_rewrite")
    assert graded.run.sandbox == "none"
    assert graded.report.score == 0
    time.sleep(2.0)
    assert_untouched(canaries)
    no_process_left(graded, marker="kgrade-hostile-linger")


def test_timeouts_hold_without_a_sandbox_user_too(hostile, monkeypatch):
    monkeypatch.setenv(isolation.MODE_VARIABLE, "none")
    graded = hostile("sleeping")  # one check that hangs (infinite_loop hangs five: the same path, 5 times longer)
    expect(graded, {"video_batch_shape": protocol.TIMEOUT}, score=25)
    assert "time.sleep(3600)" in graded.check("video_batch_shape.public").message


def test_children_are_killed_without_a_sandbox_user_too(hostile, monkeypatch):
    monkeypatch.setenv(isolation.MODE_VARIABLE, "none")
    graded = hostile("many_processes", **FORKING)
    expect(graded, {}, score=FULL_MARKS)
    no_process_left(graded)


# -- the sandbox's own guarantees --------------------------------------------------------------

@needs_full
def test_student_code_runs_as_an_unprivileged_user_in_its_own_namespaces(tmp_path):
    from autograder.sandbox.runner import run_probes

    module = tmp_path / "tensors.py"
    module.write_text("import os\n"
                      "def table_shape(a, b):\n"
                      "    return repr((os.getuid(), os.getgid(), os.getgroups(), os.getpid(),\n"
                      "                 sorted(p for p in os.listdir('/proc') if p.isdigit()), os.listdir('/tmp'),\n"
                      f"                 readable({str(REPO_ROOT / 'solutions')!r})))\n"
                      "def readable(folder):\n"
                      "    try:\n"
                      "        return os.listdir(folder)\n"
                      "    except OSError as error:\n"
                      "        return type(error).__name__\n")
    run = run_probes(assignment="01_data", module_file=str(module), module_name="tensors",
                     probes=["table_shape.public"], scratch=str(tmp_path), limits=Limits(check_seconds=5))
    uid, gid, groups, pid, pids, tmp, solutions = eval(run.probes["table_shape.public"]["value"]["value"])  # noqa: S307
    assert run.sandbox == "full" and uid == run.sandbox_uid == gid and uid >= isolation.UID_BASE
    assert groups == [] and pid == 2 and pids == ["1", "2"]
    # /tmp is private: only the ways to the scratch folder and to Python itself (a checkout's .venv)
    ways = {Path(p).resolve().parts[2] for p in (tmp_path, sys.prefix) if Path(p).resolve().parts[1] == "tmp"}
    assert sorted(tmp) == sorted(ways)
    assert solutions in ("PermissionError", "FileNotFoundError", [])  # wherever the checkout lies
    assert os.stat(tmp_path).st_uid == 0  # given back to root once the run is over


def test_forcing_the_uid_mode_where_python_is_unreachable_is_a_clear_grader_error(hostile, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("the uid mode needs root")
    if not isolation.unreachable_for_others(isolation.worker_paths()):
        pytest.skip("here the sandbox user can reach Python, so the uid mode works")
    monkeypatch.setenv(isolation.MODE_VARIABLE, "uid")
    graded = hostile("eq_always_true")
    assert graded.report.score == 0
    assert {c.probe_status for c in graded.report.checks} == {protocol.GRADER_ERROR}
    assert "could not run Python" in graded.run.probes["table_shape.public"]["detail"]
