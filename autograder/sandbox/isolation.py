"""Operating-system isolation of the worker: who it runs as, what it can see, what it can leave.

Three modes, chosen once per grading process (``KERAS_COURSE_SANDBOX`` overrides ``auto``):

``full``  (root, namespaces available) the worker gets its own PID, mount, network and IPC
          namespaces and runs student code as a sandbox user of its own (uid 61000 + slot, no
          passwd entry on the machine). Its file system is an allow-list (:mod:`.view`): Python,
          the virtual environment, system libraries, a minimal /etc, a few devices, its own
          scratch folder and the data folder, nothing else; /tmp, /var/tmp and /dev/shm are
          small private tmpfs; there is no network, not even loopback; when the worker's init
          process ends, the kernel kills everything left.
``uid``   (root, no namespaces: e.g. a container without CAP_SYS_ADMIN) the same sandbox user,
          with secrets protected by file modes (0700, set by the grader); every other file on
          the machine that others may read stays readable, and the network stays open.
``none``  (not root) student code runs as the grader's own user: limits, timeouts and process
          clean-up still hold, secrets do not (see docs/security.md).

The worker imports this module before anything else, so its top level stays light (os, ctypes).
Functions used only by the runner import psutil lazily.
"""

from __future__ import annotations

import ctypes
import os
import signal
import stat
import sys
import time

MODE_VARIABLE = "KERAS_COURSE_SANDBOX"
MODES = ("full", "uid", "none")
UID_BASE = 61000  # sandbox users: 61000 + slot, below nobody (65534)
UID_SLOTS = 4000
SHARED_TMP_DIRS = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/dev/mqueue")
PRIVATE_TMP_SIZE = "64m"  # each private tmpfs in full mode (memory the student could fill)
RUN_TAG_VARIABLE = "KERAS_COURSE_RUN"  # marks a run's processes for the clean-up in mode none

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
NAMESPACES = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 4, 36, 38


# What student code could read, said in every instructor report of a mode without the view.
EXPOSED = {
    "uid": ("sandbox uid: student code ran as a user of its own but saw the whole file system: it could read "
            "every file on this machine that other users may read (other students' submissions, home folders, "
            "/srv, /opt, the course's examples), all but the solutions, reference cache, tests, .git and check "
            "suites, which the grader made readable to their owner only; the network was open. Only mode full "
            "limits it to its own scratch folder (docs/security.md)."),
    "none": ("sandbox none: student code ran as the grader's own user: it could read and write everything this "
             "user can (the solutions and reference cache, other students' submissions, the results) and use the "
             "network; only the time, memory, output and disk limits held. Grade other people's work in mode "
             "full: as root, with namespaces (docs/security.md)."),
}


class SandboxError(RuntimeError):
    """The sandbox cannot be set up as required; student code must not run."""


# -- system calls (worker side) ----------------------------------------------------------------

_libc = None


def _c():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                                ctypes.c_char_p]
        _libc.unshare.argtypes = [ctypes.c_int]
        _libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
        _libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    return _libc


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else os.fsencode(text)


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    _check(_c().mount(_bytes(source), _bytes(target), _bytes(fstype), flags, _bytes(data)), f"mount {target}")


def unshare(flags: int) -> None:
    _check(_c().unshare(flags), "unshare")


def prctl(option: int, value: int) -> None:
    _check(_c().prctl(option, value, 0, 0, 0), f"prctl {option}")


def umount(target: str, flags: int) -> None:
    _check(_c().umount2(_bytes(target), flags), f"umount {target}")


PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41, "ppc64le": 203, "s390x": 217, "i686": 217}


def pivot_root(new_root: str, put_old: str) -> None:
    """pivot_root(2), which glibc does not wrap: called by its system call number."""
    machine = os.uname().machine
    number = PIVOT_ROOT.get(machine)
    if number is None:
        raise SandboxError(f"pivot_root: the system call number on {machine} is not known")
    _check(_c().syscall(ctypes.c_long(number), ctypes.c_char_p(_bytes(new_root)),
                        ctypes.c_char_p(_bytes(put_old))), "pivot_root")


