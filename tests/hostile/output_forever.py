# base: reference
"""Resources: a module that does nothing but print, forever, at import: the time budget ends it."""
import os

_LINE = b"spam " * 200_000 + b"\n"  # 1 MB, straight to the file descriptor (no Python stream)
while True:
    os.write(1, _LINE)
