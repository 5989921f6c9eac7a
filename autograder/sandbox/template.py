"""A warm template: one trusted process that has imported TensorFlow and Keras forks every worker.

A fresh worker spends most of its life importing TensorFlow and Keras (about 3 s on two cores); the
checks themselves take a fraction of that. The template pays the import once per grading process:
started with the worker's own environment (:func:`runner.child_environment`, so the instructor's
``HOME``, ``KERAS_HOME`` and ``keras.json`` never reach it), it imports numpy, TensorFlow, Keras
(which imports matplotlib's pyplot itself) and the shared checks code, runs no TensorFlow op, reads
no answers and no student code, and then only forks. Each request (over a Unix socket, the worker's
pipes passed with ``SCM_RIGHTS``) gets a new child that closes every descriptor of the template,
takes the worker's environment and becomes exactly what ``python -m autograder.sandbox.worker``
becomes (:func:`worker.supervise`): new namespaces, its own user, the private view, limits, the
protocol token. A child is never reused. The template reaps its children and tells the runner how
each one ended, so the runner watches a forked worker as it watches a fresh one.

Fork is used only where it keeps isolation whole (:func:`choice`): on Linux, in modes full and
uid (the student's own user cannot signal, trace or read a root process; in mode full it cannot
even see it). Mode none finds a run's leftover processes by an environment tag, which a forked
child cannot carry, so it keeps fresh interpreters, as does ``KERAS_COURSE_WORKERS=fresh``.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time

WORKERS_VARIABLE = "KERAS_COURSE_WORKERS"  # auto (template where safe) or fresh
READY_SECONDS = 180.0  # importing TensorFlow on a loaded machine
REPLY_SECONDS = 30.0
MAX_REQUEST = 1 << 20
PASSED_FDS = 6  # stdin, stdout, stderr, channel, dump, reply


class TemplateError(RuntimeError):
    """The template could not start or stopped answering: use fresh workers."""


def choice(mode: str, configured: str = "template") -> tuple[bool, str]:
    """Whether workers are forked from the template in sandbox ``mode``, and if not, why.

    ``configured`` is the course's ``grading.workers`` (template or fresh); the environment's
    ``KERAS_COURSE_WORKERS``, when set, overrides it for one run.
    """
    requested = (os.environ.get(WORKERS_VARIABLE) or "").strip().lower()
    if requested and requested not in ("auto", "template", "fresh"):
        return False, f"{WORKERS_VARIABLE}={requested!r} is not auto, template or fresh: fresh workers were used"
    if requested == "fresh":
        return False, f"{WORKERS_VARIABLE}=fresh"
    if not requested and configured == "fresh":
        return False, "course.yml sets grading.workers: fresh"
    if not sys.platform.startswith("linux"):
        return False, "forking a warm template is used on Linux only"
    if mode == "none":
        return False, ("sandbox none finds a run's leftover processes by an environment tag that a child "
                       "forked from a shared template cannot carry")
    return True, ""


# -- the template process ----------------------------------------------------------------------

KERAS, LIGHT = "keras", "light"  # what a template imports: for suites that preload Keras, or not


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    runner = os.getppid()
    _warm_up(sys.argv[2] == KERAS)
    control.sendall(b"ready")
    _serve(control, runner)
    os._exit(0)


def _warm_up(with_keras: bool) -> None:
    """Everything a worker imports before student code, except an assignment's own suite.

    A suite that does not preload Keras (01) gets a light template, so that its workers hold
    no more in memory than a fresh worker of that suite would.
    """
    import numpy  # noqa: F401
    import numpy.random  # noqa: F401 - every probe draws from it: 30 ms a worker; each child reseeds it

    if with_keras:
        import tensorflow  # noqa: F401
        import keras  # noqa: F401
    import autograder.checks.kit.base  # noqa: F401
    import autograder.sandbox.guard  # noqa: F401
    from autograder.sandbox import worker

    worker._import_grader_modules(with_keras=with_keras)


def _serve(control: socket.socket, runner: int) -> None:
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner decides when grading stops
    signal.set_wakeup_fd(wake_write)
    children: dict[int, socket.socket] = {}
    while os.getppid() == runner:
        try:
            readable, _, _ = select.select([control, wake_read], [], [], 1.0)
        except InterruptedError:
            readable = []
        if control in readable:
            try:
                message, fds, _, _ = socket.recv_fds(control, MAX_REQUEST, PASSED_FDS)
            except OSError:
                break
            if not message:
                break  # the runner closed its end or died
            _fork_worker(message, fds, children, (control.fileno(), wake_read, wake_write))
        if wake_read in readable:
            try:
                while os.read(wake_read, 512):
                    pass
            except BlockingIOError:
                pass
        _reap(children)


def _fork_worker(message: bytes, fds: list[int], children: dict[int, socket.socket], own: tuple) -> None:
    if len(fds) != PASSED_FDS:
        for fd in fds:
            os.close(fd)
        return
    *worker_fds, reply_fd = fds
    reply = socket.socket(fileno=reply_fd)
    try:
        request = json.loads(message)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
    except BaseException as error:  # noqa: BLE001 - tell the runner, keep serving
        for fd in worker_fds:
            os.close(fd)
        reply.sendall(f"error {type(error).__name__}: {error}\n".encode())
        reply.close()
        return
    if pid == 0:
        _become_worker(request, worker_fds, [*own, *(s.fileno() for s in children.values()), reply.fileno()])
    for fd in worker_fds:
        os.close(fd)
    try:
        reply.sendall(f"pid {pid}\n".encode())
    except OSError:
        pass
    children[pid] = reply


def _reap(children: dict[int, socket.socket]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        reply = children.pop(pid, None)
        if reply is not None:
            try:
                reply.sendall(f"exit {status}\n".encode())
            except OSError:
                pass
            reply.close()


def _become_worker(request: dict, fds: list[int], template_fds: list[int]) -> None:
    """In the forked child: shed everything of the template, then start as a fresh worker would."""
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setsid()
        stdin, stdout, stderr, channel, dump = fds
        for source, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
            os.dup2(source, target)
        spec = request["spec"]
        spec["channel_fd"], spec["dump_fd"] = channel, dump
        keep = {0, 1, 2, channel, dump}
        for fd in template_fds:
            if fd not in keep:
                _close(fd)
        for name in os.listdir("/proc/self/fd"):  # whatever else the template held
            if int(name) not in keep:
                _close(int(name))
        for fd in (channel, dump):
            os.set_inheritable(fd, True)  # as pass_fds leaves them in a fresh worker
        _adopt_environment(request["env"], request["cwd"])
        from autograder.sandbox import worker

        worker.supervise(spec)
    except BaseException:  # noqa: BLE001 - nothing of the student's has run: say why and stop
        import traceback

        try:
            os.write(2, traceback.format_exc().encode("utf-8", "replace"))
        except OSError:
            pass
    os._exit(3)


def _close(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


def _adopt_environment(env: dict[str, str], cwd: str) -> None:
    """The worker's own environment, and the places that read it once at import time."""
    import tempfile

    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    tempfile.tempdir = None  # computed again from TMPDIR
    # numpy's global generator was seeded when the template imported it: each worker gets a seed of
    # its own, as a fresh interpreter would (Python's random module reseeds itself after a fork).
    sys.modules["numpy.random"].seed()
    config = sys.modules.get("keras.src.backend.config")
    if config is not None and hasattr(config, "_KERAS_DIR"):
        # As Keras decides at import: $HOME/.keras, with its default keras.json written there.
        home = os.path.join(env["HOME"], ".keras")
        config._KERAS_DIR = home
        try:
            os.makedirs(home, exist_ok=True)
            path = os.path.join(home, "keras.json")
            if not os.path.exists(path):
                with open(path, "w") as handle:
                    json.dump({"floatx": config.floatx(), "epsilon": config.epsilon(),
                               "backend": config.backend(), "image_data_format": config.image_data_format()},
                              handle, indent=4)
        except OSError:
            pass