# -- the worker's own setup --------------------------------------------------------------------

def _traversable_by_others(path: str) -> bool:
    try:
        return bool(os.stat(path).st_mode & stat.S_IXOTH)
    except OSError:
        return False


def blocked_ancestor(path: str) -> str | None:
    """The highest folder above ``path`` that users other than its owner cannot enter."""
    parts = os.path.realpath(path).split(os.sep)[1:-1]
    current = ""
    for part in parts:
        current += os.sep + part
        if not _traversable_by_others(current):
            return current
    return None


def outermost(paths) -> list[str]:
    """``paths`` without those inside another of them."""
    ordered = sorted(set(paths), key=len)
    kept: list[str] = []
    for path in ordered:
        if not any(path == k or path.startswith(k.rstrip(os.sep) + os.sep) for k in kept):
            kept.append(path)
    return kept


def hide(path: str) -> None:
    """Cover a folder with an empty read-only tmpfs, or a file with an empty read-only file."""
    if os.path.isdir(path):
        mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0700")
    elif os.path.exists(path):
        mount("/dev/null", path, None, MS_BIND)
        mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY)


def enter_private_mounts() -> None:
    """In a fresh mount and PID namespace: keep our mounts to ourselves, see only our processes."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def drop_privileges(uid: int, gid: int) -> None:
    """Become the sandbox user for good: no groups, no capabilities, no way back."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    prctl(PR_SET_NO_NEW_PRIVS, 1)  # setuid programs (su, sudo, ping) gain nothing
    prctl(PR_SET_DUMPABLE, 1)  # /proc/self stays readable to the process itself (Python, TF use it)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid):
        raise SandboxError(f"could not switch to uid {uid}")
    try:
        os.setuid(0)
    except PermissionError:
        return
    raise SandboxError("the sandbox user could become root again")


