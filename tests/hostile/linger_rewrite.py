# base: stub
"""A process left running: it detaches, waits for grading to end, then rewrites results and canaries."""
import os
import subprocess
import sys

LATER = r'''
import glob, json, os, time
time.sleep(1.5)
perfect = json.dumps({"score": 27, "max_score": 27, "output": "rewritten later", "tests": []})
for path in glob.glob("/tmp/**/kgrade-hostile-out*/**/results.json", recursive=True):
    open(path, "w").write(perfect)
for path in glob.glob("/tmp/**/kgrade-canary*", recursive=True):
    open(path, "w").write("rewritten by a process that outlived grading")
open("/tmp/kgrade-hostile-linger-was-here", "w").write("x")
'''

# A detached child in its own session, with a marker in its command line ...
subprocess.Popen([sys.executable, "-c", LATER, "kgrade-hostile-linger"], start_new_session=True,
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
# ... and a classic double fork, without exec.
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        exec(LATER)
    os._exit(0)
