"""The child side: import the student's module, run the requested probes, report plain data.

Run as ``python -m autograder.sandbox.worker SPEC_JSON``, or forked from the warm template
(:mod:`autograder.sandbox.template`), which calls :func:`supervise` with the same spec. Either
way, three processes, each with one job:

* the **supervisor** (the process the runner started): in mode full it creates new PID, mount,
  network and IPC namespaces; it is a child subreaper, so every process student code leaves
  behind comes back to it and is killed; it ends with the student process's exit status, so the
  runner sees a plain exit code or signal; if the runner dies, it kills everything.
* the **init** process (PID 1 of the new namespace in mode full): reaps orphans and, when the
  student process ends, ends too; in mode full the kernel then kills whatever is left.
* the **student** process: sets up the file system view and the kernel limits as root, loads
  the check suite, becomes the sandbox user for good, and only then imports the student's module.
  Everything it needs to report (the channel writer, the probes) is set up before that import,
  and it leaves with ``os._exit`` so that no student ``atexit`` hook or thread can keep it alive.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import time
import traceback

from autograder.sandbox import attribution, isolation, preimports, protocol, view
from autograder.sandbox.absent_modules import import_with_stand_ins

STUDENT_FAILED = 3  # the worker itself failed before or outside student code


# -- supervisor ------------------------------------------------------------------------------

def main() -> None:
    supervise(json.loads(sys.argv[1]))


def supervise(spec: dict) -> None:
    """Become the supervisor of one worker (never returns). A fresh interpreter calls it from
    :func:`main`; a child forked from the warm template (:mod:`.template`) calls it directly."""
    box = spec.get("sandbox") or {"mode": "none"}
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    runner = os.getppid()
    try:
        if box["mode"] == "full":
            isolation.unshare(isolation.NAMESPACES)
        isolation.prctl(isolation.PR_SET_CHILD_SUBREAPER, 1)
        status_read, status_write = os.pipe()
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        init = os.fork()
    except BaseException:  # noqa: BLE001 - nothing started: say why and stop
        os.write(2, traceback.format_exc().encode("utf-8", "replace"))
        os._exit(STUDENT_FAILED)
    if init == 0:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        os.close(status_read)
        _init(spec, box, status_write)
    os.close(status_write)
    for fd in (spec["channel_fd"], spec.get("dump_fd")):
        if fd is not None:
            os.close(fd)
    init_status = _wait_for(init, runner)
    if box["mode"] == "full":
        _reap_until_empty()  # the namespace died with its init; collect what the kernel killed
    else:
        isolation.kill_children()
    status = _read_status(status_read, init_status)
    _leave_like(status)


def _wait_for(init: int, runner: int) -> int:
    """Wait for ``init`` while reaping orphans; if the runner disappears, kill the whole tree."""
    while True:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return 0
            if pid == 0:
                break
            if pid == init:
                return status
        if os.getppid() != runner:  # the grader died: nothing may outlive it
            try:
                os.kill(init, signal.SIGKILL)
            except ProcessLookupError:
                pass
        signal.sigtimedwait({signal.SIGCHLD}, 0.5)


def _reap_until_empty() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return
        except InterruptedError:
            continue


def _read_status(fd: int, fallback: int) -> int:
    try:
        text = os.read(fd, 64).decode("ascii", "replace").strip()
        return int(text) if text else fallback
    except (OSError, ValueError):
        return fallback


def _leave_like(status: int) -> None:
    """Exit the way the student process exited, so the runner can tell exit codes from signals."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            signal.signal(number, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {number})
            os.kill(os.getpid(), number)
        except (OSError, ValueError):
            pass
        os._exit(128 + number)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else STUDENT_FAILED)


# -- init ---------------------------------------------------------------------------------------

def _init(spec: dict, box: dict, status_write: int) -> None:
    try:
        isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)
        if box["mode"] != "full":
            isolation.prctl(isolation.PR_SET_CHILD_SUBREAPER, 1)
        init_pid = os.getpid()
        student = os.fork()
        if student == 0:
            os.close(status_write)
            _student(spec, box, init_pid)
        status = 0
        while True:
            try:
                pid, found = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            if pid == student:
                status = found
                break
        if box["mode"] != "full":
            isolation.kill_children()
        os.write(status_write, f"{status}\n".encode("ascii"))
    except BaseException:  # noqa: BLE001
        os.write(2, traceback.format_exc().encode("utf-8", "replace"))
        os._exit(STUDENT_FAILED)
    os._exit(0)


