"""Matplotlib's list of the machine's fonts, kept for the processes that start with a new MPLCONFIGDIR.

Keras imports matplotlib, and matplotlib lists the machine's fonts when it is first imported with an
MPLCONFIGDIR that holds no list yet (half a second to a second on the course's machines), then
keeps the list there as ``fontlist-v*.json``. The warm template starts with a new, empty folder
(the instructor's matplotlib settings must not reach students), so every grading process would
list the fonts again before its template is ready.

The grader keeps the list the first template made in a folder of its own (:data:`FOLDER`) and
copies it into each new template's folder before the template starts. Only trusted processes write
it: a template, before it forks any worker, and never from a worker's folder. The file names the
machine's font files and nothing else; matplotlib checks its version and makes a new list when
the kept one is from another matplotlib.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from pathlib import Path

from autograder.course import REPO_ROOT

FOLDER = Path(os.environ.get("KERAS_COURSE_FONT_CACHE", REPO_ROOT / ".cache" / "matplotlib"))
PATTERN = "fontlist-v*.json"


def seed(config_dir: str) -> list[str]:
    """Copy the kept lists into ``config_dir`` (made if missing); returns the names copied."""
    os.makedirs(config_dir, exist_ok=True)
    copied = []
    for kept in glob.glob(str(FOLDER / PATTERN)):
        try:
            shutil.copyfile(kept, os.path.join(config_dir, os.path.basename(kept)))
            copied.append(os.path.basename(kept))
        except OSError:
            pass  # an unreadable list only costs the time of making it again
    return copied


def keep(config_dir: str) -> list[str]:
    """Keep the lists a trusted process made in ``config_dir`` that the folder lacks; returns their names."""
    kept = []
    for made in glob.glob(os.path.join(config_dir, PATTERN)):
        target = FOLDER / os.path.basename(made)
        if target.exists():
            continue
        try:
            FOLDER.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=FOLDER, prefix=".fontlist-")
            os.close(handle)
            shutil.copyfile(made, temporary)
            os.replace(temporary, target)  # whole or not at all, whoever else writes it at once
            kept.append(target.name)
        except OSError:
            pass
    return kept
