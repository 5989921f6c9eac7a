"""The grader's side of the trust boundary: start a worker, watch it, kill it, collect plain data.

Student code runs only in the worker (a child process in its own session). The runner enforces
the time budget of each phase (start, import, each probe), the memory budget of the worker and
everything it spawns, and caps on output. When a worker dies or is killed in the middle of a
probe, that probe alone is charged; a fresh worker runs the probes that remain.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

import psutil

from autograder.sandbox import protocol
from autograder.sandbox.limits import Limits

POLL_SECONDS = 0.2
GAP_SECONDS = 20.0  # the worker's own work between two probes
DONE_GRACE_SECONDS = 2.0


@dataclass
class RunOutcome:
    """What happened when a submission's probes ran: one outcome dict per probe."""

    probes: dict[str, dict] = field(default_factory=dict)
    import_error: dict | None = None
    stdout: str = ""
    stderr: str = ""
    dropped_output_bytes: int = 0
    seconds: float = 0.0
    workers: int = 0
    notes: list[str] = field(default_factory=list)


class _Capped:
    """Keeps the first ``limit`` bytes of a stream and counts the rest."""

    def __init__(self, limit: int):
        self.limit = limit
        self.kept = bytearray()
        self.dropped = 0

    def add(self, chunk: bytes) -> None:
        room = self.limit - len(self.kept)
        if room > 0:
            self.kept += chunk[:room]
        self.dropped += max(0, len(chunk) - max(room, 0))

    def text(self) -> str:
        return self.kept.decode("utf-8", "replace")


def child_environment(scratch: str) -> dict[str, str]:
    """A small, predictable environment: quiet TensorFlow, no GPU, home inside the scratch folder."""
    keep = ("PATH", "LANG", "LC_ALL", "TZ", "KERAS_COURSE_DATA", "KERAS_COURSE_OFFLINE")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update({
        "HOME": scratch,
        "TMPDIR": scratch,
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "CUDA_VISIBLE_DEVICES": "",
        "KERAS_BACKEND": "tensorflow",
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": "2",
    })
    return env


def run_probes(*, assignment: str, module_file: str, module_name: str, probes: list[str],
               scratch: str, limits: Limits, settings: dict | None = None) -> RunOutcome:
    """Run ``probes`` of ``assignment`` against ``module_file`` in fresh workers."""
    outcome = RunOutcome()
    started = time.monotonic()
    total_deadline = started + limits.total_seconds
    stdout, stderr = _Capped(limits.output_bytes), _Capped(limits.output_bytes)
    pending = list(probes)
    while pending:
        if outcome.workers > limits.max_restarts:
            _mark(outcome, pending, protocol.NOT_RUN,
                  reason=f"the grader stopped after {outcome.workers} workers had crashed or timed out")
            break
        if time.monotonic() >= total_deadline:
            _mark(outcome, pending, protocol.NOT_RUN,
                  reason=f"the submission's total time budget of {limits.total_seconds:g} s ran out")
            break
        outcome.workers += 1
        session = _Session(assignment, module_file, module_name, pending, scratch, limits,
                           settings or {}, total_deadline, stdout, stderr)
        session.run()
        outcome.probes.update(session.results)
        if session.import_error is not None:
            outcome.import_error = session.import_error
            _mark(outcome, [p for p in pending if p not in outcome.probes], protocol.IMPORT_FAILED)
            break
        if session.failed_to_start:
            _mark(outcome, [p for p in pending if p not in outcome.probes], protocol.GRADER_ERROR,
                  reason="the grader's worker process could not start", detail=session.stderr_tail())
            break
        pending = [p for p in pending if p not in outcome.probes]
    outcome.stdout, outcome.stderr = stdout.text(), stderr.text()
    outcome.dropped_output_bytes = stdout.dropped + stderr.dropped
    outcome.seconds = round(time.monotonic() - started, 3)
    return outcome


def _mark(outcome: RunOutcome, probes: list[str], status: str, **fields) -> None:
    for probe in probes:
        outcome.probes.setdefault(probe, {"status": status, **fields})


