"""The grader's side of the trust boundary: start a worker, watch it, kill it, collect plain data.

Student code runs only in the worker (see :mod:`autograder.sandbox.worker`), isolated as far as
this machine allows (:mod:`autograder.sandbox.isolation`). The runner enforces the time budget
of each phase (start, import, each probe: wall-clock time, or CPU seconds of the worker's processes
for a check the course times that way, with its wall-clock budget as a ceiling), the memory budget of the worker and everything it
spawns, caps on printed output and on disk use, and accepts from the worker only well-ordered
events that carry the session's token, reduced to known fields of known types. When a worker
dies or is killed in the middle of a probe, that probe alone is charged; a fresh worker runs the
probes that remain. After every worker, every process it started is killed.
"""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

import psutil

from autograder.sandbox import isolation, protocol, template
from autograder.sandbox.limits import Limits

POLL_SECONDS = 0.2
DISK_POLL_SECONDS = 1.0
GAP_SECONDS = 20.0  # the worker's own work between two probes
DONE_GRACE_SECONDS = 2.0
DUMP_WAIT_SECONDS = 0.5  # how long a timed-out worker gets to write where it was
DUMP_BYTES = 64 * 1024
# What shapes the workers' arithmetic besides the code: part of the reference values' key
# (grading._reference_key), so that a change here never meets values computed the old way.
# - oneDNN off: the same kernels on every x86 machine, and no start-up notice in the worker's output.
# - One intra-op thread: these small models gain almost nothing from a second thread per kernel
#   (measured on two cores: 05 graded in one worker, 10.9 s against 10.7 s), while its spinning
#   costs 15-20% more CPU; the second core does more as a second worker (probe groups, --jobs 2):
#   04 graded in two groups used 12.2 CPU s instead of 15.9 and took 7.5 s instead of 9.5 (medians).
#   One thread also makes every sum's order the same whatever the machine's core count.
ARITHMETIC = {"TF_ENABLE_ONEDNN_OPTS": "0", "TF_NUM_INTRAOP_THREADS": "1"}


@dataclass
class RunOutcome:
    """What happened when a submission's probes ran: one outcome dict per probe."""

    probes: dict[str, dict] = field(default_factory=dict)
    import_error: dict | None = None
    stdout: str = ""
    stderr: str = ""
    dropped_output_bytes: int = 0
    seconds: float = 0.0
    workers: int = 0  # workers started one after the other (1 + restarts; the most of any group)
    groups: int = 1  # workers that ran at the same time, each with its own probes (sandbox/groups.py)
    notes: list[str] = field(default_factory=list)  # for the instructor
    sandbox: str = ""  # the isolation mode: full, uid or none
    sandbox_uid: int | None = None  # the user student code ran as (full and uid modes)
    workers_kind: str = ""  # "template" (forked from the warm template) or "fresh" (new interpreters)
    import_seconds: float | None = None  # what the import budget's clock measured (the first import)


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

    @property
    def total(self) -> int:
        return len(self.kept) + self.dropped

    def text(self) -> str:
        return self.kept.decode("utf-8", "replace")


def child_environment(scratch: str, run_tag: str = "") -> dict[str, str]:
    """A small, predictable environment: quiet TensorFlow, no GPU, home inside the scratch folder."""
    keep = ("PATH", "LANG", "LC_ALL", "TZ")  # no data locations: the grader hands data over (data_dir)
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update({
        "HOME": scratch,
        "TMPDIR": scratch,
        "USER": "student",  # the sandbox user has no passwd entry; getpass.getuser() reads these
        "LOGNAME": "student",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        **ARITHMETIC,
        "CUDA_VISIBLE_DEVICES": "",
        "KERAS_BACKEND": "tensorflow",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": os.path.join(scratch, ".matplotlib"),  # its font cache: the view's only writable folder
        "OMP_NUM_THREADS": "2",
    })
    if run_tag:
        env[isolation.RUN_TAG_VARIABLE] = run_tag
    return env


