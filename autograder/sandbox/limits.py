"""Budgets for one run of student code, enforced from outside the student process."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    startup_seconds: float = 60.0  # the worker's own start (Python, numpy, Keras imports)
    import_seconds: float = 30.0  # importing the student's module
    check_seconds: float = 30.0  # one probe, unless check_overrides says otherwise
    total_seconds: float = 300.0  # everything for one submission
    memory_mb: int = 3072  # resident memory of the student's processes, all together
    output_bytes: int = 256 * 1024  # stdout and stderr kept, each; the rest is counted and dropped
    channel_bytes: int = 64 * 1024 * 1024  # plain data the worker may send back
    file_mb: int = 512  # largest file the student's processes may write
    max_restarts: int = 8  # new workers started after crashes or timeouts
    check_overrides: dict[str, float] = field(default_factory=dict)

    def seconds_for(self, check_id: str) -> float:
        return self.check_overrides.get(check_id, self.check_seconds)
