"""The file system student code sees in mode full: built from an allow-list, not by hiding.

The student process, as root in the worker's own mount and PID namespaces, builds a new root
on an empty tmpfs, binds into it exactly what Python needs, read-only and at the same paths
(the Python installation, the virtual environment, the system libraries, a minimal ``/etc``,
a few devices, a fresh ``/proc``) plus the submission's scratch folder (writable) and the data
folder the grader hands over (read-only), makes it the root (``pivot_root``) and detaches the
old one. Nothing else exists there: no class folder, no home folders, no ``/srv``, ``/mnt`` or
``/opt``, and of the course checkout only the modules the worker imported before (they are in
memory). ``/tmp``, ``/var/tmp`` and ``/dev/shm`` are small, empty, private tmpfs.

Everything happens in the calling process (no helper program is executed), so a worker forked
from a warm template can build its view in its own start-up.
"""

from __future__ import annotations

import os
import stat
import sys

from autograder.sandbox import isolation
from autograder.sandbox.isolation import MS_BIND, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_RDONLY, MS_REC, MS_REMOUNT

ROOT_TMPFS = "size=4m,mode=0755"  # the new root itself: folders, mount points, /etc/passwd
PRIVATE_TMP = ("/tmp", "/var/tmp", "/dev/shm")  # fresh and empty, writable by everyone (mode 1777)
SYSTEM_PATHS = (  # shared libraries and the programs a subprocess may run; no user data lives here
    "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
    "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib32", "/usr/lib64", "/usr/libx32", "/usr/libexec",
    "/usr/share/zoneinfo", "/sys/devices/system/cpu",
)
ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/nsswitch.conf",
             "/etc/localtime", "/etc/host.conf", "/etc/mime.types", "/etc/fonts", "/etc/alternatives")
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
DEVICE_LINKS = {"/dev/fd": "/proc/self/fd", "/dev/stdin": "/proc/self/fd/0",
                "/dev/stdout": "/proc/self/fd/1", "/dev/stderr": "/proc/self/fd/2"}
MNT_DETACH = 2


def python_paths() -> list[str]:
    """The interpreter, its standard library and the virtual environment's packages."""
    import site

    candidates = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                  os.path.dirname(os.path.realpath(sys.executable)), *site.getsitepackages()]
    return [p for p in candidates if p and os.path.exists(p)]


def links_on_the_way(path: str, found: dict[str, str] | None = None, depth: int = 0) -> dict[str, str]:
    """Symbolic links met while resolving ``path`` (path -> link text), so the view can recreate
    them and ``path`` resolves there as it does here (``/lib64`` -> ``usr/lib64``)."""
    found = {} if found is None else found
    if depth > 40:
        return found
    current = os.sep
    for part in os.path.normpath(path).split(os.sep)[1:]:
        current = os.path.join(current, part)
        if os.path.islink(current) and current not in found:
            target = os.readlink(current)
            found[current] = target
            links_on_the_way(os.path.join(os.path.dirname(current), target), found, depth + 1)
            current = os.path.realpath(current)
    return found


class Plan:
    """What the view holds: real paths bound read-only or writable, links, private tmpfs."""

    def __init__(self, read_only: list[str], writable: list[str]):
        self.links: dict[str, str] = {}
        for path in [*read_only, *writable]:
            links_on_the_way(path, self.links)
        writable = sorted({os.path.realpath(p) for p in writable})
        self.read_only = [p for p in isolation.outermost(os.path.realpath(p) for p in read_only)
                          if p not in writable]
        self.writable = writable
        for path in [*self.read_only, *self.writable]:
            if path == os.sep:
                raise isolation.SandboxError("the sandbox view would hold the whole file system")

    def mounts(self) -> list[tuple[str, str]]:
        """(path, kind) in mounting order: a folder before anything inside it."""
        entries = [(p, "tmpfs") for p in PRIVATE_TMP] + [(p, "read-only") for p in self.read_only] \
            + [(p, "writable") for p in self.writable] + [(p, "device") for p in DEVICES if os.path.exists(p)]
        return sorted(entries, key=lambda entry: (entry[0].count(os.sep), entry[1] != "tmpfs"))