def run_probes(*, assignment: str, module_file: str | None, module_name: str, probes: list[str],
               scratch: str, limits: Limits, settings: dict | None = None,
               workers: str = "template", suite: str | None = None,
               same_run: dict[str, str] | None = None) -> RunOutcome:
    """Run ``probes`` of ``assignment`` against ``module_file`` in fresh, isolated workers, forked
    from the warm template or new interpreters (``workers``: the course's ``grading.workers``).

    ``suite`` names another suite than the assignment's (``registry.GRADER_SUITES``); with
    ``module_file`` None the worker imports no module (the challenge's evaluator). ``same_run``
    maps probes judged from one run of the same work (the challenge's training) to a shared key:
    when the grader stops one of them, the others still pending are charged the same stop
    (``same_run_as``) instead of starting that work again in a new worker.
    """
    outcome = RunOutcome()
    started = time.monotonic()
    try:
        box = _Sandbox(scratch)
    except (isolation.SandboxError, OSError) as error:
        _mark(outcome, list(probes), protocol.GRADER_ERROR,
              reason="the grader could not isolate student code", detail=str(error))
        outcome.notes.append(f"sandbox: {error}")
        return outcome
    outcome.sandbox, outcome.sandbox_uid = box.mode, box.uid
    if box.mode in isolation.EXPOSED:
        outcome.notes.append(isolation.EXPOSED[box.mode])
    box.template = _warm_template(box.mode, assignment, outcome, workers)
    try:
        _run_workers(outcome, box, assignment, module_file, module_name, probes, scratch, limits,
                     settings or {}, _TotalClock(started, limits), suite, same_run or {})
    finally:
        outcome.notes.extend(box.close())
    outcome.seconds = round(time.monotonic() - started, 3)
    return outcome


def _warm_template(mode: str, assignment: str, outcome: RunOutcome,
                   configured: str) -> "template.Template | None":
    """The template to fork workers from, or None for fresh interpreters; the report says which."""
    use, why = template.choice(mode, configured)
    if use:
        try:
            warm = template.shared_template(template.flavour_for(assignment))
        except (template.TemplateError, OSError) as error:
            use, why = False, f"the warm template could not start ({error})"
    outcome.workers_kind = "template" if use else "fresh"
    if use:
        imported = "TensorFlow and Keras" if warm.flavour == template.KERAS else "numpy"
        outcome.notes.append(f"workers: forked from the warm template (pid {warm.process.pid}), which had "
                             f"imported {imported} once; a new child for every worker, never reused")
        return warm
    outcome.notes.append(f"workers: fresh interpreters, one per worker: {why}")
    return None


class _TotalClock:
    """The submission's total time budget, shared by its workers.

    Wall-clock time, except that a check timed in CPU seconds is charged its CPU seconds when they
    are fewer than its wall time (on a busy machine the grader's training waits for a core; that
    wait is not the student's), and never more than ``limits.total_ceiling_seconds`` of wall time
    in all, so that code that sleeps in such a check still ends.
    """

    def __init__(self, started: float, limits: Limits):
        self.started, self.limit, self.ceiling = started, limits.total_seconds, limits.total_ceiling_seconds
        self.credit = 0.0  # wall seconds of CPU-timed checks not charged

    def ran_out(self, now: float, waiting: float = 0.0) -> bool:
        """``waiting``: the running CPU-timed check's wall seconds so far beyond its CPU seconds."""
        elapsed = now - self.started
        return elapsed - self.credit - waiting >= self.limit or elapsed >= self.ceiling


