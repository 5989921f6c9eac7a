"""The sandbox's parts on their own: limits, the channel's cleaning, the sandbox user, clean-up."""

from __future__ import annotations

import os
from unittest import mock
import subprocess
import sys
import time

import psutil
import pytest

from autograder.sandbox import isolation, protocol
from autograder.sandbox.guard import Guard
from autograder.sandbox.limits import Limits

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (a sandbox user of its own)")


def test_limits_reject_nonsense_with_a_clear_error():
    with pytest.raises(ValueError, match="memory_mb must be a positive number"):
        Limits(memory_mb=0)
    with pytest.raises(ValueError, match=r"check_overrides\['a'\]"):
        Limits(check_overrides={"a": -1})
    assert Limits(memory_mb=2048).data_limit_mb == 8192
    assert Limits(memory_mb=4096).data_limit_mb == 16384


@pytest.mark.parametrize("raw", [
    None, "ok", {"status": "grader_error"}, {"status": "timeout"}, {"status": ["ok"]}, {},
])
def test_outcomes_the_worker_may_not_send_become_crashes(raw):
    cleaned = protocol.clean_outcome(raw)
    assert cleaned["status"] == protocol.CRASHED and cleaned["cause"] == protocol.CAUSE_CHANNEL


def test_outcomes_keep_only_known_fields_of_known_types():
    cleaned = protocol.clean_outcome({
        "status": "raised", "error_type": "X" * 999, "error_message": 12, "seconds": "slow",
        "student_frames": [{"line": "7", "function": None}, "junk", {"line": 3, "function": "f", "code": "x"}],
        "points": 99, "detail": "planted"})
    assert cleaned == {"status": "raised", "error_type": "X" * 200,
                       "student_frames": [{"line": 0, "function": "?", "code": ""},
                                          {"line": 3, "function": "f", "code": "x"}]}
    assert protocol.clean_outcome({"status": "ok"})["status"] == protocol.UNREADABLE


def test_channel_lines_that_are_not_events_are_ignored_even_when_deeply_nested():
    assert protocol.decode_line(b"[" * 100_000 + b"]" * 100_000) is None
    assert protocol.decode_line(b"\xff\xfe not json") is None
    assert protocol.decode_line(b'{"event": 3}') is None
    assert protocol.decode_line(b'{"event": "done", "token": "t"}') == {"event": "done", "token": "t"}


def test_the_guard_restores_what_was_replaced():
    import json

    import numpy as np

    guard = Guard()
    real_equal, real_dumps = np.array_equal, json.dumps
    np.array_equal = lambda a, b: True
    json.dumps = str
    try:
        assert sorted(guard.check()) == ["json.dumps", "numpy.array_equal"]
        assert np.array_equal is real_equal and json.dumps is real_dumps
        assert guard.check() == []
    finally:
        np.array_equal, json.dumps = real_equal, real_dumps


def test_the_mode_can_be_forced_and_is_checked(monkeypatch):
    monkeypatch.setenv(isolation.MODE_VARIABLE, "none")
    assert isolation.sandbox_mode() == "none"
    monkeypatch.setenv(isolation.MODE_VARIABLE, "chroot")
    with pytest.raises(isolation.SandboxError, match="not a sandbox mode"):
        isolation.sandbox_mode()


def test_secrets_are_listed_for_hiding():
    paths = isolation.protected_paths()
    names = {os.path.basename(p) for p in paths["folders"]}
    assert {"solutions", "reference", "tests"} <= names
    assert any(p.endswith("a01_data.py") for p in paths["suites"])


@root_only
def test_two_leases_never_share_a_uid():
    first, second = isolation.UidLease(), isolation.UidLease()
    try:
        assert first.acquire() != second.acquire()
        assert first.uid >= isolation.UID_BASE
    finally:
        first.release()
        second.release()


def test_grading_processes_side_by_side_search_the_sandbox_uids_from_different_places():
    orders = {}
    for pid in (4242, 4243, 31337):
        with mock.patch.object(isolation.os, "getpid", return_value=pid):
            orders[pid] = isolation._slots_in_search_order()
    assert all(sorted(order) == list(range(isolation.UID_SLOTS)) for order in orders.values())  # every slot once
    assert len({order[0] for order in orders.values()}) == 3


def test_protecting_by_mode_takes_away_group_and_other_access(tmp_path):
    secret = tmp_path / "solutions"
    secret.mkdir(mode=0o755)
    os.chmod(secret, 0o755)
    suite = tmp_path / "a01_data.py"
    suite.write_text("hidden = True")
    os.chmod(suite, 0o644)
    link = tmp_path / "link"
    link.symlink_to(suite)
    assert isolation.protect_by_mode([str(secret), str(suite), str(link)]) == [str(secret), str(suite)]
    assert secret.stat().st_mode & 0o777 == 0o700 and suite.stat().st_mode & 0o777 == 0o600
    assert isolation.protect_by_mode([str(secret), str(suite), str(tmp_path / "gone")]) == []


def test_unreachable_paths_are_named(tmp_path):
    closed = tmp_path / "closed"
    (closed / "python").mkdir(parents=True)
    os.chmod(closed, 0o700)
    problems = isolation.unreachable_for_others([str(closed / "python")])
    assert problems and str(closed) in problems[0]