def plan_view(scratch: str, data_paths: list[str]) -> Plan:
    read_only = [*python_paths(), *(p for p in (*SYSTEM_PATHS, *ETC_FILES) if os.path.exists(p)),
                 *(p for p in data_paths if p and os.path.exists(p))]
    return Plan(read_only, [scratch])


def _mount_point(path: str, is_dir: bool) -> None:
    if is_dir:
        os.makedirs(path, exist_ok=True)
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not os.path.lexists(path):
        with open(path, "a"):
            pass


def _system_files(uid: int | None, scratch: str) -> dict[str, str]:
    """A passwd and group that know only root, the sandbox user and nobody."""
    users = ["root:x:0:0:root:/root:/usr/sbin/nologin"]
    groups = ["root:x:0:"]
    if uid is not None:
        users.append(f"student:x:{uid}:{uid}:student:{scratch}:/usr/sbin/nologin")
        groups.append(f"student:x:{uid}:")
    users.append("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin")
    groups.append("nogroup:x:65534:")
    return {"/etc/passwd": "\n".join(users) + "\n", "/etc/group": "\n".join(groups) + "\n",
            "/etc/hosts": "127.0.0.1 localhost\n::1 localhost\n", "/etc/hostname": "sandbox\n"}


def _close_folder_descriptors() -> None:
    """A descriptor of a folder in the old root would be a way back into it (openat, fchdir)."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            continue


def build_view(scratch: str, data_paths: list[str], hidden: list[str], *, uid: int | None = None,
               staging: str = "/tmp") -> None:
    """Replace the file system of this mount namespace by the allow-list view (as root, in a
    private mount namespace, with the worker's imports done). ``hidden`` paths that still fall
    inside the view (none do in a normal checkout) are covered as before."""
    os.umask(0o022)
    plan = plan_view(scratch, data_paths)
    held = {}
    for path, kind in plan.mounts():
        if kind != "tmpfs":
            held[path] = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        isolation.mount("tmpfs", staging, "tmpfs", MS_NOSUID | MS_NODEV, ROOT_TMPFS)
        root = staging.rstrip(os.sep)
        for path, kind in plan.mounts():
            target = root + path
            if kind == "tmpfs":
                os.makedirs(target, exist_ok=True)
                isolation.mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV,
                                f"size={isolation.PRIVATE_TMP_SIZE},mode=1777")
                continue
            source = f"/proc/self/fd/{held[path]}"
            _mount_point(target, stat.S_ISDIR(os.stat(source).st_mode))
            isolation.mount(source, target, None, MS_BIND | MS_REC)
            if kind == "read-only":
                isolation.mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
            elif kind == "writable":
                isolation.mount(None, target, None, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV)
    finally:
        for fd in held.values():
            os.close(fd)
    for path, text in sorted({**plan.links, **DEVICE_LINKS}.items()):
        target = root + path
        if os.path.lexists(target):
            continue
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.symlink(text, target)
        except OSError:  # inside a read-only bind: the link is there already, as on the machine
            continue
    os.makedirs(root + "/etc", exist_ok=True)
    for path, text in _system_files(uid, scratch).items():
        with open(root + path, "w", encoding="utf-8") as handle:
            handle.write(text)
    os.makedirs(root + "/proc", exist_ok=True)
    isolation.mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.chdir(root)
    isolation.pivot_root(".", ".")
    isolation.umount(".", MNT_DETACH)  # the old root, stacked on the new one by pivot_root(".", ".")
    os.chdir("/")  # the root stays root's, mode 0755: the sandbox user cannot write there (EACCES)
    for path in hidden:
        if os.path.lexists(path):
            isolation.hide(path)
    _close_folder_descriptors()