def _run_workers(outcome: RunOutcome, box: "_Sandbox", assignment, module_file, module_name, probes,
                 scratch, limits: Limits, settings: dict, total: _TotalClock, suite: str | None = None,
                 same_run: dict[str, str] | None = None) -> None:
    stdout, stderr = _Capped(limits.output_bytes), _Capped(limits.output_bytes)
    source_lines = _source_lines(module_file) if module_file else []
    forged = 0
    pending = list(probes)
    try:
        while pending:
            if outcome.workers > limits.max_restarts:
                _mark(outcome, pending, protocol.NOT_RUN,
                      reason=f"the grader stopped after {outcome.workers} workers had crashed or timed out")
                break
            if total.ran_out(time.monotonic()):
                _mark(outcome, pending, protocol.NOT_RUN,
                      reason=f"the submission's total time budget of {limits.total_seconds:g} s ran out")
                break
            outcome.workers += 1
            session = _Session(assignment, module_file, module_name, pending, scratch, limits, settings,
                               total, stdout, stderr, box, source_lines, suite, same_run)
            try:
                session.run()
                box.after_worker(limits, module_file)
            except Exception:  # noqa: BLE001 - the grader's own failure: report it, finish normally
                import traceback

                outcome.probes.update(session.results)
                _mark(outcome, [p for p in pending if p not in outcome.probes], protocol.GRADER_ERROR,
                      reason="the grader failed while running the worker", detail=traceback.format_exc()[-4000:])
                break
            forged += session.forged_lines
            if outcome.import_seconds is None:
                outcome.import_seconds = session.import_seconds
            outcome.notes.extend(session.notes)
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
    finally:
        outcome.stdout, outcome.stderr = stdout.text(), stderr.text()
        outcome.dropped_output_bytes = stdout.dropped + stderr.dropped
    if forged:
        outcome.notes.append(f"{forged} line(s) on the grader's private channel did not come from the grader "
                             "(student code wrote to an inherited file descriptor); they were ignored")


def _mark(outcome: RunOutcome, probes: list[str], status: str, **fields) -> None:
    for probe in probes:
        outcome.probes.setdefault(probe, {"status": status, **fields})


def _source_lines(module_file: str) -> list[str]:
    """The student's source, read before their code runs (it could replace the file later)."""
    try:
        with open(module_file, "rb") as handle:
            return handle.read(4 * 2**20).decode("utf-8", "replace").splitlines()
    except OSError:
        return []


class _Sandbox:
    """The isolation of one submission's run: its mode, its user, and the clean-up after it."""

    def __init__(self, scratch: str):
        self.mode = isolation.sandbox_mode()
        self.scratch = scratch
        self.uid: int | None = None
        self.run_tag = os.urandom(8).hex()
        self.template: template.Template | None = None  # fork workers from it; None: fresh interpreters
        self.hidden: list[str] = []
        self._lease: isolation.UidLease | None = None
        self.notes: list[str] = []
        if self.mode == "none":
            return
        paths = isolation.protected_paths()
        self.hidden = paths["folders"] + paths["suites"]
        if self.mode == "uid":
            problems = isolation.unreachable_for_others(isolation.worker_paths())
            if problems:
                raise isolation.SandboxError(
                    "the sandbox user could not run Python: " + "; ".join(problems) + ". Install Python and "
                    "the project where other users can read them, or allow namespaces (mode full).")
            changed = isolation.protect_by_mode(paths["folders"] + paths["suites"])
            if changed:
                self.notes.append("sandbox: made readable to their owner only: " + ", ".join(changed))
        self._lease = isolation.UidLease()
        self.uid = self._lease.acquire()
        try:
            isolation.tame_tree(scratch, self.uid, self.uid)
            os.chmod(scratch, 0o700)
        except BaseException:
            self._lease.release()
            raise

    def spec(self) -> dict:
        return {"mode": self.mode, "uid": self.uid, "gid": self.uid, "hidden": self.hidden}

    def kill_everything(self, processes=(), spare=()) -> int:
        if self.mode == "none":
            return isolation.kill_processes(processes=processes, tag=self.run_tag, spare=spare)
        return isolation.kill_processes(uid=self.uid, processes=processes, spare=spare)

    def disk_paths(self) -> list[str]:
        paths = [self.scratch]
        if self.mode == "uid" and self.uid is not None:
            scratch = os.path.realpath(self.scratch)
            for folder in isolation.SHARED_TMP_DIRS:
                paths.extend(p for p in isolation.owned_entries(folder, self.uid)
                             if os.path.realpath(p) != scratch)
        return paths

    def close(self) -> list[str]:
        """Kill what is left, take back the scratch folder, remove leftovers, free the uid."""
        notes = list(self.notes)
        if self._lease is None:
            killed = self.kill_everything()
            if killed:
                notes.append(f"sandbox: {killed} leftover process(es) of this run were killed at the end")
            self._tame_scratch(None, notes)
            return notes
        try:
            killed = self.kill_everything()
            if killed:
                notes.append(f"sandbox: {killed} leftover process(es) of uid {self.uid} were killed at the end")
            self._tame_scratch(0, notes)  # first: the scratch folder is no leftover
            if self.mode == "uid":
                removed = isolation.remove_leftovers(self.uid)
                if removed:
                    notes.append("sandbox: removed what student code left in shared folders: " + ", ".join(removed[:10]))
        finally:
            self._lease.release()
        return notes


    def after_worker(self, limits: Limits, module_file: str) -> None:
        """Every process of the worker is dead: tidy the scratch folder before the next one.

        Folders nested too deep are flattened; if the files there exceed the disk budget, they
        are deleted (all but the submitted module), so that restarts cannot add up to many
        budgets' worth of disk.
        """
        self._tame_scratch(self.uid, self.notes)
        used, entries, _ = isolation.disk_usage([self.scratch], limits.max_files)
        if used <= limits.disk_mb * 2**20 and entries <= limits.max_files:
            return
        import shutil

        keep = os.path.basename(module_file) if module_file else None
        for entry in os.scandir(self.scratch):
            if entry.name == keep:
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
            except OSError:
                continue
        self.notes.append(f"sandbox: the scratch folder held {used / 2**20:.0f} MB in {entries} entries after a "
                          "worker; everything but the submitted module was deleted")

    def _tame_scratch(self, owner: int | None, notes: list[str]) -> None:
        """Give the scratch folder back (to root) and flatten folders nested absurdly deep."""
        if not os.path.isdir(self.scratch):
            return
        try:
            moved = isolation.tame_tree(self.scratch, owner, owner)
        except OSError as error:  # the grader must finish; the caller's clean-up may still manage
            notes.append(f"sandbox: the scratch folder could not be tidied: {error}")
            return
        if moved:
            notes.append(f"sandbox: {moved} folder(s) nested more than {isolation.MAX_DEPTH} deep were moved up "
                         "in the scratch folder")


