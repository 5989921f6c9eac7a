"""Which Fashion-MNIST files grading uses: found and checked by the trusted grader, once.

Workers have no network and a home of their own, so they never look for data: the grader
resolves it here before any worker starts and hands them a read-only copy of the files (or
nothing, which means the synthetic stand-in). With ``source: auto`` the order is:

1. the folder the instructor names (``KERAS_COURSE_DATA``, ``data.idx_dir``): their choice, so
   only its format is checked (another dataset in the same format is legitimate);
2. Keras's cache of the real user (``$KERAS_HOME``, the home's ``.keras``, the home of the user
   who ran sudo, ``/tmp/.keras``): each file must match the MD5 its authors publish;
3. a download into that cache (unless ``KERAS_COURSE_OFFLINE=1``), checked the same way;
4. the synthetic stand-in, said loudly (``data.require_real: true`` refuses it).
"""

from __future__ import annotations

import atexit
import gzip
import json
import os
import pwd
import shutil
import tempfile
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from autograder.datasets import FILES, TRAINING_FILES, DataUnavailable
from autograder.download import DownloadError, download_files, md5_of
from autograder.idx import IdxFormatError, read_idx

# From the dataset authors' README (github.com/zalandoresearch/fashion-mnist, "Get the Data").
OFFICIAL_MD5 = {
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
}
DEFAULT_MIRROR = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
OFFICIAL_MIRRORS = {
    DEFAULT_MIRROR: "where keras.datasets.fashion_mnist.load_data() downloads from (Google Cloud Storage)",
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/": "the dataset authors' own host (Amazon S3)",
    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/":
        "the dataset's GitHub repository",
}
CACHE_SUBDIR = Path("datasets") / "fashion-mnist"
FALLBACK_KERAS_HOME = Path("/tmp") / ".keras"  # where Keras goes when the home is not writable
_stage_lock = threading.Lock()


@dataclass(frozen=True)
class Skipped:
    place: str  # e.g. "Keras cache $KERAS_HOME (/x/datasets/fashion-mnist)"
    reason: str


@dataclass
class DataResolution:
    """What grading uses, why, and what was tried before it."""

    source: str  # idx | cache | download | synthetic
    requested: str  # the configured source: auto, idx, cache, download, synthetic
    folder: Path | None = None
    verified: bool = False  # the four files match the published checksums
    digests: dict[str, str] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    place: str = ""
    _staged: Path | None = None

    @property
    def real(self) -> bool:
        return self.source != "synthetic"

    @property
    def description_message(self):
        """Which data this is, as a catalog message (students read it in a note)."""
        from autograder.catalog import msg

        if not self.real:
            return msg("data.source.synthetic")
        if self.verified:
            return msg("data.source.verified", place=str(self.place))
        return msg("data.source.idx", place=str(self.place))

    @property
    def description(self) -> str:
        """:attr:`description_message` in English: the probes record it, and the command line prints it."""
        from autograder.catalog import render

        return render(self.description_message)

    @property
    def warning_message(self):
        """A loud line for the command line and reports, when the stand-in was not asked for (a
        catalog message, worded in the report's language), or ""."""
        from autograder.catalog import msg

        if self.real or self.requested == "synthetic":
            return ""
        return msg("data.synthetic_warning")

    @property
    def warning(self) -> str:
        """:attr:`warning_message` in English, for the command line."""
        from autograder.catalog import render

        return render(self.warning_message) if self.warning_message else ""

    def for_settings(self) -> dict:
        """What the worker and the reference cache key need: no path, the files' identity."""
        return {"source": self.source, "description": self.description, "digests": dict(self.digests)}

    def explain(self) -> list[str]:
        lines = [f"grading would use {self.description}."]
        lines += [f"skipped {s.place}: {s.reason}" for s in self.skipped]
        return lines

    def worker_folder(self) -> str | None:
        """A read-only copy of the checked training files that any sandbox user can read (made once).

        Only the training files: the test files hold the challenge's held-out labels, which never
        enter a worker that runs student code (autograder/held_out.py hands them to the evaluator).
        """
        if self.folder is None:
            return None
        with _stage_lock:  # students graded at once share one copy
            if self._staged is None or not self._staged.is_dir():
                self._staged = _stage(self.folder)
        return str(self._staged)


# -- where the files may be ----------------------------------------------------------------------

def _home_of(user: str | None = None) -> str | None:
    try:
        return pwd.getpwnam(user).pw_dir if user else pwd.getpwuid(os.getuid()).pw_dir
    except KeyError:
        return None