class _Session:
    """One worker process, from start to its last descendant killed."""

    def __init__(self, assignment, module_file, module_name, probes, scratch, limits: Limits,
                 settings, total_deadline, stdout: _Capped, stderr: _Capped):
        self.assignment, self.module_file, self.module_name = assignment, module_file, module_name
        self.probes, self.scratch, self.limits, self.settings = probes, scratch, limits, settings
        self.total_deadline = total_deadline
        self.stdout, self.stderr = stdout, stderr
        self.results: dict[str, dict] = {}
        self.import_error: dict | None = None
        self.failed_to_start = False
        self.phase = "startup"
        self.current_probe: str | None = None
        self.deadline = time.monotonic() + limits.startup_seconds
        self.channel_buffer = bytearray()
        self.channel_bytes = 0
        self.kill_reason: str | None = None
        self.peak_rss_mb = 0.0
        self.done = False
        self._stderr_start = len(stderr.kept)

    def stderr_tail(self) -> str:
        return self.stderr.kept[self._stderr_start:].decode("utf-8", "replace")[-4000:]

    # -- running -----------------------------------------------------------------------------
    def run(self) -> None:
        read_fd, write_fd = os.pipe()
        spec = {
            "assignment": self.assignment, "module_file": self.module_file,
            "module_name": self.module_name, "probes": self.probes, "scratch": self.scratch,
            "settings": self.settings, "channel_fd": write_fd,
            "file_bytes": self.limits.file_mb * 1024 * 1024,
        }
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "autograder.sandbox.worker", json.dumps(spec)],
                cwd=self.scratch, env=child_environment(self.scratch), stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=(write_fd,),
                start_new_session=True, close_fds=True,
            )
        finally:
            os.close(write_fd)
        try:
            self._watch(read_fd)
        finally:
            self._kill_all()
            os.close(read_fd)
        self._settle()

    def _watch(self, read_fd: int) -> None:
        selector = selectors.DefaultSelector()
        streams = {self.process.stdout.fileno(): self.stdout, self.process.stderr.fileno(): self.stderr}
        for fd in streams:
            selector.register(fd, selectors.EVENT_READ)
        selector.register(read_fd, selectors.EVENT_READ)
        open_fds = set(streams) | {read_fd}
        exited_at: float | None = None
        next_memory_poll = 0.0
        while open_fds:
            now = time.monotonic()
            if self.done or self.process.poll() is not None:
                exited_at = exited_at or now
                if now - exited_at > DONE_GRACE_SECONDS:
                    break  # descendants may hold the pipes open; they are killed next
            elif now >= min(self.deadline, self.total_deadline):
                self.kill_reason = protocol.TIMEOUT
                break
            if now >= next_memory_poll:
                next_memory_poll = now + POLL_SECONDS
                if self._over_memory():
                    self.kill_reason = protocol.MEMORY
                    break
            for key, _ in selector.select(timeout=POLL_SECONDS):
                fd = key.fd
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    selector.unregister(fd)
                    open_fds.discard(fd)
                    continue
                if fd == read_fd:
                    self._on_channel(chunk)
                    if self.kill_reason:
                        break
                else:
                    streams[fd].add(chunk)
            if self.kill_reason:
                break
        selector.close()

    def _on_channel(self, chunk: bytes) -> None:
        self.channel_bytes += len(chunk)
        if self.channel_bytes > self.limits.channel_bytes:
            self.kill_reason = "channel_overflow"
            return
        self.channel_buffer += chunk
        while b"\n" in self.channel_buffer:
            line, _, rest = self.channel_buffer.partition(b"\n")
            self.channel_buffer = bytearray(rest)
            event = protocol.decode_line(bytes(line))
            if event is not None:
                self._on_event(event)

    def _on_event(self, event: dict) -> None:
        now = time.monotonic()
        kind = event["event"]
        if kind == "ready" and self.phase == "startup":
            self.phase, self.deadline = "ready", now + GAP_SECONDS
        elif kind == "importing" and self.phase == "ready":
            self.phase, self.deadline = "import", now + self.limits.import_seconds
        elif kind == "imported" and self.phase == "import":
            self.phase, self.deadline = "between", now + GAP_SECONDS
        elif kind == "import_failed" and self.phase == "import":
            self.import_error = {k: v for k, v in event.items() if k != "event"}
            self.phase = "finished"
        elif kind == "start" and self.phase == "between" and event.get("probe") in self.probes:
            self.current_probe = event["probe"]
            self.phase, self.deadline = "probe", now + self.limits.seconds_for(self.current_probe)
        elif (kind == "result" and self.phase == "probe" and event.get("probe") == self.current_probe
              and isinstance(event.get("outcome"), dict)):
            self.results[self.current_probe] = event["outcome"]
            self.current_probe = None
            self.phase, self.deadline = "between", now + GAP_SECONDS
        elif kind == "done" and self.phase == "between":
            self.phase, self.done = "finished", True
        # Anything else is out of order (or forged by student code) and is ignored.

    def _descendants(self) -> list[psutil.Process]:
        try:
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.Error:
            return []

    def _over_memory(self) -> bool:
        total = 0
        for process in self._descendants():
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        self.peak_rss_mb = max(self.peak_rss_mb, total / 2**20)
        return total > self.limits.memory_mb * 2**20

    def _kill_all(self) -> None:
        victims = self._descendants()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for process in victims:
            try:
                process.kill()
            except psutil.Error:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.process.stdout, self.process.stderr):
            stream.close()

    # -- what it means -----------------------------------------------------------------------
    def _settle(self) -> None:
        """Turn how the worker ended into outcomes for the probe or import it was in."""
        code = self.process.returncode
        if self.kill_reason == protocol.TIMEOUT:
            how = {"status": protocol.TIMEOUT}
        elif self.kill_reason == protocol.MEMORY:
            how = {"status": protocol.MEMORY, "memory_mb": self.limits.memory_mb}
        elif self.kill_reason == "channel_overflow":
            how = {"status": protocol.CRASHED, "reason": "it sent back more data than the grader accepts"}
        else:
            how = {"status": protocol.CRASHED, "reason": _describe_exit(code)}
        if self.phase == "probe" and self.current_probe:
            seconds = (self.limits.seconds_for(self.current_probe)
                       if how["status"] == protocol.TIMEOUT else None)
            self.results[self.current_probe] = {**how, "seconds_limit": seconds}
        elif self.phase in ("import", "ready"):
            if how["status"] == protocol.TIMEOUT:
                how["seconds_limit"] = self.limits.import_seconds
            self.import_error = {"error_type": None, **how}
        elif self.phase == "startup":
            self.failed_to_start = True
        elif self.phase == "between" and not self.done:
            # Died between probes, e.g. a thread it left behind called os._exit: charge the next one.
            remaining = [p for p in self.probes if p not in self.results]
            if remaining:
                self.results[remaining[0]] = {**how, "between_probes": True}


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "it did not stop"
    if code == -signal.SIGXFSZ:
        return "it tried to write a file larger than the grader allows"
    if code == -signal.SIGSEGV:
        return "it crashed with a segmentation fault"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"it was killed by {name}"
    return f"it exited with code {code}"