# -- the runner's side ---------------------------------------------------------------------------

class ForkedWorker:
    """A worker forked by the template, watched like a ``subprocess.Popen``: pid, stdout and
    stderr pipes, poll() and wait(); its exit status comes from the template that reaps it."""

    def __init__(self, pid: int, reply: socket.socket, stdout: int, stderr: int, received: bytes = b""):
        self.pid = pid
        self.returncode: int | None = None
        self.stdout = open(stdout, "rb", buffering=0)
        self.stderr = open(stderr, "rb", buffering=0)
        self._reply = reply
        self._buffer = received  # what came after the "pid" line (a worker that ended at once)

    def poll(self) -> int | None:
        if self.returncode is None:
            self._read(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(f"forked worker {self.pid}", timeout)
            self._read(left)
        return self.returncode

    def _read(self, timeout: float | None) -> None:
        if self._reply is None:
            return
        chunk = None
        if b"\n" not in self._buffer:
            readable, _, _ = select.select([self._reply], [], [], timeout)
            if not readable:
                return
            chunk = self._reply.recv(256)
            self._buffer += chunk
        if b"\n" in self._buffer:
            line = self._buffer.split(b"\n", 1)[0].decode("ascii", "replace")
            kind, _, status = line.partition(" ")
            self.returncode = os.waitstatus_to_exitcode(int(status)) if kind == "exit" and status.isdigit() \
                else -signal.SIGKILL
        elif not chunk:
            self.returncode = -signal.SIGKILL  # the template died: it took the worker with it
        if self.returncode is not None:
            self._reply.close()
            self._reply = None


class Template:
    """The runner's handle on one template process."""

    def __init__(self, environment: dict[str, str], home: str, flavour: str = KERAS):
        self.home, self.flavour = home, flavour
        self._lock = threading.Lock()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._log = open(os.path.join(home, "template.log"), "w+b")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "autograder.sandbox.template", str(theirs.fileno()), flavour],
                cwd=home, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=self._log, pass_fds=(theirs.fileno(),), start_new_session=True, close_fds=True)
        finally:
            theirs.close()
        self._control = ours
        self.started = time.monotonic()
        readable, _, _ = select.select([ours], [], [], READY_SECONDS)
        answer = ours.recv(64) if readable else b""
        if answer != b"ready":
            self.close()
            raise TemplateError(f"the warm template did not start: {self.log_tail() or 'no answer'}")
        self.ready_seconds = time.monotonic() - self.started

    def log_tail(self) -> str:
        try:
            self._log.seek(0)
            return self._log.read()[-2000:].decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    def alive(self) -> bool:
        return self.process.poll() is None

    def launch(self, spec: dict, env: dict[str, str], cwd: str, channel_fd: int, dump_fd: int) -> ForkedWorker:
        """Fork a new worker; like Popen, the caller still closes its own ``channel_fd`` and ``dump_fd``."""
        out_read, out_write = os.pipe()
        err_read, err_write = os.pipe()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        devnull = os.open(os.devnull, os.O_RDONLY)
        message = json.dumps({"spec": spec, "env": env, "cwd": cwd}).encode()
        try:
            with self._lock:
                socket.send_fds(self._control, [message],
                                [devnull, out_write, err_write, channel_fd, dump_fd, theirs.fileno()])
        except OSError as error:
            for fd in (out_read, err_read):
                os.close(fd)
            ours.close()
            raise TemplateError(f"the warm template did not take the request: {error}") from error
        finally:
            for fd in (devnull, out_write, err_write):
                os.close(fd)
            theirs.close()
        line, received = _read_line(ours, REPLY_SECONDS)
        if not line.startswith("pid "):
            for fd in (out_read, err_read):
                os.close(fd)
            ours.close()
            raise TemplateError(f"the warm template did not fork a worker: {line or self.log_tail() or 'no answer'}")
        return ForkedWorker(int(line.split()[1]), ours, out_read, err_read, received)

    def close(self) -> None:
        try:
            self._control.close()
        except OSError:
            pass
        if self.process.poll() is None:
            try:
                self.process.wait(timeout=5)  # it leaves when its socket closes
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        import shutil

        shutil.rmtree(self.home, ignore_errors=True)


