"""Rename message ids everywhere they are written: code, catalogs, tests and docs.

The renames are data (``tools/message_id_renames.tsv``: old id, a tab, new id). A branch written
before a rename is brought up to date by running this script again after rebasing on it::

    .venv/bin/python tools/rename_message_ids.py            # every file git tracks
    .venv/bin/python tools/rename_message_ids.py --check    # list files still using an old id

An id is replaced only where it stands whole: ``a01.split.ok`` is not touched inside
``a01.split.ok_more`` or ``x.a01.split.ok``, and a sentence's full stop after an id is kept.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENAMES = Path(__file__).with_name("message_id_renames.tsv")
TEXT_SUFFIXES = {".py", ".po", ".md", ".yml", ".yaml", ".json", ".txt", ".ipynb", ".cfg", ".toml", ".html", ".j2"}


def renames() -> dict[str, str]:
    pairs = {}
    for line in RENAMES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            old, new = line.split("\t")
            pairs[old] = new
    return pairs


def id_pattern(pairs: dict[str, str]) -> re.Pattern:
    """One regex for every old id, longest first, matching only whole ids."""
    alternatives = "|".join(re.escape(old) for old in sorted(pairs, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])({alternatives})(?![\w]|\.\w)")


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    files = [ROOT / name for name in listed.stdout.splitlines()]
    return [path for path in files if path.suffix in TEXT_SUFFIXES and path != RENAMES and path.is_file()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list the files that still use an old id")
    parser.add_argument("files", nargs="*", type=Path, help="files to rewrite (default: every tracked text file)")
    options = parser.parse_args(argv)
    pairs = renames()
    pattern = id_pattern(pairs)
    stale = []
    for path in options.files or tracked_text_files():
        if path.resolve() == Path(__file__).resolve():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # a test fixture that is not UTF-8 on purpose
            continue
        renamed, count = pattern.subn(lambda found: pairs[found.group(1)], text)
        if count:
            stale.append(path)
            if not options.check:
                path.write_text(renamed, encoding="utf-8")
            print(f"{path.relative_to(ROOT) if path.is_absolute() else path}: {count} id(s)"
                  f"{' to rename' if options.check else ' renamed'}")
    return 1 if options.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
