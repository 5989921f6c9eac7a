# base: reference
"""Threads left running: a busy non-daemon thread and a chatty daemon, started at import."""
import threading
import time


def _spin():
    while True:
        sum(range(1000))


def _chatter():
    while True:
        print("still here")
        time.sleep(0.05)


threading.Thread(target=_spin).start()  # not a daemon: would block a normal interpreter exit
threading.Thread(target=_chatter, daemon=True).start()
