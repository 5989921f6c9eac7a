"""Budgets for one run of student code, enforced from outside the student process.

Time, memory and disk use are watched by the grader (the runner) and end the worker when they
run out; a check may be timed in CPU seconds of the worker's processes instead of wall-clock time
(``cpu_overrides``: the grader's training of a student's model, fair on a busy machine), with its
wall-clock budget kept as an absolute ceiling so that code that sleeps still ends; printed output never does (past its budget it is dropped and the student is told). File size, processes, open files and the data segment are kernel
limits (``setrlimit``) set before student code starts, as hard limits the student cannot raise.
The defaults leave room for TensorFlow: it starts a few dozen threads, maps ~450 MB of shared
libraries and, while training a small model, stays well under 1 GB resident.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Limits:
    startup_seconds: float = 60.0  # the worker's own start (Python, numpy, Keras imports)
    import_seconds: float = 30.0  # importing the student's module
    check_seconds: float = 30.0  # one probe, unless check_overrides says otherwise
    total_seconds: float = 300.0  # everything for one submission
    memory_mb: int = 3072  # memory (PSS) of the student's processes, all together
    output_bytes: int = 256 * 1024  # stdout and stderr kept, each; the rest is counted and dropped
    printed_mb: int = 32  # printed by one worker (both streams) before the rest is dropped in it, unsent
    channel_bytes: int = 64 * 1024 * 1024  # plain data the worker may send back
    file_mb: int = 512  # largest file the student's processes may write (RLIMIT_FSIZE)
    disk_mb: int = 1024  # everything the student's processes leave in the scratch folder
    max_files: int = 20_000  # files and folders in the scratch folder
    max_processes: int = 512  # processes and threads of the sandbox user (RLIMIT_NPROC)
    open_files: int = 4096  # file descriptors per process (RLIMIT_NOFILE)
    data_mb: int | None = None  # RLIMIT_DATA backstop; None: 4 x memory_mb, at least 8 GB
    max_restarts: int = 8  # new workers started after crashes or timeouts
    check_overrides: dict[str, float] = field(default_factory=dict)
    # Checks timed in CPU seconds of the worker's processes (their check_overrides/check_seconds is
    # then the wall-clock ceiling); the submission's total charges them their CPU seconds, not their
    # wall time, up to total_ceiling_factor x total_seconds of wall time in all.
    cpu_overrides: dict[str, float] = field(default_factory=dict)
    total_ceiling_factor: float = 3.0

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.name in ("check_overrides", "cpu_overrides", "data_mb", "max_restarts") or value is None:
                continue
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"Limits.{spec.name} must be a positive number; got {value!r}.")
        if self.max_restarts < 0:
            raise ValueError(f"Limits.max_restarts must be 0 or more; got {self.max_restarts!r}.")
        for check_id, seconds in self.check_overrides.items():
            if not isinstance(seconds, (int, float)) or seconds <= 0:
                raise ValueError(f"Limits.check_overrides[{check_id!r}] must be a positive number of "
                                 f"seconds; got {seconds!r}.")
        for check_id, seconds in self.cpu_overrides.items():
            if not isinstance(seconds, (int, float)) or seconds <= 0:
                raise ValueError(f"Limits.cpu_overrides[{check_id!r}] must be a positive number of "
                                 f"CPU seconds; got {seconds!r}.")
        if self.total_ceiling_factor < 1:
            raise ValueError(f"Limits.total_ceiling_factor must be 1 or more; got {self.total_ceiling_factor!r}.")

    def seconds_for(self, check_id: str) -> float:
        """The check's wall-clock budget (its ceiling, when it is timed in CPU seconds)."""
        return self.check_overrides.get(check_id, self.check_seconds)

    def cpu_seconds_for(self, check_id: str) -> float | None:
        """The check's budget in CPU seconds of the worker's processes, or None (timed by the wall clock)."""
        return self.cpu_overrides.get(check_id)

    @property
    def total_ceiling_seconds(self) -> float:
        """The submission's absolute wall-clock ceiling, whatever its CPU-timed checks were charged."""
        return self.total_seconds * self.total_ceiling_factor

    @property
    def data_limit_mb(self) -> int:
        """The address-space backstop for fast allocations the memory poll could miss."""
        return self.data_mb if self.data_mb is not None else max(4 * self.memory_mb, 8192)