def _user_homes() -> list[tuple[str, str | None]]:
    """The real user's homes: $HOME, the passwd entry's, and that of the user who ran sudo."""
    sudo_user = os.environ.get("SUDO_USER")
    return [("$HOME", os.environ.get("HOME")), ("the user's home", _home_of()),
            ("the sudo user's home", _home_of(sudo_user) if sudo_user else None)]


def keras_cache_candidates() -> list[tuple[str, Path]]:
    """Keras's cache folders of the real user, in the order Keras itself would use them."""
    found: list[tuple[str, Path]] = []
    if os.environ.get("KERAS_HOME"):
        found.append(("$KERAS_HOME", Path(os.environ["KERAS_HOME"])))
    found += [(label, Path(home) / ".keras") for label, home in _user_homes() if home]
    found.append(("Keras's fallback", FALLBACK_KERAS_HOME))
    unique, seen = [], set()
    for label, base in found:
        folder = (base / CACHE_SUBDIR).absolute()
        if folder not in seen:
            seen.add(folder)
            unique.append((f"Keras cache {label} ({folder})", folder))
    return unique


def download_target() -> Path:
    """Where Keras itself downloads: $KERAS_HOME, else ~/.keras, or /tmp/.keras when the home is not writable."""
    if os.environ.get("KERAS_HOME"):
        return Path(os.environ["KERAS_HOME"]).absolute() / CACHE_SUBDIR
    home = os.path.expanduser("~")
    base = Path(home) / ".keras" if os.access(home, os.W_OK) else FALLBACK_KERAS_HOME
    return base / CACHE_SUBDIR


# -- checking files ------------------------------------------------------------------------------

def verify_published(folder: Path, checksums: dict[str, str]) -> dict[str, str]:
    """MD5 of each file when all match ``checksums``; DataUnavailable naming each file that does not."""
    if not folder.is_dir():
        raise DataUnavailable("no such folder")
    problems, digests = [], {}
    for name, expected in checksums.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name} is missing")
            continue
        digests[name] = md5_of(path)
        reason = diagnose(path, expected, digests[name])
        if reason:
            problems.append(reason)
    if problems:
        raise DataUnavailable("; ".join(problems))
    return digests


def diagnose(path: Path, expected_md5: str, md5: str | None = None) -> str:
    """Why ``path`` is not the published file (empty when it is): corrupt gzip, not IDX, or another file."""
    md5 = md5 or md5_of(path)
    if md5 == expected_md5:
        return ""
    size = path.stat().st_size
    try:
        with gzip.open(path, "rb") as handle:
            while handle.read(1 << 20):
                pass
    except (OSError, EOFError, zlib.error) as error:
        return (f"{path.name} is not a valid gzip file ({size} bytes; cut short or damaged: {error}), "
                "so it is not the published file")
    try:
        read_idx(path)
    except IdxFormatError as error:
        return f"{path.name} is a gzip file but not IDX data ({error}), so it is not the published file"
    return (f"{path.name} is not the published file: its MD5 is {md5}, the published one's is {expected_md5} "
            f"({size} bytes of valid IDX data: another dataset, or another version of it)")


def check_format(folder: Path) -> dict[str, str]:
    """MD5 of each file when the four are readable IDX files shaped like Fashion-MNIST."""
    if not folder.is_dir():
        raise DataUnavailable(f"{folder} is not a folder")
    missing = [name for name in FILES.values() if not (folder / name).is_file()]
    if missing:
        raise DataUnavailable(f"{folder} lacks {', '.join(missing)} (expected the four files "
                              f"{', '.join(FILES.values())})")
    arrays = {}
    for key, name in FILES.items():
        try:
            arrays[key] = read_idx(folder / name)
        except IdxFormatError as error:
            raise DataUnavailable(str(error)) from None
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if images.ndim != 3 or images.shape[1:] != (28, 28) or labels.ndim != 1 or len(labels) != len(images):
            raise DataUnavailable(f"the {split} files hold images of shape {images.shape} and labels of shape "
                                  f"{labels.shape}; expected (n, 28, 28) and (n,)")
        if labels.size and (labels.min() < 0 or labels.max() > 9):
            raise DataUnavailable(f"the {split} labels run from {labels.min()} to {labels.max()}; expected 0..9")
    return {name: md5_of(folder / name) for name in FILES.values()}


# -- resolving -----------------------------------------------------------------------------------

