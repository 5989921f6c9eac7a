# base: stub
"""Processes left running after import: a detached child in its own session and a double-forked
grandchild, both sleeping with a marker in their command lines while the checks run."""
import os as _os
import subprocess as _subprocess
import sys as _sys

_SLEEP = [_sys.executable, "-c", "import time; time.sleep(600)", "kgrade-keras-linger"]
_subprocess.Popen(_SLEEP, start_new_session=True, stdin=_subprocess.DEVNULL, stdout=_subprocess.DEVNULL,
                  stderr=_subprocess.DEVNULL)
if _os.fork() == 0:
    _os.setsid()
    if _os.fork() == 0:
        _os.execv(_sys.executable, _SLEEP)
    _os._exit(0)
