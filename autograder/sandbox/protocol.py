"""The private channel between the grader and its worker: one JSON object per line.

Events, in order: ``ready`` (worker started; it carries the session's token), ``importing``,
then ``imported`` or ``import_failed``, then per probe ``start`` and ``result``, and finally
``done``. Every event after ``ready`` carries the same token; the runner ignores lines that do
not (student code that writes to inherited file descriptors does not know it). Whatever arrives
is treated as untrusted data: :func:`clean_outcome` keeps only known fields of known types.
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
TAMPERED = "tampered"  # student code replaced numpy, builtins or grader functions the probe uses
TIMEOUT = "timeout"
MEMORY = "memory"
CRASHED = "crashed"
IMPORT_FAILED = "import_failed"
NOT_RUN = "not_run"
GRADER_ERROR = "grader_error"

# MEMORY comes from the worker too when an allocation was refused (the address-space limit, or
# TensorFlow's "OOM when allocating"): stopped by the memory budget before the poll saw it.
WORKER_STATUSES = frozenset({OK, RAISED, NOT_IMPLEMENTED, MISSING, UNREADABLE, TAMPERED, MEMORY})

# Why a worker that crashed ended (the ``cause`` field of a crashed outcome).
CAUSE_EXIT = "exit"  # it exited: sys.exit() outside the grader's reach, os._exit(), ...
CAUSE_SIGNAL = "signal"  # a signal ended it
CAUSE_SEGFAULT = "segfault"  # native code crashed (often: recursion too deep for the C stack)
CAUSE_DISK = "disk"  # its files in the scratch folder outgrew the budget
CAUSE_OUTPUT = "output"  # it printed more than the budget
CAUSE_CHANNEL = "channel"  # it sent back more data than the grader accepts

TAMPERING_ERROR = "GraderTampering"  # error_type of an import that replaced what the grader uses


def out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` (or an error it was raised from) is a refused memory allocation.

    The worker's address-space limit makes a huge allocation fail at once: numpy and Python raise
    MemoryError, TensorFlow a ResourceExhaustedError "OOM when allocating tensor ...". Either
    means the memory budget stopped the code, which the student should be told as such.
    """
    seen = 0
    while error is not None and seen < 8:
        if isinstance(error, MemoryError):
            return True
        try:
            text = str(error)
        except BaseException:  # noqa: BLE001 - a hostile __str__ (even one raising SystemExit)
            text = ""
        if type(text) is str and ("OOM when allocating" in text or (
                type(error).__name__ == "ResourceExhaustedError" and "OOM" in text)):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


class ChannelWriter:
    """Writes events to the channel with functions captured before student code runs."""

    def __init__(self, fd: int, token: str = "", scratch: str | None = None):
        self._fd = fd
        self._token = token
        self._write = os.write
        self._dumps = json.dumps
        # The scratch folder is a random temporary path: written as relative paths, messages and
        # values read the same in every run (a regrade gives the same feedback, word for word).
        self._scratch = json.dumps(scratch.rstrip("/"))[1:-1] if scratch else None

    def send(self, event: str, **fields) -> None:
        payload = self._dumps({"event": event, "token": self._token, **fields}, allow_nan=True, default=str)
        if self._scratch:
            payload = payload.replace(self._scratch + "/", "").replace(self._scratch, ".")
        data = (payload + "\n").encode("utf-8", "replace")
        view = memoryview(data)
        while view:
            written = self._write(self._fd, view)
            view = view[written:]


def decode_line(line: bytes) -> dict | None:
    """Parse one channel line; anything that is not a JSON object is ignored (returns None)."""
    try:
        event = json.loads(line.decode("utf-8", "replace"))
    except Exception:  # noqa: BLE001 - ValueError, RecursionError on deep nesting, ...
        return None
    return event if isinstance(event, dict) and isinstance(event.get("event"), str) else None


# -- cleaning what the worker sent ------------------------------------------------------------

def _text(value, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) else None


def _frames(value) -> list[dict]:
    frames = []
    if not isinstance(value, list):
        return frames
    for frame in value[-50:]:
        if not isinstance(frame, dict):
            continue
        line = frame.get("line")
        frames.append({
            "line": line if isinstance(line, int) and not isinstance(line, bool) else 0,
            "function": _text(frame.get("function"), 200) or "?",
            "code": _text(frame.get("code"), 200) or "",
        })
    return frames


def _error_part(raw: dict) -> dict:
    out = {}
    for key, limit in (("error_type", 200), ("error_message", 2000), ("traceback", 8000)):
        text = _text(raw.get(key), limit)
        if text is not None:
            out[key] = text
    if "student_frames" in raw:
        out["student_frames"] = _frames(raw["student_frames"])
    return out


def _names(value) -> list[str] | None:
    """The names a tampering report lists, or None when the worker sent no list."""
    return [n[:200] for n in value[:20] if isinstance(n, str)] if isinstance(value, list) else None


def _memory_limit(value) -> int | None:
    """The memory budget (MB) a refused allocation ran into, when the worker sent a sane one."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def clean_outcome(raw) -> dict:
    """A probe outcome as the worker reported it, reduced to known fields of known types."""
    out = _clean_outcome(raw)
    # The probe run again with course-made stand-ins for other graded names (checks/kit/stand_ins.py):
    # an outcome of its own, never nested further, with the names the student's function used.
    alternative = raw.get("stand_in") if isinstance(raw, dict) and out["status"] in (OK, RAISED) else None
    if isinstance(alternative, dict) and alternative.get("status") in (OK, RAISED):
        used = _names(alternative.get("used"))
        if used:
            out["stand_in"] = {**_clean_outcome({k: v for k, v in alternative.items() if k != "stand_in"}),
                               "used": used}
    return out


def _clean_outcome(raw) -> dict:
    if not isinstance(raw, dict) or not isinstance(raw.get("status"), str) or raw["status"] not in WORKER_STATUSES:
        return {"status": CRASHED, "cause": CAUSE_CHANNEL,
                "reason": "the worker sent back a result the grader does not recognise"}
    status = raw["status"]
    out: dict = {"status": status}
    seconds = raw.get("seconds")
    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds >= 0:
        out["seconds"] = float(seconds)
    if status == OK:
        if "value" not in raw:
            return {"status": UNREADABLE, "error_message": "the worker sent back no value"}
        out["value"] = raw["value"]
        return out
    if status == MEMORY and _memory_limit(raw.get("memory_mb")):
        out["memory_mb"] = raw["memory_mb"]
    if status == TAMPERED:
        out["names"] = _names(raw.get("names")) or []
    out.update(_error_part(raw))
    return out


def clean_import_error(raw: dict) -> dict:
    """An ``import_failed`` event's fields, reduced to known fields of known types."""
    out: dict = {"error_type": _text(raw.get("error_type"), 200) or "ImportError"}
    out.update({k: v for k, v in _error_part(raw).items() if k != "error_type"})
    names = _names(raw.get("names"))
    if names is not None:
        out["names"] = names
    if raw.get("status") == MEMORY and _memory_limit(raw.get("memory_mb")):
        out["status"], out["memory_mb"] = MEMORY, raw["memory_mb"]
    return out