# -- the student process ------------------------------------------------------------------------

def _student(spec: dict, box: dict, init_pid: int) -> None:
    code = 0
    try:
        run(spec, box, init_pid)
    except BaseException:  # noqa: BLE001 - a failure of the worker itself, before student code
        os.write(2, traceback.format_exc().encode("utf-8", "replace"))
        code = STUDENT_FAILED
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - student code may have replaced the streams
            pass
    os._exit(code)


def _error_fields(error: BaseException, module_file: str) -> dict:
    # Read the way every probe reads what student code raised (one way: the kit's calling module).
    from autograder.checks.kit.calling import message_of, student_frames

    text = message_of(error, "<the error's message could not be read>", "<the error's message is not text>")
    try:
        formatted = "".join(traceback.format_exception(type(error), error, error.__traceback__))[-6000:]
    except BaseException:  # noqa: BLE001
        formatted = f"{type(error).__name__} (its traceback could not be formatted)"
    fields = {
        "error_type": type(error).__name__,
        "error_message": text[:2000],
        "student_frames": student_frames(error, module_file),
        "traceback": formatted,
    }
    if isinstance(error, SyntaxError):
        fields["student_frames"].append({"line": error.lineno or 0, "function": "<module>",
                                         "code": (error.text or "").strip()[:200]})
    return fields


def _import_student(module_file: str, module_name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(module_name, module_file)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {module_file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def _limit_resources(spec: dict, box: dict) -> None:
    """Hard limits the student's code cannot raise again (it is no longer root when it runs)."""
    import resource

    def hard(limit: int, value: int) -> None:
        soft_now, hard_now = resource.getrlimit(limit)
        if hard_now != resource.RLIM_INFINITY and os.geteuid() != 0:
            value = min(value, hard_now)
        resource.setrlimit(limit, (value, value))

    hard(resource.RLIMIT_FSIZE, int(spec.get("file_bytes", 512 * 2**20)))
    hard(resource.RLIMIT_CORE, 0)
    hard(resource.RLIMIT_NOFILE, int(spec.get("open_files", 4096)))
    hard(resource.RLIMIT_DATA, int(spec.get("data_bytes", 8 * 2**30)))
    if box["mode"] in ("full", "uid"):  # counted per user: only meaningful for a user of our own
        hard(resource.RLIMIT_NPROC, int(spec.get("max_processes", 512)))


def _import_grader_modules(*, with_keras: bool) -> None:
    """Import every module a probe may import lazily, while the grader's files are still in view.

    Once the view is built the grader's checkout may be out of reach (its secrets are hidden, and
    a checkout under /tmp lies behind the private /tmp), so probes must find them in sys.modules.
    Suites import only the checks kit (never each other), so the kit and the course's shared
    modules are all there is: no other assignment's suite is ever in the worker's memory.
    """
    import pkgutil

    import autograder.checks.kit

    names = ["autograder.catalog", "autograder.describe", "autograder.datasets", "autograder.idx"]
    names += [f"autograder.checks.kit.{info.name}" for info in pkgutil.iter_modules(autograder.checks.kit.__path__)
              if with_keras or info.name != "keras_probes"]
    for name in names:
        importlib.import_module(name)


def data_paths(spec: dict) -> list[str]:
    """The data the grader resolved and staged (autograder.data_sources, autograder.load_data_files):
    bound read-only into the view, at the same path."""
    paths = [spec.get("data_dir"), (spec.get("settings") or {}).get("keras_cache_dir")]
    return [os.path.abspath(p) for p in paths if isinstance(p, str) and p and os.path.exists(p)]


def run(spec: dict, box: dict, init_pid: int) -> None:
    mode = box["mode"]
    isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != (1 if mode == "full" else init_pid):
        raise isolation.SandboxError("the worker's init process is gone")
    if mode == "full":
        isolation.enter_private_mounts()
    import faulthandler

    token = os.urandom(16).hex()
    channel = protocol.ChannelWriter(spec["channel_fd"], token, scratch=spec["scratch"])
    monotonic = time.monotonic
    from autograder.checks.kit.base import ProbeContext
    from autograder.checks.registry import load_suite
    from autograder.sandbox.guard import Guard

    suite = load_suite(spec["assignment"])
    for name in suite.preload:  # e.g. Keras: paid in the start-up budget, not by the first check
        importlib.import_module(name)
    _import_grader_modules(with_keras="keras" in suite.preload)
    scratch = spec["scratch"]
    context = ProbeContext(scratch=scratch, settings={**spec.get("settings", {}), "data_dir": spec.get("data_dir")})
    # No module file: a worker of the grader's own (the challenge's evaluator), which imports no
    # student code at all (autograder/held_out.py).
    module_file = os.path.abspath(spec["module_file"]) if spec.get("module_file") else ""
    if mode == "full":
        view.build_view(scratch, data_paths(spec), box.get("hidden", []), uid=box.get("uid"))
    _limit_resources(spec, box)
    if mode in ("full", "uid"):
        isolation.drop_privileges(box["uid"], box["gid"])
        isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)  # a uid change clears it
        if os.getppid() != (1 if mode == "full" else init_pid):
            raise isolation.SandboxError("the worker's init process is gone")
    os.chdir(scratch)
    if spec.get("dump_fd") is not None:
        faulthandler.register(signal.SIGUSR2, file=spec["dump_fd"], all_threads=True, chain=False)
    memory_mb = int(spec.get("memory_mb") or 0) or None
    # Allowed libraries the module imports are the course's, not the student's, time: imported
    # here, inside the sandbox, so the import budget's clock measures the student's own code.
    for name in preimports.libraries_imported_by(module_file):
        importlib.import_module(name)
    guard = Guard(suite)
    check_guard = guard.check
    channel.send("ready")

    # From here on, what grader code prints is not shown as the student's output.
    attribution.attribute_output(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),  # autograder/
                                 spec.get("printed_bytes"))
    channel.send("importing")
    try:
        module = None
        if module_file:
            sys.path.insert(0, os.path.dirname(module_file))
            module, _ = import_with_stand_ins(lambda: _import_student(module_file, spec["module_name"]), module_file)
    except BaseException as error:  # noqa: BLE001 - SystemExit, KeyboardInterrupt included
        memory = {"status": protocol.MEMORY, "memory_mb": memory_mb} if protocol.out_of_memory(error) else {}
        channel.send("import_failed", **_error_fields(error, module_file), **memory)
        return
    replaced = check_guard()
    if replaced:
        channel.send("import_failed", error_type=protocol.TAMPERING_ERROR, names=replaced,
                     error_message="while it was imported, the module replaced " + ", ".join(replaced[:5]),
                     student_frames=[], traceback="replaced: " + ", ".join(replaced))
        return
    channel.send("imported")

    for check_id in spec["probes"]:
        check = suite[check_id]
        channel.send("start", probe=check_id)
        started = monotonic()
        outcome = _run_probe(check, module, context, module_file, memory_mb)
        replaced = check_guard()
        if replaced:
            outcome = {"status": protocol.TAMPERED, "names": replaced}
        outcome["seconds"] = round(monotonic() - started, 3)
        try:
            channel.send("result", probe=check_id, outcome=outcome)
        except (TypeError, ValueError, RecursionError) as error:
            channel.send("result", probe=check_id, outcome={
                "status": protocol.UNREADABLE, "error_type": type(error).__name__,
                "error_message": "the value could not be turned into plain data"})
    channel.send("done")