@root_only
def test_every_process_of_the_sandbox_user_is_killed_and_its_leftovers_removed(tmp_path):
    with isolation.UidLease() as lease:
        uid = lease.uid
        leftover = f"/tmp/kgrade-test-leftover-{os.getpid()}"
        os.mkdir(leftover)
        os.chown(leftover, uid, uid)
        sleepers = [subprocess.Popen(["sleep", "600"], user=uid, group=uid, extra_groups=[],
                                     start_new_session=True) for _ in range(3)]
        try:
            assert isolation.kill_processes(uid=uid) == 3
            for sleeper in sleepers:  # psutil may have reaped them already: ask the kernel
                assert not psutil.pid_exists(sleeper.pid) or psutil.Process(sleeper.pid).status() == "zombie"
            assert leftover in isolation.remove_leftovers(uid)  # with any left by a grader that was killed
            assert not os.path.exists(leftover)
        finally:
            for sleeper in sleepers:
                sleeper.kill()
            if os.path.exists(leftover):
                os.rmdir(leftover)


def test_processes_found_by_tag_or_given_are_killed_with_their_children():
    tag = os.urandom(4).hex()
    env = {**os.environ, isolation.RUN_TAG_VARIABLE: tag}
    tagged = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], env=env)
    parent = subprocess.Popen([sys.executable, "-c", "import subprocess, time; subprocess.Popen(['sleep', '600']); "
                               "time.sleep(600)"])
    try:
        deadline = time.monotonic() + 10
        while not psutil.Process(parent.pid).children() and time.monotonic() < deadline:
            time.sleep(0.05)
        child = psutil.Process(parent.pid).children()[0]
        watched = [psutil.Process(tagged.pid), psutil.Process(parent.pid), child]
        assert isolation.kill_processes(tag=tag, processes=[watched[1]]) == 3
        for process in watched:
            assert not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    finally:
        tagged.kill()
        parent.kill()


def test_a_killed_process_left_a_zombie_by_its_parent_counts_as_ended_at_once():
    """The sweep does not wait its whole timeout for zombies that another process must reap."""
    parent = subprocess.Popen([sys.executable, "-c", "import subprocess, time; subprocess.Popen(['sleep', '600']); "
                               "time.sleep(600)"])  # never reaps its child
    try:
        deadline = time.monotonic() + 10
        while not psutil.Process(parent.pid).children() and time.monotonic() < deadline:
            time.sleep(0.05)
        child = psutil.Process(parent.pid).children()[0]
        child.kill()
        while child.status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
            time.sleep(0.01)
        started = time.monotonic()
        isolation._wait_until_dead([child], timeout=30)
        assert time.monotonic() - started < 5  # psutil.wait_procs would wait all 30 s here
    finally:
        parent.kill()
        parent.wait()


def test_disk_usage_counts_bytes_and_entries(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 100_000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 50_000)
    used, entries, too_deep = isolation.disk_usage([str(tmp_path)], max_entries=100)
    assert used >= 150_000 and entries == 4 and not too_deep


def _nest(root, depth: int, name: str = "d" * 200) -> None:
    start = os.open(".", os.O_RDONLY)
    try:
        os.chdir(root)
        for _ in range(depth):
            os.mkdir(name)
            os.chdir(name)
        with open("bottom.txt", "w") as handle:
            handle.write("x")
    finally:
        os.fchdir(start)
        os.close(start)


def test_folders_nested_past_path_max_and_the_recursion_limit_are_tamed(tmp_path):
    import shutil

    _nest(tmp_path, 3000)
    assert isolation.disk_usage([str(tmp_path)], max_entries=10**6)[2] is True
    moved = isolation.tame_tree(str(tmp_path))
    assert moved > 0
    depths = [depth for _, _, _, depth in isolation._walk(str(tmp_path), 10**6)]
    assert max(depths) <= isolation.MAX_DEPTH + 1 and len(depths) == 3001
    assert isolation.disk_usage([str(tmp_path)], max_entries=10**6)[2] is False
    shutil.rmtree(tmp_path)  # recursion-bound code works again


@root_only
def test_taming_gives_every_entry_to_the_owner_and_never_follows_links(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not mine")
    tree = tmp_path / "tree"
    tree.mkdir()
    _nest(tree, 40, name="d")
    (tree / "link").symlink_to(outside)
    isolation.tame_tree(str(tree), 61999, 61999)
    owners = {info.st_uid for _, _, info, _ in isolation._walk(str(tree), 10**6)}
    assert owners == {61999} and os.lstat(tree).st_uid == 61999
    assert outside.stat().st_uid == 0


def test_a_worker_that_cannot_start_is_a_grader_error_not_a_crash(tmp_path, monkeypatch):
    from autograder.course import REPO_ROOT
    from autograder.sandbox import runner

    isolation.sandbox_mode()  # decided before Popen is broken (deciding starts a process)
    monkeypatch.setenv("KERAS_COURSE_WORKERS", "fresh")  # a fresh interpreter; the template's twin: test_template_pool
    module = tmp_path / "tensors.py"
    module.write_bytes((REPO_ROOT / "solutions" / "01_data" / "tensors.py").read_bytes())

    def broken(*args, **kwargs):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(runner.subprocess, "Popen", broken)
    run = runner.run_probes(assignment="01_data", module_file=str(module), module_name="tensors",
                            probes=["table_shape.public", "class_name.public"], scratch=str(tmp_path),
                            limits=Limits())
    assert {o["status"] for o in run.probes.values()} == {protocol.GRADER_ERROR}
    assert "Too many open files" in run.probes["table_shape.public"]["detail"]
