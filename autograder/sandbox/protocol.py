"""The private channel between the grader and its worker: one JSON object per line.

Events, in order: ``ready`` (worker started), ``importing``, then ``imported`` or
``import_failed``, then per probe ``start`` and ``result``, and finally ``done``.
"""

from __future__ import annotations

import json
import os

# Probe statuses that the worker reports; the runner adds timeout, memory and crashed.
OK = "ok"
RAISED = "raised"
NOT_IMPLEMENTED = "not_implemented"
MISSING = "missing"
UNREADABLE = "unreadable"  # the probe's value could not be turned into plain data
TIMEOUT = "timeout"
MEMORY = "memory"
CRASHED = "crashed"
IMPORT_FAILED = "import_failed"
NOT_RUN = "not_run"
GRADER_ERROR = "grader_error"


class ChannelWriter:
    """Writes events to the channel with functions captured before student code runs."""

    def __init__(self, fd: int):
        self._fd = fd
        self._write = os.write
        self._dumps = json.dumps

    def send(self, event: str, **fields) -> None:
        payload = self._dumps({"event": event, **fields}, allow_nan=True, default=str)
        data = (payload + "\n").encode("utf-8", "replace")
        view = memoryview(data)
        while view:
            written = self._write(self._fd, view)
            view = view[written:]


def decode_line(line: bytes) -> dict | None:
    """Parse one channel line; anything that is not a JSON object is ignored (returns None)."""
    try:
        event = json.loads(line.decode("utf-8", "replace"))
    except ValueError:
        return None
    return event if isinstance(event, dict) and isinstance(event.get("event"), str) else None