def _read_line(sock: socket.socket, timeout: float) -> tuple[str, bytes]:
    """The first line from ``sock`` (empty if none came in time), and whatever came after it."""
    data = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        readable, _, _ = select.select([sock], [], [], left)
        if not readable:
            break
        chunk = sock.recv(256)
        if not chunk:
            break
        data += chunk
    line, _, rest = data.partition(b"\n")
    return line.decode("ascii", "replace"), rest


# -- one template per grading process -------------------------------------------------------------

_shared: dict[str, Template] = {}
_shared_lock = threading.Lock()  # guards the two dicts; a template starts under its flavour's own lock
_flavour_locks: dict[str, threading.Lock] = {}


def flavour_for(assignment: str) -> str:
    from autograder.checks.registry import load_suite

    return KERAS if "keras" in load_suite(assignment).preload else LIGHT


def shared_template(flavour: str = KERAS) -> Template:
    """The grading process's template of ``flavour``, started on first use and again if it died.

    Templates of different flavours start at the same time (01's light one need not wait for the
    Keras one a later assignment will use); two requests for one flavour get one template.
    """
    with _shared_lock:
        starting = _flavour_locks.setdefault(flavour, threading.Lock())
    with starting:
        with _shared_lock:
            warm = _shared.get(flavour)
        if warm is not None and not warm.alive():
            warm.close()
            warm = None
        if warm is None:
            import atexit
            import tempfile

            from autograder.sandbox import font_cache
            from autograder.sandbox.runner import child_environment

            home = tempfile.mkdtemp(prefix="kgrade-template-")
            environment = child_environment(home)
            font_cache.seed(environment["MPLCONFIGDIR"])  # matplotlib need not list the fonts again
            warm = Template(environment, home, flavour)
            font_cache.keep(environment["MPLCONFIGDIR"])  # before any fork: only the template wrote there
            with _shared_lock:
                _shared[flavour] = warm
            atexit.register(stop_shared_templates)
        return warm


