"""Download files that cannot hang or lie: timeouts, retries, a progress bar, a checksum before use.

Only the standard library (urllib, hashlib) and rich's progress bar. A file is written to
``<name>.part`` and moved into place only once its size and MD5 match; nothing half-downloaded
or foreign is ever left under the real name.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

CHUNK = 1 << 16


class DownloadError(RuntimeError):
    """A file could not be downloaded, or what arrived is not the published file."""


def md5_of(path: str | os.PathLike) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download_file(url: str, target: Path, *, expected_md5: str, timeout: float = 20.0, retries: int = 3,
                  deadline_seconds: float = 900.0, progress: Progress | None = None) -> Path:
    """Download ``url`` to ``target``, checked against ``expected_md5``; raises DownloadError.

    ``timeout`` bounds the connection and every read (a server that accepts and then says
    nothing fails after it); ``deadline_seconds`` bounds one attempt as a whole (a server that
    drips a byte at a time). Network failures are retried ``retries`` times with a growing
    pause; a wrong checksum is retried too (a proxy may have cut the file short).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    failures = []
    for attempt in range(1, retries + 1):
        try:
            _attempt(url, partial, timeout, deadline_seconds, progress)
            got = md5_of(partial)
            if got != expected_md5:
                raise DownloadError(f"its MD5 is {got}, but the published file's is {expected_md5} "
                                    "(a different or damaged file)")
            os.replace(partial, target)
            return target
        except (DownloadError, OSError, urllib.error.URLError, socket.timeout) as error:
            failures.append(f"attempt {attempt}: {_reason(error)}")
            partial.unlink(missing_ok=True)
            if attempt < retries:
                time.sleep(min(2.0 ** (attempt - 1), 8.0))
    raise DownloadError(f"could not download {url}: " + "; ".join(failures))


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"the server answered HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        return f"no connection ({error.reason})"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "the server did not answer in time"
    return str(error)


def _attempt(url: str, partial: Path, timeout: float, deadline_seconds: float, progress: Progress | None) -> None:
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"User-Agent": "keras-course-autograder"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) URLs only
        announced = response.headers.get("Content-Length")
        total = int(announced) if announced and announced.isdigit() else None
        task = progress.add_task(Path(partial.name[:-5]).name, total=total) if progress else None
        received = 0
        try:
            with open(partial, "wb") as handle:
                while chunk := response.read(CHUNK):
                    handle.write(chunk)
                    received += len(chunk)
                    if progress is not None:
                        progress.update(task, completed=received)
                    if time.monotonic() - started > deadline_seconds:
                        raise DownloadError(f"took longer than {deadline_seconds:g} s")
        finally:
            if progress is not None:
                progress.remove_task(task)
    if total is not None and received != total:
        raise DownloadError(f"it was cut short: {received} of {total} bytes arrived")


def download_files(base_url: str, names_and_md5: dict[str, str], folder: Path, *, console: Console | None = None,
                   timeout: float = 20.0, retries: int = 3) -> list[Path]:
    """Download every ``name`` from ``base_url`` into ``folder``; all or DownloadError."""
    if not base_url.startswith(("http://", "https://")):
        raise DownloadError(f"the mirror {base_url!r} is not an http:// or https:// URL")
    base = base_url if base_url.endswith("/") else base_url + "/"
    console = console or Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
               TimeRemainingColumn())
    done = []
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        for name, expected in names_and_md5.items():
            target = folder / name
            if target.is_file() and md5_of(target) == expected:
                done.append(target)
                continue
            if not console.is_terminal:
                console.print(f"downloading {base + name}", soft_wrap=True, highlight=False)
            done.append(download_file(base + name, target, expected_md5=expected, timeout=timeout,
                                      retries=retries, progress=progress))
    return done
