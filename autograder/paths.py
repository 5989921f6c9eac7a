"""Where the grader keeps answers that student code must never read (docs/security.md).

Both the grader (which writes the reference values) and the sandbox (which hides them from
student code) read the folder from here, so a test or a caller that moves it moves it for both.
"""

from __future__ import annotations

import os
from pathlib import Path

from autograder.course import REPO_ROOT

# The reference solution's probe values, one JSON file per assignment (see grading.reference_outcomes).
REFERENCE_CACHE = Path(os.environ.get("KERAS_COURSE_CACHE", REPO_ROOT / ".cache" / "reference"))
