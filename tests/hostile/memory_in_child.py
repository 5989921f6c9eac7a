# base: reference
"""Resources: the memory is used by a child process, not by the process running the check."""
import os
import time


def split_validation(x, y, n_valid=5000):
    child = os.fork()
    if child == 0:
        hoard = []
        for _ in range(6 * 1024 // 16):  # bounded at 6 GB
            hoard.append(b"x" * (16 * 2**20))
            time.sleep(0.004)
        os._exit(0)
    os.waitpid(child, 0)
    return (x[n_valid:], y[n_valid:]), (x[:n_valid], y[:n_valid])
