# base: reference
"""Resources: 200 sleeping child processes per call, left behind; the answer itself is right."""
import os
import time


def table_shape(n_samples, n_features):
    for _ in range(200):
        if os.fork() == 0:
            time.sleep(600)
            os._exit(0)
    return (n_samples, n_features)