def child_pids(parent: int) -> list[int]:
    """Live children of ``parent`` according to /proc (of the caller's PID namespace)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != b"Z":
            found.append(int(name))
    return found


def reap_all() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_children(rounds: int = 200) -> None:
    """As a child subreaper: kill every descendant; orphans come back to us until none is left."""
    me = os.getpid()
    for _ in range(rounds):
        reap_all()
        victims = child_pids(me)
        if not victims:
            return
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in victims:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


# -- choosing the mode (runner side) -----------------------------------------------------------

_namespaces_ok: bool | None = None


def _probe_namespaces() -> None:
    """Run in a throw-away interpreter: exit 0 when the namespaces of mode full can be made."""
    unshare(NAMESPACES)
    pid = os.fork()
    if pid == 0:
        try:
            enter_private_mounts()
            mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m")
        except OSError:
            os._exit(2)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    raise SystemExit(os.waitstatus_to_exitcode(status))


def namespaces_work() -> bool:
    global _namespaces_ok
    if _namespaces_ok is None:
        import subprocess

        try:
            done = subprocess.run(
                [sys.executable, "-c", "from autograder.sandbox.isolation import _probe_namespaces as p; p()"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                timeout=30, check=False)
            _namespaces_ok = done.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            _namespaces_ok = False
    return _namespaces_ok


def sandbox_mode() -> str:
    """The isolation this process can give student code: full, uid or none."""
    requested = (os.environ.get(MODE_VARIABLE) or "auto").strip().lower()
    if requested not in (*MODES, "auto"):
        raise SandboxError(f"{MODE_VARIABLE}={requested!r} is not a sandbox mode; use auto, "
                           f"{', '.join(MODES)}.")
    root = os.geteuid() == 0
    if requested == "none" or (requested == "auto" and not root):
        return "none"
    if not root:
        raise SandboxError(f"{MODE_VARIABLE}={requested} needs the grader to run as root; it runs as "
                           f"uid {os.geteuid()}. Use {MODE_VARIABLE}=none (no isolation) or run as root.")
    if requested == "uid":
        return "uid"
    if namespaces_work():
        return "full"
    if requested == "full":
        raise SandboxError(f"{MODE_VARIABLE}=full, but this machine does not allow new mount, PID "
                           "and network namespaces (a container without CAP_SYS_ADMIN?).")
    return "uid"


# -- the sandbox user (runner side) ------------------------------------------------------------

def _lock_folder() -> str:
    import tempfile

    candidates = ["/run/keras-course-grader", os.path.join(tempfile.gettempdir(), f"keras-course-grader-{os.geteuid()}")]
    for folder in candidates:
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            info = os.lstat(folder)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o077:
            return folder
    raise SandboxError(f"no safe folder for the sandbox users' lock files (tried {', '.join(candidates)}: "
                       "each must be a folder of the grader's user with mode 0700)")


def _uids_in_use() -> set[int]:
    import psutil

    used = set()
    for process in psutil.process_iter(["uids"]):
        uids = process.info.get("uids")
        if uids:
            used.update((uids.real, uids.effective, uids.saved))
    return used


def _has_passwd_entry(uid: int) -> bool:
    import pwd

    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


def _slots_in_search_order() -> list[int]:
    """Every slot, starting at one of this grading process's own.

    Gradings running side by side (two graders, a test run in several processes) then start
    their search far apart, so a uid one of them has just released is rarely the next one
    another takes: what was left of a run is never confused with the next run's processes.
    """
    start = (os.getpid() * 97) % UID_SLOTS
    return [(start + offset) % UID_SLOTS for offset in range(UID_SLOTS)]


class UidLease:
    """A sandbox uid that no other grading on this machine uses while the lease is held."""

    def __init__(self) -> None:
        self.uid: int | None = None
        self._fd: int | None = None

    def acquire(self) -> int:
        import fcntl

        folder = _lock_folder()
        in_use = _uids_in_use()
        for slot in _slots_in_search_order():
            uid = UID_BASE + slot
            if uid in in_use or _has_passwd_entry(uid):
                continue
            fd = os.open(os.path.join(folder, f"uid-{uid}.lock"),
                         os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            self.uid, self._fd = uid, fd
            return uid
        raise SandboxError(f"all {UID_SLOTS} sandbox uids from {UID_BASE} are in use")

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
        self._fd = self.uid = None

    def __enter__(self) -> "UidLease":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


# -- what student code must not read (runner side) ---------------------------------------------

def _git_dirs(repo) -> list[str]:
    git = repo / ".git"
    if git.is_file():  # a worktree: .git holds "gitdir: <repo>/.git/worktrees/<name>"
        text = git.read_text(encoding="utf-8", errors="replace").strip()
        if text.startswith("gitdir:"):
            target = (repo / text[len("gitdir:"):].strip()).resolve()
            common = target.parent.parent if target.parent.name == "worktrees" else target
            return [str(common)]
    return [str(git)]


def protected_paths() -> dict[str, list[str]]:
    """Folders and files holding answers: reference solutions, cached reference values, history."""
    from autograder.course import REPO_ROOT
    from autograder.paths import REFERENCE_CACHE as cache

    folders = [str(REPO_ROOT / "solutions"), str(cache), *_git_dirs(REPO_ROOT), str(REPO_ROOT / "tests")]
    checks = REPO_ROOT / "autograder" / "checks"
    suites = sorted(str(p) for p in checks.glob("a[0-9][0-9]_*.py"))
    return {
        "folders": [os.path.realpath(p) for p in folders if os.path.exists(p)],
        "suites": [os.path.realpath(p) for p in [*suites, str(checks / "__pycache__")] if os.path.exists(p)],
    }


def protect_by_mode(paths: list[str]) -> list[str]:
    """Mode uid: take group and other permissions off protected folders and files (their owner
    keeps access; symbolic links are left alone). Returns what changed."""
    changed = []
    for path in paths:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue
        if (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)) and info.st_mode & 0o077:
            os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)
            changed.append(path)
    return changed


def unreachable_for_others(paths: list[str]) -> list[str]:
    """Mode uid: the paths the sandbox user could not reach (a parent folder is closed to others)."""
    problems = []
    for path in paths:
        ancestor = blocked_ancestor(path) if os.path.exists(path) else None
        if ancestor:
            problems.append(f"{path} (inside {ancestor}, which only its owner may enter)")
    return problems


def worker_paths() -> list[str]:
    import site

    from autograder.course import REPO_ROOT

    return outermost(os.path.realpath(p) for p in [
        sys.prefix, sys.base_prefix, os.path.dirname(os.path.realpath(sys.executable)),
        *site.getsitepackages(), str(REPO_ROOT / "autograder")] if os.path.exists(p))


# -- clean-up (runner side) ------------------------------------------------------------------

def kill_processes(*, uid: int | None = None, processes=(), tag: str | None = None, spare=(),
                   rounds: int = 50) -> int:
    """SIGKILL every live process of ``uid``, in ``processes`` or below them, or tagged ``tag``.

    ``processes`` are psutil.Process objects: a process that has ended and whose PID now belongs
    to someone else is recognised and left alone. PIDs in ``spare`` are neither killed nor waited
    for (the caller's own children, whose exit status it still has to collect). Returns how many
    processes were killed. Repeats until none is found, so that processes forked while the sweep
    runs are caught too.
    """
    import psutil

    killed = 0
    given = list(processes)
    for _ in range(rounds):
        victims: dict[int, psutil.Process] = {}
        for process in given:
            if _still_running(process):
                victims[process.pid] = process
        if uid is not None or tag is not None:
            for process in psutil.process_iter(["uids", "status"]):
                info = process.info
                if info.get("status") == psutil.STATUS_ZOMBIE or process.pid == os.getpid():
                    continue
                uids = info.get("uids")
                if (uid is not None and uids and uid in (uids.real, uids.effective)) or (
                        tag is not None and _has_tag(process, tag)):
                    victims[process.pid] = process
        for process in list(victims.values()):
            try:
                for child in process.children(recursive=True):
                    victims.setdefault(child.pid, child)
            except psutil.Error:
                pass
        for pid in (os.getpid(), *spare):
            victims.pop(pid, None)
        if not victims:
            return killed
        for process in victims.values():
            try:
                process.kill()  # psutil refuses if the PID was reused since it was seen
                killed += 1
            except psutil.Error:
                pass
        _wait_until_dead(victims.values(), timeout=0.5)
        given = [p for p in given if p.pid not in victims]
    return killed


def _still_running(process) -> bool:
    """Alive and not a zombie (a zombie can no longer run; only its parent can reap it)."""
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _wait_until_dead(processes, timeout: float) -> None:
    """Wait until every process has ended or is a zombie, at most ``timeout`` seconds.

    A killed process that is not our child stays a zombie until its own parent reaps it;
    ``psutil.wait_procs`` would wait the whole timeout for it, although it can no longer run.
    """
    pending = list(processes)
    deadline = time.monotonic() + timeout
    delay = 0.001
    while pending and time.monotonic() < deadline:
        pending = [process for process in pending if _still_running(process)]
        if pending:
            time.sleep(delay)
            delay = min(delay * 2, 0.02)


def _has_tag(process, tag: str) -> bool:
    try:
        with open(f"/proc/{process.pid}/environ", "rb") as handle:
            return f"{RUN_TAG_VARIABLE}={tag}".encode() in handle.read().split(b"\0")
    except OSError:
        return False


def owned_entries(folder: str, uid: int) -> list[str]:
    """Entries directly inside ``folder`` that belong to ``uid``."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if entry.stat(follow_symlinks=False).st_uid == uid:
                        found.append(entry.path)
                except OSError:
                    continue
    except OSError:
        pass
    return found


def remove_leftovers(uid: int) -> list[str]:
    """Mode uid: delete what the sandbox user left in the shared temporary folders."""
    import shutil

    removed = []
    for folder in SHARED_TMP_DIRS:
        for path in owned_entries(folder, uid):
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    tame_tree(path)  # shutil.rmtree recurses once per level
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
                removed.append(path)
            except OSError:
                continue
    return removed


MAX_DEPTH = 32  # folders nested deeper are moved up (tame_tree) or count as over budget (disk_usage)
_OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _walk(root: str, max_depth: int):
    """Everything below ``root`` as (parent fd, name, lstat, depth), depth first, without recursion.

    Works by directory descriptors, so neither Python's recursion limit nor PATH_MAX matters,
    and holds at most ``max_depth`` of them open; folders at that depth are yielded but not
    entered. Symbolic links are never followed.
    """
    root_fd = os.open(root, _OPEN_DIR)
    stack = [(root_fd, os.scandir(root_fd), 1)]
    try:
        while stack:
            fd, entries, depth = stack[-1]
            entry = next(entries, None)
            if entry is None:
                entries.close()
                stack.pop()
                os.close(fd)
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            yield fd, entry.name, info, depth
            if stat.S_ISDIR(info.st_mode) and depth < max_depth:
                try:
                    child = os.open(entry.name, _OPEN_DIR, dir_fd=fd)
                except OSError:
                    continue
                stack.append((child, os.scandir(child), depth + 1))
    finally:
        for fd, entries, _ in stack:
            entries.close()
            os.close(fd)


def disk_usage(paths: list[str], max_entries: int, max_depth: int = 2 * MAX_DEPTH) -> tuple[int, int, bool]:
    """Bytes on disk and entries under ``paths`` (stopping past ``max_entries``), and whether
    some folder is nested deeper than ``max_depth`` (no task needs that; it hides files)."""
    total, count = 0, 0
    for path in paths:
        try:
            info = os.lstat(path)
        except OSError:
            continue
        total, count = total + info.st_blocks * 512, count + 1
        if not stat.S_ISDIR(info.st_mode):
            continue
        try:
            for _, _, info, depth in _walk(path, max_depth):
                total, count = total + info.st_blocks * 512, count + 1
                if count > max_entries:
                    return total, count, False
                if depth >= max_depth and stat.S_ISDIR(info.st_mode):
                    return total, count, True
        except OSError:
            continue
    return total, count, False


def tame_tree(root: str, uid: int | None = None, gid: int | None = None, max_depth: int = MAX_DEPTH) -> int:
    """Give everything under ``root`` to ``uid`` (links themselves, never their targets) and move
    folders nested deeper than ``max_depth`` up to ``root``, so that later recursive code
    (shutil.rmtree, os.walk) cannot hit Python's recursion limit. Returns how many were moved."""
    if uid is not None:
        os.lchown(root, uid, gid)
    moved = 0
    todo = [root]
    root_fd = os.open(root, _OPEN_DIR)
    try:
        while todo:
            for fd, name, info, depth in _walk(todo.pop(), max_depth):
                if uid is not None:
                    try:
                        os.chown(name, uid, gid, dir_fd=fd, follow_symlinks=False)
                    except FileNotFoundError:
                        continue
                if depth >= max_depth and stat.S_ISDIR(info.st_mode):
                    target = f".deep-{os.urandom(8).hex()}"
                    os.rename(name, target, src_dir_fd=fd, dst_dir_fd=root_fd)
                    todo.append(os.path.join(root, target))
                    moved += 1
    finally:
        os.close(root_fd)
    return moved