def resolve_data(source: str = "auto", idx_dir: str | os.PathLike | None = None, *, mirror: str | None = None,
                 download: bool = True, checksums: dict[str, str] | None = None, console=None) -> DataResolution:
    """Find the data as grading will use it (see the module docstring). Never raises for auto."""
    source = "download" if source == "keras" else source
    checksums = checksums or OFFICIAL_MD5
    resolution = DataResolution(source="synthetic", requested=source)
    skipped = resolution.skipped
    if source in ("auto", "idx"):
        if not idx_dir:
            skipped.append(Skipped("the configured folder", "none is set (KERAS_COURSE_DATA or data.idx_dir "
                                                            "in course.yml)"))
        else:
            place = f"the configured folder {Path(idx_dir).absolute()}"
            try:
                digests = check_format(Path(idx_dir))
                return _found(resolution, "idx", Path(idx_dir), place, digests, digests == checksums)
            except DataUnavailable as error:
                skipped.append(Skipped(place, str(error)))
    if source in ("auto", "cache", "download"):
        for place, folder in keras_cache_candidates():
            try:
                digests = verify_published(folder, checksums)
                return _found(resolution, "cache", folder, place, digests, True)
            except DataUnavailable as error:
                skipped.append(Skipped(place, str(error)))
    if source in ("auto", "download"):
        url = mirror or DEFAULT_MIRROR
        target = download_target()
        place = f"a download from {url}"
        if os.environ.get("KERAS_COURSE_OFFLINE") == "1":
            skipped.append(Skipped(place, "downloads are switched off (KERAS_COURSE_OFFLINE=1)"))
        elif not download:
            skipped.append(Skipped(place, f"not tried now (it would download into {target})"))
        else:
            try:
                download_files(url, checksums, target, console=console)
                digests = verify_published(target, checksums)
                return _found(resolution, "download", target, f"Keras's cache {target} (downloaded from {url})",
                              digests, True)
            except (DownloadError, DataUnavailable, OSError) as error:
                skipped.append(Skipped(place, str(error)))
    return resolution


def _found(resolution: DataResolution, source: str, folder: Path, place: str, digests: dict[str, str],
           verified: bool) -> DataResolution:
    resolution.source, resolution.folder, resolution.place = source, folder.absolute(), place
    resolution.digests, resolution.verified = digests, verified
    return resolution


_resolved: dict[str, DataResolution] = {}
_resolve_lock = threading.Lock()


def _fingerprint(folders: list[Path]) -> list:
    """Size and modification time of every file the resolution may read: a fetch, an import or an
    edit in between makes the next grading in this process (a notebook kernel) look again."""
    found = []
    for folder in [*folders, *(f for _, f in keras_cache_candidates())]:
        for name in FILES.values():
            try:
                info = os.stat(folder / name)
            except OSError:
                continue
            found.append([str(folder / name), info.st_size, info.st_mtime_ns])
    return found


def resolve_for_course(course, *, console=None, download: bool = True) -> DataResolution:
    """The course's data, resolved once per process and settings; refuses when real data is required."""
    data = course.data
    settings = {"data": data.model_dump(), "idx_dir": course.idx_dir(), "download": download,
                **{k: os.environ.get(k) for k in ("KERAS_HOME", "HOME", "KERAS_COURSE_OFFLINE", "SUDO_USER")}}
    settings["files"] = _fingerprint([Path(course.idx_dir())] if course.idx_dir() else [])
    key = json.dumps(settings, sort_keys=True, default=str)
    with _resolve_lock:
        if key not in _resolved:
            _resolved[key] = resolve_data(data.source, course.idx_dir(), mirror=data.mirror, download=download,
                                          console=console)
        resolution = _resolved[key]
    if data.require_real and not resolution.real:
        raise DataUnavailable("course.yml sets data.require_real, and no real Fashion-MNIST was found:\n  "
                              + "\n  ".join(resolution.explain()[1:]))
    return resolution


# -- handing files to workers --------------------------------------------------------------------

def _stage(folder: Path) -> Path:
    """Copy the training files to a fresh folder: world-readable, read-only, removed when we exit.

    Workers read this copy, not the user's cache: the sandbox user may not be able to enter the
    real home (0700), and a copy cannot change between the check and the use.
    """
    staged = Path(tempfile.mkdtemp(prefix="kgrade-data-"))
    for name in TRAINING_FILES.values():
        shutil.copyfile(folder / name, staged / name)
        os.chmod(staged / name, 0o444)
    os.chmod(staged, 0o555)
    atexit.register(_remove, staged)
    return staged


def _remove(folder: Path) -> None:
    if folder.is_dir():
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)