def _run_probe(check, module, context, module_file: str, memory_mb: int | None = None) -> dict:
    outcome = _probe_once(check, module, context, module_file, memory_mb)
    if check.stand_ins is not None and module is not None and outcome["status"] in (protocol.OK, protocol.RAISED):
        from autograder.checks.kit.stand_ins import KEY, stand_in_outcome

        alternative = stand_in_outcome(check.stand_ins, module, context,
                                       lambda ctx: _probe_once(check, module, ctx, module_file, memory_mb),
                                       probe=check.probe)
        if alternative is not None:
            outcome[KEY] = alternative
    return outcome


def _probe_once(check, module, context, module_file: str, memory_mb: int | None = None) -> dict:
    if check.target and (module is None or check.target not in vars(module)):
        return {"status": protocol.MISSING}
    try:
        value = check.probe(module, context)
        json.dumps(value, allow_nan=True)
    except NotImplementedError as error:
        return {"status": protocol.NOT_IMPLEMENTED, **_error_fields(error, module_file)}
    except BaseException as error:  # noqa: BLE001 - anything student code raises is reported
        if protocol.out_of_memory(error):  # refused by the address-space limit: the memory budget
            return {"status": protocol.MEMORY, "memory_mb": memory_mb, **_error_fields(error, module_file)}
        return {"status": protocol.RAISED, **_error_fields(error, module_file)}
    return {"status": protocol.OK, "value": value}


if __name__ == "__main__":
    main()