class _Session:
    """One worker process, from start to its last descendant killed."""

    def __init__(self, assignment, module_file, module_name, probes, scratch, limits: Limits,
                 settings, total: _TotalClock, stdout: _Capped, stderr: _Capped, box: _Sandbox,
                 source_lines: list[str], suite: str | None = None, same_run: dict[str, str] | None = None):
        self.assignment, self.module_file, self.module_name = assignment, module_file, module_name
        self.suite = suite
        self.probes, self.scratch, self.limits, self.settings = probes, scratch, limits, settings
        self.total = total
        self.same_run = same_run or {}
        # The running probe's clocks: its start, its CPU budget (None: wall clock only), the worker's
        # CPU seconds when it started and what it has used since; which clock stopped it.
        self.probe_started = 0.0
        self.cpu_budget: float | None = None
        self.cpu_at_start = 0.0
        self.cpu_used = 0.0
        self.stopped_by = ""
        self.stdout, self.stderr = stdout, stderr
        self.box = box
        self.source_lines = source_lines
        self.results: dict[str, dict] = {}
        self.import_error: dict | None = None
        self.import_seconds: float | None = None
        self.import_started = 0.0
        self.failed_to_start = False
        self.phase = "startup"
        self.current_probe: str | None = None
        self.deadline = time.monotonic() + limits.startup_seconds
        self.channel_buffer = bytearray()
        self.channel_bytes = 0
        self.token: str | None = None
        self.forged_lines = 0
        self.channel_tampered = False
        self.kill_reason: str | None = None
        self.kill_detail = ""
        self.peak_memory_mb = 0.0
        self.dump = _Capped(DUMP_BYTES)
        self.seen: dict[int, psutil.Process] = {}  # every process of this worker seen while polling
        self.notes: list[str] = []
        self.done = False
        self._stderr_start = len(stderr.kept)
        self._disk_baseline: tuple[int, int] | None = None

    def stderr_tail(self) -> str:
        tail = self.stderr.kept[self._stderr_start:].decode("utf-8", "replace")[-4000:]
        if self.kill_reason:
            tail += f"\n(the grader stopped the worker: {self.kill_reason})"
        return tail

    # -- running -----------------------------------------------------------------------------
    def run(self) -> None:
        read_fd, write_fd = os.pipe()
        dump_read, dump_write = os.pipe()
        spec = {
            "assignment": self.suite or self.assignment, "module_file": self.module_file,
            "module_name": self.module_name, "probes": self.probes, "scratch": self.scratch,
            "settings": self.settings, "channel_fd": write_fd, "dump_fd": dump_write,
            "data_dir": self.settings.get("data_dir"),  # read-only, staged by the grader (data_sources)
            "file_bytes": self.limits.file_mb * 2**20, "data_bytes": self.limits.data_limit_mb * 2**20,
            "open_files": self.limits.open_files, "max_processes": self.limits.max_processes,
            "memory_mb": self.limits.memory_mb, "printed_bytes": self.limits.printed_mb * 2**20,
            "sandbox": self.box.spec(),
        }
        try:
            try:
                self.process = self._start(spec, write_fd, dump_write)
            finally:
                os.close(write_fd)
                os.close(dump_write)
            try:
                self._watch(read_fd, dump_read)
            finally:
                self._kill_all()
        finally:
            os.close(read_fd)
            os.close(dump_read)
        self._settle()

    def _start(self, spec: dict, channel_fd: int, dump_fd: int):
        """A new worker process: forked from the warm template, or a fresh interpreter."""
        env = child_environment(self.scratch, self.box.run_tag)
        if self.box.template is not None:
            return self.box.template.launch(spec, env, self.scratch, channel_fd, dump_fd)
        return subprocess.Popen(
            [sys.executable, "-m", "autograder.sandbox.worker", json.dumps(spec)],
            cwd=self.scratch, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            pass_fds=(channel_fd, dump_fd), start_new_session=True, close_fds=True,
        )

    def _watch(self, read_fd: int, dump_read: int) -> None:
        selector = selectors.DefaultSelector()
        streams = {self.process.stdout.fileno(): self.stdout, self.process.stderr.fileno(): self.stderr,
                   dump_read: self.dump}
        for fd in streams:
            selector.register(fd, selectors.EVENT_READ)
        selector.register(read_fd, selectors.EVENT_READ)
        open_fds = set(streams) | {read_fd}
        exited_at: float | None = None
        next_memory_poll = next_disk_poll = 0.0
        while open_fds:
            now = time.monotonic()
            if self.done or self.process.poll() is not None:
                exited_at = exited_at or now
                if now - exited_at > DONE_GRACE_SECONDS:
                    break  # descendants may hold the pipes open; they are killed next
            elif now >= self.deadline or self.total.ran_out(now, self._waiting(now)):
                self.kill_reason = protocol.TIMEOUT
                self.stopped_by = "wall" if now >= self.deadline else "total"
                self._dump_stacks(dump_read)
                break
            if now >= next_memory_poll:
                next_memory_poll = now + POLL_SECONDS
                processes = self._descendants()
                if self._over_memory(processes):
                    self.kill_reason = protocol.MEMORY
                    break
                if self._over_cpu(processes):
                    self.kill_reason, self.stopped_by = protocol.TIMEOUT, "cpu"
                    self._dump_stacks(dump_read)
                    break
            if now >= next_disk_poll:
                next_disk_poll = now + DISK_POLL_SECONDS
                if self._over_disk():
                    self.kill_reason = protocol.CAUSE_DISK
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
            # Output is not a crime: past the budget it is counted and dropped (_Capped), never a
            # reason to end the worker; the time budget ends a module that does nothing but print.
            if self.kill_reason:
                break
        selector.close()

    def _on_channel(self, chunk: bytes) -> None:
        self.channel_bytes += len(chunk)
        if self.channel_bytes > self.limits.channel_bytes:
            self.kill_reason = protocol.CAUSE_CHANNEL
            return
        self.channel_buffer += chunk
        while b"\n" in self.channel_buffer:
            line, _, rest = self.channel_buffer.partition(b"\n")
            self.channel_buffer = bytearray(rest)
            event = protocol.decode_line(bytes(line))
            if event is None:
                self.forged_lines += 1
                continue
            if self.token is None and self.phase == "startup" and event["event"] == "ready" \
                    and isinstance(event.get("token"), str) and len(event["token"]) >= 32:
                self.token = event["token"]
            if self.token is None or event.get("token") != self.token:
                self.forged_lines += 1
                continue
            self._on_event(event)

    def _on_event(self, event: dict) -> None:
        now = time.monotonic()
        kind = event["event"]
        if kind == "ready" and self.phase == "startup":
            self.phase, self.deadline = "ready", now + GAP_SECONDS
        elif kind == "importing" and self.phase == "ready":
            self.phase, self.deadline = "import", now + self.limits.import_seconds
            self.import_started = now
        elif kind == "imported" and self.phase == "import":
            self.import_seconds = round(now - self.import_started, 3)
            self.phase, self.deadline = "between", now + GAP_SECONDS
        elif kind == "import_failed" and self.phase == "import":
            self.import_error = protocol.clean_import_error(event)
            self.phase = "finished"
        elif kind == "start" and self.phase == "between" and event.get("probe") in self.probes \
                and event.get("probe") not in self.results:
            self.current_probe = event["probe"]
            self.phase, self.deadline = "probe", now + self.limits.seconds_for(self.current_probe)
            self.probe_started, self.cpu_used = now, 0.0
            self.cpu_budget = self.limits.cpu_seconds_for(self.current_probe)
            if self.cpu_budget is not None:
                self.cpu_at_start = _cpu_seconds(self._descendants())
        elif kind == "result" and self.phase == "probe" and event.get("probe") == self.current_probe:
            self.results[self.current_probe] = protocol.clean_outcome(event.get("outcome"))
            self._end_probe(now)
            self.current_probe = None
            self.phase, self.deadline = "between", now + GAP_SECONDS
        elif kind == "done" and self.phase == "between":
            self.phase, self.done = "finished", True
        else:
            # Out of order, with the right token: the worker never does this, so student code is
            # writing through the grader's own channel writer. Nothing from this worker is trusted.
            self.forged_lines += 1
            self.channel_tampered = True

    # -- watching ----------------------------------------------------------------------------
    def _descendants(self) -> list[psutil.Process]:
        try:
            root = psutil.Process(self.process.pid)
            found = [root, *root.children(recursive=True)]
        except psutil.Error:
            return []
        for process in found:
            self.seen.setdefault(process.pid, process)
        return found

    def _waiting(self, now: float) -> float:
        """A CPU-timed probe's wall seconds so far beyond its CPU seconds (not charged to the total)."""
        if self.phase != "probe" or self.cpu_budget is None:
            return 0.0
        return max(0.0, (now - self.probe_started) - self.cpu_used)

    def _end_probe(self, now: float) -> None:
        """The probe ended (a result, or the worker stopped): credit the total with its waiting."""
        if self.cpu_budget is not None:
            self.cpu_used = max(self.cpu_used, _cpu_seconds(self._descendants()) - self.cpu_at_start)
        self.total.credit += self._waiting(now)

    def _over_cpu(self, processes: list[psutil.Process]) -> bool:
        """Whether the running probe has used up its CPU seconds (the worker's processes together)."""
        if self.phase != "probe" or self.cpu_budget is None:
            return False
        self.cpu_used = max(self.cpu_used, _cpu_seconds(processes) - self.cpu_at_start)
        return self.cpu_used > self.cpu_budget

    def _over_memory(self, processes: list[psutil.Process]) -> bool:
        resident = 0
        for process in processes:
            try:
                resident += process.memory_info().rss
            except psutil.Error:
                continue
        limit = self.limits.memory_mb * 2**20
        if resident <= limit:
            self.peak_memory_mb = max(self.peak_memory_mb, resident / 2**20)
            return False
        # Resident sizes count pages shared by forked processes once per process: measure
        # each process's proportional share instead before deciding.
        proportional = 0
        for process in processes:
            try:
                proportional += process.memory_full_info().pss
            except psutil.Error:
                continue
        self.peak_memory_mb = max(self.peak_memory_mb, proportional / 2**20)
        return proportional > limit

    def _over_disk(self) -> bool:
        """Growth since this worker started: what earlier workers left is not charged twice."""
        used, entries, too_deep = isolation.disk_usage(self.box.disk_paths(), self.limits.max_files * 2)
        if too_deep:
            self.kill_detail = f"folders nested more than {2 * isolation.MAX_DEPTH} deep"
            return True
        if self._disk_baseline is None:
            self._disk_baseline = (used, entries)
        used, entries = used - self._disk_baseline[0], entries - self._disk_baseline[1]
        if used > self.limits.disk_mb * 2**20:
            self.kill_detail = f"{used / 2**20:.0f} MB on disk"
            return True
        if entries > self.limits.max_files:
            self.kill_detail = f"more than {self.limits.max_files} files"
            return True
        return False

    def _student_process(self) -> psutil.Process | None:
        """The process that runs the probes: the oldest child of the worker's init process."""
        try:
            init = psutil.Process(self.process.pid).children()
            candidates = [child for process in init for child in process.children()]
            return min(candidates, key=lambda p: p.create_time()) if candidates else None
        except psutil.Error:
            return None

    def _dump_stacks(self, dump_read: int) -> None:
        """Ask a worker that ran out of time where it is (faulthandler writes its stack)."""
        student = self._student_process()
        if student is None:
            return
        try:
            student.send_signal(signal.SIGUSR2)
        except psutil.Error:
            return
        give_up = time.monotonic() + DUMP_WAIT_SECONDS
        selector = selectors.DefaultSelector()
        selector.register(dump_read, selectors.EVENT_READ)
        try:
            while time.monotonic() < give_up:
                if not selector.select(timeout=0.1 if self.dump.total else DUMP_WAIT_SECONDS / 5):
                    if self.dump.total:
                        break
                    continue
                chunk = os.read(dump_read, 65536)
                if not chunk:
                    break
                self.dump.add(chunk)
        except OSError:
            pass
        finally:
            selector.close()

    def _kill_all(self) -> None:
        if self.phase == "probe" and self.current_probe:
            self._end_probe(time.monotonic())  # its CPU seconds, read before anything is killed
        victims = {**self.seen, **{p.pid: p for p in self._descendants()}}.values()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        # The worker itself is ours to reap (its exit status tells how the student process
        # ended): the sweep must not collect it, or Popen would never learn that status.
        killed = self.box.kill_everything(victims, spare=(self.process.pid,))
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.notes.append(f"sandbox: worker {self.process.pid} did not end within 10 s of SIGKILL")
        for stream in (self.process.stdout, self.process.stderr):
            stream.close()
        if killed > 3 and not self.kill_reason:
            self.notes.append(f"sandbox: {killed} process(es) were still running after the worker ended")

    # -- what it means -----------------------------------------------------------------------
    def _where(self) -> list[dict]:
        """The student's frames in the stack dump, innermost last (as tracebacks list them)."""
        text = self.dump.text()
        current = text.split("Current thread", 1)[-1] if "Current thread" in text else text
        frames = []
        for match in re.finditer(r'File "(.*)", line (\d+) in (\S+)', current):
            if not self.module_file or os.path.abspath(match.group(1)) != os.path.abspath(self.module_file):
                continue
            number = int(match.group(2))
            code = self.source_lines[number - 1].strip()[:200] if 0 < number <= len(self.source_lines) else ""
            frames.append({"line": number, "function": match.group(3), "code": code})
        return list(reversed(frames))[-10:]

    def _settle(self) -> None:
        """Turn how the worker ended into outcomes for the probe or import it was in."""
        if self.channel_tampered:
            for probe in self.results:
                self.results[probe] = {"status": protocol.TAMPERED, "names": ["the grader's private channel"]}
            self.notes.append("sandbox: events arrived out of order with the session's token: student code "
                              "wrote through the grader's channel writer; this worker's results were discarded")
        code = self.process.returncode
        details = {"exit_code": code, "peak_memory_mb": round(self.peak_memory_mb, 1),
                   "stderr_tail": self.stderr_tail()[-2000:], "workers_pid": self.process.pid}
        if self.kill_reason == protocol.TIMEOUT:
            how = {"status": protocol.TIMEOUT, "student_frames": self._where(),
                   "traceback": self.dump.text()[-6000:]}
        elif self.kill_reason == protocol.MEMORY:
            how = {"status": protocol.MEMORY, "memory_mb": self.limits.memory_mb}
        elif self.kill_reason == protocol.CAUSE_DISK:
            how = {"status": protocol.CRASHED, "cause": protocol.CAUSE_DISK, "disk_mb": self.limits.disk_mb,
                   "reason": f"its files in the scratch folder grew past the grader's budget of "
                             f"{self.limits.disk_mb} MB or {self.limits.max_files} files ({self.kill_detail})"}
        elif self.kill_reason == protocol.CAUSE_CHANNEL:
            how = {"status": protocol.CRASHED, "cause": protocol.CAUSE_CHANNEL,
                   "reason": "it sent back more data than the grader accepts"}
        else:
            how = {"status": protocol.CRASHED, **_describe_exit(code)}
        how["details"] = details
        summary = (f"the grader's view: {how.get('reason') or how['status']}; worker exit code {code}; "
                   f"peak memory {details['peak_memory_mb']} MB\n--- end of stderr ---\n{details['stderr_tail']}")
        how["traceback"] = (how.get("traceback", "") + "\n" + summary).strip()  # for the instructor
        if self.phase == "probe" and self.current_probe:
            if how["status"] == protocol.TIMEOUT:
                how.update(self._timeout_facts())
            self.results[self.current_probe] = how
            self._charge_same_run(how)
        elif self.phase in ("import", "ready"):
            if how["status"] == protocol.TIMEOUT:
                how["seconds_limit"] = self.limits.import_seconds
            self.import_error = {"error_type": None, **how}
        elif self.phase == "startup":  # no student code has run yet: the grader's own problem
            self.failed_to_start = True
        elif self.phase == "between" and not self.done:
            # Died between probes, e.g. a thread it left behind called os._exit: charge the next one.
            remaining = [p for p in self.probes if p not in self.results]
            if remaining:
                if how["status"] == protocol.TIMEOUT:
                    how["seconds_limit"] = GAP_SECONDS
                self.results[remaining[0]] = {**how, "between_probes": True}


    def _timeout_facts(self) -> dict:
        """Which clock stopped the running probe, and its numbers (the student's message words them)."""
        facts = {"seconds_limit": self.limits.seconds_for(self.current_probe), "stopped_by": self.stopped_by or "wall"}
        if self.stopped_by == "total":
            facts["total_seconds_limit"] = self.limits.total_seconds
        if self.cpu_budget is not None:
            facts.update(cpu_seconds_limit=self.cpu_budget, cpu_seconds=round(self.cpu_used, 1))
        return facts

    def _charge_same_run(self, how: dict) -> None:
        """Probes judged from the same run as the one just stopped are charged the same stop."""
        key = self.same_run.get(self.current_probe)
        if not key:
            return
        for probe in self.probes:
            if probe not in self.results and self.same_run.get(probe) == key:
                self.results[probe] = {**how, "same_run_as": self.current_probe}


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    """CPU seconds (user and system) of ``processes`` and of the children they have reaped.

    The worker's supervisor is a child subreaper, so the time of every process that ended inside
    the worker is counted by the time it is reaped.
    """
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system + getattr(times, "children_user", 0.0) + getattr(times, "children_system", 0.0)
    return total


def _describe_exit(code: int | None) -> dict:
    if code is None:
        return {"cause": protocol.CAUSE_SIGNAL, "reason": "it did not stop"}
    if code == -signal.SIGXFSZ:
        return {"cause": protocol.CAUSE_DISK, "reason": "it tried to write a file larger than the grader allows"}
    if code == -signal.SIGSEGV:
        return {"cause": protocol.CAUSE_SEGFAULT, "reason": "it crashed with a segmentation fault"}
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return {"cause": protocol.CAUSE_SIGNAL, "reason": f"it was killed by {name}", "signal": name}
    return {"cause": protocol.CAUSE_EXIT, "reason": f"it exited with code {code}", "exit_code": code}
