"""Whose output is it? Text printed in the worker counts as the student's only if student code printed it.

The worker's stdout and stderr are the student's output (instructors read them in the reports).
Grader code runs in the same process, around and between the student's calls: loading data,
building inputs, describing results. Whatever it prints (a library's "Downloading data from ..."
when the grader loads a dataset, say) is not the student's. Each write is attributed to the
nearest caller that is not library code: a frame of a file under the grader's package makes it
the grader's (dropped), anything else (the student's module, code it executes, or no caller to
tell) keeps it the student's. Keras printing a progress bar for a ``fit`` the student called
is the student's; for one the grader called, the grader's.

Only writes through ``sys.stdout``/``sys.stderr`` are attributed; output written to the file
descriptors directly (subprocesses, C code) stays the student's. Student code can evade this only
to hide its own output, which decides nothing about the grade.

Output is not a crime: once the worker has passed on ``printed_bytes`` (both streams together),
further writes are dropped right here, without a system call, so a module that prints hundreds
of megabytes is graded within its time budget (the grader keeps the first part and says so).
"""

from __future__ import annotations

import io
import os
import sys
import sysconfig

_LIBRARY_ROOTS = tuple({os.path.realpath(p) + os.sep for p in (
    sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"])})


class AttributedStream(io.TextIOBase):
    """A text stream that passes the student's writes to ``stream`` and drops the grader's."""

    def __init__(self, stream, grader_root: str, budget: list[int] | None = None):
        super().__init__()
        self._stream = stream
        self._grader_root = os.path.realpath(grader_root) + os.sep
        self._kinds: dict[str, str] = {}  # file name -> grader | library | other
        self._budget = budget  # [characters the worker may still pass on], shared by both streams

    def _kind(self, filename: str) -> str:
        kind = self._kinds.get(filename)
        if kind is None:
            path = os.path.realpath(filename) if os.path.isabs(filename) else filename
            kind = ("grader" if path.startswith(self._grader_root)
                    else "library" if path.startswith(_LIBRARY_ROOTS) or filename.startswith("<frozen ")
                    else "other")
            self._kinds[filename] = kind
        return kind

    def _from_grader(self) -> bool:
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename == __file__:  # write(), writelines()
            frame = frame.f_back
        while frame is not None:  # the code that printed, then its callers
            kind = self._kind(frame.f_code.co_filename)
            if kind == "grader":
                return True
            if kind == "other" and os.path.isabs(frame.f_code.co_filename):
                return False
            frame = frame.f_back
        return False

    def write(self, text) -> int:
        budget = self._budget
        length = len(text)
        if budget is not None and budget[0] <= 0:
            return length  # past the output budget: dropped (the grader says so)
        if self._from_grader():
            return length
        if budget is not None:
            text = text[:budget[0]]
            budget[0] -= len(text)
        self._stream.write(text)
        return length

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return False

    @property
    def buffer(self):
        return self._stream.buffer

    def writable(self) -> bool:
        return True

    @property
    def encoding(self):
        return getattr(self._stream, "encoding", "utf-8")

    @property
    def errors(self):
        return getattr(self._stream, "errors", "strict")


def attribute_output(grader_root: str, printed_bytes: int | None = None) -> None:
    """Route ``sys.stdout`` and ``sys.stderr`` through :class:`AttributedStream`; past
    ``printed_bytes`` characters in all, the student's writes are dropped."""
    budget = [int(printed_bytes)] if printed_bytes else None
    sys.stdout = AttributedStream(sys.stdout, grader_root, budget)
    sys.stderr = AttributedStream(sys.stderr, grader_root, budget)