def start_in_background(assignment: str, configured: str = "template") -> None:
    """Start the template ``assignment``'s workers will fork from, in a thread, so that its import of
    TensorFlow overlaps the command's own start (its imports, the course, the submissions, the data).

    Nothing is started where workers would not be forked (:func:`choice`); a template that fails
    to start here is tried again, and explained, by the first worker that needs it.
    """

    def start() -> None:
        try:
            from autograder.sandbox.isolation import sandbox_mode

            if choice(sandbox_mode(), configured)[0]:
                shared_template(flavour_for(assignment))
        except Exception:  # noqa: BLE001 - only an early start: the first worker starts it or says why
            pass

    threading.Thread(target=start, name="template-start", daemon=True).start()


def start_for(assignments: list[str], configured: str = "template") -> None:
    """Start, in the background, every template that ``assignments`` will fork from (a run that grades
    several assignments in turn: the Keras template's import overlaps the first, light, ones)."""
    first_of_kind: dict[str, str] = {}
    for assignment in assignments:
        first_of_kind.setdefault(flavour_for(assignment), assignment)
    for assignment in first_of_kind.values():
        start_in_background(assignment, configured)


def stop_shared_templates() -> None:
    with _shared_lock:
        stopping = list(_shared.values())
        _shared.clear()
    for warm in stopping:
        warm.close()


if __name__ == "__main__":
    main()
